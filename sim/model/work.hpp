// Work items (work_struct) and their queued instances.
#pragma once
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::model {

struct Pool;
struct Pwq;

// One work_struct. It is queued at most once at a time (PENDING); each
// successful queueing creates a new instance, and each instance runs once.
struct WorkItem {
  int id = 0;                    // index in Scenario::work (and Trace::works)
  const WorkSpec* spec = nullptr;
  bool pending = false;          // WORK_STRUCT_PENDING
  Pool* last_pool = nullptr;     // set_work_pool_and_clear_pending(): where it last ran
  int instances = 0;             // how many times it was queued
};

// One queueing of a work item, from queue_work() to execute_end.
struct WorkInstance {
  WorkItem* item = nullptr;
  int n = 0;                  // 1-based instance number
  Pwq* pwq = nullptr;
  bool inactive = false;      // WORK_STRUCT_INACTIVE: waiting in pwq->inactive_works
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
