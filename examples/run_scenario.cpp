// SPDX-License-Identifier: GPL-2.0-only
// An example of the cmwqsim library: runs a scenario file and prints when
// each work item started and finished, in the scenario's time unit.
//   run_scenario SCENARIO.json [6.1|6.12|7.3]
#include <cmwqsim/kernel_rules.hpp>
#include <cmwqsim/run.hpp>
#include <cmwqsim/scenario.hpp>
#include <cmwqsim/trace.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s SCENARIO.json [KERNEL]\n", argv[0]);
    return 2;
  }
  try {
    cmwqsim::Scenario sc = cmwqsim::load_scenario_file(argv[1]);
    if (argc == 3) {
      cmwqsim::KernelVersion k;
      if (!cmwqsim::kernel_from_name(argv[2], k)) {
        std::fprintf(stderr, "unknown kernel: %s\n", argv[2]);
        return 2;
      }
      cmwqsim::set_kernel(sc, k);
    }
    const cmwqsim::Trace trace = cmwqsim::run_scenario(sc);
    std::printf("%s on %s (%s), %d CPUs; times in %s\n", trace.scenario.c_str(),
                cmwqsim::to_string(trace.kernel), cmwqsim::to_string(trace.scheduler), trace.cpus,
                trace.unit.name.c_str());
    for (const cmwqsim::TraceEvent& e : trace.events) {
      if (e.kind != cmwqsim::Ev::Start && e.kind != cmwqsim::Ev::Finish) continue;
      std::printf("%s %s %s\n", cmwqsim::format_time(e.t, trace.unit).c_str(),
                  trace.works.at(e.work).c_str(), e.kind == cmwqsim::Ev::Start ? "starts" : "finishes");
    }
  } catch (const cmwqsim::ScenarioError& e) {
    std::fprintf(stderr, "%s: %s\n", argv[1], e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 3;
  }
  return 0;
}
