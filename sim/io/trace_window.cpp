// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_window.hpp"

#include <algorithm>
#include <vector>

namespace cmwqsim::io {

namespace {
bool scenario_thread(const Trace& trace, int thread) {
  if (thread < 0 || static_cast<std::size_t>(thread) >= trace.thread_info.size()) return false;
  const std::string& g = trace.thread_info[thread].group;
  return g == "tasks" || g == "background";
}
}  // namespace

Ns last_work_event_time(const Trace& trace) {
  Ns end = 0;
  for (const TraceEvent& e : trace.events) {
    // SchedSwitch and SchedWakeup keep other threads in `other`, not `work`.
    const bool sched = e.kind == Ev::SchedSwitch || e.kind == Ev::SchedWakeup;
    if (!(!sched && e.work >= 0) && !scenario_thread(trace, e.thread)) continue;
    end = std::max(end, e.kind == Ev::Burn ? e.t + e.dur : e.t);
  }
  return end;
}

Ns default_trace_end(const Trace& trace) {
  const Ns last = last_work_event_time(trace);
  std::vector<int> running(static_cast<std::size_t>(std::max(trace.cpus, 1)), kIdleThread);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const TraceEvent& e = trace.events[i];
    if (e.kind == Ev::SchedSwitch && e.cpu >= 0 && static_cast<std::size_t>(e.cpu) < running.size())
      running[e.cpu] = e.thread;
    const bool last_at_t = i + 1 == trace.events.size() || trace.events[i + 1].t != e.t;
    if (e.t < last || !last_at_t) continue;
    if (std::all_of(running.begin(), running.end(), [](int th) { return th == kIdleThread; })) return e.t;
  }
  return last;
}

std::size_t cut_after(Trace& trace, Ns end) {
  const std::size_t before = trace.events.size();
  if (trace.why.on) {  // the causes stay with their events
    std::vector<Why> kept;
    for (std::size_t i = 0; i < trace.events.size(); ++i)
      if (trace.events[i].t <= end) kept.push_back(i < trace.why.by_event.size() ? trace.why.by_event[i] : Why{});
    trace.why.by_event = std::move(kept);
  }
  trace.events.erase(std::remove_if(trace.events.begin(), trace.events.end(),
                                    [end](const TraceEvent& e) { return e.t > end; }),
                     trace.events.end());
  return before - trace.events.size();
}

}  // namespace cmwqsim::io
