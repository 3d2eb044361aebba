// SPDX-License-Identifier: GPL-2.0-only
// soak: random scenarios, each run twice in its own process with the
// invariants checked after every event; outputs must be byte-identical.
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "engine/isolate.hpp"
#include "io/random_scenario.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim::cli {

int cmd_soak(const SoakArgs& a) {
  int failures = 0, deadlocks = 0;
  for (long long i = 0; i < a.runs; ++i) {
    std::uint64_t seed = a.seed + static_cast<std::uint64_t>(i);
    std::string text = io::random_scenario(seed);
    std::string outcome[2];
    try {
      Scenario sc = parse_scenario_text(text);
      for (std::string& o : outcome)
        o = engine::run_in_child([&] {
          RunLimits lim;
          lim.check_invariants = true;
          lim.max_events = 2'000'000;
          try {
            return io::trace_to_json(run_scenario(sc, lim)).dump();
          } catch (const SimulationError& e) {
            return std::string("ERROR ") + e.what();
          }
        });
    } catch (const std::exception& e) {
      outcome[0] = std::string("CRASH ") + e.what();
    }
    const std::string& o = outcome[0];
    std::string problem;
    if (o.rfind("CRASH", 0) == 0) problem = o;
    else if (o.rfind("ERROR invariant", 0) == 0) problem = o;
    else if (outcome[0] != outcome[1]) problem = "two runs differ";
    else if (o.rfind("ERROR deadlock", 0) == 0) ++deadlocks;  // a scenario that really deadlocks
    if (!problem.empty()) {
      ++failures;
      std::cout << "FAIL seed " << seed << ": " << problem.substr(0, 2000) << "\nscenario:\n" << text << "\n";
    }
  }
  std::cout << "soak: " << a.runs << " random scenarios from seed " << a.seed << ", each run twice with invariants: "
            << failures << " failed, " << deadlocks << " deadlocked (valid outcomes)\n";
  std::cout << (a.runs - failures) << " passed, " << failures << " failed\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace cmwqsim::cli
