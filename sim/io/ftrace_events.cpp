// SPDX-License-Identifier: GPL-2.0-only
#include "io/ftrace_events.hpp"

#include <vector>

#include "cmwqsim/kernel_rules.hpp"

namespace cmwqsim::io {

const char* to_string(FtraceEvent e) {
  switch (e) {
    case FtraceEvent::QueueWork: return "workqueue_queue_work";
    case FtraceEvent::ActivateWork: return "workqueue_activate_work";
    case FtraceEvent::ExecuteStart: return "workqueue_execute_start";
    case FtraceEvent::ExecuteEnd: return "workqueue_execute_end";
    case FtraceEvent::SchedWaking: return "sched_waking";
    case FtraceEvent::SchedWakeup: return "sched_wakeup";
    case FtraceEvent::SchedSwitch: return "sched_switch";
  }
  return "?";
}

namespace {
class Walker {
 public:
  explicit Walker(const Trace& t) : t_(t), current_(static_cast<std::size_t>(t.cpus), -3) {}

  // The task a thread id stands for on `cpu` (kIdleThread: swapper; -1: the
  // CPU's current task, as interrupt context shows it).
  FtraceTask task(int id, int cpu) const {
    if (id == -1) id = current_.at(cpu) == -3 ? kIdleThread : current_.at(cpu);
    if (id == kIdleThread) return {"<idle>", 0, 120};
    std::string comm = t_.thread_name(id).substr(0, 15);  // TASK_COMM_LEN - 1
    int pid = id < static_cast<int>(t_.thread_info.size()) ? t_.thread_info[id].pid : 100 + id;
    int nice = id < static_cast<int>(t_.thread_info.size()) ? t_.thread_info[id].nice : 0;
    return {comm, pid, 120 + nice};
  }

  std::uint64_t pointer(const TraceEvent& e) const {  // %p: a stable, made-up hashed pointer
    return 0xf3a10000ULL + static_cast<std::uint64_t>(e.work) * 0x1000ULL +
           (t_.works.at(e.work) == "wq_barrier_func" ? static_cast<std::uint64_t>(e.instance) * 0x40ULL : 0);
  }
  std::string function(const TraceEvent& e) const {
    const std::string& n = t_.works.at(e.work);
    return n == "wq_barrier_func" ? n : n + "_fn";
  }

  void run(const std::function<void(const FtraceRecord&)>& f) {
    const bool activate_function = kernel_rules(t_.kernel).activate_trace_has_function;
    for (const TraceEvent& e : t_.events) {
      const bool irq = e.thread == -1;
      FtraceRecord r;
      r.t = e.t;
      r.cpu = e.cpu;
      r.ctx = task(e.thread, e.cpu);
      // In softirq context (a BH item): the interrupted task's (or
      // ksoftirqd's) line with the softirq flag, as trace_output.c prints it.
      r.flags = irq ? "d.h1." : e.softirq ? "..s.." : ".....";
      const char* locked = irq ? "d.h1." : e.softirq ? "d.s1." : "d..1.";  // irqs off, pool->lock held
      switch (e.kind) {
        case Ev::Queue:
          r.event = FtraceEvent::QueueWork;
          r.flags = locked;
          r.work = pointer(e);
          r.function = function(e);
          r.workqueue = e.work < static_cast<int>(t_.work_wq.size()) ? t_.work_wq[e.work] : "";
          r.req_cpu = e.req_cpu < 0 ? e.cpu : e.req_cpu;
          r.pool_cpu = e.pool_cpu;
          f(r);
          break;
        case Ev::Activate:
          r.event = FtraceEvent::ActivateWork;
          r.flags = locked;
          r.work = pointer(e);
          r.function = function(e);
          r.activate_has_function = activate_function;
          f(r);
          break;
        case Ev::Start:
        case Ev::Finish:
          r.event = e.kind == Ev::Start ? FtraceEvent::ExecuteStart : FtraceEvent::ExecuteEnd;
          r.work = pointer(e);
          r.function = function(e);
          f(r);
          break;
        case Ev::SchedWakeup:
          r.ctx = task(e.other, e.cpu);
          r.task = task(e.thread, e.cpu);
          r.target_cpu = e.cpu;
          r.event = FtraceEvent::SchedWaking;
          r.flags = e.other == -1 ? "d.h3." : e.softirq ? "d.s3." : "d..3.";
          f(r);
          r.event = FtraceEvent::SchedWakeup;
          r.flags = e.other == -1 ? "d.h4." : e.softirq ? "d.s4." : "d..4.";
          f(r);
          break;
        case Ev::SchedSwitch:
          r.event = FtraceEvent::SchedSwitch;
          r.flags = "d..2.";
          r.ctx = task(e.other, e.cpu);
          r.task = r.ctx;
          r.next = task(e.thread, e.cpu);
          if (r.task.pid == 0) r.task.comm = "swapper/" + std::to_string(e.cpu);
          if (r.next.pid == 0) r.next.comm = "swapper/" + std::to_string(e.cpu);
          r.prev_state = e.state == 'R' && e.other != kIdleThread ? "R+" : std::string(1, e.state ? e.state : 'R');
          f(r);
          current_.at(e.cpu) = e.thread;
          break;
        default:
          break;  // no tracepoint
      }
    }
  }

 private:
  const Trace& t_;
  std::vector<int> current_;  // per CPU: the running thread (-3: not seen yet: idle)
};
}  // namespace

void for_each_ftrace_record(const Trace& trace, const std::function<void(const FtraceRecord&)>& f) {
  Walker(trace).run(f);
}

std::size_t ftrace_record_count(const Trace& trace) {
  std::size_t n = 0;
  for (const TraceEvent& e : trace.events) {
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

}  // namespace cmwqsim::io
