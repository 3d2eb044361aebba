// SPDX-License-Identifier: GPL-2.0-only
// Where a written trace ends. By default at the last work event: after the
// scenario's work, tasks and background threads are done, the only thing
// left is the idle-worker culling (idle_worker_timeout() ~300 s later),
// which would turn milliseconds of activity into a sliver in a viewer.
#pragma once
#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// The time of the trace's last work event: the latest event of a work item
// (a burn counts until it ends), of a task or of a background thread. 0 if
// there is none.
Ns last_work_event_time(const Trace& trace);

// Where a trace ends by default: the first time at or after the last work
// event when every CPU runs its idle thread (the switch to idle after the
// last finish, a context switch later, stays); the last work event's time
// if the CPUs never all go idle.
Ns default_trace_end(const Trace& trace);

// Drops every event after `end` (events at `end` stay, as the switch to idle
// after the last finish). Returns how many were dropped.
std::size_t cut_after(Trace& trace, Ns end);

// cut_after(trace, default_trace_end(trace)), reading the events once
// where they come in time order.
std::size_t cut_at_default_end(Trace& trace);

}  // namespace cmwqsim::io
