// SPDX-License-Identifier: GPL-2.0-only
// The reference point of the benchmark: a minimal hand-written discrete-event
// loop, a (time, seq) binary heap and FIFO CPUs, with no workqueue rules and
// no SimGrid. It runs the same generated items: each one queues on its CPU,
// burns while it owns the CPU and gives the CPU up while it sleeps.
#pragma once
#include <cstdint>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::bench {

struct HandLoopResult {
  std::uint64_t events = 0;
  double seconds = 0;
  std::uint64_t checksum = 0;  // sum of event times: keeps the work observable
};

// Runs the scenario's items (burn and sleep steps) again and again until at
// least `min_events` events were processed.
HandLoopResult hand_loop(const Scenario& sc, std::uint64_t min_events);

}  // namespace cmwqsim::bench
