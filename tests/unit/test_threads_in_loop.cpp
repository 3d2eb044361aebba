// SPDX-License-Identifier: GPL-2.0-only
// The event loop runs a kworker's loop and its items' programs between their
// waits (Thread::continue_in_loop()), handing back to the thread's actor what
// may wait elsewhere. Wherever it hands back, the run must be the one the
// actors alone give: the same events, the same causes, the same engine events.
#include <catch2/catch.hpp>

#include "cmwqsim/run.hpp"
#include "engine/isolate.hpp"
#include "io/random_scenario.hpp"
#include "io/trace_json.hpp"

using namespace cmwqsim;

namespace {
const std::string kSrc = CMWQSIM_SOURCE_DIR;

struct Outcome {
  std::string text;  // the JSON trace with causes, the engine's event count, or the error
  std::uint64_t handoffs = 0;
};

Outcome run(const Scenario& sc, bool in_loop) {
  const std::string out = engine::run_in_child([&] {
    RunLimits limits;
    limits.explain = true;
    limits.check_invariants = true;
    limits.threads_in_loop = in_loop;
    try {
      const Trace t = run_scenario(sc, limits);
      return std::to_string(t.engine_handoffs) + " " + std::to_string(t.engine_events) + " " +
             io::trace_to_json(t).dump();
    } catch (const std::exception& e) {
      return std::string("0 error: ") + e.what();
    }
  });
  const std::size_t sp = out.find(' ');
  return Outcome{out.substr(sp + 1), std::stoull(out.substr(0, sp))};
}

void check_same(const Scenario& sc, const std::string& what) {
  INFO(what);
  const Outcome actors = run(sc, false), loop = run(sc, true);
  CHECK(loop.text == actors.text);
  CHECK(loop.handoffs <= actors.handoffs);
}
}  // namespace

TEST_CASE("threads in the loop: the doc's examples, each scheduler, the same run with fewer hand-offs") {
  for (const char* file : {"02-cmwq-max-active-3.json", "03-cmwq-max-active-2.json", "04-cmwq-cpu-intensive.json"}) {
    for (Scheduler s : {Scheduler::Doc, Scheduler::Fifo, Scheduler::Cfs, Scheduler::Eevdf}) {
      Scenario sc = load_scenario_file(kSrc + "/scenarios/doc/" + file);
      sc.scheduler = s;
      check_same(sc, std::string(file) + " under " + to_string(s));
    }
  }
  Scenario sc = load_scenario_file(kSrc + "/scenarios/doc/03-cmwq-max-active-2.json");
  sc.scheduler = Scheduler::Fifo;
  CHECK(run(sc, true).handoffs < run(sc, false).handoffs);
}

TEST_CASE("threads in the loop: flushes, cancels, rescuers, kthreadd, preemption (rule scenarios)") {
  for (const char* file : {"rules/disable-enable-work.json", "rules/kthreadd-moves-manager-7.3.json",
                           "rules/manager-creates-first.json", "rules/rescuer-idle-worker-6.12.json",
                           "sched/cfs-kthread-full.json", "sched/cfs-user-task-tick.json",
                           "sched/eevdf-7.3-lazy-kthread.json", "bh/process-context-ksoftirqd-full-6.12.json"})
    check_same(load_scenario_file(kSrc + "/scenarios/" + file), file);
}

TEST_CASE("threads in the loop: random scenarios (soak's), under full preemption") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Scenario sc = parse_scenario_text(io::random_scenario(seed));
    sc.preemption = Preemption::Full;
    check_same(sc, "random seed " + std::to_string(seed));
  }
}
