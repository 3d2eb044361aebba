// SPDX-License-Identifier: GPL-2.0-only
// What a recorded run's guest did that the scenario cannot say, read off
// the run's ftrace (kernel-run's <name>.ftrace.txt, each line
// "<run>: <ftrace line>"):
// - where its unbound kworkers last ran before the run: the guest's idle
//   workers carry that CPU from earlier runs, and the wake-up's CPU selection
//   starts from it;
// - when and where rcu_preempt woke: RCU's own timers wake it, about every
//   other tick, on either CPU;
// - which unbound pools the run's own setup created, with their workers;
// - the util_avg each CPU carried when the run began (trace_cpu_util.hpp).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::io {

struct RecordedGuestState {
  // The prev CPU of each unbound kworker that ran the scenario's items, in
  // the order of their first sched_waking from the run's origin on (a waking
  // before it is the guest's own work, after which the worker ran on), by
  // pool priority: [0] normal (prio 120), [1] highpri (prio 100).
  // sched_waking's target_cpu is task_cpu(p) before select_task_rq()
  // (try_to_wake_up()).
  std::vector<int> unbound_last_cpus[2];
  // rcu_preempt's sched_wakeup times (scenario time, from the run's first
  // queue event) and CPUs.
  std::vector<BackgroundWake> rcu_wakes;
  // An unbound pool the run's setup created (its kworker/uN:0 forked before
  // the run's first queue event: alloc_workqueue() made a pool no other
  // workqueue shared, as 7.3's guest does for WQ_HIGHPRI): how many workers
  // it had then, by priority as above; 0: a pool from before the run.
  int unbound_initial_idle[2] = {0, 0};
  // The CPU kthreadd last ran on: target_cpu of its first sched_waking in
  // the run (-1: not woken).
  int kthreadd_cpu = -1;
  // Each CPU's util_avg at the run's origin (cpu_util_at()); empty without
  // the anchor.
  std::vector<long> cpu_util;
  // The CPU each kworker forked during the run first ran on (its first
  // sched_switch, never woken before: wake_up_new_task()'s choice), in order.
  std::vector<int> fork_cpus;
  bool have_anchor = false;  // the run's first queue event was found in both
};

// Per recorded run (1, 2, ...). `item_threads[run]`: the threads that ran the
// scenario's items; `first_queue_ns[run]`: the run's first queue event in
// scenario time (from its JSON trace), found in the ftrace as the first
// workqueue_queue_work to one of `workqueues` (the guest queues other work
// too, such as insmod's). A missing file gives an empty map.
std::map<int, RecordedGuestState> recorded_guest_state(const std::string& ftrace,
                                                       const std::map<int, std::set<std::string>>& item_threads,
                                                       const std::map<int, Ns>& first_queue_ns,
                                                       const std::set<std::string>& workqueues);

}  // namespace cmwqsim::io
