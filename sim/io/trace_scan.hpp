// SPDX-License-Identifier: GPL-2.0-only
// The importer's one pass over a trace (trace_import.cpp builds the
// scenario from it): each thread's stretches on the CPUs, the queue_work
// calls, the executions and their collisions, what the pools' wake-ups say
// of their priority, and max_active as the activations show it.
#pragma once
#include <unordered_map>
#include <vector>

#include "io/ftrace_reader.hpp"
#include "io/import_collisions.hpp"
#include "io/import_rules.hpp"
#include "io/thread_timeline.hpp"
#include "io/trace_import.hpp"

namespace cmwqsim::io {

struct TraceScan {
  std::unordered_map<int, ThreadTimeline> threads;  // by pid
  std::vector<import_rules::Queued> queued;         // the queue_work calls, in trace order
  std::vector<import_rules::Exec> execs;            // the executions, in trace order
  import_rules::MaxActiveGuess guess;
  Ns origin = -1;  // time 0: the last tick at or before the first event kept (-1: none)
};

// The events in opt.from..opt.to; has_wakeup: the trace has sched_wakeup
// (else the wake-ups are read from sched_waking).
TraceScan scan_import_trace(const FtraceText& ft, const ImportOptions& opt, bool has_wakeup);

}  // namespace cmwqsim::io
