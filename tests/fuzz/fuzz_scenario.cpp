// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer harness: the scenario parser, and a short simulation of what
// parses. A ScenarioError is the expected answer to bad input; any other
// exception, a crash, or a broken invariant (in the forked simulation) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cmwqsim/run.hpp"
#include "engine/isolate.hpp"
#include "io/trace_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmwqsim;
  std::string text(reinterpret_cast<const char*>(data), size);
  Scenario sc;
  try {
    sc = parse_scenario_text(text);
    check_runnable(sc);
  } catch (const ScenarioError&) {
    return 0;
  }
  // Keep simulations short: small machines and few items.
  if (sc.cpus > 8 || sc.workers.initial_idle > 8 || sc.work.size() > 64 || sc.tasks.size() > 8) return 0;
  std::string out;
  try {
    out = engine::run_in_child([&] {
      RunLimits lim;
      lim.max_events = 100'000;
      lim.check_invariants = true;
      try {
        return io::trace_to_json(run_scenario(sc, lim)).dump();
      } catch (const SimulationError& e) {
        return std::string("ERROR ") + e.what();
      }
    });
  } catch (const std::exception&) {
    std::abort();  // the child crashed
  }
  if (out.rfind("ERROR invariant", 0) == 0) std::abort();
  return 0;
}
