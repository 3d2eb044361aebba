// SPDX-License-Identifier: GPL-2.0-only
// What left a pool's worklist without a trace event, seen in a trace without
// work pointers: a work re-queued while it runs, and cancelled works.
// process_one_work() never runs a work twice at once on one pool: a worker
// that takes from the worklist a work another worker is executing
// (find_worker_executing_work()) hands it to that worker
// (move_linked_works()), which runs it right after the current execution.
// Used by trace_import.cpp.
#pragma once
#include <map>
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
  bool bh = false;            // run in a softirq (a WQ_BH work), on top of whatever thread ran
  std::vector<std::pair<Ns, Ns>> bh_inside;  // BH executions that interrupted it: not its time
};

// A worker of a bound pool that goes idle ('I') with no other worker of its
// pool running leaves the worklist empty: worker_thread() sleeps only when
// the worklist is empty or another worker runs (keep_working(),
// need_more_worker()). So a work activated on that pool before then and not
// started had left the worklist: cancelled (cancel_work(), disable_work(),
// which trace nothing) or handed to the worker executing it (a collision).
class WorklistWatch {
 public:
  // A switch-out at t; marks such works off_worklist (kworkers of bound pools).
  void switched_out(int pid, const std::string& comm, char state, Ns t, std::vector<Queued>& queued,
                    const std::map<int, bool>& wq_highpri, const std::unordered_map<int, ThreadTimeline>& threads);

 private:
  std::map<std::string, std::vector<int>> workers_;  // bound pool -> its kworkers seen so far
  std::size_t first_open_ = 0;                        // queued before it: all started or off the worklist
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
