// SPDX-License-Identifier: GPL-2.0-only
// EEVDF as in Linux 6.12 (kernel/sched/fair.c, Debian 6.12.95): lag-based
// placement (PLACE_LAG, PLACE_DEADLINE_INITIAL, PLACE_REL_DEADLINE), virtual
// deadlines with base_slice, eligibility against the weighted average
// vruntime, pick_eevdf() with RUN_TO_PARITY, DELAY_DEQUEUE/DELAY_ZERO, and
// the slice check in update_curr(). One flat cfs_rq per CPU.
#pragma once
#include <set>

#include "engine/run_queue.hpp"

namespace cmwqsim::engine {

struct EevdfTunables {
  Ns base_slice = 700'000;  // sysctl_sched_base_slice, scaled like the CFS sysctls
  Ns tick_nsec = 4'000'000; // TICK_NSEC: bounds the lag
  // RUN_TO_PARITY's protection as in 7.x: set_protect_slice() protects the
  // picked entity up to a vruntime (se->vprot, its deadline when all slices
  // are equal), a wake-up that does not preempt trims it to one slice past
  // min(vruntime, V) (update_protect_slice()), a preempting one cancels it;
  // update_curr() reschedules once it is over. false: 6.12's, protected
  // while the deadline the pick set stands, rescheduled once the slice ends
  // or curr is unprotected and ineligible.
  bool protect_vprot = false;
  // entity_lag() and update_entity_lag() as in 7.x: the lag is bounded by
  // the largest queued slice plus a tick (6.12: the larger of two slices and
  // a tick), and a delayed sleeper's lag never grows (nor above 0, DELAY_ZERO).
  bool lag_7x = false;
  static EevdfTunables for_cpus(int ncpus, int hz);
};

class EevdfRunQueue : public RunQueue {
 public:
  explicit EevdfRunQueue(EevdfTunables t) : t_(t) {}

  void enqueue(SchedEntity& se, Ns now, bool fresh) override;
  void dequeue_sleep(SchedEntity& se, Ns now) override;
  SchedEntity* pick_next(Ns now) override;
  void check_preempt_wakeup(SchedEntity& woken, Ns now) override;
  void tick(Ns now) override { update_curr(now); }
  std::size_t nr_waiting() const override;
  void detach(SchedEntity& se, Ns now) override;
  void attach(SchedEntity& se, Ns now) override;
  std::vector<SchedEntity*> waiting() const override;
  void reweight(SchedEntity& se, long weight, Ns now) override;
  // hrtick_start_fair(): the time to curr's virtual deadline, in real time.
  std::optional<Ns> slice_left() const override;

  // Exposed for tests.
  Ns avg_vruntime();  // V, the weighted average vruntime (updates zero_vruntime)
  bool entity_eligible(const SchedEntity& se) const { return vruntime_eligible(se.vruntime); }
  SchedEntity* pick_eevdf();

 private:
  struct ByDeadline {
    bool operator()(const SchedEntity* a, const SchedEntity* b) const {
      if (a->deadline != b->deadline) return a->deadline < b->deadline;
      return a->seq < b->seq;
    }
  };
  long w(const SchedEntity& se) const { return se.weight; }  // scale_load_down()
  Ns key(const SchedEntity& se) const { return se.vruntime - zero_vruntime_; }
  bool vruntime_eligible(Ns v) const;
  Ns entity_lag(Ns avruntime, const SchedEntity& se) const;
  void update_entity_lag(SchedEntity& se);
  bool update_deadline(SchedEntity& se);
  void update_curr(Ns now);
  void place_entity(SchedEntity& se, bool initial);
  void tree_add(SchedEntity& se);     // __enqueue_entity()
  void tree_remove(SchedEntity& se);  // __dequeue_entity()
  void finish_dequeue(SchedEntity& se);
  bool protect_slice(const SchedEntity& se) const {
    return t_.protect_vprot ? se.vruntime - se.vprot < 0 : se.vlag == se.deadline;
  }
  void set_protect_slice(SchedEntity& se);     // at a pick
  void update_protect_slice(SchedEntity& se);  // a wake-up that does not preempt (7.x)
  void cancel_protect_slice(SchedEntity& se);  // a wake-up that preempts (7.x)

  EevdfTunables t_;
  std::set<SchedEntity*, ByDeadline> tree_;
  Ns zero_vruntime_ = 0;
  __int128 avg_vruntime_ = 0;  // sum of key * weight over the tree
  long avg_load_ = 0;          // sum of weights over the tree
  unsigned nr_running_ = 0;    // on the rq: curr, queued and delayed
  std::size_t nr_delayed_ = 0; // delayed sleepers in the tree
  std::uint64_t seq_ = 0;
};

}  // namespace cmwqsim::engine
