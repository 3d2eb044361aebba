// SPDX-License-Identifier: GPL-2.0-only
// Work items (work_struct) and their queued instances.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::engine {
class Thread;
}

namespace cmwqsim::model {

struct Pool;
struct Pwq;
struct WorkInstance;

// One work_struct (a delayed_work when its timer is used). It is queued at
// most once at a time (PENDING); each successful queueing creates a new
// instance, and each instance runs once.
struct WorkItem {
  int id = 0;                    // index in Trace::works
  const WorkSpec* spec = nullptr;  // nullptr for a flush barrier
  bool pending = false;          // WORK_STRUCT_PENDING
  Pool* last_pool = nullptr;     // set_work_pool_and_clear_pending(): where it last ran
  int instances = 0;             // how many times it was queued
  WorkInstance* queued = nullptr;  // the instance on a list, while PENDING and not in the timer
  // delayed_work's timer
  bool timer_pending = false;
  std::uint64_t timer_gen = 0;   // bumped on every arm/delete: stale expiries are ignored
  int timer_cpu = 0;
  bool canceling = false;        // cancel_work_sync() in progress: queueing fails
  int disable_count = 0;         // disable_work() depth (6.10+): queueing fails while > 0
};

// One queueing of a work item, from queue_work() to execute_end; or a flush
// barrier (struct wq_barrier).
struct WorkInstance {
  WorkItem* item = nullptr;
  int n = 0;                  // 1-based instance number
  Pwq* pwq = nullptr;
  bool inactive = false;      // WORK_STRUCT_INACTIVE: not counted in nr_active
  bool barrier = false;       // wq_barrier_func
  engine::Thread* waiter = nullptr;  // barrier: the flusher to wake
  WorkInstance* linked = nullptr;    // WORK_STRUCT_LINKED: the barrier right behind this one
  long long color = 0;        // flush colour
  bool done = false;          // finished or cancelled
};

// One work_struct per scenario item, in file order.
inline std::vector<WorkItem> work_items_of(const Scenario& sc) {
  std::vector<WorkItem> items(sc.work.size());
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    items[i].id = static_cast<int>(i);
    items[i].spec = &sc.work[i];
  }
  return items;
}

}  // namespace cmwqsim::model
