// SPDX-License-Identifier: GPL-2.0-only
#include "engine/thread.hpp"

#include <cassert>

#include "engine/machine.hpp"

namespace cmwqsim::engine {

namespace {
constexpr std::int64_t kSleepEnd = 1;
}

Thread::Thread(Machine& m, std::string name, int cpu, bool bound, int nice)
    : m_(m), name_(std::move(name)), cpu_(cpu), bound_(bound), nice_(nice) {
  se_.thread = this;
  se_.weight = nice_to_weight(nice);
  se_.vruntime = -(Ns{1} << 50);  // a long sleeper: the first wake-up places it (place_entity())
}

void Thread::on_sleep_end() { m_.wake(*this, cpu_); }

Ns Thread::cpu_time() const { return cpu_time_ + (on_cpu_ ? m_.now() - on_cpu_since_ : 0); }

void Thread::fire(std::int64_t arg) {
  if (arg != kSleepEnd) return;
  const int timer_cpu = cpu_;  // the hrtimer fires where the thread slept
  on_sleep_end();
  m_.irq_exit(timer_cpu);
}

// A burn runs until its end, unless an interrupt preempts the thread
// (Machine::preempt_if_needed()): then the rest runs once the thread is
// picked again, after its switch-in cost.
void Thread::burn(Ns ns) {
  burn_prologue();
  if (!burn_begin(ns)) return;
  do wait_for_resume();
  while (burn_resumed(ns));
}

void Thread::wait_for_resume() { m_.run_events(baton_); }

bool Thread::burn_starts_now() const { return on_cpu_ && !m_.must_preempt(m_.cpu(cpu_), *this); }

void Thread::burn_prologue() {
  if (!on_cpu_) acquire_cpu();  // only the doc scheduler runs threads off-CPU
  // A need_resched set meanwhile (e.g. by our own wake-up of a thread) is
  // honoured here where allowed: preempt_enable() in the kernel, the return
  // to user mode.
  if (on_cpu_ && m_.must_preempt(m_.cpu(cpu_), *this)) {
    m_.why_site_ = AtBurnStart;
    resched();
  }
}

bool Thread::burn_begin(Ns ns) {
  on_burn(m_.now(), ns);
  if (ns <= 0) return false;
  in_burn_ = true;
  burn_start_ = m_.now();
  burn_end_ = burn_start_ + ns;
  m_.resume_at(burn_end_, *this);
  return true;
}

bool Thread::burn_resumed(Ns& ns) {
  if (in_burn_) {  // the burn ended
    in_burn_ = false;
    // Interrupts made it longer on the CPU (Machine::steal_burn()).
    if (burn_end_ - burn_start_ != ns) on_burn_preempted(burn_end_ - burn_start_);
    return false;
  }
  ns = burn_left_;  // preempted, and now back on the CPU
  switched_in();
  return burn_begin(ns);
}

void Thread::kernel_work(Ns ns) {
  if (kernel_work_begin(ns)) wait_for_resume();
}

bool Thread::kernel_work_begin(Ns ns) {
  if (ns <= 0 || !on_cpu_) return false;
  m_.resume_at(m_.now() + ns, *this);
  return true;
}

void Thread::switched_in() {
  if (switch_in_done_) {  // the event loop started it when the thread was picked
    switch_in_done_ = false;
    return;
  }
  kernel_work(m_.context_switch_cost());
}

bool Thread::switched_in_waits() const { return !switch_in_done_ && m_.context_switch_cost() > 0 && on_cpu_; }

void Thread::sleep_for(Ns ns) {
  sleep_begin(ns);
  wait_for_resume();
  resume_after_sleep();
}

void Thread::sleep_begin(Ns ns) {
  on_block();
  state_ = State::Blocked;
  release_cpu('D');  // usleep_range(): TASK_UNINTERRUPTIBLE
  m_.queue_.push(m_.now() + ns, EvClass::Wake, 0, nullptr, this, kSleepEnd);
  switch_in_next_ = true;
}

void Thread::resume_after_sleep() {
  switched_in();
  on_running();
}

void Thread::block() {
  block_begin();
  wait_for_resume();
  resume_after_sleep();
}

void Thread::block_begin() {
  on_block();
  state_ = State::Blocked;
  release_cpu(block_state_);
  switch_in_next_ = true;
}

// cond_resched(): a preemption, not a sleep: the thread stays runnable and
// the scheduler hooks (wq_worker_sleeping/running) do not run.
// Only TIF_NEED_RESCHED counts: under PREEMPT_LAZY the lazy flag waits for
// the tick (and cond_resched() is a no-op there anyway).
void Thread::cond_resched() {
  if (on_cpu_ && m_.cpu(cpu_).rq->need_resched_full()) {
    m_.why_site_ = AtCondResched;
    resched();
  }
}

bool Thread::cond_resched_may_wait() const { return on_cpu_ && m_.cpu(cpu_).rq->need_resched_full(); }

// schedule() from a preemption point: the policy picks again.
void Thread::resched() {
  if (!m_.switch_out_runnable(m_.cpu(cpu_), *this)) return;
  switch_in_next_ = true;
  m_.run_events(baton_);  // until picked again
  switched_in();
}

// Doc scheduler only: queue for the CPU to burn.
void Thread::acquire_cpu() {
  assert(m_.scheduler() == Scheduler::Doc);
  Cpu& c = m_.place(*this, cpu_);
  cpu_ = c.id;
  c.rq->enqueue(se_, m_.now(), false);
  if (c.owner == nullptr && !c.in_softirq) {  // a free CPU has nobody queued: we are picked
    c.rq->pick_next(m_.now());
    c.owner = this;
    on_cpu_ = true;
    on_cpu_since_ = m_.now();
    m_.record_switch(c.id, nullptr, 0, this);
    return;
  }
  state_ = State::Runnable;
  m_.run_events(baton_);  // release_cpu() of the owner hands the CPU over
}

void Thread::release_cpu(char state) {
  if (!on_cpu_) return;
  Cpu& c = m_.cpu(cpu_);
  cpu_time_ += m_.now() - on_cpu_since_;
  on_cpu_ = false;
  m_.pelt_set_runnable(*this, false);
  c.rq->dequeue_sleep(se_, m_.now());
  c.rq->clear_need_resched();
  SchedEntity* next = c.rq->pick_next(m_.now());
  if (next == nullptr) next = m_.newidle_balance(c);  // the CPU would go idle
  m_.hand_cpu(c, next, this, state);
}

}  // namespace cmwqsim::engine
