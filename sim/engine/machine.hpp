// SPDX-License-Identifier: GPL-2.0-only
// The machine: CPUs, the clock and the event loop, on SimGrid S4U.
//
// Time is integer ns; one SimGrid "second" is one ns on 1-flop/s hosts, so
// SimGrid's clock stays exact. One 1-core host per CPU, one actor per kernel
// thread. The loop is "baton passing": the actor that holds the baton pops
// the next event from our queue and either handles it inline (a
// non-blocking handler) or hands the baton to the thread it resumes. A
// thread that simply continues (a burn that ends) costs no context switch,
// nor does one whose next steps run in the loop itself
// (Thread::continue_in_loop(): a kworker's loop and its items' programs).
// SimGrid's clock is set to the final time when the run stops.
//
// Schedulers (each CPU's RunQueue):
//  - Fifo: every step of a thread needs its CPU; a runnable thread joins the
//    tail of its CPU's run queue; no preemption.
//  - Doc: the doc's idealisation: only burn steps need a CPU (FIFO among
//    burners); a woken thread runs its bookkeeping at once.
//  - Cfs (6.1) and Eevdf (6.12, 7.3): the fair class. need_resched (from a
//    wake-up or the HZ tick) is honoured when the running thread blocks or
//    calls cond_resched(); a user thread, or any thread under full
//    preemption, is also switched out in the middle of a burn, at once.
//    Under lazy preemption a fair resched only sets the lazy flag, which the
//    tick (or HRTICK's slice-end hrtimer) turns into need_resched.
// Wake-up placement and idle balancing are placement.cpp's.
#pragma once
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "cmwqsim/trace.hpp"
#include "engine/cpu.hpp"
#include "engine/event_queue.hpp"
#include "engine/softirq.hpp"
#include "engine/thread.hpp"

namespace cmwqsim::engine {

// Scheduler features that differ between kernels (the model maps each
// kernel's KernelRules onto these).
struct SchedFeatures {
  bool hrtick = false;        // HRTICK: an hrtimer ends the running fair task's slice
  bool eevdf_vprot = false;   // EEVDF's 7.x slice protection (EevdfTunables::protect_vprot)
  bool eevdf_lag_7x = false;  // EEVDF's 7.x lag bound (EevdfTunables::lag_7x)
  bool newidle_balance = false;  // a CPU going idle pulls a task first
};

class Machine {
 public:
  Machine(int ncpus, Scheduler sched, int hz, Trace& trace, Preemption preemption = Preemption::Voluntary,
          SchedFeatures features = {});
  ~Machine();

  Ns now() const { return now_; }
  Scheduler scheduler() const { return sched_; }
  Preemption preemption() const { return preemption_; }
  int ncpus() const { return static_cast<int>(cpus_.size()); }
  Cpu& cpu(int i) { return cpus_.at(i); }
  // The CPU of the context running model code right now.
  int current_cpu() const { return current_cpu_; }
  void set_current_cpu(int c) { current_cpu_ = c; }
  // The trace id of the thread running model code, -1 in interrupt context.
  int current_thread() const { return current_thread_; }
  Trace& trace() { return trace_; }

  // Starts a thread's actor (blocked until its first wake-up).
  void spawn(Thread& t);

  // wake_up_process(): Blocked -> Runnable. Returns false (a no-op) if the
  // thread is not blocked. hint_cpu: the CPU the wake-up is aimed at.
  bool wake(Thread& t, int hint_cpu);
  // wake_up_new_task(): a thread kthreadd has just forked on this_cpu runs
  // first where select_task_rq(WF_FORK) puts it, whatever it is bound to
  // later (kthread_bind_mask() happens after kthread()'s first run).
  bool wake_up_new_task(Thread& t, int this_cpu);
  // A thread forked on `cpu` before time 0: wake_up_new_task() set its
  // p->recent_used_cpu there, and no wake-up since has reached that part of
  // select_idle_sibling().
  void set_forked_on(Thread& t, int cpu) { t.recent_used_cpu_ = cpu; }
  // The util_avg CPU `cpu` carries at time 0, left by tasks that stay
  // blocked (fair class; it decays, and a fork's placement reads it).
  void set_cpu_util(int cpu, long util) {
    cpus_.at(cpu).util.load = static_cast<std::uint64_t>(util) << 16;
    cpus_.at(cpu).util.last = now_;
  }
  // set_user_nice(): the thread's weight (on its run queue) and its nice.
  void set_user_nice(Thread& t, int nice);
  // A blocked bound thread's CPU becomes `cpu` (set_cpus_allowed_ptr() while
  // it sleeps); a no-op for a thread that is not blocked.
  void move_blocked(Thread& t, int cpu) {
    if (t.state_ == Thread::State::Blocked && !t.se_.on_rq) pelt_migrate(t, cpu);
  }

  // Outside-world events (interrupt context).
  void at(Ns t, EvClass cls, std::int32_t sub, Handler& h, std::int64_t arg);

  // Runs the simulation to the end (or to a limit). Call once per process.
  void run(std::uint64_t max_events, std::optional<Ns> until);

  std::uint64_t events_processed() const { return events_; }
  // Events that moved the baton to another actor (a SimGrid context switch).
  std::uint64_t handoffs() const { return handoffs_; }
  // Whether the loop runs a thread's next steps itself when the thread can
  // (Thread::continue_in_loop()); off: every resume goes to the actor.
  void set_threads_in_loop(bool on) { threads_in_loop_ = on; }
  // Called after every event (invariant checks); may throw.
  void set_after_event(std::function<void()> f) { after_event_ = std::move(f); }
  // The event kinds the trace keeps (RunLimits::record).
  void set_recorded(EvMask kinds) { recorded_ = kinds; }
  bool records(Ev kind) const { return (recorded_ & ev_bit(kind)) != 0; }
  // A failure raised inside an actor, rethrown by run() (exceptions must not escape actors).
  std::exception_ptr failure() const { return failure_; }
  // The CPU time a thread spends being switched in (0: none).
  Ns context_switch_cost() const { return switch_cost_; }
  void set_context_switch_cost(Ns ns) { switch_cost_ = ns; }
  // Interrupt time on a busy CPU: the tick handler's (tick_irq) and that of
  // the hrtimer interrupt that issues a call from outside (irq, see
  // interrupt_time()). Without IRQ_TIME_ACCOUNTING (Debian's configs) it is
  // charged to the interrupted thread, whose burn ends that much later.
  void set_irq_costs(Ns tick_irq, Ns irq) { tick_irq_cost_ = tick_irq; irq_cost_ = irq; }
  // An outside call's interrupt on cpu (the replay module's hrtimer).
  void interrupt_time(int cpu) { steal_burn(cpus_.at(cpu), irq_cost_); }
  // Run the HZ tick whatever the scheduler (the model needs it, e.g. 6.12's
  // wq_worker_tick()).
  void enable_ticks() { ticks_wanted_ = true; }
  // jiffies, as a count of ticks since boot, and msecs_to_jiffies() (rounds up).
  long long jiffies() const { return now_ / tick_ns_; }
  long long msecs_to_jiffies(long long ms) const { return (ms * 1'000'000 + tick_ns_ - 1) / tick_ns_; }

  // --- softirqs (kernel/softirq.c; softirq.cpp) ---
  // open_softirq(): `action` runs in softirq context on a CPU where `nr` is
  // pending. The first call creates each CPU's ksoftirqd/N (and turns the
  // tick on: its interrupt's exit runs pending softirqs).
  void open_softirq(int nr, SoftirqAction& action);
  // raise_softirq_irqoff() on current_cpu(): in a hardirq the softirq runs
  // at that interrupt's exit; in softirq context handle_softirqs() restarts
  // for it; in process context ksoftirqd is woken, and the next interrupt's
  // exit on the CPU (the tick) or ksoftirqd, whichever comes first, runs it.
  void raise_softirq_irqoff(int nr);
  // irq_work_queue_on(): an interrupt on `cpu` raises `nr` there (and its
  // exit runs it).
  void raise_softirq_on(int cpu, int nr);
  // in_interrupt(): model code runs in a hardirq (an outside-world event) or
  // in softirq context; in_serving_softirq().
  bool in_interrupt() const { return current_thread_ == -1 || current_softirq_; }
  bool in_softirq() const { return current_softirq_; }
  // Uses the CPU for ns in softirq context (ctx: the thread the action got).
  void softirq_burn(Thread& ctx, Ns ns);

 private:
  friend class Thread;
  class Tick;
  void resume_at(Ns t, Thread& th);
  void sync_clock();
  // Runs events until `self` is resumed; returns then.
  void run_events(Baton& self);
  Cpu& place(Thread& t, int hint_cpu);
  // The fair class's placement and balancing (placement.cpp), under cfs and eevdf.
  bool fair() const { return sched_ == Scheduler::Cfs || sched_ == Scheduler::Eevdf; }
  bool allowed(const Thread& t, int cpu) const;
  std::size_t nr_running(const Cpu& c) const;
  bool available_idle_cpu(int cpu) const { return cpus_.at(cpu).idle(); }
  int select_task_rq_fair(Thread& t, int this_cpu);
  int wake_affine(Thread& t, int this_cpu, int prev_cpu);
  int select_idle_sibling(Thread& t, int prev, int target);
  int find_idlest_cpu(int this_cpu);  // sched_balance_find_dst_cpu() of a fork
  // PELT (pelt.hpp; fair class only): t on or off its run queue; t moves to
  // `cpu` with its load (t.cpu_ becomes cpu, under any scheduler); the
  // loads now (cpu_load(), task_h_load()).
  void pelt_set_runnable(Thread& t, bool on_rq);
  void pelt_migrate(Thread& t, int cpu);
  long cpu_load(int cpu);
  long task_load(Thread& t);
  // util_avg: c's owner changes from prev to next (__schedule()); a new
  // task's first value (post_init_entity_util_avg()); cpu_util().
  void pelt_switch_util(Cpu& c, Thread* prev, Thread* next);
  void post_init_entity_util_avg(Thread& t);
  long cpu_util(int cpu);
  // Brings a CPU's averages, or a thread's load, up to now.
  void pelt_catch_up(Cpu& c) {
    c.pelt.update(now_, c.pelt_runnable);
    c.util.update(now_, c.owner != nullptr ? kPeltCapacity : 0);
  }
  void pelt_catch_up(Thread& t) { t.pelt_.update(now_, t.pelt_on_rq_ ? t.se_.weight : 0); }
  int forced_cpu_ = -1;                     // wake(): the CPU wake_up_new_task() chose
  bool pull_one_task(Cpu& c);
  SchedEntity* newidle_balance(Cpu& c);
  void nohz_idle_balance(Cpu& busy);
  void stamp_cfs_tasks(SchedEntity& se) { se.cfs_tasks_stamp = ++cfs_tasks_seq_; }
  // Gives the CPU to `next` (nullptr: the CPU goes idle); `prev` (nullptr:
  // the idle task) leaves it in `prev_state`.
  void hand_cpu(Cpu& c, SchedEntity* next, Thread* prev = nullptr, char prev_state = 0);
  void record_switch(int cpu, Thread* prev, char prev_state, Thread* next);
  void record_wakeup(Thread& t, int cpu);
  void arm_tick(Cpu& c);
  void preempt_if_needed(Cpu& c);
  // May the running thread t be switched out in the middle of a burn now?
  bool must_preempt(const Cpu& c, const Thread& t) const;
  // HRTICK (hrtick_start_fair(), hrtick_update(), hrtick_clear(), hrtick()).
  class Hrtick;
  void hrtick_start(Cpu& c);
  void hrtick_cancel(Cpu& c) { ++c.hrtick_gen; c.hrtick_armed = false; }
  void on_hrtick(int cpu);
  bool switch_out_runnable(Cpu& c, Thread& t);
  void steal_burn(Cpu& c, Ns ns);
  void on_tick(int cpu);
  bool uses_ticks() const { return ticks_wanted_ || fair(); }
  void spawn_actor(Thread& t);
  // Softirqs (softirq.cpp).
  class SoftirqEntry;
  class SoftirqContext;
  class Ksoftirqd;
  void irq_exit(int cpu);  // an interrupt on cpu ends: pending softirqs run now (invoke_softirq())
  void do_softirq_at_irq_exit(int cpu);
  void handle_softirqs(Cpu& c, Thread& ctx);
  void softirq_exit(Cpu& c);
  void wakeup_softirqd(Cpu& c);
  void run_ksoftirqd(Thread& t);
  void interrupt_owner(Cpu& c);
  void continue_owner(Cpu& c);
  bool need_resched(const Cpu& c) const;
  int softirq_display_thread(const Cpu& c) const;
  // --explain (explain_sched.cpp): the causes of the scheduler's events.
  void explain_switch(std::size_t event, int cpu, const Thread* prev, char prev_state, const Thread* next);
  void explain_wakeup(std::size_t event, const Thread& t, const Cpu& c, const Thread* running_before);
  void note_resched(Cpu& c, bool had, std::int64_t by);
  std::int64_t why_site_ = 0;  // where the next preemption happens (PreemptSite)

  Trace& trace_;
  Scheduler sched_;
  Preemption preemption_;
  SchedFeatures features_;
  Ns tick_ns_;
  Ns switch_cost_ = 0;
  Ns tick_irq_cost_ = 0;
  Ns irq_cost_ = 0;
  bool ticks_wanted_ = false;
  std::vector<Cpu> cpus_;
  EventQueue queue_;
  Ns now_ = 0;
  int current_cpu_ = 0;
  int current_thread_ = -1;
  std::uint64_t events_ = 0;
  std::uint64_t handoffs_ = 0;
  std::uint64_t cfs_tasks_seq_ = 0;
  std::uint64_t max_events_ = 0;
  std::optional<Ns> until_;
  bool running_ = false;
  bool threads_in_loop_ = true;
  Baton driver_;
  std::vector<Thread*> threads_;
  std::unique_ptr<Tick> tick_;
  std::unique_ptr<Hrtick> hrtick_;
  std::function<void()> after_event_;
  EvMask recorded_ = kAllEvents;
  std::exception_ptr failure_;
  bool current_softirq_ = false;  // the running context serves softirqs
  std::vector<SoftirqAction*> softirq_actions_;  // by softirq number
  std::vector<std::unique_ptr<Thread>> softirq_threads_;
  std::unique_ptr<Handler> softirq_entry_;  // a SoftirqEntry
};

}  // namespace cmwqsim::engine
