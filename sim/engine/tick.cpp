// SPDX-License-Identifier: GPL-2.0-only
// The scheduler tick (scheduler_tick(), NO_HZ idle) and HRTICK, the
// hrtimer that ends a fair task's slice (hrtick_start_fair(), hrtick()).
#include "engine/tick.hpp"

namespace cmwqsim::engine {

// hrtick_start_fair(): with others queued, an hrtimer for the end of the
// running task's slice; a slice already over reschedules at once.
void Machine::hrtick_start(Cpu& c) {
  if (!features_.hrtick || !fair() || c.owner == nullptr || c.hrtick_armed || nr_running(c) < 2) return;
  std::optional<Ns> left = c.rq->slice_left();
  if (!left) return;
  if (*left < 0) {
    const bool had = c.rq->need_resched();
    c.rq->resched_curr();
    note_resched(c, had, ReschedHrtick);
    return;
  }
  c.hrtick_armed = true;
  queue_.push(now_ + *left, EvClass::Timer, 2 * ncpus() + c.id, nullptr, hrtick_.get(),
              c.id | (c.hrtick_gen << 16));
}

// hrtick(): task_tick(queued = 1): account the slice, then resched_curr()
// (the full flag, even under PREEMPT_LAZY), honoured at once where allowed.
void Machine::on_hrtick(int cpu) {
  Cpu& c = cpus_.at(cpu);
  c.hrtick_armed = false;
  if (c.owner == nullptr || c.owner->state_ != Thread::State::Running) return;
  c.rq->tick(now_);
  const bool had = c.rq->need_resched();
  c.rq->resched_curr();
  note_resched(c, had, ReschedHrtick);
  current_cpu_ = cpu;
  current_thread_ = -1;
  why_site_ = AtHrtick;
  if (c.softirq_pending == 0 || c.in_softirq) preempt_if_needed(c);
  irq_exit(cpu);
}

void Machine::arm_tick(Cpu& c) {
  if (!uses_ticks() || c.tick_armed) return;
  c.tick_armed = true;
  queue_.push((now_ / tick_ns_ + 1) * tick_ns_, EvClass::Timer, c.id, nullptr, tick_.get(), c.id);
}

// scheduler_tick(): the running thread's time is accounted; the policy may
// set need_resched. An idle CPU stops its tick (NO_HZ idle).
void Machine::on_tick(int cpu) {
  Cpu& c = cpus_.at(cpu);
  c.tick_armed = false;
  irq_exit(cpu);  // queued now, it runs after the tick's work below
  if (c.owner == nullptr) return;
  if (c.owner->state_ == Thread::State::Running) {
    steal_burn(c, tick_irq_cost_);
    c.rq->upgrade_lazy();  // sched_tick(): TIF_NEED_RESCHED_LAZY becomes TIF_NEED_RESCHED
    const bool had = c.rq->need_resched();
    c.rq->tick(now_);
    note_resched(c, had, ReschedTick);
    current_cpu_ = cpu;
    current_thread_ = -1;
    c.owner->on_tick();
    // With softirqs pending, the preemption waits for their end (softirq_exit()).
    why_site_ = AtTick;
    if (c.softirq_pending == 0 || c.in_softirq) preempt_if_needed(c);
  }
  if (fair()) nohz_idle_balance(c);  // trigger_load_balance()
  arm_tick(c);
}

}  // namespace cmwqsim::engine
