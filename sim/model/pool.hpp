// SPDX-License-Identifier: GPL-2.0-only
// struct worker_pool and its policy predicates (kernel/workqueue.c, v6.3).
#pragma once
#include <cstdint>
#include <deque>
#include <list>
#include <set>
#include <unordered_map>
#include <vector>

#include "model/work.hpp"

namespace cmwqsim::model {

class Worker;

struct Pool {
  int id = 0;
  int cpu = -1;        // -1 for unbound pools
  int nice = 0;        // 0 normal, -20 highpri (HIGHPRI_NICE_LEVEL)
  // POOL_BH: one of a CPU's two BH pools (bh_worker_pools), whose one
  // pseudo-worker (no task) runs items in softirq context (bh_worker.cpp).
  bool bh = false;
  std::vector<int> pod;      // unbound: __pod_cpumask
  std::vector<int> allowed;  // unbound: where its workers may run (the pod if strict)
  bool unbound() const { return cpu < 0; }

  std::deque<WorkInstance*> worklist;  // active items, FIFO by activation
  int nr_running = 0;
  int nr_workers = 0;
  int nr_idle = 0;
  std::list<Worker*> idle_list;        // LIFO: head = most recently idled
  bool manager_active = false;         // POOL_MANAGER_ACTIVE
  std::unordered_map<const WorkItem*, Worker*> busy_hash;  // executing workers, by item
  std::vector<Worker*> all_workers;    // attached workers
  std::set<int> free_ids;              // the worker ida: lowest free id first
  int next_id = 0;
  std::uint64_t mayday_gen = 0;        // mayday_timer: armed while the manager creates
  bool mayday_armed = false;
  std::uint64_t idle_gen = 0;          // idle_timer: culls idle workers after 300 s
  bool idle_armed = false;

  // --- Policy functions, as in kernel/workqueue.c ---
  // __need_more_worker(): nobody is running.
  bool need_more_worker_nr() const { return nr_running == 0; }
  // need_more_worker(): work is pending and nobody is running.
  bool need_more_worker() const { return !worklist.empty() && need_more_worker_nr(); }
  // may_start_working(): an idle worker is in reserve.
  bool may_start_working() const { return nr_idle > 0; }
  // keep_working(): called by a running worker, itself included in nr_running.
  bool keep_working() const { return !worklist.empty() && nr_running <= 1; }
  // need_to_create_worker(): called from the manager.
  bool need_to_create_worker() const { return need_more_worker() && !may_start_working(); }
  // too_many_workers(): MAX_IDLE_WORKERS_RATIO = 4; the manager counts as idle.
  bool too_many_workers() const {
    int idle = nr_idle + (manager_active ? 1 : 0);
    int busy = nr_workers - idle;
    return idle > 2 && (idle - 2) * 4 >= busy;
  }

  // first_idle_worker(): the head of the LIFO idle list.
  Worker* first_idle_worker() const { return idle_list.empty() ? nullptr : idle_list.front(); }
  // find_worker_executing_work()
  Worker* find_worker_executing_work(const WorkItem* w) const {
    auto it = busy_hash.find(w);
    return it == busy_hash.end() ? nullptr : it->second;
  }
  // ida_alloc(): the lowest free worker id.
  int alloc_id() {
    if (!free_ids.empty()) {
      int id = *free_ids.begin();
      free_ids.erase(free_ids.begin());
      return id;
    }
    return next_id++;
  }
};

}  // namespace cmwqsim::model
