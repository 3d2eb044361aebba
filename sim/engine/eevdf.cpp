// SPDX-License-Identifier: GPL-2.0-only
#include "engine/eevdf.hpp"

#include <algorithm>

#include "engine/cfs.hpp"

namespace cmwqsim::engine {

EevdfTunables EevdfTunables::for_cpus(int ncpus, int hz) {
  EevdfTunables t;
  t.base_slice *= sysctl_factor(ncpus);
  t.tick_nsec = 1'000'000'000 / hz;
  return t;
}

void EevdfRunQueue::tree_add(SchedEntity& se) {
  se.seq = ++seq_;
  avg_vruntime_ += static_cast<__int128>(key(se)) * w(se);
  avg_load_ += w(se);
  tree_.insert(&se);
  if (se.delayed) ++nr_delayed_;
}

void EevdfRunQueue::tree_remove(SchedEntity& se) {
  tree_.erase(&se);
  avg_vruntime_ -= static_cast<__int128>(key(se)) * w(se);
  avg_load_ -= w(se);
  if (se.delayed) --nr_delayed_;
}

// avg_vruntime(): V over the tree and curr; moves zero_vruntime to it.
Ns EevdfRunQueue::avg_vruntime() {
  const SchedEntity* c = (curr_ != nullptr && curr_->on_rq) ? curr_ : nullptr;
  long weight = avg_load_;
  Ns delta = 0;
  if (weight != 0) {
    __int128 runtime = avg_vruntime_;
    if (c != nullptr) {
      runtime += static_cast<__int128>(key(*c)) * w(*c);
      weight += w(*c);
    }
    if (runtime < 0) runtime -= (weight - 1);  // round towards -inf
    delta = static_cast<Ns>(runtime / weight);
  } else if (c != nullptr) {
    delta = c->vruntime - zero_vruntime_;
  }
  avg_vruntime_ -= static_cast<__int128>(avg_load_) * delta;  // update_zero_vruntime()
  zero_vruntime_ += delta;
  return zero_vruntime_;
}

// vruntime_eligible(): v <= V, without dividing.
bool EevdfRunQueue::vruntime_eligible(Ns v) const {
  __int128 avg = avg_vruntime_;
  long load = avg_load_;
  if (curr_ != nullptr && curr_->on_rq) {
    avg += static_cast<__int128>(key(*curr_)) * w(*curr_);
    load += w(*curr_);
  }
  return avg >= static_cast<__int128>(v - zero_vruntime_) * load;
}

// entity_lag(): V - v, bounded by max(2 slices, a tick) of the entity's vtime
// (7.x: the largest queued slice plus a tick; every slice is the base slice here).
Ns EevdfRunQueue::entity_lag(Ns avruntime, const SchedEntity& se) const {
  Ns limit = se.calc_delta_fair(t_.lag_7x ? t_.base_slice + t_.tick_nsec : std::max<Ns>(2 * se.slice, t_.tick_nsec));
  return std::clamp(avruntime - se.vruntime, -limit, limit);
}

// update_entity_lag(); 7.x keeps a delayed sleeper's lag from growing, and
// below 0 (DELAY_ZERO).
void EevdfRunQueue::update_entity_lag(SchedEntity& se) {
  Ns vlag = entity_lag(avg_vruntime(), se);
  if (t_.lag_7x && se.delayed) vlag = std::min<Ns>(std::max(vlag, se.vlag), 0);
  se.vlag = vlag;
}

// update_deadline(): a new slice once the virtual deadline is reached.
bool EevdfRunQueue::update_deadline(SchedEntity& se) {
  if (se.vruntime - se.deadline < 0) return false;
  se.slice = t_.base_slice;
  se.deadline = se.vruntime + se.calc_delta_fair(se.slice);
  avg_vruntime();
  return true;
}

// update_curr(): charge curr; resched when its slice ended (or, PREEMPT_SHORT,
// when it is unprotected and no longer eligible), if anything else is queued.
void EevdfRunQueue::update_curr(Ns now) {
  if (charge_curr(now) == 0) return;
  bool resched = update_deadline(*curr_);
  if (nr_running_ == 1) return;
  if (t_.protect_vprot ? resched || !protect_slice(*curr_)
                       : resched || (!protect_slice(*curr_) && !entity_eligible(*curr_)))
    resched_curr_lazy();
}

// place_entity(): at V minus the lag kept from the last dequeue, inflated for
// the weight the entity adds (PLACE_LAG); deadline one vslice later (half for
// a new entity, PLACE_DEADLINE_INITIAL).
void EevdfRunQueue::place_entity(SchedEntity& se, bool initial) {
  Ns v = avg_vruntime();
  se.slice = t_.base_slice;
  Ns vslice = se.calc_delta_fair(se.slice);
  __int128 lag = 0;
  if (nr_running_ != 0) {
    long load = avg_load_ + ((curr_ != nullptr && curr_->on_rq) ? w(*curr_) : 0);
    lag = static_cast<__int128>(se.vlag) * (load + w(se));
    lag /= load != 0 ? load : 1;
  }
  se.vruntime = v - static_cast<Ns>(lag);
  if (se.rel_deadline) {
    se.deadline += se.vruntime;
    se.rel_deadline = false;
    return;
  }
  if (initial) vslice /= 2;
  se.deadline = se.vruntime + vslice;
}

void EevdfRunQueue::enqueue(SchedEntity& se, Ns now, bool fresh) {
  if (se.delayed) {
    // requeue_delayed_entity() with DELAY_ZERO: a positive lag is dropped.
    update_entity_lag(se);
    if (se.vlag > 0) {
      --nr_running_;
      if (&se != curr_) tree_remove(se);
      se.vlag = 0;
      place_entity(se, false);
      if (&se != curr_) tree_add(se);
      ++nr_running_;
    }
    if (&se != curr_) --nr_delayed_;  // it leaves the tree's delayed count
    se.delayed = false;
    return;
  }
  update_curr(now);
  place_entity(se, fresh);
  ++nr_running_;
  tree_add(se);
  se.on_rq = true;
}

void EevdfRunQueue::finish_dequeue(SchedEntity& se) {
  update_entity_lag(se);
  if (&se != curr_) tree_remove(se);
  se.on_rq = false;
  --nr_running_;
}

// dequeue_entity(DEQUEUE_SLEEP): an ineligible sleeper stays queued
// (DELAY_DEQUEUE) until it is picked or wakes.
void EevdfRunQueue::dequeue_sleep(SchedEntity& se, Ns now) {
  update_curr(now);
  if (!entity_eligible(se)) {
    se.delayed = true;
    return;
  }
  finish_dequeue(se);
}

// pick_eevdf(): the eligible entity with the earliest virtual deadline; curr
// keeps the CPU while its slice is protected (RUN_TO_PARITY).
SchedEntity* EevdfRunQueue::pick_eevdf() {
  SchedEntity* first = tree_.empty() ? nullptr : *tree_.begin();
  SchedEntity* c = curr_;
  if (nr_running_ == 1) return (c != nullptr && c->on_rq) ? c : first;
  if (c != nullptr && (!c->on_rq || !entity_eligible(*c))) c = nullptr;
  if (c != nullptr && protect_slice(*c)) return c;
  SchedEntity* best = nullptr;
  for (SchedEntity* se : tree_)
    if (entity_eligible(*se)) {
      best = se;
      break;
    }
  if (best == nullptr || (c != nullptr && c->deadline - best->deadline < 0)) best = c;
  return best;
}

SchedEntity* EevdfRunQueue::pick_next(Ns now) {
  SchedEntity* se = nullptr;
  for (;;) {
    if (nr_running_ == 0) break;
    if (curr_ != nullptr && curr_->on_rq) update_curr(now);
    se = pick_eevdf();
    if (se == nullptr || !se->delayed) break;
    // A delayed sleeper reached the front: dequeue it for good (DELAY_ZERO).
    update_curr(now);
    finish_dequeue(*se);
    se->delayed = false;
    if (se->vlag > 0) se->vlag = 0;
    se = nullptr;
  }
  if (se != nullptr && se == curr_) return se;  // prev == next: no switch
  // put_prev_entity()
  if (curr_ != nullptr && curr_->on_rq) {
    update_curr(now);
    tree_add(*curr_);
  }
  curr_ = nullptr;
  if (se == nullptr) return nullptr;
  // set_next_entity(): RUN_TO_PARITY protects the new slice.
  tree_remove(*se);
  set_protect_slice(*se);
  start_running(*se, now);
  return se;
}

// set_protect_slice(): 6.12 marks the slice with vlag = deadline; 7.x sets
// vprot, the deadline when every slice is the base slice (no custom slices here).
void EevdfRunQueue::set_protect_slice(SchedEntity& se) {
  if (t_.protect_vprot) se.vprot = se.deadline;
  else se.vlag = se.deadline;
}

void EevdfRunQueue::update_protect_slice(SchedEntity& se) {
  const Ns v = std::min(se.vruntime, avg_vruntime());
  se.vprot = std::min(se.vprot, v + se.calc_delta_fair(t_.base_slice));
}

void EevdfRunQueue::cancel_protect_slice(SchedEntity& se) {
  if (protect_slice(se)) se.vprot = se.vruntime;
}

// hrtick_start_fair() divides (d - v) * weight by NICE_0_LOAD, rounding down;
// its hrtimer's handler then runs some µs after the expiry (the interrupt's
// entry), so update_curr() there finds the deadline reached. The model's
// timer fires at the expiry itself: the delay is rounded up instead, or a
// nice -20 task would reach its hrtick 1 ns short of its deadline, keep its
// slice and its protection, and no new hrtick would come.
std::optional<Ns> EevdfRunQueue::slice_left() const {
  if (curr_ == nullptr) return std::nullopt;
  const Ns vd = curr_->deadline - curr_->vruntime;
  if (vd <= 0) return vd * curr_->weight / kNice0Load;
  return (vd * curr_->weight + kNice0Load - 1) / kNice0Load;
}

// check_preempt_wakeup_fair() (7.x: wakeup_preempt_fair()): preempt if the
// woken entity is what pick_eevdf() picks; 7.x then cancels curr's
// protection, or trims it when the woken entity does not preempt.
void EevdfRunQueue::check_preempt_wakeup(SchedEntity& pse, Ns now) {
  if (curr_ == nullptr || curr_ == &pse) return;
  // 6.12 returns at once when need_resched is set; 7.x (PREEMPT_SHORT) does not.
  if (!t_.protect_vprot && need_resched_) return;
  update_curr(now);
  if (pick_eevdf() == &pse) {
    if (t_.protect_vprot) cancel_protect_slice(*curr_);
    resched_curr_lazy();
  } else if (t_.protect_vprot) {
    update_protect_slice(*curr_);
  }
}

// detach_task() -> dequeue_entity() without DEQUEUE_SLEEP: the lag is kept,
// and the deadline leaves relative to the vruntime (PLACE_REL_DEADLINE) ...
void EevdfRunQueue::detach(SchedEntity& se, Ns now) {
  update_curr(now);
  update_entity_lag(se);
  tree_remove(se);  // before the deadline, the tree's key, changes
  se.deadline -= se.vruntime;
  se.rel_deadline = true;
  se.on_rq = false;
  --nr_running_;
}

// ... and attach_task() -> enqueue_entity() places it on the new queue with
// that lag and deadline.
void EevdfRunQueue::attach(SchedEntity& se, Ns now) { enqueue(se, now, false); }

// set_user_nice() on a queued entity (7.x: sched_change around
// reweight_entity()): the tree's weighted sums follow its new weight; its
// vruntime and deadline stay (the lag is not rescaled).
void EevdfRunQueue::reweight(SchedEntity& se, long weight, Ns now) {
  const bool in_tree = se.on_rq && &se != curr_;
  if (se.on_rq) update_curr(now);
  if (in_tree) tree_remove(se);
  se.weight = weight;
  if (in_tree) tree_add(se);
}

std::vector<SchedEntity*> EevdfRunQueue::waiting() const {
  std::vector<SchedEntity*> out;
  for (SchedEntity* se : tree_)
    if (!se->delayed) out.push_back(se);
  return out;
}

// nr_delayed_ counts the delayed sleepers in the tree (one that is still
// curr is not there).
std::size_t EevdfRunQueue::nr_waiting() const { return tree_.size() - nr_delayed_; }

}  // namespace cmwqsim::engine
