// SPDX-License-Identifier: GPL-2.0-only
// Running a scenario.
#pragma once
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "cmwqsim/scenario.hpp"
#include "cmwqsim/trace.hpp"

namespace cmwqsim {

struct RunLimits {
  std::uint64_t max_events = 50'000'000;  // engine events before the run is stopped
  std::optional<Ns> until;                // stop at this simulated time (else the scenario's "until")
  bool check_invariants = false;          // check the model after every event (slower)
  bool explain = false;                   // record each event's cause (Trace::why)
  // The event kinds the trace keeps (an output that reads a few kinds need not
  // pay for the others); the simulation itself is the same whatever is kept.
  // With explain, every kind is kept (the why table is indexed like the events).
  EvMask record = kAllEvents;
  // A thread whose next steps need nothing of its SimGrid actor runs them in
  // the event loop (engine::Thread::continue_in_loop()): the same run, with
  // fewer context switches. false: every thread runs in its actor (a test
  // compares the two).
  bool threads_in_loop = true;
};

// A broken invariant or a deadlock: the message lists the state, and
// `partial` (when set) holds the trace up to the failure, for the user to see
// what led there.
class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  std::shared_ptr<const Trace> partial;
};

// Runs the scenario in this process. SimGrid allows one simulation per
// process: call it at most once (the CLI does), or use run_isolated().
Trace run_scenario(const Scenario& sc, const RunLimits& limits = {});

// Runs the scenario in a forked child and returns its trace.
Trace run_isolated(const Scenario& sc, const RunLimits& limits = {});

}  // namespace cmwqsim
