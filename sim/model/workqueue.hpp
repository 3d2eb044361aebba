// SPDX-License-Identifier: GPL-2.0-only
// struct workqueue_struct and struct pool_workqueue (pwq), v6.3 rules.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"
#include "model/pool.hpp"

namespace cmwqsim::model {

struct Workqueue;

// The link between one workqueue and one pool.
struct Pwq {
  Workqueue* wq = nullptr;
  Pool* pool = nullptr;
  int nr_active = 0;                       // active items: on the worklist or executing
  int max_active = 1;                      // per-pwq limit (v6.3)
  std::deque<WorkInstance*> inactive_works;  // over the limit, FIFO
  bool on_mayday = false;                  // on wq->maydays
  int nna = -1;                            // 6.12 unbound: index of its node's wq_node_nr_active
  WqStats stats;                           // pwq->stats[] (the name is unused here)
  bool pending = false;                    // 6.12: on nna->pending_pwqs
};

// struct wq_node_nr_active (6.12): unbound max_active per NUMA node.
struct NodeNrActive {
  int max = 0;
  int nr = 0;
  std::deque<Pwq*> pending_pwqs;  // waiting for a slot, served round-robin
};

class Worker;

struct Workqueue {
  std::string name;
  unsigned flags = 0;
  bool ordered = false;   // __WQ_ORDERED
  int max_active = 0;     // after defaults and clamping
  std::vector<std::unique_ptr<Pwq>> pwqs;  // one per CPU (bound); per node (6.1) or pod (6.12) (unbound)
  std::vector<Pwq*> cpu_pwq;               // the pwq each CPU queues to
  std::vector<NodeNrActive> nna;           // 6.12 unbound: per node, then NUMA_NO_NODE
  std::vector<int> nna_saved;              // the node limits while frozen (0 meanwhile)
  // Flush colours (16 in the kernel; unbounded here, with the same waits).
  long long work_color = 0;
  std::map<long long, int> in_flight;  // colour -> instances queued, inactive or running
  bool draining = false;               // __WQ_DRAINING: only chained queueing
  Worker* rescuer = nullptr;           // WQ_MEM_RECLAIM
  std::deque<Pwq*> maydays;            // pwqs asking the rescuer for help

  template <class F> void for_each_pwq(F f) {
    for (auto& p : pwqs) f(*p);
  }
};

// v6.3's WQ_UNBOUND_MAX_ACTIVE: max(WQ_MAX_ACTIVE, WQ_MAX_UNBOUND_PER_CPU x CPUs)
// (include/linux/workqueue.h); WQ_MAX_ACTIVE is the kernel's (KernelRules).
constexpr int WQ_MAX_UNBOUND_PER_CPU = 4;
inline int wq_unbound_max_active(int wq_max_active, int ncpus) {
  return ncpus * WQ_MAX_UNBOUND_PER_CPU > wq_max_active ? ncpus * WQ_MAX_UNBOUND_PER_CPU : wq_max_active;
}

}  // namespace cmwqsim::model
