// SPDX-License-Identifier: GPL-2.0-only
// An ftrace of a real machine as a replayable scenario (cmwq-sim import):
// each work execution an item (queued where and when workqueue_queue_work
// says, its program rebuilt from its kworker's sched_switch and
// sched_wakeup), each other thread on a CPU a task. Also the real queue,
// start and finish times, as a trace to compare the replay with.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"
#include "io/ftrace_reader.hpp"
#include "io/json_reader.hpp"

namespace cmwqsim::io {

struct ImportOptions {
  std::string file;                       // recorded in "source"
  std::string kernel;                     // 6.1, 6.12, 7.3; "" = guessed from the event formats
  std::optional<Ns> from, to;             // a window of trace time
  std::vector<std::string> workqueues;    // keep only the items of these (empty: all)
  bool only_workqueues = false;           // no tasks
  std::vector<std::string> wq_overrides;  // "NAME:FLAGS:MAX" (FLAGS a|b|c; empty FLAGS or MAX keeps)
};

struct ImportResult {
  json scenario;
  Trace observed;                  // queue, start and finish of every item, in the scenario's time
  std::vector<std::string> notes;  // what was left out or guessed
};

// Throws TraceReadError (no workqueue events, ...) or ScenarioError (--wq).
ImportResult import_ftrace(const FtraceText& ft, const ImportOptions& opt);

}  // namespace cmwqsim::io
