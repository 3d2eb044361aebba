// SPDX-License-Identifier: GPL-2.0-only
// Worker creation through kthreadd (workers.kthreadd, model/kthreadd.hpp):
// the manager waits for kthreadd, the forked kworker starts on the idlest
// CPU (wake_up_new_task()), runs kthread() at kthreadd's nice and wakes the
// manager from there, which can move the manager to another CPU.
#include <catch2/catch.hpp>
#include <string>

#include "cmwqsim/run.hpp"

using namespace cmwqsim;

namespace {
constexpr Ns kUs = 1'000;

// The golden scenarios/rules/kthreadd-moves-manager-7.3, with or without kthreadd.
Scenario highpri_pool_of_one(bool kthreadd) {
  return parse_scenario_text(std::string(R"({"name": "k", "cpus": 2, "unit": "us", "scheduler": "eevdf", "kernel": "7.3",
    "overheads": {"context_switch": 0, "work_start": 0, "tick": 0, "irq": 0},
    "workers": {"initial_idle": 2, "unbound_initial_idle": {"highpri": 1}, "unbound_last_cpus": {"highpri": [0]})") +
                             (kthreadd ? R"(, "kthreadd": {"create": 24, "start": 4})" : "") + R"(},
    "workqueues": [{"name": "hq", "flags": ["WQ_UNBOUND", "WQ_HIGHPRI"]}, {"name": "pq", "flags": ["WQ_PERCPU"]}],
    "work": [{"name": "u", "queue": "hq", "cpu": 1, "at": 0, "program": [{"burn": 3000}]},
             {"name": "p", "queue": "pq", "cpu": 1, "at": 100, "program": [{"burn": 200}]}]})");
}

int thread_id(const Trace& tr, const std::string& name) {
  for (std::size_t i = 0; i < tr.threads.size(); ++i)
    if (tr.threads[i] == name) return static_cast<int>(i);
  return -1;
}

const TraceEvent* first(const Trace& tr, Ev kind, int thread) {
  for (const auto& e : tr.events)
    if (e.kind == kind && e.thread == thread) return &e;
  return nullptr;
}

const TraceEvent* start_of(const Trace& tr, const std::string& work) {
  for (const auto& e : tr.events)
    if (e.kind == Ev::Start && e.work >= 0 && tr.works.at(e.work) == work) return &e;
  return nullptr;
}
}  // namespace

TEST_CASE("a manager creating through kthreadd waits for it, and the new kworker's wake-up moves it") {
  Trace tr = run_isolated(highpri_pool_of_one(true));
  const int kthreadd = thread_id(tr, "kthreadd"), manager = thread_id(tr, "kworker/u4:0"),
            created = thread_id(tr, "kworker/u4:1");
  REQUIRE(kthreadd >= 0);
  REQUIRE(manager >= 0);
  REQUIRE(created >= 0);
  // kthreadd wakes on the idle CPU1 (the manager holds CPU0) ...
  const TraceEvent* kt = first(tr, Ev::SchedWakeup, kthreadd);
  REQUIRE(kt != nullptr);
  CHECK(kt->cpu == 1);
  // ... forks the kworker after its 24 us onto the idle CPU0 (find_idlest_cpu()) ...
  const TraceEvent* fork = first(tr, Ev::SchedWakeup, created);
  REQUIRE(fork != nullptr);
  CHECK(fork->t == 24 * kUs);
  CHECK(fork->cpu == 0);
  CHECK(tr.thread_info.at(static_cast<std::size_t>(created)).nice == -20);  // create_worker()'s set_user_nice()
  // ... whose kthread() wakes the manager 4 us later, onto CPU1: u runs there.
  const TraceEvent* u = start_of(tr, "u");
  REQUIRE(u != nullptr);
  CHECK(u->cpu == 1);
  CHECK(u->t == 28 * kUs);
  // p, CPU1's per-CPU item, waits for u's slice to end.
  REQUIRE(start_of(tr, "p") != nullptr);
  CHECK(start_of(tr, "p")->t > 1000 * kUs);
}

TEST_CASE("without kthreadd the manager creates in place and keeps its CPU") {
  Trace tr = run_isolated(highpri_pool_of_one(false));
  CHECK(thread_id(tr, "kthreadd") < 0);
  const TraceEvent* u = start_of(tr, "u");
  REQUIRE(u != nullptr);
  CHECK(u->cpu == 0);
  CHECK(u->t == 0);
  REQUIRE(start_of(tr, "p") != nullptr);
  CHECK(start_of(tr, "p")->t == 100 * kUs);
}
