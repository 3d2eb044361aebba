// SPDX-License-Identifier: GPL-2.0-only
// Two runs lined up event by event (cmwq-sim diff): every event kind but
// the burns (the scheduler's switches and wake-ups on request), each under
// a key that names its subject ("w1#1 finish", "kworker/0:1 worker_create",
// a second occurrence "... 2"), paired across the runs; the differing ones
// (only on one side, or at another time or CPU), and the first of them.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct KeyedEvent {
  std::string key;
  std::size_t event = 0;  // index into Trace::events
};

struct DiffOptions {
  bool work_only = false;  // only the work items' events (queue ... finish, CPU-intensive marks, cancels)
  bool sched = false;      // also sched_switch and sched_wakeup
  Ns tolerance = 0;        // a larger time difference differs
};

// The compared events of a trace under their keys, in trace order. The work
// items' keys are compare's ("w0#1 start", "w0#1 sleep 2").
std::vector<KeyedEvent> keyed_events(const Trace& t, const DiffOptions& o);

struct DiffRow {
  std::string key;
  std::optional<std::size_t> a, b;  // the event on each side (none: only the other has it)
  bool differs = false;
};

struct TraceDiff {
  std::vector<DiffRow> rows;     // lined up: by the earlier side's time, then A's order
  std::vector<std::size_t> differing;  // indices into rows, in that order
  std::size_t compared = 0;
};

TraceDiff diff_traces(const Trace& a, const Trace& b, const DiffOptions& o);

// "w1#1 finish: A 20 on CPU0 (kworker/0:1), B 25 on CPU0 (kworker/0:1)";
// a side without the event says "no such event".
std::string diff_row_text(const Trace& a, const Trace& b, const DiffRow& r);

}  // namespace cmwqsim::io
