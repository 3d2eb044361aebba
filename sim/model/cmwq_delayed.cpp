// SPDX-License-Identifier: GPL-2.0-only
// Delayed work, mod_delayed_work, cancel, and freezing (kernel/workqueue.c).
#include <algorithm>

#include "engine/machine.hpp"
#include "model/cmwq.hpp"
#include "model/delayed_timers.hpp"
#include "model/timer_wheel.hpp"

namespace cmwqsim::model {

bool Cmwq::queue_delayed_work_on(int cpu, WorkItem& item, Ns delay) {
  if (item.pending || item.canceling || item.disable_count > 0) return false;
  item.pending = true;
  queue_delayed(cpu, item, delay);
  return true;
}

// __queue_delayed_work(): no delay queues at once; else the timer, rounded
// by the timer wheel, queues it on expiry.
void Cmwq::queue_delayed(int cpu, WorkItem& item, Ns delay) {
  if (delay <= 0) {
    queue_work(cpu, wq_of(item), item);
    return;
  }
  if (!timers_) timers_ = std::make_unique<Timers>(*this);
  item.timer_pending = true;
  item.timer_gen++;
  item.timer_cpu = cpu;
  timers_->arm(item, delayed_work_fire_time(m_.now(), delay, 1'000'000'000 / sc_.hz));
}

// delayed_work_timer_fn(): the workqueue_queue_work event comes now.
void Cmwq::delayed_timer_fired(WorkItem& item, std::uint64_t gen) {
  if (!item.timer_pending || item.timer_gen != gen) return;  // deleted or re-armed
  item.timer_pending = false;
  m_.set_current_cpu(item.timer_cpu);
  WhyScope scope(m_.trace().why, because(Cause::DelayedTimer, item.timer_cpu));
  queue_work(item.timer_cpu, wq_of(item), item);
}

namespace {
bool erase(std::deque<WorkInstance*>& list, WorkInstance* inst) {
  auto it = std::find(list.begin(), list.end(), inst);
  if (it == list.end()) return false;
  list.erase(it);
  return true;
}
}  // namespace

// try_to_grab_pending(): steal a pending item from its timer or its list.
bool Cmwq::try_to_grab_pending(WorkItem& item) {
  if (item.timer_pending) {  // del_timer()
    item.timer_pending = false;
    item.timer_gen++;
    return true;
  }
  WorkInstance* inst = item.queued;
  if (inst == nullptr) return false;  // idle, or running: nothing pending to steal
  Pwq& pwq = *inst->pwq;
  Pool& pool = *pwq.pool;
  if (inst->inactive) {
    if (rules_.grab_activates_inactive) {
      // v6.3: "An inactive work item cannot be grabbed directly because it
      // might have linked barrier work items": activate it first (a
      // workqueue_activate_work event, nr_active++), then delete it.
      WhyScope scope(m_.trace().why, because(Cause::ActivateGrab));
      pwq_activate_inactive_work(*inst);
    } else if (inst->linked != nullptr) {
      // 6.12: its linked barriers go to the worklist; it stays INACTIVE.
      WorkInstance* chain = inst->linked;
      inst->linked = nullptr;
      move_linked_works(*chain, pwq.inactive_works, pool.worklist);
    }
  }
  inst->linked = nullptr;  // barriers behind it stay where they are
  if (!erase(inst->inactive ? pwq.inactive_works : pool.worklist, inst)) {
    for (Worker* w : pool.all_workers)
      if (erase(w->scheduled(), inst)) break;
  }
  item.queued = nullptr;
  const std::size_t cancel = record(m_, Ev::Cancel, m_.current_thread(), m_.current_cpu(), inst);
  if (m_.trace().why.on) m_.trace().why.set(cancel, because(Cause::CancelGrab));
  pwq_dec_nr_in_flight(pwq, *inst);
  return true;
}

// cancel_delayed_work(): grab and clear PENDING; a running instance goes on.
bool Cmwq::cancel_work(WorkItem& item) {
  bool was_pending = try_to_grab_pending(item);
  item.pending = false;
  return was_pending;
}

// cancel_delayed_work_sync(): grab, refuse queueing meanwhile, and wait for a
// running instance (flush_work()).
bool Cmwq::cancel_work_sync(engine::Thread& self, WorkItem& item) {
  {
    WhyScope scope(m_.trace().why, because(Cause::ThreadCall, self.trace_id()));
    try_to_grab_pending(item);
  }
  item.pending = false;
  item.canceling = true;
  bool waited = flush_work(self, item);
  item.canceling = false;
  return waited;
}

// disable_work(): __cancel_work(WORK_CANCEL_DISABLE): grab, clear PENDING
// and count one more disable, a running instance goes on; the _sync variant
// waits for it, as cancel_work_sync() does.
bool Cmwq::disable_work(WorkItem& item) {
  bool was_pending = cancel_work(item);
  ++item.disable_count;
  return was_pending;
}

bool Cmwq::disable_work_sync(engine::Thread& self, WorkItem& item) {
  ++item.disable_count;
  return cancel_work_sync(self, item);
}

// enable_work(): one disable less (the kernel warns on an unbalanced enable);
// true once queueing works again.
bool Cmwq::enable_work(WorkItem& item) {
  if (item.disable_count > 0) --item.disable_count;
  return item.disable_count == 0;
}

// mod_delayed_work_on(): grab PENDING, then queue with the new delay.
bool Cmwq::mod_delayed_work_on(int cpu, WorkItem& item, Ns delay) {
  if (item.canceling) return false;
  bool was_pending = try_to_grab_pending(item);
  if (item.disable_count > 0) {  // clear_pending_if_disabled(): grabbed, not queued again
    item.pending = false;
    return was_pending;
  }
  item.pending = true;
  queue_delayed(cpu, item, delay);
  return was_pending;
}

// pwq_adjust_max_active() (6.1) / wq_adjust_max_active() (6.12): a frozen
// freezable wq gets limit 0 (6.12: its per-node limits too); thawing restores
// the limits, activates what fits (6.12: through the node slots), and wakes
// a worker.
void Cmwq::pwq_adjust_max_active(Pwq& pwq, bool frozen) {
  if (frozen) {
    pwq.max_active = 0;
    return;
  }
  pwq.max_active = pwq.wq->max_active;
  bool activated = false;
  WhyScope scope(m_.trace().why, because(Cause::ActivateAdjust, pwq.nr_active, pwq.max_active));
  if (rules_.node_nr_active && pwq.nna >= 0) {
    NodeNrActive& nna = pwq.wq->nna.at(pwq.nna);
    while (!pwq.inactive_works.empty() && nna.nr < nna.max) {
      nna.nr++;
      pwq_activate_inactive_work(*pwq.inactive_works.front());
      activated = true;
    }
    if (!pwq.inactive_works.empty() && !pwq.pending) {
      nna.pending_pwqs.push_back(&pwq);
      pwq.pending = true;
    }
  } else {
    while (!pwq.inactive_works.empty() && pwq.nr_active < pwq.max_active) {
      pwq_activate_inactive_work(*pwq.inactive_works.front());
      activated = true;
    }
  }
  if (activated) {
    WhyScope scope(m_.trace().why, because(Cause::InsertWork, pwq.pool->id));
    if (rules_.kick_pool) kick_pool(*pwq.pool);
    else wake_up_worker(*pwq.pool);
  }
}

// freeze_workqueues_begin() / thaw_workqueues(): WQ_FREEZABLE workqueues only.
void Cmwq::freeze() {
  frozen_ = true;
  for (auto& wq : wqs_) {
    if (!(wq->flags & WQ_FREEZABLE)) continue;
    wq->for_each_pwq([&](Pwq& p) { pwq_adjust_max_active(p, true); });
    wq->nna_saved.clear();
    for (auto& n : wq->nna) {
      wq->nna_saved.push_back(n.max);
      n.max = 0;
    }
  }
}

void Cmwq::thaw() {
  frozen_ = false;
  for (auto& wq : wqs_) {
    if (!(wq->flags & WQ_FREEZABLE)) continue;
    for (std::size_t i = 0; i < wq->nna.size() && i < wq->nna_saved.size(); ++i) wq->nna[i].max = wq->nna_saved[i];
    wq->for_each_pwq([&](Pwq& p) { pwq_adjust_max_active(p, false); });
  }
}

}  // namespace cmwqsim::model
