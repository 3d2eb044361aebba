// SPDX-License-Identifier: GPL-2.0-only
// The trace in Chrome's Trace Event JSON (chrome://tracing, Perfetto).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// Processes: "CPUs" (a thread per CPU: what burns there) and one per thread
// group (each pool, rescuers, tasks). Threads: the kernel threads, with an
// X slice per work execution and, nested, per burn; instants for queue and
// activate; a flow arrow from each queueing to its start.
nlohmann::json chrome_trace(const Trace& trace);
// Each trace event, in order (chrome_trace() collects them).
void chrome_trace_events(const Trace& trace, const std::function<void(nlohmann::json&&)>& emit);
// The bytes of chrome_trace(trace).dump(), without building the document.
void write_chrome_trace(const Trace& trace, std::ostream& out);

}  // namespace cmwqsim::io
