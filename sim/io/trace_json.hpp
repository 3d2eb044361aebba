// SPDX-License-Identifier: GPL-2.0-only
// The JSON event trace (`cmwq-sim run --format json`), both ways.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// with_events false: "events" is empty (write_trace_json() streams them).
// with_works false: "works" and "workqueues_of_works" are empty too (write_trace_json() streams them).
nlohmann::json trace_to_json(const Trace& trace, bool with_events = true, bool with_works = true);

// The fields of one event, in order, for both trace writers (trace_to_json()
// and write_trace_json()): out.number(key, v), out.text(key, s),
// out.thread(key, thread id, cpu) and out.work(key, work id; -1: null).
template <class Out>
void event_fields(const TraceEvent& e, Out& out) {
  out.number("t_ns", e.t);
  out.number("cpu", e.cpu);
  out.thread("thread", e.thread, e.cpu);
  out.work("work", e.work);
  out.text("event", to_string(e.kind));
  if (e.work >= 0) out.number("instance", e.instance);
  if (e.kind == Ev::Burn) out.number("dur_ns", e.dur);
  if ((e.kind == Ev::Start || e.kind == Ev::Resume) && e.next != Next::None) out.text("next", to_string(e.next));
  if (e.pid >= 0) out.number("pid", e.pid);
  if (e.kind == Ev::SchedSwitch) {
    out.thread("prev", e.other, e.cpu);
    out.text("prev_state", std::string(1, e.state));
  }
  if (e.kind == Ev::SchedWakeup) out.thread("waker", e.other, e.cpu);
  if (e.softirq) out.text("context", "softirq");  // "thread": the interrupted thread, or ksoftirqd/N
  if (e.kind == Ev::Queue && e.req_cpu >= 0) {
    out.number("req_cpu", e.req_cpu);
    out.number("pool_cpu", e.pool_cpu);
  }
}
// Throws ScenarioError (with a JSON path) on a malformed trace.
Trace trace_from_json(const nlohmann::json& j);
// Whether a JSON document is a trace (it has "events") rather than a scenario.
bool is_trace_json(const nlohmann::json& j);

}  // namespace cmwqsim::io
