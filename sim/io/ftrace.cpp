// SPDX-License-Identifier: GPL-2.0-only
#include "io/ftrace.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "io/ftrace_events.hpp"

namespace cmwqsim::io {

namespace {
std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

// The TP_printk() text of a record.
std::string fields_text(const FtraceRecord& r) {
  const std::string ptr = fmt("%016" PRIx64, r.work);
  switch (r.event) {
    case FtraceEvent::QueueWork:
      return fmt("work struct=%s function=%s workqueue=%s req_cpu=%d cpu=%d", ptr.c_str(), r.function.c_str(),
                 r.workqueue.c_str(), r.req_cpu, r.pool_cpu);
    case FtraceEvent::ActivateWork:
      return r.activate_has_function ? fmt("work struct %s function=%s ", ptr.c_str(), r.function.c_str())
                                     : fmt("work struct %s", ptr.c_str());
    case FtraceEvent::ExecuteStart:
    case FtraceEvent::ExecuteEnd:
      return fmt("work struct %s: function %s", ptr.c_str(), r.function.c_str());
    case FtraceEvent::SchedWaking:
    case FtraceEvent::SchedWakeup:
      return fmt("comm=%s pid=%d prio=%d target_cpu=%03d", r.task.comm.c_str(), r.task.pid, r.task.prio, r.target_cpu);
    case FtraceEvent::SchedSwitch:
      return fmt("prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s ==> next_comm=%s next_pid=%d next_prio=%d",
                 r.task.comm.c_str(), r.task.pid, r.task.prio, r.prev_state.c_str(), r.next.comm.c_str(), r.next.pid,
                 r.next.prio);
  }
  return "";
}
}  // namespace

void write_ftrace(const Trace& trace, std::ostream& out) {
  const std::size_t lines = ftrace_record_count(trace);
  out << "# tracer: nop\n#\n"
      << fmt("# entries-in-buffer/entries-written: %zu/%zu   #P:%d\n", lines, lines, trace.cpus)
      << "#\n"
         "#                                _-----=> irqs-off/BH-disabled\n"
         "#                               / _----=> need-resched\n"
         "#                              | / _---=> hardirq/softirq\n"
         "#                              || / _--=> preempt-depth\n"
         "#                              ||| / _-=> migrate-disable\n"
         "#                              |||| /     delay\n"
         "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
         "#              | |         |   |||||     |         |\n";
  std::string buf;  // lines not yet written
  for_each_ftrace_record(trace, [&](const FtraceRecord& r) {
    char b[640];
    const std::string text = fields_text(r);
    int n = std::snprintf(b, sizeof b, "%16s-%-7d [%03d] %s %5" PRId64 ".%06" PRId64 ": %s: %s\n", r.ctx.comm.c_str(),
                          r.ctx.pid, r.cpu, r.flags, r.t / 1'000'000'000, (r.t / 1000) % 1'000'000, to_string(r.event),
                          text.c_str());
    buf.append(b, static_cast<std::size_t>(std::min<int>(n, sizeof b - 1)));
    if (buf.size() > (1 << 16)) {
      out << buf;
      buf.clear();
    }
  });
  out << buf;
}

std::string ftrace_text(const Trace& trace) {
  std::ostringstream out;
  write_ftrace(trace, out);
  return out.str();
}

}  // namespace cmwqsim::io
