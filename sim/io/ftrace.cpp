#include "io/ftrace.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <ostream>
#include <sstream>
#include <vector>

#include "cmwqsim/kernel_rules.hpp"

namespace cmwqsim::io {

namespace {
struct Task {
  std::string comm;
  int pid = 0;
  int prio = 120;
};

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

class Writer {
 public:
  explicit Writer(const Trace& t) : t_(t), current_(t.cpus, -3) {}

  // The task a thread id stands for on `cpu` (kIdleThread: swapper; -1: the
  // CPU's current task, as interrupt context shows it).
  Task task(int id, int cpu) const {
    if (id == -1) id = current_.at(cpu) == -3 ? kIdleThread : current_.at(cpu);
    if (id == kIdleThread) return {"<idle>", 0, 120};
    std::string comm = t_.thread_name(id).substr(0, 15);  // TASK_COMM_LEN - 1
    int pid = id < static_cast<int>(t_.thread_info.size()) ? t_.thread_info[id].pid : 100 + id;
    int nice = id < static_cast<int>(t_.thread_info.size()) ? t_.thread_info[id].nice : 0;
    return {comm, pid, 120 + nice};
  }

  void line(const Task& ctx, int cpu, const char* flags, Ns t, const std::string& event, const std::string& text) {
    char b[640];
    int n = std::snprintf(b, sizeof b, "%16s-%-7d [%03d] %s %5" PRId64 ".%06" PRId64 ": %s: %s\n", ctx.comm.c_str(),
                          ctx.pid, cpu, flags, t / 1'000'000'000, (t / 1000) % 1'000'000, event.c_str(), text.c_str());
    buf_.append(b, static_cast<std::size_t>(std::min<int>(n, sizeof b - 1)));
    if (buf_.size() > (1 << 16)) {
      *out_ << buf_;
      buf_.clear();
    }
  }

  // The lines the events make (the header says how many before they follow).
  std::size_t count_lines() const {
    std::size_t n = 0;
    for (const TraceEvent& e : t_.events) {
      switch (e.kind) {
        case Ev::Queue:
        case Ev::Activate:
        case Ev::Start:
        case Ev::Finish:
        case Ev::SchedSwitch: n += 1; break;
        case Ev::SchedWakeup: n += 2; break;  // sched_waking, sched_wakeup
        default: break;
      }
    }
    return n;
  }

  std::string pointer(const TraceEvent& e) const {  // %p: a stable, made-up hashed pointer
    return fmt("%016" PRIx64, static_cast<std::uint64_t>(0xf3a10000ULL + e.work * 0x1000ULL +
                                                             (t_.works.at(e.work) == "wq_barrier_func" ? e.instance * 0x40ULL : 0)));
  }
  std::string function(const TraceEvent& e) const {
    const std::string& n = t_.works.at(e.work);
    return n == "wq_barrier_func" ? n : n + "_fn";
  }

  void run(std::ostream& out) {
    out_ = &out;
    const std::size_t lines = count_lines();
    out << "# tracer: nop\n#\n"
        << fmt("# entries-in-buffer/entries-written: %zu/%zu   #P:%d\n", lines, lines, t_.cpus)
        << "#\n"
           "#                                _-----=> irqs-off/BH-disabled\n"
           "#                               / _----=> need-resched\n"
           "#                              | / _---=> hardirq/softirq\n"
           "#                              || / _--=> preempt-depth\n"
           "#                              ||| / _-=> migrate-disable\n"
           "#                              |||| /     delay\n"
           "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
           "#              | |         |   |||||     |         |\n";
    const bool activate_function = kernel_rules(t_.kernel).activate_trace_has_function;
    for (const TraceEvent& e : t_.events) {
      const bool irq = e.thread == -1;
      Task ctx = task(e.thread, e.cpu);
      // In softirq context (a BH item): the interrupted task's (or
      // ksoftirqd's) line with the softirq flag, as trace_output.c prints it.
      const char* flags = irq ? "d.h1." : e.softirq ? "..s.." : ".....";
      const char* locked = irq ? "d.h1." : e.softirq ? "d.s1." : "d..1.";  // irqs off, pool->lock held
      switch (e.kind) {
        case Ev::Queue: {
          std::string wq = e.work < static_cast<int>(t_.work_wq.size()) ? t_.work_wq[e.work] : "";
          line(ctx, e.cpu, locked, e.t, "workqueue_queue_work",
               fmt("work struct=%s function=%s workqueue=%s req_cpu=%d cpu=%d", pointer(e).c_str(), function(e).c_str(),
                   wq.c_str(), e.req_cpu < 0 ? e.cpu : e.req_cpu, e.pool_cpu));
          break;
        }
        case Ev::Activate:
          line(ctx, e.cpu, locked, e.t, "workqueue_activate_work",
               activate_function ? fmt("work struct %s function=%s ", pointer(e).c_str(), function(e).c_str())
                    : fmt("work struct %s", pointer(e).c_str()));
          break;
        case Ev::Start:
        case Ev::Finish:
          line(ctx, e.cpu, flags, e.t, e.kind == Ev::Start ? "workqueue_execute_start" : "workqueue_execute_end",
               fmt("work struct %s: function %s", pointer(e).c_str(), function(e).c_str()));
          break;
        case Ev::SchedWakeup: {
          Task waker = task(e.other, e.cpu), wakee = task(e.thread, e.cpu);
          std::string args = fmt("comm=%s pid=%d prio=%d target_cpu=%03d", wakee.comm.c_str(), wakee.pid, wakee.prio, e.cpu);
          const char* f = e.other == -1 ? "d.h3." : e.softirq ? "d.s3." : "d..3.";
          line(waker, e.cpu, f, e.t, "sched_waking", args);
          line(waker, e.cpu, e.other == -1 ? "d.h4." : e.softirq ? "d.s4." : "d..4.", e.t, "sched_wakeup", args);
          break;
        }
        case Ev::SchedSwitch: {
          Task prev = task(e.other, e.cpu), next = task(e.thread, e.cpu);
          if (prev.pid == 0) prev.comm = fmt("swapper/%d", e.cpu);
          std::string state = e.state == 'R' && e.other != kIdleThread ? "R+" : std::string(1, e.state ? e.state : 'R');
          Task ctx_prev = task(e.other, e.cpu);
          std::string next_comm = next.pid == 0 ? fmt("swapper/%d", e.cpu) : next.comm;
          line(ctx_prev, e.cpu, "d..2.", e.t, "sched_switch",
               fmt("prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s ==> next_comm=%s next_pid=%d next_prio=%d",
                   prev.comm.c_str(), prev.pid, prev.prio, state.c_str(), next_comm.c_str(), next.pid, next.prio));
          current_.at(e.cpu) = e.thread;
          break;
        }
        default:
          break;  // no tracepoint
      }
    }
    *out_ << buf_;
    buf_.clear();
  }

 private:
  const Trace& t_;
  std::vector<int> current_;  // per CPU: the running thread (-3: not seen yet: idle)
  std::ostream* out_ = nullptr;
  std::string buf_;  // lines not yet written
};
}  // namespace

void write_ftrace(const Trace& trace, std::ostream& out) { Writer(trace).run(out); }

std::string ftrace_text(const Trace& trace) {
  std::ostringstream out;
  write_ftrace(trace, out);
  return out.str();
}

}  // namespace cmwqsim::io
