// SPDX-License-Identifier: GPL-2.0-only
#include "io/explained_timeline.hpp"

#include <algorithm>
#include <map>

#include "io/why_text.hpp"

namespace cmwqsim::io {

namespace {
bool same_instance(const TraceEvent& a, const TraceEvent& b) { return a.work == b.work && a.instance == b.instance; }

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}
}  // namespace

std::vector<DetailLine> detail_lines(const Trace& trace) {
  const WhyText names(trace);
  std::vector<DetailLine> out;
  // A thread woken or preempted at some event, until it is switched in.
  std::map<int, std::size_t> waiting;  // thread -> index into out of its pending span
  const auto& ev = trace.events;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const TraceEvent& e = ev[i];
    const std::string thread = names.thread_name(e.thread);
    const std::string work = e.work >= 0 ? names.work_name(work_ref(e.work, e.instance)) : "";
    const std::string where = e.softirq ? " in softirq context" : " on " + thread;
    std::string text;
    switch (e.kind) {
      case Ev::Queue: {
        const bool active = i + 1 < ev.size() && ev[i + 1].kind == Ev::Activate && same_instance(e, ev[i + 1]);
        text = work + (active ? " queued" : " queued inactive");
        break;
      }
      case Ev::Activate: text = work + " activated"; break;
      case Ev::Start: text = work + " starts" + where + (e.next == Next::Burn ? " and burns CPU" : ""); break;
      case Ev::Sleep: text = work + " sleeps"; break;
      case Ev::Wake: text = work + "'s sleep ends; runnable"; break;
      case Ev::Resume: text = work + " gets the CPU back" + where + (e.next == Next::Burn ? " and burns CPU" : ""); break;
      case Ev::Finish: text = work + " finishes"; break;
      case Ev::CpuIntensive: text = work + " marked CPU-intensive"; break;
      case Ev::Cancel: text = work + " cancelled"; break;
      case Ev::WorkerCreate: text = thread + " created"; break;
      case Ev::WorkerWake: text = thread + " woken"; break;
      case Ev::WorkerIdle: text = thread + " goes idle"; break;
      case Ev::WorkerDestroy: text = thread + " destroyed"; break;
      case Ev::Mayday: text = "mayday: " + thread + " called"; break;
      case Ev::SchedWakeup:
        waiting[e.thread] = out.size();
        out.push_back(DetailLine{e.t, -1, e.cpu, thread + " runnable, waiting", i});
        continue;
      case Ev::SchedSwitch: {
        if (auto it = waiting.find(e.thread); it != waiting.end()) {  // the wait ends
          out[it->second].t_end = e.t;
          waiting.erase(it);
        }
        if (e.state != 'R' || e.other < 0) continue;
        waiting[e.other] = out.size();
        out.push_back(DetailLine{e.t, -1, e.cpu, names.thread_name(e.other) + " preempted by " + thread + "; runnable, waiting", i});
        continue;
      }
      case Ev::Burn: continue;
    }
    out.push_back(DetailLine{e.t, -1, e.cpu, text, i});
  }
  // A wake-up that ran at once waited for nothing, and the doc's scheduler
  // runs a woken thread's bookkeeping at once: no line.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const DetailLine& l) {
                             return ev[l.event].kind == Ev::SchedWakeup &&
                                    (l.t_end == l.t || trace.scheduler == Scheduler::Doc);
                           }),
            out.end());
  return out;
}

std::string detail_text(const Trace& trace, bool causes) {
  const WhyText why(trace);
  const std::vector<DetailLine> lines = detail_lines(trace);
  std::vector<std::string> times;
  std::size_t width = unit_header(trace.unit).size();
  for (const DetailLine& l : lines) {
    std::string t = format_time(l.t, trace.unit);
    const TraceEvent& e = trace.events[l.event];
    if (e.kind == Ev::SchedWakeup || (e.kind == Ev::SchedSwitch && l.t_end != l.t))  // a span; open if it lasts past the trace
      t += "-" + (l.t_end >= 0 ? format_time(l.t_end, trace.unit) : std::string("end"));
    width = std::max(width, t.size());
    times.push_back(std::move(t));
  }
  std::string s = pad(unit_header(trace.unit), width) + "  CPU   EVENT\n";
  const std::string indent(width + 10, ' ');
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const DetailLine& l = lines[k];
    s += pad(times[k], width) + "  " + pad(l.cpu < 0 ? "-" : "CPU" + std::to_string(l.cpu), 6) + l.text + "\n";
    if (!causes) continue;
    const std::string c = why.of_event(l.event);
    s += indent + (c.empty() ? "(no cause recorded)" : c) + "\n";
  }
  return s;
}

}  // namespace cmwqsim::io
