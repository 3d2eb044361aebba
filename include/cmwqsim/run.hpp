// Running a scenario.
#pragma once
#include <optional>
#include <string>

#include "cmwqsim/scenario.hpp"
#include "cmwqsim/trace.hpp"

namespace cmwqsim {

struct RunLimits {
  std::uint64_t max_events = 50'000'000;  // engine events before the run is stopped
  std::optional<Ns> until;                // stop at this simulated time
};

// Runs the scenario in this process. SimGrid allows one simulation per
// process: call it at most once (the CLI does), or use run_isolated().
Trace run_scenario(const Scenario& sc, const RunLimits& limits = {});

// Runs the scenario in a forked child and returns its trace.
Trace run_isolated(const Scenario& sc, const RunLimits& limits = {});

}  // namespace cmwqsim
