// SPDX-License-Identifier: GPL-2.0-only
// A work re-queued while it runs, seen in a trace without work pointers.
// process_one_work() never runs a work twice at once on one pool: a worker
// that takes from the worklist a work another worker is executing
// (find_worker_executing_work()) hands it to that worker
// (move_linked_works()), which runs it right after the current execution.
// Used by trace_import.cpp.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "io/import_rules.hpp"
#include "io/thread_timeline.hpp"

namespace cmwqsim::io::import_rules {

// One work execution of the trace (workqueue_execute_start to _end).
struct Exec {
  int pid = 0, cpu = 0, function = -1, queued = -1;
  Ns start = 0, end = -1;
  bool kicked = false;        // its kworker woke a sibling of its bound pool just before starting it
  std::vector<int> children;  // queue_work calls it made (indices into queued)
  int item = -1;
  int reruns = -1;            // the execution whose work it runs again (a collision)
};

// Marks `reruns` on each execution X that ran its work again after the
// execution P before it, on the same kworker of a bound pool: X starts after
// P ends with no block between (preempted at most), with P's function, and
// its queue_work came while P ran. Only where the trace shows that X's queue_work was not
// on the pool's worklist: a worker of the pool ended an item and went idle
// ('I') while it waited, with no other worker of the pool running
// (keep_working() takes the next work while nr_running <= 1).
void find_collisions(std::vector<Exec>& execs, const std::vector<Queued>& queued,
                     const std::unordered_map<int, ThreadTimeline>& threads, const std::vector<std::string>& names);

}  // namespace cmwqsim::io::import_rules
