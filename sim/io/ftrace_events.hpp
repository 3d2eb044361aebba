// SPDX-License-Identifier: GPL-2.0-only
// The tracepoint records a trace makes, as the kernel would log them:
// workqueue_queue_work, workqueue_activate_work, workqueue_execute_start/end,
// sched_waking, sched_wakeup and sched_switch, each with its task context,
// CPU, flags and fields. The ftrace text (ftrace.cpp) and trace.dat
// (trace_dat.cpp) writers print the same records.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct FtraceTask {
  std::string comm;  // at most TASK_COMM_LEN - 1 characters
  int pid = 0;
  int prio = 120;
};

enum class FtraceEvent { QueueWork, ActivateWork, ExecuteStart, ExecuteEnd, SchedWaking, SchedWakeup, SchedSwitch };
const char* to_string(FtraceEvent e);

struct FtraceRecord {
  FtraceEvent event = FtraceEvent::QueueWork;
  Ns t = 0;
  int cpu = 0;
  const char* flags = ".....";  // irqs-off, need-resched, hardirq/softirq, preempt-depth, migrate-disable
  FtraceTask ctx;               // the task the CPU runs (<idle> in interrupts on an idle CPU)
  // workqueue_*: the work struct (a made-up hashed pointer) and its function.
  std::uint64_t work = 0;
  std::string function, workqueue;
  int req_cpu = 0, pool_cpu = 0;       // workqueue_queue_work
  bool activate_has_function = false;  // workqueue_activate_work prints the function (7.x)
  // sched_waking/sched_wakeup: `task` woken on target_cpu; sched_switch: `task`
  // (prev, in prev_state: "S", "D", "I", "R" or "R+" preempted) to `next`.
  FtraceTask task, next;
  std::string prev_state;
  int target_cpu = 0;
};

// The records of the trace, in order.
void for_each_ftrace_record(const Trace& trace, const std::function<void(const FtraceRecord&)>& f);
// How many there are (the ftrace header says it first).
std::size_t ftrace_record_count(const Trace& trace);

}  // namespace cmwqsim::io
