// SPDX-License-Identifier: GPL-2.0-only
// Softirqs on the machine's CPUs (kernel/softirq.c, as Debian's 6.12 and
// 7.3 build it: no PREEMPT_RT, no forced irq threads, no
// IRQ_TIME_ACCOUNTING). Each CPU has its pending bits. An interrupt's exit
// (irq_exit(): the issuer's calls, timers, the tick, an irq_work IPI) runs
// them at once (invoke_softirq()) in the interrupted thread's context: that
// thread's burn waits and it is not preempted meanwhile, and the time counts
// as its CPU time. A raise from process context wakes ksoftirqd/N instead
// (raise_softirq_irqoff()), an ordinary nice-0 kernel thread that runs them
// when the scheduler picks it, unless an interrupt's exit comes first.
#include <climits>

#include "engine/machine.hpp"

namespace cmwqsim::engine {

namespace {
constexpr int kMaxSoftirqRestart = 10;      // MAX_SOFTIRQ_RESTART
constexpr long long kMaxSoftirqTimeMs = 2;  // MAX_SOFTIRQ_TIME = msecs_to_jiffies(2)
// An interrupt's exit comes after every outside call of its instant: calls
// due at the same time on a CPU are hrtimers that expire together, and
// hrtimer_interrupt() (__hrtimer_run_queues()) runs them all in one
// interrupt before its irq_exit() runs the softirqs they raised. It comes
// before the other event classes of the instant (sleep ends, timers).
constexpr std::int32_t kIrqExitSub = INT_MAX - 65536;
}  // namespace

// The exit of an interrupt on CPU `arg`.
class Machine::SoftirqEntry : public Handler {
 public:
  explicit SoftirqEntry(Machine& m) : m_(m) {}
  void fire(std::int64_t cpu) override { m_.do_softirq_at_irq_exit(static_cast<int>(cpu)); }

 private:
  Machine& m_;
};

// __do_softirq() at an interrupt's exit on one CPU: not a task (it is not
// in the trace); its events name the interrupted thread
// (softirq_display_thread()).
class Machine::SoftirqContext : public Thread {
 public:
  SoftirqContext(Machine& m, int cpu) : Thread(m, "softirq/" + std::to_string(cpu), cpu, true) {
    irq_context_ = true;
    serving_softirq_ = true;
  }
  void main() override {
    Machine& m = machine();
    for (;;) {
      m.handle_softirqs(m.cpu(cpu()), *this);
      m.softirq_exit(m.cpu(cpu()));
      m.run_events(baton_);  // until the next interrupt's exit with softirqs pending
    }
  }
};

// ksoftirqd/N: smpboot_thread_fn() with run_ksoftirqd(); it sleeps
// (TASK_INTERRUPTIBLE) while nothing is pending.
class Machine::Ksoftirqd : public Thread {
 public:
  Ksoftirqd(Machine& m, int cpu) : Thread(m, "ksoftirqd/" + std::to_string(cpu), cpu, true) { set_group("softirq"); }
  void main() override {
    for (;;) {
      if (machine().cpu(cpu()).softirq_pending == 0) {
        set_block_state('S');
        block();
        continue;
      }
      machine().run_ksoftirqd(*this);
    }
  }
};

void Machine::open_softirq(int nr, SoftirqAction& action) {
  if (softirq_actions_.empty()) {
    softirq_actions_.assign(NR_SOFTIRQS, nullptr);
    softirq_entry_ = std::make_unique<SoftirqEntry>(*this);
    ticks_wanted_ = true;  // the tick's exit runs what process context raised
    for (Cpu& c : cpus_) {
      auto k = std::make_unique<Ksoftirqd>(*this, c.id);
      c.ksoftirqd = k.get();
      spawn(*k);
      softirq_threads_.push_back(std::move(k));
      auto s = std::make_unique<SoftirqContext>(*this, c.id);
      c.softirq_ctx = s.get();
      spawn_actor(*s);
      softirq_threads_.push_back(std::move(s));
    }
  }
  softirq_actions_.at(static_cast<std::size_t>(nr)) = &action;
}

// raise_softirq_irqoff(): __raise_softirq_irqoff(), then in process context
// (!in_interrupt()) wakeup_softirqd(); a hardirq's exit runs it; softirq
// context finds it when handle_softirqs() looks again.
void Machine::raise_softirq_irqoff(int nr) {
  Cpu& c = cpus_.at(current_cpu_);
  c.softirq_pending |= 1u << nr;
  if (!in_interrupt()) wakeup_softirqd(c);
  else if (!current_softirq_) irq_exit(c.id);
}

// irq_work_queue_on(): the IPI's handler raises it on `cpu`; its exit runs it.
void Machine::raise_softirq_on(int cpu, int nr) {
  cpus_.at(cpu).softirq_pending |= 1u << nr;
  irq_exit(cpu);
}

void Machine::irq_exit(int cpu) {
  const Cpu& c = cpus_.at(cpu);
  if (c.softirq_pending == 0 || c.in_softirq || softirq_entry_ == nullptr) return;
  queue_.push(now_, EvClass::Issuer, kIrqExitSub + cpu, nullptr, softirq_entry_.get(), cpu);
}

// __irq_exit_rcu(): !in_interrupt() && local_softirq_pending(): invoke_softirq().
// The CPU's thread is held up where it is until softirq_exit().
void Machine::do_softirq_at_irq_exit(int cpu) {
  Cpu& c = cpus_.at(cpu);
  if (c.in_softirq || c.softirq_pending == 0) return;  // already serving: its restart takes them
  c.in_softirq = true;
  interrupt_owner(c);
  Thread& ctx = *c.softirq_ctx;
  ctx.resume_pending_ = true;
  ctx.resume_due_ = now_;
  queue_.push(now_, EvClass::Issuer, kIrqExitSub + cpu, &ctx, nullptr, ctx.resume_gen_);
}

// handle_softirqs(): the pending bits, lowest first, again while more are
// raised meanwhile, at most MAX_SOFTIRQ_RESTART times, within
// MAX_SOFTIRQ_TIME and while nothing needs the CPU; what is left then goes
// to ksoftirqd.
void Machine::handle_softirqs(Cpu& c, Thread& ctx) {
  const long long end = jiffies() + msecs_to_jiffies(kMaxSoftirqTimeMs);
  int max_restart = kMaxSoftirqRestart;
  for (;;) {
    const unsigned pending = c.softirq_pending;
    c.softirq_pending = 0;  // set_softirq_pending(0)
    for (int nr = 0; nr < NR_SOFTIRQS; ++nr) {
      if (!((pending >> nr) & 1u) || softirq_actions_.at(static_cast<std::size_t>(nr)) == nullptr) continue;
      current_cpu_ = c.id;
      softirq_actions_[static_cast<std::size_t>(nr)]->softirq_action(ctx);
    }
    if (c.softirq_pending == 0) return;
    if (jiffies() < end && !need_resched(c) && --max_restart > 0) continue;
    wakeup_softirqd(c);
    return;
  }
}

// The return from the interrupt: the thread goes on (its burn resumes), and
// the preemption its softirqs may have asked for happens now
// (irqentry_exit(): preempt_schedule_irq(), or the return to user mode); an
// idle CPU schedules what was woken meanwhile.
void Machine::softirq_exit(Cpu& c) {
  c.in_softirq = false;
  current_softirq_ = false;  // back in the thread (or the idle task)
  continue_owner(c);
  if (c.owner == nullptr) {
    if (c.rq->has_waiting()) hand_cpu(c, c.rq->pick_next(now_));
  } else {
    why_site_ = AtSoftirqEnd;
    preempt_if_needed(c);
  }
}

void Machine::wakeup_softirqd(Cpu& c) {
  if (c.ksoftirqd != nullptr) wake(*c.ksoftirqd, c.id);
}

// run_ksoftirqd(): handle_softirqs() in ksoftirqd, not preemptible
// meanwhile, then cond_resched().
void Machine::run_ksoftirqd(Thread& t) {
  Cpu& c = cpus_.at(t.cpu_);
  c.in_softirq = true;
  t.serving_softirq_ = current_softirq_ = true;
  handle_softirqs(c, t);
  t.serving_softirq_ = current_softirq_ = false;
  c.in_softirq = false;
  t.cond_resched();
}

void Machine::softirq_burn(Thread& ctx, Ns ns) {
  if (ns <= 0) return;
  if (!ctx.irq_context_) {  // ksoftirqd: its own burn (never cut: in_softirq)
    ctx.burn(ns);
    return;
  }
  resume_at(now_ + ns, ctx);
  run_events(ctx.baton_);
}

// The CPU's owner stops where it is: its pending resume (the end of its
// burn, or of kernel bookkeeping) is cancelled; the trace keeps what ran of
// its burn.
void Machine::interrupt_owner(Cpu& c) {
  Thread* o = c.owner;
  if (o == nullptr || !o->resume_pending_) return;
  o->interrupted_ = true;
  o->interrupted_left_ = o->resume_due_ - now_;
  ++o->resume_gen_;
  o->resume_pending_ = false;
  if (o->in_burn_) o->on_burn_preempted(now_ - o->burn_start_);
}

// ... and goes on with what was left (the rest of its burn is a new burn).
void Machine::continue_owner(Cpu& c) {
  Thread* o = c.owner;
  if (o == nullptr || !o->interrupted_) return;
  o->interrupted_ = false;
  if (o->in_burn_) {
    o->burn_start_ = now_;
    o->burn_end_ = now_ + o->interrupted_left_;
    o->on_burn(now_, o->interrupted_left_);
  }
  resume_at(now_ + o->interrupted_left_, *o);
}

// need_resched() in softirq context: the current task's TIF_NEED_RESCHED; on
// an idle CPU, a woken thread waiting for it.
bool Machine::need_resched(const Cpu& c) const {
  return c.rq->need_resched_full() || (c.owner == nullptr && c.rq->has_waiting());
}

// Whom a softirq's events name: the thread it interrupted, or the idle task.
int Machine::softirq_display_thread(const Cpu& c) const { return c.owner != nullptr ? c.owner->trace_id_ : kIdleThread; }

}  // namespace cmwqsim::engine
