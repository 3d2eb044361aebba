// SPDX-License-Identifier: GPL-2.0-only
// A fork's CPU under the fair class: of the idle CPUs, the one with the
// least util_avg (sched_balance_find_dst_group()'s group_has_spare tie-break),
// the first after the forking CPU on ties; a new task starts at half its
// CPU's spare capacity (post_init_entity_util_avg()). And the guest state
// that feeds it: each CPU's util_avg at a recorded run's origin, worked out
// from the ftrace (io/trace_cpu_util).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>

#include "cmwqsim/run.hpp"
#include "io/trace_cpu_util.hpp"

using namespace cmwqsim;

namespace {
// 7.3's per-run highpri pool with one worker, created through kthreadd on
// CPU1; the manager (last on CPU0) goes to D while kthreadd forks, so CPUs
// 0, 2 and 3 are idle then (kthreadd on `kthreadd_cpu` instead of CPU1: that
// one is busy). `util`: the scenario's cpu_util, or "".
Scenario fork_on_four(const std::string& util, int items, int kthreadd_cpu = 1) {
  std::string work;
  for (int i = 0; i < items; ++i)
    work += std::string(i ? "," : "") + R"({"name": "u)" + std::to_string(i) + R"(", "queue": "hq", "cpu": 1, "at": )" +
            std::to_string(i * 200) + R"(, "program": [{"burn": 3000}]})";
  return parse_scenario_text(std::string(R"({"name": "f", "cpus": 4, "unit": "us", "scheduler": "eevdf", "kernel": "7.3",)") +
                             (util.empty() ? "" : R"("cpu_util": )" + util + ",") +
                             R"("overheads": {"context_switch": 0, "work_start": 0, "tick": 0, "irq": 0},
    "workers": {"initial_idle": 2, "unbound_initial_idle": {"highpri": 1}, "unbound_last_cpus": {"highpri": [0]},
                "kthreadd": {"create": 24, "start": 4, "cpu": )" + std::to_string(kthreadd_cpu) + R"(}},
    "workqueues": [{"name": "hq", "flags": ["WQ_UNBOUND", "WQ_HIGHPRI"]}],
    "work": [)" + work + "]}");
}

// The CPUs the forked kworkers first woke on (wake_up_new_task()), in order.
std::vector<int> fork_cpus(const Trace& tr) {
  std::vector<int> out;
  std::vector<bool> seen(tr.threads.size(), false);
  for (const auto& e : tr.events) {
    if (e.kind != Ev::SchedWakeup || e.thread < 0 || seen.at(static_cast<std::size_t>(e.thread))) continue;
    seen.at(static_cast<std::size_t>(e.thread)) = true;
    const std::string& name = tr.threads.at(static_cast<std::size_t>(e.thread));
    if (name.rfind("kworker/u", 0) == 0 && name.size() > 2 && name.compare(name.size() - 2, 2, ":0") != 0)
      out.push_back(e.cpu);
  }
  return out;
}
}  // namespace

TEST_CASE("with no utilisation anywhere a fork takes the first idle CPU after the forking one") {
  Trace tr = run_isolated(fork_on_four("", 1));
  CHECK(fork_cpus(tr) == std::vector<int>{2});
}

TEST_CASE("a fork avoids the idle CPU whose blocked tasks left utilisation behind") {
  // CPU2 carries 600 (the guest's insmod); CPUs 3 and 0 tie at 0: CPU3 comes first after CPU1.
  Trace tr = run_isolated(fork_on_four("[0, 0, 600, 0]", 1));
  CHECK(fork_cpus(tr) == std::vector<int>{3});
}

TEST_CASE("a new kworker starts at half its CPU spare capacity and the next fork weighs it") {
  // The first fork lands on CPU3 and starts at (1024 - 0) / 2 = 512 there.
  // It becomes the manager of the second creation and waits on CPU3 while
  // u0 burns on CPU0: the second fork weighs CPU2's utilisation against
  // CPU3's 512 (both a little decayed): above it, CPU3 again; below, CPU2.
  std::vector<int> cpus = fork_cpus(run_isolated(fork_on_four("[0, 0, 600, 0]", 2)));
  CHECK(cpus == std::vector<int>{3, 3});
  cpus = fork_cpus(run_isolated(fork_on_four("[0, 0, 480, 0]", 2)));
  CHECK(cpus == std::vector<int>{3, 2});
}

TEST_CASE("a forked kworker woken from its busy CPU goes back to the CPU it was forked from") {
  // kthreadd, on CPU2, forks kworker/u8:1 onto CPU3 (idle, no utilisation):
  // wake_up_new_task() sets its recent_used_cpu to CPU2 first. u8:1 manages
  // the second creation from CPU3 and the fork of u8:2 lands there too (CPU1
  // and CPU2 carry 600). u8:2, in kthread() on CPU3, wakes u8:1: prev CPU3 is
  // busy, so select_idle_sibling() tries recent_used_cpu, CPU2, idle again
  // since kthreadd slept, before it scans from CPU0 (busy with u0) to CPU1.
  Trace tr = run_isolated(fork_on_four("[0, 600, 600, 0]", 2, 2));
  CHECK(fork_cpus(tr) == std::vector<int>{3, 3});
  int u1_cpu = -1;
  for (const auto& e : tr.events)
    if (e.kind == Ev::Start && e.work >= 0 && tr.works.at(static_cast<std::size_t>(e.work)) == "u1") u1_cpu = e.cpu;
  CHECK(u1_cpu == 2);
}

TEST_CASE("the first worker of a pool the run's setup created goes back to kthreadd's CPU when woken from its busy CPU") {
  // kworker/u8:0 came with the pool (unbound_initial_idle), forked by
  // kthreadd on CPU2 before time 0: its recent_used_cpu is CPU2. It last ran
  // on CPU0, wakes there for u0 and, as the pool's last idle worker, has
  // kthreadd fork u8:1 first: onto CPU0, the idle CPU with the least
  // utilisation. u8:1 wakes u8:0 from CPU0, busy with the waker:
  // select_idle_sibling() takes CPU2, idle again since kthreadd slept, before
  // its scan from CPU1.
  Trace tr = run_isolated(fork_on_four("[0, 600, 600, 600]", 1, 2));
  CHECK(fork_cpus(tr) == std::vector<int>{0});
  int u0_cpu = -1;
  for (const auto& e : tr.events)
    if (e.kind == Ev::Start && e.work >= 0 && tr.works.at(static_cast<std::size_t>(e.work)) == "u0") u0_cpu = e.cpu;
  CHECK(u0_cpu == 2);
}

TEST_CASE("cpu_util must list one util_avg from 0 to 1024 per CPU") {
  CHECK_THROWS_WITH(fork_on_four("[0, 0, 600]", 1), "cpu_util: lists 3 CPUs, but the scenario has 4");
  CHECK_THROWS_WITH(fork_on_four("[0, 0, 1025, 0]", 1), "cpu_util[2]: must be a util_avg from 0 to 1024");
  CHECK_THROWS_WITH(fork_on_four("[0, 0, -1, 0]", 1), "cpu_util[2]: must be a util_avg from 0 to 1024");
}

namespace {
std::string switch_line(double t, int cpu, int prev, char state, int next) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "1:  x-%d [%03d] d..2. %.6f: sched_switch: prev_comm=x prev_pid=%d prev_prio=120 prev_state=%c ==> "
                "next_comm=y next_pid=%d next_prio=120",
                prev, cpu, t, prev, state, next);
  return buf;
}
double y_pow(double ms) { return std::pow(0.5, ms / 1.024 / 32); }  // y^(periods of 1024 us)
}  // namespace

// cpu_util_at() over the given ftrace lines (kernel-run's "1: " prefix).
std::vector<long> util_at(const std::vector<std::string>& lines, Ns origin, int ncpus) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return io::cpu_util_at(io::read_ftrace_text(text, io::FtraceReadOptions{1}), origin, ncpus);
}

TEST_CASE("a forked task that ran and went to sleep leaves its decaying util_avg on its CPU") {
  const std::vector<std::string> trace = {
      switch_line(1.000, 2, 0, 'R', 378),  // a fork (never woken): starts at 512
      switch_line(1.010, 2, 378, 'D', 0),  // runs 10 ms, then sleeps
  };
  const std::vector<long> at = util_at(trace, 1'015'000'000, 4);
  REQUIRE(at.size() == 4);
  const double expected = (1024 - 512 * y_pow(10)) * y_pow(5);  // about 548
  CHECK(std::abs(at[2] - expected) <= 3);
  CHECK(at[0] == 0);
  CHECK(at[3] == 0);
  // Events after the origin do not count: at 5 ms the task is still running.
  CHECK(util_at(trace, 1'005'000'000, 4)[2] < at[2] + 100);
}

TEST_CASE("a woken task starts at 0 and an exiting task takes its util_avg away and a wake-up moves it") {
  std::vector<std::string> trace = {
      "1:  <idle>-0 [001] d.h2. 1.000000: sched_waking: comm=k pid=50 prio=120 target_cpu=001",
      switch_line(1.000010, 1, 0, 'R', 50),  // woken: from before the trace, at 0
      switch_line(1.002010, 1, 50, 'S', 0),  // 2 ms running
      switch_line(1.003000, 0, 0, 'R', 60),  // a fork on CPU0 ...
      switch_line(1.004000, 0, 60, 'Z', 0),  // ... that exits
  };
  std::vector<long> at = util_at(trace, 1'004'500'000, 2);
  const double expected = 1024 * (1 - y_pow(2)) * y_pow(2.49);  // about 40
  CHECK(std::abs(at[1] - expected) <= 3);
  CHECK(at[0] == 0);
  trace.push_back("1:  <idle>-0 [000] dNh2. 1.005000: sched_wakeup: comm=k pid=50 prio=120 target_cpu=000");
  at = util_at(trace, 1'005'500'000, 2);
  CHECK(at[1] == 0);
  CHECK(at[0] > 30);
}
