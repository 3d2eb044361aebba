// SPDX-License-Identifier: GPL-2.0-only
// What each thread of an ftrace did, from sched_switch and sched_wakeup:
// its stretches on a CPU and its wake-ups. Turned into the burn and sleep
// steps of an imported work item (between execute_start and execute_end) or
// of an imported task (a thread that is no kworker).
#pragma once
#include <map>
#include <vector>

#include "cmwqsim/time.hpp"
#include "io/json_reader.hpp"

namespace cmwqsim::io {

// A stretch on a CPU: switched in at `in`, out at `out` with prev_state
// `state` ('R': preempted, still runnable; 0: still on the CPU at the end).
struct OnCpu {
  Ns in = 0, out = 0;
  int cpu = 0;
  char state = 0;
};

struct ThreadTimeline {
  std::vector<OnCpu> on_cpu;  // in time order
  std::vector<Ns> wakeups;    // sched_wakeup times, in time order
  int open = -1;              // the stretch still on a CPU, if any
  int prio = 120;
  int comm = -1;
  bool ran_work = false;      // executed a work item: a kworker or a rescuer

  bool blocked_after(std::size_t k) const { return on_cpu[k].state != 'R' && on_cpu[k].state != 0; }
  // When the thread was runnable again after stretch k: its first wake-up
  // after k ended and before the next stretch began, else that next start.
  Ns runnable_after(std::size_t k) const;
  // When the thread became runnable for stretch k: the last wake-up in
  // (the previous stretch's end, k's start], else k's start.
  Ns runnable_for(std::size_t k) const;
};

// One step of a rebuilt program, in ns; queue steps name an item index.
struct ImportedStep {
  enum Kind { Burn, Sleep, Queue } kind = Burn;
  Ns ns = 0;
  int target = -1;
};

// The program of a work execution on this thread from `start` to `end`:
// time on a CPU is a burn, a block (any state but R) a sleep until the
// wake-up, a preemption (R) continues the burn. `queues` (time, item), in
// time order, become queue steps at their places. The `excluded` intervals
// (softirqs that ran BH works on top of it) are not its time.
std::vector<ImportedStep> work_program(const ThreadTimeline& th, Ns start, Ns end,
                                       const std::vector<std::pair<Ns, int>>& queues,
                                       const std::vector<std::pair<Ns, Ns>>& excluded = {});

// A task's program on one CPU: its stretches there as burns, the gaps as
// sleeps (up to its wake-ups); `at` gets when it first became runnable.
// Empty if it never ran there.
std::vector<ImportedStep> task_program(const ThreadTimeline& th, int cpu, Ns& at);

// The steps as scenario JSON, times in microseconds; `names` names queue targets.
json steps_json(const std::vector<ImportedStep>& steps, const std::vector<std::string>& names);

// A time in ns as a JSON number of microseconds (an integer when whole).
json us_json(Ns ns);

}  // namespace cmwqsim::io
