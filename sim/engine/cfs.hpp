// SPDX-License-Identifier: GPL-2.0-only
// CFS as in Linux 6.1 (kernel/sched/fair.c, Debian 6.1.192): vruntime,
// place_entity() with GENTLE_FAIR_SLEEPERS and START_DEBIT,
// check_preempt_wakeup() with the wakeup granularity and the next/last
// buddies, pick_next_entity(), and check_preempt_tick() at the tick.
// One flat cfs_rq per CPU (kworkers live in the root cgroup).
#pragma once
#include <set>

#include "engine/run_queue.hpp"

namespace cmwqsim::engine {

// The sysctls, scaled by 1 + ilog2(min(ncpus, 8)) (update_sysctl()).
struct CfsTunables {
  Ns latency = 6'000'000;
  Ns min_granularity = 750'000;
  Ns wakeup_granularity = 1'000'000;
  unsigned nr_latency = 8;
  static CfsTunables for_cpus(int ncpus);
};

int sysctl_factor(int ncpus);  // 1 + ilog2(min(ncpus, 8))

class CfsRunQueue : public RunQueue {
 public:
  explicit CfsRunQueue(CfsTunables t) : t_(t) {}

  void enqueue(SchedEntity& se, Ns now, bool fresh) override;
  void dequeue_sleep(SchedEntity& se, Ns now) override;
  SchedEntity* pick_next(Ns now) override;
  void check_preempt_wakeup(SchedEntity& woken, Ns now) override;
  void tick(Ns now) override;
  std::size_t nr_waiting() const override { return tree_.size(); }
  Ns vruntime_base() const override { return min_vruntime_; }
  void detach(SchedEntity& se, Ns now) override;
  void attach(SchedEntity& se, Ns now) override;
  std::vector<SchedEntity*> waiting() const override { return {tree_.begin(), tree_.end()}; }
  // The rq's load follows a queued entity's new weight.
  void reweight(SchedEntity& se, long weight, Ns /*now*/) override {
    if (se.on_rq) load_ += weight - se.weight;
    se.weight = weight;
  }

  // Exposed for tests.
  Ns min_vruntime() const { return min_vruntime_; }
  Ns sched_slice(const SchedEntity& se) const;
  // wakeup_preempt_entity(): 1 if se should preempt curr, 0 if within the
  // granularity, -1 if curr is not ahead of se.
  int wakeup_preempt_entity(const SchedEntity& curr, const SchedEntity& se) const;
  const SchedEntity* next_buddy() const { return next_; }

 private:
  struct ByVruntime {
    bool operator()(const SchedEntity* a, const SchedEntity* b) const {
      if (a->vruntime != b->vruntime) return a->vruntime < b->vruntime;
      return a->seq < b->seq;
    }
  };
  void update_curr(Ns now);
  void update_min_vruntime();
  void place_entity(SchedEntity& se, bool initial);
  void clear_buddies(const SchedEntity& se);
  void insert(SchedEntity& se);
  SchedEntity* leftmost() const { return tree_.empty() ? nullptr : *tree_.begin(); }

  CfsTunables t_;
  std::set<SchedEntity*, ByVruntime> tree_;
  SchedEntity* next_ = nullptr;  // buddies
  SchedEntity* last_ = nullptr;
  Ns min_vruntime_ = 0;
  long load_ = 0;          // weight of the entities on the rq, curr included
  unsigned nr_running_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace cmwqsim::engine
