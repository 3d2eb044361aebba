// SPDX-License-Identifier: GPL-2.0-only
#include "simgrid_floor.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <xbt/log.h>

#include <chrono>
#include <string>
#include <vector>

#include "engine/thread.hpp"

namespace sg4 = simgrid::s4u;

namespace cmwqsim::bench {

double simgrid_floor(std::uint64_t handoffs, int actors) {
  int argc = 1;
  std::string arg0 = "cmwq-bench";
  char* argv[] = {arg0.data(), nullptr};
  xbt_log_control_set("root.thresh:critical");
  sg4::Engine e(&argc, argv);
  auto* zone = sg4::create_full_zone("floor");
  sg4::Host* host = zone->create_host("cpu0", 1.0);
  zone->seal();
  // The engine's own baton (engine/thread.hpp), so the floor is its floor.
  std::vector<engine::Baton> batons(static_cast<std::size_t>(actors));
  engine::Baton start;
  std::uint64_t left = handoffs;
  for (int i = 0; i < actors; ++i)
    sg4::Actor::create("a" + std::to_string(i), host, [&, i] {
      engine::Baton& self = batons[static_cast<std::size_t>(i)];
      self.bind_current();
      for (;;) {
        self.wait();
        if (left == 0) {
          start.give();
          self.wait();  // never given back: a daemon, killed at the end
        }
        --left;
        batons[static_cast<std::size_t>((i + 1) % actors)].give();
      }
    })->daemonize();
  sg4::Actor::create("start", host, [&] {
    start.bind_current();
    batons[0].give();
    start.wait();
  });
  auto t0 = std::chrono::steady_clock::now();
  e.run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace cmwqsim::bench
