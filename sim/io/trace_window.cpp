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

Ns last_work_event_time(const Trace& trace) {
  const std::vector<char> scenario = scenario_threads(trace);
  const auto scenario_thread = [&](int thread) {
    return thread >= 0 && static_cast<std::size_t>(thread) < scenario.size() && scenario[static_cast<std::size_t>(thread)];
  };
  Ns end = 0;
  for (const TraceEvent& e : trace.events) {
    // SchedSwitch and SchedWakeup keep other threads in `other`, not `work`.
    const bool sched = e.kind == Ev::SchedSwitch || e.kind == Ev::SchedWakeup;
    if (!(!sched && e.work >= 0) && !scenario_thread(e.thread)) continue;
    end = std::max(end, e.kind == Ev::Burn ? e.t + e.dur : e.t);
  }
  return end;
}

Ns default_trace_end(const Trace& trace) {
  const Ns last = last_work_event_time(trace);
  std::vector<int> running(static_cast<std::size_t>(std::max(trace.cpus, 1)), kIdleThread);
  for (auto it = trace.events.begin(); it != trace.events.end(); ++it) {
    const TraceEvent& e = *it;
    if (e.kind == Ev::SchedSwitch && e.cpu >= 0 && static_cast<std::size_t>(e.cpu) < running.size())
      running[e.cpu] = e.thread;
    if (e.t < last) continue;
    const auto next = std::next(it);
    const bool last_at_t = next == trace.events.end() || next->t != e.t;
    if (!last_at_t) continue;
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
