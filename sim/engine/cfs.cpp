// SPDX-License-Identifier: GPL-2.0-only
#include "engine/cfs.hpp"

#include <algorithm>

namespace cmwqsim::engine {

int sysctl_factor(int ncpus) {
  int cpus = std::min(ncpus, 8), log = 0;
  while ((2 << log) <= cpus) ++log;
  return 1 + log;
}

CfsTunables CfsTunables::for_cpus(int ncpus) {
  CfsTunables t;
  int f = sysctl_factor(ncpus);
  t.latency *= f;
  t.min_granularity *= f;
  t.wakeup_granularity *= f;
  return t;
}

void CfsRunQueue::insert(SchedEntity& se) {
  se.seq = ++seq_;
  tree_.insert(&se);
}

// update_min_vruntime(): follows the smaller of curr and the leftmost, never backwards.
void CfsRunQueue::update_min_vruntime() {
  Ns v = min_vruntime_;
  const SchedEntity* c = (curr_ != nullptr && curr_->on_rq) ? curr_ : nullptr;
  if (c != nullptr) v = c->vruntime;
  if (const SchedEntity* l = leftmost()) v = c != nullptr ? std::min(v, l->vruntime) : l->vruntime;
  min_vruntime_ = std::max(min_vruntime_, v);
}

// update_curr(): charge the running entity its CPU time, in vruntime.
void CfsRunQueue::update_curr(Ns now) {
  if (charge_curr(now) > 0) update_min_vruntime();
}

// sched_slice(): the entity's share of the period, at least min_granularity (BASE_SLICE).
Ns CfsRunQueue::sched_slice(const SchedEntity& se) const {
  unsigned nr = nr_running_ + (se.on_rq ? 0 : 1);
  Ns period = nr > t_.nr_latency ? static_cast<Ns>(nr) * t_.min_granularity : t_.latency;
  long load = load_ + (se.on_rq ? 0 : se.weight);
  Ns slice = load > 0 ? period * se.weight / load : period;
  return std::max(slice, t_.min_granularity);
}

// place_entity(): a new entity starts one vslice behind (START_DEBIT); a
// waking one gets at most half a latency of sleep credit (GENTLE_FAIR_SLEEPERS)
// and never moves backwards.
void CfsRunQueue::place_entity(SchedEntity& se, bool initial) {
  Ns v = min_vruntime_;
  if (initial) v += se.calc_delta_fair(sched_slice(se));  // sched_vslice()
  else v -= t_.latency / 2;
  se.vruntime = std::max(se.vruntime, v);
}

void CfsRunQueue::enqueue(SchedEntity& se, Ns now, bool fresh) {
  update_curr(now);
  // A new task is placed at fork, before it counts on the rq (task_fork_fair());
  // a waking one after (enqueue_entity()).
  if (fresh) place_entity(se, true);
  load_ += se.weight;
  ++nr_running_;
  if (!fresh) place_entity(se, false);
  insert(se);
  se.on_rq = true;
}

void CfsRunQueue::clear_buddies(const SchedEntity& se) {
  if (last_ == &se) last_ = nullptr;
  if (next_ == &se) next_ = nullptr;
}

// dequeue_entity(DEQUEUE_SLEEP): a sleeper keeps its absolute vruntime.
void CfsRunQueue::dequeue_sleep(SchedEntity& se, Ns now) {
  update_curr(now);
  clear_buddies(se);
  if (&se != curr_) tree_.erase(&se);
  se.on_rq = false;
  load_ -= se.weight;
  --nr_running_;
  update_min_vruntime();
}

// detach_task() -> dequeue_entity() without DEQUEUE_SLEEP: the vruntime
// leaves relative to this queue's min_vruntime ...
void CfsRunQueue::detach(SchedEntity& se, Ns now) {
  update_curr(now);
  clear_buddies(se);
  tree_.erase(&se);
  se.on_rq = false;
  load_ -= se.weight;
  --nr_running_;
  se.vruntime -= min_vruntime_;
  update_min_vruntime();
}

// ... and attach_task() -> enqueue_entity() (renormalised, not placed:
// only a wake-up is placed) makes it absolute on the new queue.
void CfsRunQueue::attach(SchedEntity& se, Ns now) {
  update_curr(now);
  se.vruntime += min_vruntime_;
  load_ += se.weight;
  ++nr_running_;
  insert(se);
  se.on_rq = true;
}

int CfsRunQueue::wakeup_preempt_entity(const SchedEntity& curr, const SchedEntity& se) const {
  Ns vdiff = curr.vruntime - se.vruntime;
  if (vdiff <= 0) return -1;
  Ns gran = se.calc_delta_fair(t_.wakeup_granularity);  // wakeup_gran()
  return vdiff > gran ? 1 : 0;
}

// pick_next_task_fair() / pick_next_entity(): the leftmost, the running
// entity if it is still ahead, or a buddy if that is not too unfair.
SchedEntity* CfsRunQueue::pick_next(Ns now) {
  SchedEntity* c = (curr_ != nullptr && curr_->on_rq) ? curr_ : nullptr;
  if (c != nullptr) update_curr(now);
  SchedEntity* left = leftmost();
  if (left == nullptr || (c != nullptr && c->vruntime < left->vruntime)) left = c;
  SchedEntity* se = left;
  if (next_ != nullptr && left != nullptr && wakeup_preempt_entity(*next_, *left) < 1) se = next_;
  else if (last_ != nullptr && left != nullptr && wakeup_preempt_entity(*last_, *left) < 1) se = last_;
  if (se == curr_ && se != nullptr) return se;  // prev == next: no switch
  // put_prev_entity(): a preempted entity goes back into the tree.
  if (curr_ != nullptr && curr_->on_rq) insert(*curr_);
  curr_ = nullptr;
  if (se == nullptr) return nullptr;
  // set_next_entity()
  clear_buddies(*se);
  tree_.erase(se);
  start_running(*se, now);
  return se;
}

// check_preempt_wakeup(): preempt if the woken entity is more than the
// wakeup granularity behind curr; it becomes the next buddy.
void CfsRunQueue::check_preempt_wakeup(SchedEntity& pse, Ns now) {
  if (curr_ == nullptr || curr_ == &pse || need_resched_) return;
  const bool scale = nr_running_ >= t_.nr_latency;
  update_curr(now);
  if (wakeup_preempt_entity(*curr_, pse) == 1) {
    next_ = &pse;
    need_resched_ = true;
    if (scale && curr_->on_rq) last_ = curr_;  // LAST_BUDDY
  }
}

// entity_tick() -> check_preempt_tick(): resched when the slice is used up,
// or when curr is more than a slice ahead of the leftmost.
void CfsRunQueue::tick(Ns now) {
  update_curr(now);
  if (curr_ == nullptr || nr_running_ <= 1) return;
  Ns ideal = sched_slice(*curr_);
  Ns delta_exec = curr_->sum_exec_runtime - curr_->prev_sum_exec_runtime;
  if (delta_exec > ideal) {
    need_resched_ = true;
    clear_buddies(*curr_);
    return;
  }
  if (delta_exec < t_.min_granularity) return;
  const SchedEntity* se = leftmost();
  if (se == nullptr) return;
  Ns delta = curr_->vruntime - se->vruntime;
  if (delta > ideal) need_resched_ = true;
}

}  // namespace cmwqsim::engine
