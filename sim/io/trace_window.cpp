// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_window.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace cmwqsim::io {

namespace {
// Per thread: whether the scenario itself runs it (a task or a background thread).
std::vector<char> scenario_threads(const Trace& trace) {
  std::vector<char> out(trace.thread_info.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string& g = trace.thread_info[i].group;
    out[i] = g == "tasks" || g == "background";
  }
  return out;
}
}  // namespace

namespace {
// last_work_event_time()'s pass, which also notes whether the events come
// in time order (a simulated trace's do): then what comes after a time is
// a suffix, found without reading the events before it.
struct WorkEnd {
  Ns last = 0;
  bool sorted = true;
};

WorkEnd scan_work_end(const Trace& trace) {
  const std::vector<char> scenario = scenario_threads(trace);
  const auto scenario_thread = [&](int thread) {
    return thread >= 0 && static_cast<std::size_t>(thread) < scenario.size() && scenario[static_cast<std::size_t>(thread)];
  };
  WorkEnd out;
  Ns prev = trace.events.empty() ? 0 : trace.events.front().t;
  for (const TraceEvent& e : trace.events) {
    out.sorted = out.sorted && e.t >= prev;
    prev = e.t;
    // SchedSwitch and SchedWakeup keep other threads in `other`, not `work`.
    const bool sched = e.kind == Ev::SchedSwitch || e.kind == Ev::SchedWakeup;
    if (!(!sched && e.work >= 0) && !scenario_thread(e.thread)) continue;
    out.last = std::max(out.last, e.kind == Ev::Burn ? e.t + e.dur : e.t);
  }
  return out;
}

Ns trace_end_after(const Trace& trace, const WorkEnd& w) {
  const Ns last = w.last;
  std::vector<int> running(static_cast<std::size_t>(std::max(trace.cpus, 1)), kIdleThread);
  const auto in_range = [&](const TraceEvent& e) { return e.cpu >= 0 && static_cast<std::size_t>(e.cpu) < running.size(); };
  auto it = trace.events.begin();
  if (w.sorted) {
    // The events before `last` only set who runs where: their last switch
    // on each CPU, found from the back.
    it = std::partition_point(trace.events.begin(), trace.events.end(), [last](const TraceEvent& e) { return e.t < last; });
    std::vector<char> seen(running.size(), 0);
    std::size_t left = running.size();
    for (auto back = it; left > 0 && back != trace.events.begin();) {
      const TraceEvent& e = *--back;
      if (e.kind != Ev::SchedSwitch || !in_range(e) || seen[e.cpu]) continue;
      seen[e.cpu] = 1;
      running[e.cpu] = e.thread;
      --left;
    }
  }
  for (; it != trace.events.end(); ++it) {
    const TraceEvent& e = *it;
    if (e.kind == Ev::SchedSwitch && in_range(e)) running[e.cpu] = e.thread;
    if (e.t < last) continue;
    const auto next = std::next(it);
    const bool last_at_t = next == trace.events.end() || next->t != e.t;
    if (!last_at_t) continue;
    if (std::all_of(running.begin(), running.end(), [](int th) { return th == kIdleThread; })) return e.t;
  }
  return last;
}
}  // namespace

Ns last_work_event_time(const Trace& trace) { return scan_work_end(trace).last; }

Ns default_trace_end(const Trace& trace) { return trace_end_after(trace, scan_work_end(trace)); }

std::size_t cut_at_default_end(Trace& trace) {
  const WorkEnd w = scan_work_end(trace);
  const Ns end = trace_end_after(trace, w);
  if (!w.sorted || trace.why.on) return cut_after(trace, end);
  const auto from = std::partition_point(trace.events.begin(), trace.events.end(), [end](const TraceEvent& e) { return e.t <= end; });
  const auto dropped = static_cast<std::size_t>(trace.events.end() - from);
  trace.events.erase(from, trace.events.end());
  return dropped;
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
