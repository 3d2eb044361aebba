#include "simgrid_floor.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <simgrid/s4u/Semaphore.hpp>
#include <xbt/log.h>

#include <chrono>
#include <string>
#include <vector>

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
  std::vector<sg4::SemaphorePtr> sems;
  for (int i = 0; i < actors; ++i) sems.push_back(sg4::Semaphore::create(0));
  sg4::SemaphorePtr done = sg4::Semaphore::create(0);
  std::uint64_t left = handoffs;
  for (int i = 0; i < actors; ++i)
    sg4::Actor::create("a" + std::to_string(i), host, [&, i] {
      for (;;) {
        sems[i]->acquire();
        if (left == 0) {
          done->release();
          sems[i]->acquire();  // never released: a daemon, killed at the end
        }
        --left;
        sg4::this_actor::sleep_until(sg4::Engine::get_clock() + 1);
        sems[(i + 1) % actors]->release();
      }
    })->daemonize();
  sg4::Actor::create("start", host, [&] {
    sems[0]->release();
    done->acquire();
  });
  auto t0 = std::chrono::steady_clock::now();
  e.run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace cmwqsim::bench
