// SPDX-License-Identifier: GPL-2.0-only
// Reading ftrace text: the tracefs `trace` file (kernel/trace/trace_output.c's
// line layout) and `trace-cmd report` output, with the TP_printk formats of
// the workqueue and sched tracepoints of 6.1, 6.12 and 7.3
// (include/trace/events/workqueue.h, sched.h), and trace-cmd's sched plugin
// formats. Other events are skipped. A bad line is a TraceReadError naming it.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmwqsim/time.hpp"

namespace cmwqsim::io {

class TraceReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FtraceEvent {
  enum Kind : std::uint8_t { QueueWork, ActivateWork, ExecuteStart, ExecuteEnd, SchedSwitch, SchedWakeup, SchedWaking };
  Ns t = 0;         // the timestamp, in ns
  int line = 0;     // 1-based line of the input
  int cpu = 0;      // the CPU that recorded it
  int pid = 0;      // the task current there (common_pid)
  int comm = -1;    // its name (index into FtraceText::names)
  bool irq = false; // recorded in hard or soft interrupt context (the 'h'/'s' latency flag)
  bool softirq = false;  // in a softirq run at interrupt exit ('s')
  Kind kind = QueueWork;
  // Workqueue events: the work struct as printed, its function, and (QueueWork) the workqueue.
  int work = -1, function = -1, workqueue = -1;
  int req_cpu = -1, pool_cpu = -1;  // QueueWork: as printed (req_cpu NR_CPUS: WORK_CPU_UNBOUND; pool -1: unbound)
  // SchedSwitch: prev -> next; SchedWakeup/Waking: the woken task (prev_*) and target_cpu.
  int prev_pid = -1, prev_comm = -1, prev_prio = 120;
  char prev_state = 0;  // 'R' (preempted), 'S', 'D', 'I', ...
  int next_pid = -1, next_comm = -1, next_prio = 120;
  int target_cpu = -1;
};

struct FtraceText {
  std::vector<FtraceEvent> events;  // in input order
  std::vector<std::string> names;   // comms, functions, workqueues, work pointers
  int cpus = 0;                     // "#P:N" or "cpus=N" of the header, else the highest CPU seen + 1
  long long lost_events = 0;        // the "[LOST n EVENTS]" lines' sum
  int lost_lines = 0;
  int lines = 0;                    // lines read
  bool activate_has_function = false;  // 6.12's workqueue_activate_work format (6.1 has none)
  long long skipped = 0;            // events of other tracepoints
  bool short_comms = false;         // trace-cmd report -l's 8-character comms (made full from the sched events)
};

struct FtraceReadOptions {
  int run = 0;  // > 0: only lines prefixed "RUN:" (kernel-run's .ftrace.txt); 0: any prefix-free text
};

// Parses the text. Throws TraceReadError "line N: ..." for a truncated line,
// an event of a known tracepoint in an unknown format, or a line that is no
// trace event at all.
FtraceText read_ftrace_text(const std::string& text, const FtraceReadOptions& opt = {});

// The text of a trace file: plain text, .xz (through xz -dc), or trace-cmd's
// binary trace.dat (through trace-cmd report), each run without a shell.
// Throws TraceReadError.
std::string load_trace_text(const std::string& path);

// Runs argv[0] (found on PATH) with the arguments, no shell; returns its
// standard output. Throws TraceReadError if it cannot run or exits non-zero.
std::string run_program_output(const std::vector<std::string>& argv);

}  // namespace cmwqsim::io
