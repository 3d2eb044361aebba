// SPDX-License-Identifier: GPL-2.0-only
// A CPU's run queue: the CPU scheduler's policy. The machine tells it what
// happens (a thread wakes, blocks, is picked, the tick); it answers which
// thread runs next and whether the running one should be rescheduled
// (need_resched). Where the running thread honours need_resched is the
// machine's preemption model (Machine::preempt_if_needed(), Thread::burn()).
#pragma once
#include <algorithm>
#include <deque>
#include <optional>
#include <vector>

#include "engine/sched_entity.hpp"

namespace cmwqsim::engine {

class RunQueue {
 public:
  virtual ~RunQueue() = default;
  // ttwu: se becomes runnable. `fresh`: a newly created thread's first wake.
  virtual void enqueue(SchedEntity& se, Ns now, bool fresh) = 0;
  // The running entity blocks (DEQUEUE_SLEEP).
  virtual void dequeue_sleep(SchedEntity& se, Ns now) = 0;
  // __schedule(): picks the next entity, the running one included if it is
  // still runnable (a cond_resched() yield); nullptr if none.
  virtual SchedEntity* pick_next(Ns now) = 0;
  // A thread woke while `curr()` runs: sets need_resched if it should yield.
  virtual void check_preempt_wakeup(SchedEntity& woken, Ns now) = 0;
  // scheduler_tick() with curr() running.
  virtual void tick(Ns now) = 0;
  // How many runnable entities do not run (EEVDF's delayed sleepers left
  // out); O(1).
  virtual std::size_t nr_waiting() const = 0;
  bool has_waiting() const { return nr_waiting() > 0; }
  // What absolute vruntimes are relative to: CFS renormalises a migrating
  // entity by the min_vruntime of both run queues.
  virtual Ns vruntime_base() const { return 0; }
  // Load balancing moves a waiting entity: detach_task() dequeues it from
  // its run queue (a DEQUEUE without DEQUEUE_SLEEP), attach_task() enqueues
  // it on the new CPU's.
  virtual void detach(SchedEntity& se, Ns now) = 0;
  virtual void attach(SchedEntity& se, Ns now) = 0;
  // The entities that could run here but do not (curr and EEVDF's delayed
  // sleepers left out), for load balancing.
  virtual std::vector<SchedEntity*> waiting() const = 0;
  // reweight_task() (set_user_nice()): se's weight becomes `weight`.
  virtual void reweight(SchedEntity& se, long weight, Ns /*now*/) { se.weight = weight; }

  // The time until the running entity's slice ends, for HRTICK
  // (hrtick_start_fair()); nullopt: the policy has no slices.
  virtual std::optional<Ns> slice_left() const { return std::nullopt; }

  SchedEntity* curr() const { return curr_; }
  // TIF_NEED_RESCHED or, under PREEMPT_LAZY, TIF_NEED_RESCHED_LAZY: what a
  // schedule() or a return to user mode honours.
  bool need_resched() const { return need_resched_ || need_resched_lazy_; }
  // TIF_NEED_RESCHED alone: what preempts a kernel thread (and cond_resched()).
  bool need_resched_full() const { return need_resched_; }
  void clear_need_resched() { need_resched_ = need_resched_lazy_ = false; }
  // resched_curr().
  void resched_curr() { need_resched_ = true; }
  // PREEMPT_LAZY: a fair wake-up or slice end only sets the lazy flag
  // (resched_curr_lazy()); the tick upgrades it (sched_tick()).
  void set_lazy(bool lazy) { lazy_ = lazy; }
  void upgrade_lazy() {
    if (need_resched_lazy_) need_resched_ = true;
  }

 protected:
  // update_curr()'s accounting: charge curr the CPU time since exec_start,
  // in vruntime too; returns that time (0: nothing to charge).
  Ns charge_curr(Ns now) {
    if (curr_ == nullptr) return 0;
    Ns delta = now - curr_->exec_start;
    if (delta <= 0) return 0;
    curr_->exec_start = now;
    curr_->sum_exec_runtime += delta;
    curr_->vruntime += curr_->calc_delta_fair(delta);
    return delta;
  }
  // set_next_entity()'s bookkeeping: se runs from now, a new slice.
  void start_running(SchedEntity& se, Ns now) {
    curr_ = &se;
    se.exec_start = now;
    se.prev_sum_exec_runtime = se.sum_exec_runtime;
  }

  // resched_curr_lazy(): the lazy flag under PREEMPT_LAZY, else resched_curr().
  void resched_curr_lazy() {
    if (lazy_) need_resched_lazy_ = true;
    else need_resched_ = true;
  }

  SchedEntity* curr_ = nullptr;
  bool need_resched_ = false;
  bool need_resched_lazy_ = false;
  bool lazy_ = false;
};

// Strict FIFO: the spec's model. Never asks the running thread to yield.
class FifoRunQueue : public RunQueue {
 public:
  void enqueue(SchedEntity& se, Ns, bool) override {
    se.on_rq = true;
    q_.push_back(&se);
  }
  void dequeue_sleep(SchedEntity& se, Ns) override {
    se.on_rq = false;
    if (curr_ == &se) curr_ = nullptr;
  }
  SchedEntity* pick_next(Ns) override {
    if (curr_ != nullptr && curr_->on_rq) return curr_;
    if (q_.empty()) return curr_ = nullptr;
    curr_ = q_.front();
    q_.pop_front();
    return curr_;
  }
  void check_preempt_wakeup(SchedEntity&, Ns) override {}
  void tick(Ns) override {}
  std::size_t nr_waiting() const override { return q_.size(); }
  void detach(SchedEntity& se, Ns) override {
    q_.erase(std::find(q_.begin(), q_.end(), &se));
    se.on_rq = false;
  }
  void attach(SchedEntity& se, Ns now) override { enqueue(se, now, false); }
  std::vector<SchedEntity*> waiting() const override { return {q_.begin(), q_.end()}; }

 private:
  std::deque<SchedEntity*> q_;
};

}  // namespace cmwqsim::engine
