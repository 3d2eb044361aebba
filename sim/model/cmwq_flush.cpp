// SPDX-License-Identifier: GPL-2.0-only
// flush_work() with wq_barrier work, flush_workqueue() colours, drain_workqueue().
#include <algorithm>

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

void Cmwq::move_linked_works(WorkInstance& first, std::deque<WorkInstance*>& from, std::deque<WorkInstance*>& to) {
  for (WorkInstance* w = &first; w != nullptr; w = w->linked) {
    auto it = std::find(from.begin(), from.end(), w);
    if (it != from.end()) from.erase(it);
    to.push_back(w);
  }
}

// flush_delayed_work() / flush_work(): a pending timer is expired at once; then
// a wq_barrier goes right behind the queued target (linked to it), or at the
// head of the executing worker's scheduled list; the caller sleeps until the
// barrier's function runs. Returns false if there was nothing to wait for.
bool Cmwq::flush_work(engine::Thread& self, WorkItem& item) {
  if (item.timer_pending) {
    item.timer_pending = false;
    item.timer_gen++;
    queue_work(item.timer_cpu, wq_of(item), item);
  }
  WorkInstance* target = item.queued;
  Worker* worker = nullptr;
  if (target == nullptr) {
    worker = item.last_pool != nullptr ? item.last_pool->find_worker_executing_work(&item) : nullptr;
    if (worker == nullptr) return false;  // already gone
  }
  Pwq& pwq = target != nullptr ? *target->pwq : *worker->current_pwq();
  if (barrier_trace_id_ < 0) {
    barrier_trace_id_ = static_cast<int>(m_.trace().works.size());
    m_.trace().works.push_back("wq_barrier_func");
    m_.trace().work_wq.push_back("");
  }
  barrier_items_.emplace_back();
  WorkItem& bitem = barrier_items_.back();
  bitem.id = barrier_trace_id_;
  instances_.push_back(WorkInstance{});
  WorkInstance& barr = instances_.back();
  barr.item = &bitem;
  barr.n = static_cast<int>(barrier_items_.size());
  barr.pwq = &pwq;
  barr.inactive = true;  // "The barrier work item does not participate in pwq->nr_active."
  barr.barrier = true;
  barr.waiter = &self;
  if (worker != nullptr) {
    barr.color = worker->current_color();
    worker->scheduled().push_front(&barr);
  } else {
    barr.color = target->color;
    std::deque<WorkInstance*>* list = &pwq.pool->worklist;
    if (target->inactive) list = &pwq.inactive_works;
    else if (std::find(list->begin(), list->end(), target) == list->end())
      for (Worker* w : pwq.pool->all_workers)
        if (std::find(w->scheduled().begin(), w->scheduled().end(), target) != w->scheduled().end())
          list = &w->scheduled();
    list->insert(std::find(list->begin(), list->end(), target) + 1, &barr);
    barr.linked = target->linked;  // inherit the chain, and link behind the target
    target->linked = &barr;
  }
  pwq.wq->in_flight[barr.color]++;
  {
    WhyScope scope(m_.trace().why, because(Cause::InsertWork, pwq.pool->id));
    if (!rules_.kick_pool && pwq.pool->need_more_worker_nr()) wake_up_worker(*pwq.pool);  // v6.3 insert_work()
  }
  self.block();  // wait_for_completion()
  return true;
}

// __flush_workqueue(): wait for every item in flight now; items queued later
// get the next colour and are not waited for.
void Cmwq::flush_workqueue(engine::Thread& self, int wq_index) {
  Workqueue& wq = *wqs_.at(wq_index);
  long long color = wq.work_color++;
  bool busy = false;
  for (const auto& [c, n] : wq.in_flight) busy = busy || (c <= color && n > 0);
  if (!busy) return;
  flushers_.push_back({&wq, color, &self});
  self.block();
}

void Cmwq::check_flushers(Workqueue& wq) {
  for (auto it = flushers_.begin(); it != flushers_.end();) {
    bool busy = false;
    if (it->wq == &wq)
      for (const auto& [c, n] : wq.in_flight) busy = busy || (c <= it->color && n > 0);
    if (it->wq == &wq && !busy) {
      WhyScope scope(m_.trace().why, because(Cause::FlushDone));
      m_.wake(*it->thread, it->thread->cpu());
      it = flushers_.erase(it);
    } else {
      ++it;
    }
  }
}

// drain_workqueue(): only chained queueing meanwhile; flush until empty.
void Cmwq::drain_workqueue(engine::Thread& self, int wq_index) {
  Workqueue& wq = *wqs_.at(wq_index);
  wq.draining = true;
  for (;;) {
    flush_workqueue(self, wq_index);
    bool empty = true;
    wq.for_each_pwq([&](Pwq& p) { empty = empty && p.nr_active == 0 && p.inactive_works.empty(); });
    if (empty) break;
  }
  wq.draining = false;
}

}  // namespace cmwqsim::model
