// SPDX-License-Identifier: GPL-2.0-only
// Where a thread with need_resched set gives up its CPU: voluntary
// preemption (kernel threads at blocking points and cond_resched(), user
// tasks also at the tick and at wake-ups) and full preemption (everyone).
// Whole simulations, each in a forked child.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "cmwqsim/run.hpp"

using namespace cmwqsim;

namespace {
constexpr Ns kMs = 1'000'000;

// Two tasks burning 20 ms each on one CPU, both woken at 0.
Scenario two_burners(const std::string& sched, const std::string& preemption, bool kthread) {
  std::string k = kthread ? "true" : "false";
  return parse_scenario_text(R"({"name": "two", "cpus": 1, "unit": "ms", "scheduler": ")" + sched +
                             R"(", "preemption": ")" + preemption + R"(", "hz": 250,
    "overheads": {"context_switch": 0, "work_start": 0},
    "workqueues": [{"name": "q"}], "work": [],
    "tasks": [{"name": "A", "at": 0, "kthread": )" + k + R"(, "program": [{"burn": 20}]},
              {"name": "B", "at": 0, "kthread": )" + k + R"(, "program": [{"burn": 20}]}]})");
}

struct Switch {
  Ns t;
  std::string prev, next;
  char state;
};

std::vector<Switch> switches(const Trace& tr) {
  std::vector<Switch> out;
  for (const auto& e : tr.events)
    if (e.kind == Ev::SchedSwitch && e.other >= 0 && e.thread >= 0)
      out.push_back({e.t, tr.thread_name(e.other), tr.thread_name(e.thread), e.state});
  return out;
}

// Each thread's burn events: count and total.
std::map<std::string, std::pair<int, Ns>> burns(const Trace& tr) {
  std::map<std::string, std::pair<int, Ns>> out;
  for (const auto& e : tr.events)
    if (e.kind == Ev::Burn) {
      auto& b = out[tr.thread_name(e.thread)];
      ++b.first;
      b.second += e.dur;
    }
  return out;
}

// When each thread went to sleep for good (its last switch-out in 'S').
Ns done_at(const Trace& tr, const std::string& name) {
  Ns t = -1;
  for (const auto& e : tr.events)
    if (e.kind == Ev::SchedSwitch && e.other >= 0 && tr.thread_name(e.other) == name && e.state == 'S') t = e.t;
  return t;
}

// Both tasks' slices are shorter than the 4 ms tick, so the tick finds each
// slice used up: the CPU alternates at every tick.
void check_round_robin_at_ticks(const Trace& tr) {
  std::vector<Switch> sw = switches(tr);
  REQUIRE(sw.size() == 9);
  for (int i = 0; i < 8; ++i) {
    INFO("switch " << i);
    CHECK(sw[i].t == (i + 1) * 4 * kMs);
    CHECK(sw[i].state == 'R');  // preempted: R+ in ftrace
    CHECK(sw[i].prev == (i % 2 == 0 ? "A" : "B"));
  }
  // A's burn ends at 36, on a tick: nothing is left to cut, so it finishes.
  CHECK(done_at(tr, "A") == 36 * kMs);
  CHECK(done_at(tr, "B") == 40 * kMs);
  // The trace splits each burn where it was cut; the parts add up.
  auto b = burns(tr);
  CHECK(b["A"] == std::make_pair(5, 20 * kMs));
  CHECK(b["B"] == std::make_pair(5, 20 * kMs));
}
}  // namespace

TEST_CASE("user tasks are preempted at the tick once their cfs slice is used up") {
  // One CPU: latency 6 ms, two runnable: 3 ms slices (check_preempt_tick()).
  check_round_robin_at_ticks(run_isolated(two_burners("cfs", "voluntary", false)));
}

TEST_CASE("eevdf preempts user tasks at the tick once their slice has ended") {
  // base_slice 0.7 ms; update_curr() at the tick finds the deadline passed.
  check_round_robin_at_ticks(run_isolated(two_burners("eevdf", "voluntary", false)));
}

TEST_CASE("voluntary preemption never cuts a kernel thread's burn") {
  for (const char* s : {"cfs", "eevdf"}) {
    INFO(s);
    Trace tr = run_isolated(two_burners(s, "voluntary", true));
    auto sw = switches(tr);
    REQUIRE(sw.size() == 1);
    CHECK(sw[0].t == 20 * kMs);
    CHECK(sw[0].state == 'S');
    CHECK(done_at(tr, "B") == 40 * kMs);
    CHECK(burns(tr)["A"] == std::make_pair(1, 20 * kMs));
  }
}

TEST_CASE("full preemption cuts kernel threads like user tasks") {
  Trace user = run_isolated(two_burners("cfs", "voluntary", false));
  Trace kernel = run_isolated(two_burners("cfs", "full", true));
  auto a = switches(user), b = switches(kernel);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].t == b[i].t);
    CHECK(a[i].next == b[i].next);
  }
}

TEST_CASE("fifo never sets need_resched: full preemption changes nothing") {
  Trace tr = run_isolated(two_burners("fifo", "full", false));
  auto sw = switches(tr);
  REQUIRE(sw.size() == 1);
  CHECK(sw[0].t == 20 * kMs);
}

TEST_CASE("a preempted kworker stays counted in nr_running: no other worker takes its pool's work") {
  // w0's worker is preempted at 5 by the highpri kworker. If the preemption
  // ran wq_worker_sleeping(), nr_running would drop to 0 and another worker
  // would start w2 after w1 (at 7); as it is, w0's worker takes w2 at 22.
  Scenario sc = parse_scenario_text(R"({"name": "p", "cpus": 1, "unit": "ms", "scheduler": "cfs",
    "preemption": "full", "kernel": "6.1", "overheads": {"context_switch": 0, "work_start": 0},
    "workers": {"initial_idle": 4},
    "workqueues": [{"name": "q"}, {"name": "hi", "flags": ["WQ_HIGHPRI"]}],
    "work": [{"name": "w0", "queue": "q", "at": 0, "program": [{"burn": 20}]},
             {"name": "w2", "queue": "q", "at": 0, "program": [{"burn": 1}]},
             {"name": "w1", "queue": "hi", "at": 5, "program": [{"burn": 2}]}]})");
  Trace tr = run_isolated(sc);
  std::map<std::string, Ns> start;
  std::map<std::string, int> worker;
  for (const auto& e : tr.events)
    if (e.kind == Ev::Start) {
      start[tr.works[e.work]] = e.t;
      worker[tr.works[e.work]] = e.thread;
    }
  CHECK(start["w1"] == 5 * kMs);
  CHECK(start["w2"] == 22 * kMs);
  CHECK(worker["w2"] == worker["w0"]);
}
