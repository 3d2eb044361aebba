// The trace in Chrome's Trace Event JSON (chrome://tracing, Perfetto).
#pragma once
#include <nlohmann/json.hpp>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// Processes: "CPUs" (a thread per CPU: what burns there) and one per thread
// group (each pool, rescuers, tasks). Threads: the kernel threads, with an
// X slice per work execution and, nested, per burn; instants for queue and
// activate; a flow arrow from each queueing to its start.
nlohmann::json chrome_trace(const Trace& trace);

}  // namespace cmwqsim::io
