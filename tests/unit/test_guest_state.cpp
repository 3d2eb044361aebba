// SPDX-License-Identifier: GPL-2.0-only
// A recorded guest's state that a scenario cannot say: where the idle
// unbound workers last ran (workers.unbound_last_cpus, the prev_cpu of
// select_task_rq_fair()), and listed background wake-ups (background[].wakes),
// both read off a recorded run's ftrace (io/recorded_guest_state.hpp).
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "cmwqsim/run.hpp"
#include "io/recorded_guest_state.hpp"

using namespace cmwqsim;

namespace {
constexpr Ns kUs = 1'000;

// Two 5 ms items on an unbound wq queued at once from CPU0 (as validation
// v11): the first idle worker takes u1, and its chain wake-up brings the
// next idle worker for u2.
Scenario two_unbound(const std::string& workers_extra, const std::string& background) {
  return parse_scenario_text(R"({"name": "g", "cpus": 2, "unit": "us", "scheduler": "eevdf", "kernel": "6.12",
    "workers": {"initial_idle": 3)" + workers_extra + R"(}, )" + background + R"(
    "workqueues": [{"name": "U", "flags": ["WQ_UNBOUND"]}],
    "work": [{"name": "u1", "queue": "U", "cpu": 0, "at": 0, "program": [{"burn": 5000}]},
             {"name": "u2", "queue": "U", "cpu": 0, "at": 0, "program": [{"burn": 5000}]}]})");
}

const TraceEvent* first(const Trace& tr, Ev kind, const std::string& work) {
  for (const auto& e : tr.events)
    if (e.kind == kind && e.work >= 0 && tr.works.at(e.work) == work) return &e;
  return nullptr;
}
}  // namespace

TEST_CASE("an idle unbound worker wakes on the CPU it last ran on if that CPU is idle (select_task_rq_fair)") {
  SECTION("head of the idle list last ran on CPU1, the next on CPU0: the items run on both CPUs at once") {
    Trace tr = run_isolated(two_unbound(R"(, "unbound_last_cpus": {"normal": [1, 0]})", ""));
    const TraceEvent* s1 = first(tr, Ev::Start, "u1");
    const TraceEvent* s2 = first(tr, Ev::Start, "u2");
    REQUIRE(s1 != nullptr);
    REQUIRE(s2 != nullptr);
    CHECK(s1->cpu == 1);
    CHECK(s2->cpu == 0);
    CHECK(s2->t < 100 * kUs);
  }
  SECTION("without the list every worker starts on CPU 0") {
    Trace tr = run_isolated(two_unbound("", ""));
    REQUIRE(first(tr, Ev::Start, "u1") != nullptr);
    CHECK(first(tr, Ev::Start, "u1")->cpu == 0);
  }
}

TEST_CASE("a listed background wake-up runs the thread on its CPU at its time, and only then") {
  // rcu_preempt woken on CPU1 at 1 ms: u1's worker (last on CPU1) is not
  // preempted there under voluntary preemption, so rcu_preempt waits until
  // u1 finishes; no wake-up at the ticks.
  Trace tr = run_isolated(two_unbound(R"(, "unbound_last_cpus": {"normal": [1, 0]})",
                                      R"("background": [{"name": "rcu_preempt", "burn": 4, "wakes": [{"at": 1000, "cpu": 1}]}],)"));
  int wakeups = 0;
  int rcu = -1;
  for (std::size_t i = 0; i < tr.threads.size(); ++i)
    if (tr.threads[i] == "rcu_preempt") rcu = static_cast<int>(i);
  REQUIRE(rcu >= 0);
  for (const auto& e : tr.events)
    if (e.kind == Ev::SchedWakeup && e.thread == rcu) {
      ++wakeups;
      CHECK(e.t == 1000 * kUs);
      CHECK(e.cpu == 1);
    }
  CHECK(wakeups == 1);
}

TEST_CASE("recorded_guest_state reads the idle workers' last CPUs and rcu_preempt's wake-ups per run") {
  const std::string path = "test_guest_state.ftrace.txt";
  {
    std::ofstream f(path);
    f << "1:  <idle>-0  [000] dNs3.  9.980000: sched_waking: comm=kworker/u8:0 pid=12 prio=120 target_cpu=001\n"
         "1:  insmod-161  [000] d..2.  9.990000: workqueue_queue_work: work struct=y function=kernel_pgtable_work_func workqueue=events req_cpu=8192 cpu=0\n"
         "1:  <idle>-0  [000] d.h2.  10.000100: workqueue_queue_work: work struct=x function=f workqueue=U req_cpu=0 cpu=-1\n"
         "1:  <idle>-0  [000] d.h4.  10.000101: sched_waking: comm=kworker/u8:3 pid=142 prio=120 target_cpu=001\n"
         "1:  kworker/u8:3-142 [001] d..3. 10.000110: sched_waking: comm=kworker/u8:0 pid=12 prio=120 target_cpu=000\n"
         "1:  kworker/u8:3-142 [001] d..3. 10.000111: sched_waking: comm=kworker/u9:1 pid=13 prio=100 target_cpu=001\n"
         "1:  kworker/u8:3-142 [001] d..3. 10.000112: sched_waking: comm=kworker/u8:7 pid=14 prio=120 target_cpu=000\n"
         "1:  kworker/u8:3-142 [001] d..3. 10.000120: sched_waking: comm=kworker/u8:3 pid=142 prio=120 target_cpu=000\n"
         "1:  kworker/u8:3-142 [001] d.s4. 10.004000: sched_wakeup: comm=rcu_preempt pid=18 prio=120 target_cpu=000\n"
         "2:  <idle>-0  [001] d.h2.  20.000000: workqueue_queue_work: work struct=x function=f workqueue=U req_cpu=1 cpu=-1\n"
         "2:  <idle>-0  [001] d.h4.  20.000001: sched_waking: comm=kworker/u8:0 pid=12 prio=120 target_cpu=001\n";
  }
  // u8:7 ran no item of the scenario; the run's first queue is at 100 us.
  const auto g = io::recorded_guest_state(path, {{1, {"kworker/u8:3", "kworker/u8:0", "kworker/u9:1"}}, {2, {"kworker/u8:0"}}},
                                          {{1, 100 * kUs}, {2, 0}}, {"U"});
  std::remove(path.c_str());
  REQUIRE(g.count(1));
  // The first waking at or after the run's origin only (u8:0's earlier one,
  // before the first queue, is the guest's own work: the worker ran on since),
  // and the items' threads only.
  CHECK(g.at(1).unbound_last_cpus[0] == std::vector<int>{1, 0});
  CHECK(g.at(1).unbound_last_cpus[1] == std::vector<int>{1});
  REQUIRE(g.at(1).rcu_wakes.size() == 1);
  CHECK(g.at(1).rcu_wakes[0].at == 4000 * kUs);  // 10.004 s - (10.0001 s - 100 us)
  CHECK(g.at(1).rcu_wakes[0].cpu == 0);
  REQUIRE(g.count(2));
  CHECK(g.at(2).unbound_last_cpus[0] == std::vector<int>{1});
  CHECK(g.at(2).rcu_wakes.empty());
  CHECK(io::recorded_guest_state("no-such-file.ftrace.txt", {}, {}, {}).empty());
}

TEST_CASE("recorded_guest_state counts the workers of an unbound pool the run's setup created, and finds kthreadd's CPU") {
  const std::string path = "test_guest_state_pools.ftrace.txt";
  {
    std::ofstream f(path);
    // Run 1: insmod's alloc_workqueue() makes pool 9 (kthreadd forks
    // kworker/u9:0, first seen switched in, never woken before); pool 8's
    // u8:4 is forked too, but pool 8 had workers before (no u8:0 forked).
    // u9:1, forked after the run's first queue, is the run's own creation.
    f << "1:  insmod-943  [000] d..2.  8.999990: sched_waking: comm=kthreadd pid=2 prio=120 target_cpu=000\n"
         "1:  kthreadd-2  [000] d..2.  9.000000: sched_switch: prev_comm=kthreadd prev_pid=2 prev_prio=120 prev_state=S ==> next_comm=kworker/u9:0 next_pid=944 next_prio=120\n"
         "1:  kthreadd-2  [000] d..2.  9.000100: sched_switch: prev_comm=kthreadd prev_pid=2 prev_prio=120 prev_state=S ==> next_comm=kworker/u8:4 next_pid=945 next_prio=120\n"
         "1:  insmod-943  [000] d..3.  9.000200: sched_waking: comm=kworker/u9:0 pid=944 prio=100 target_cpu=000\n"
         "1:  insmod-943  [000] d..3.  9.000300: sched_waking: comm=kworker/u8:4 pid=945 prio=120 target_cpu=000\n"
         "1:  <idle>-0  [001] d.h2.  10.000000: workqueue_queue_work: work struct=x function=f workqueue=U req_cpu=1 cpu=-1\n"
         "1:  kworker/u9:0-944  [000] d..2.  10.000050: sched_waking: comm=kthreadd pid=2 prio=120 target_cpu=001\n"
         "1:  kthreadd-2  [001] d..2.  10.000100: sched_switch: prev_comm=kthreadd prev_pid=2 prev_prio=120 prev_state=S ==> next_comm=kworker/u9:1 next_pid=946 next_prio=120\n"
         "2:  <idle>-0  [001] d.h2.  20.000000: workqueue_queue_work: work struct=x function=f workqueue=U req_cpu=1 cpu=-1\n";
  }
  const auto g = io::recorded_guest_state(path, {}, {{1, 0}, {2, 0}}, {"U"});
  std::remove(path.c_str());
  REQUIRE(g.count(1));
  CHECK(g.at(1).unbound_initial_idle[1] == 1);  // highpri: the new pool 9, one worker
  CHECK(g.at(1).unbound_initial_idle[0] == 0);  // normal: pool 8 predates the run
  CHECK(g.at(1).kthreadd_cpu == 1);              // its first wake-up in the run: where it last ran
  // The forks before the run left util_avg on CPU0 (trace_cpu_util.hpp),
  // the only CPU seen before it (the simulation pads the list with 0).
  REQUIRE(g.at(1).cpu_util.size() == 1);
  CHECK(g.at(1).cpu_util[0] > 300);
  REQUIRE(g.count(2));
  CHECK(g.at(2).unbound_initial_idle[1] == 0);
  CHECK(g.at(2).kthreadd_cpu == -1);  // not woken in run 2
  for (long u : g.at(2).cpu_util) CHECK(u == 0);
}
