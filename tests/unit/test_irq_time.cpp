// SPDX-License-Identifier: GPL-2.0-only
// Interrupt time (Overheads::tick, Overheads::irq): without
// IRQ_TIME_ACCOUNTING the handler's time is the interrupted thread's, so a
// burn crossing ticks, or interrupted by the hrtimer of an outside call,
// ends that much later. Whole simulations, each in a forked child.
#include <catch2/catch.hpp>
#include <string>

#include "cmwqsim/run.hpp"

using namespace cmwqsim;

namespace {
constexpr Ns kUs = 1'000;
constexpr Ns kMs = 1'000'000;

// w burns 10 ms on CPU0 from 1 ms; x is queued on CPU0 at 5 ms (an outside
// call while w burns) and burns 1 ms after it. HZ 250: ticks at 4 and 8 ms.
Scenario burner(const std::string& sched, const std::string& overheads) {
  return parse_scenario_text(R"({"name": "irq", "cpus": 1, "unit": "ms", "scheduler": ")" + sched + R"(",
    "hz": 250, "overheads": )" + overheads + R"(, "workqueues": [{"name": "q"}],
    "work": [{"name": "w", "queue": "q", "at": 1, "program": [{"burn": 10}]},
             {"name": "x", "queue": "q", "at": 5, "program": [{"burn": 1}]}]})");
}

Ns at(const Trace& tr, Ev kind, const std::string& work) {
  for (const auto& e : tr.events)
    if (e.kind == kind && e.work >= 0 && tr.works.at(e.work) == work) return e.t;
  return -1;
}

Ns burnt(const Trace& tr, const std::string& work) {
  Ns sum = 0;
  for (const auto& e : tr.events)
    if (e.kind == Ev::Burn && e.work >= 0 && tr.works.at(e.work) == work) sum += e.dur;
  return sum;
}
}  // namespace

TEST_CASE("a burn crossing two ticks and one outside call ends later by their interrupt time", "[irq]") {
  const std::string costs = R"({"context_switch": 0, "work_start": 0, "tick": 0.03, "irq": 0.01})";
  for (const char* sched : {"cfs", "eevdf"}) {
    INFO(sched);
    Trace none = run_isolated(burner(sched, R"({"context_switch": 0, "work_start": 0})"));
    CHECK(at(none, Ev::Finish, "w") == 11 * kMs);
    Trace with = run_isolated(burner(sched, costs));
    CHECK(at(with, Ev::Finish, "w") == 11 * kMs + 2 * 30 * kUs + 10 * kUs);
    // The trace's burn covers the time on the CPU, interrupts included.
    CHECK(burnt(with, "w") == 10 * kMs + 70 * kUs);
    // x waits for w (nr_running: w's worker still runs), then burns across the tick at 12 ms.
    CHECK(at(with, Ev::Start, "x") == at(with, Ev::Finish, "w"));
    CHECK(at(with, Ev::Finish, "x") - at(with, Ev::Start, "x") == 1 * kMs + 30 * kUs);
  }
  // fifo runs no tick: only the call's interrupt counts.
  CHECK(at(run_isolated(burner("fifo", costs)), Ev::Finish, "w") == 11 * kMs + 10 * kUs);
}

TEST_CASE("an idle CPU's ticks and calls cost nothing to anyone", "[irq]") {
  Trace tr = run_isolated(parse_scenario_text(R"({"name": "idle", "cpus": 2, "unit": "ms", "scheduler": "cfs",
    "hz": 250, "overheads": {"context_switch": 0, "work_start": 0, "tick": 0.03, "irq": 0.01},
    "workqueues": [{"name": "q"}],
    "work": [{"name": "w", "queue": "q", "cpu": 1, "at": 1, "program": [{"burn": 2}]},
             {"name": "x", "queue": "q", "cpu": 0, "at": 2, "program": [{"sleep": 1}]}]})"));
  // w on CPU1 crosses no tick; x's call is on CPU0.
  CHECK(at(tr, Ev::Finish, "w") == 3 * kMs);
}

TEST_CASE("the default overheads are the measured guest costs, by kernel and CPU count", "[irq]") {
  Scenario sc = burner("eevdf", R"({"context_switch": 0})");
  sc.overheads = Overheads{};
  for (auto [k, cpus, tick] : {std::tuple{KernelVersion::V6_12, 1, 9 * kUs}, std::tuple{KernelVersion::V6_12, 2, 19 * kUs},
                               std::tuple{KernelVersion::V7_3, 4, 54 * kUs}, std::tuple{KernelVersion::V7_3, 64, 54 * kUs}}) {
    sc.kernel = k;
    sc.cpus = cpus;
    CHECK(effective_overheads(sc).tick == tick);
  }
  sc.scheduler = Scheduler::Fifo;
  CHECK(effective_overheads(sc).tick == 0);  // fifo and doc charge nothing unless told
}
