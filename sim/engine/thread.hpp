// SPDX-License-Identifier: GPL-2.0-only
// A simulated kernel thread: one SimGrid actor, written as sequential code.
//
// Thread code calls burn(), sleep_for() and block(); each returns when the
// thread runs again. Only the thread holding the "baton" executes model code
// at any instant (see machine.hpp), so model data needs no locks and the
// order of everything is the event queue's order. Code written as a state
// machine around those waits (continue_in_loop()) may instead be run on by
// the event loop while its actor waits: the same code at the same point of
// that order, without a SimGrid context switch.
#pragma once
#include <simgrid/s4u/Actor.hpp>
#include <string>
#include <vector>

#include "cmwqsim/time.hpp"
#include "engine/event_queue.hpp"
#include "engine/pelt.hpp"
#include "engine/sched_entity.hpp"

namespace cmwqsim::engine {

class Machine;

// What a SimGrid actor waits on to get the baton: a flag, and SimGrid's
// actor suspend/resume (about 0.5 us a hand-off here, against 0.8 us with a
// Semaphore). The flag makes an early give() safe: an actor that has not
// started yet, or has not suspended yet, finds it set and goes on.
class Baton {
 public:
  // Called first thing in the owning actor.
  void bind_current() { actor_ = simgrid::s4u::Actor::self(); }
  void wait() {
    while (!granted_) simgrid::s4u::this_actor::suspend();
    granted_ = false;
  }
  void give() {
    granted_ = true;
    if (actor_ != nullptr) actor_->resume();
  }

 private:
  simgrid::s4u::Actor* actor_ = nullptr;
  bool granted_ = false;
};

class Thread : public Handler {
 public:
  enum class State { Blocked, Runnable, Running };

  // nice: 0 for kworkers, -20 for highpri kworkers (HIGHPRI_NICE_LEVEL).
  Thread(Machine& m, std::string name, int cpu, bool bound, int nice = 0);
  ~Thread() override = default;
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  // The thread's body; runs in its actor from its first wake-up.
  virtual void main() = 0;

  // Scheduler hooks, as kernel/sched/core.c calls them:
  // sched_submit_work() before a voluntary block, sched_update_worker()
  // when the thread is back on its CPU.
  virtual void on_block() {}
  virtual void on_running() {}
  // A sleep_for() ended: by default the thread is woken.
  virtual void on_sleep_end();
  // A burn of ns starts now (the thread has its CPU).
  virtual void on_burn(Ns /*start*/, Ns /*ns*/) {}
  // scheduler_tick() while this thread runs (after the scheduler's own work).
  virtual void on_tick() {}
  // A preemption cut the burn in progress after `ran` ns of it; the rest
  // runs when the thread is picked again (a new on_burn()).
  virtual void on_burn_preempted(Ns /*ran*/) {}

  // --- for the thread's own code ---
  void burn(Ns ns);      // use the CPU for ns
  void sleep_for(Ns ns); // voluntary sleep (a timer wakes it)
  void block();          // sleep until someone calls Machine::wake()
  // How block() shows in sched_switch: 'I' (TASK_IDLE), 'S' or 'D'.
  void set_block_state(char s) { block_state_ = s; }
  // cond_resched(): yield the CPU if need_resched is set (voluntary preemption).
  void cond_resched();
  // Kernel bookkeeping that takes CPU time (no burn event is traced).
  void kernel_work(Ns ns);

  // burn(), sleep_for() and kernel_work() in pieces around their wait, for
  // code that runs as a state machine (continue_in_loop()); the thread's
  // actor waits in wait_for_resume(), or the event loop calls
  // continue_in_loop() in its place.
  void wait_for_resume();
  // burn() would start its burn at once: the thread is on its CPU, and no
  // preemption is due first (burn_prologue() would not wait).
  bool burn_starts_now() const;
  void burn_prologue();  // burn() before its burn: may wait
  // Starts a burn of ns; false: nothing to wait for (ns <= 0).
  bool burn_begin(Ns ns);
  // After the wait: false: the burn ended; true: it was preempted, is on
  // its CPU again and its rest is started (ns: that rest): wait again.
  bool burn_resumed(Ns& ns);
  bool in_burn() const { return in_burn_; }
  void sleep_begin(Ns ns);
  void block_begin();
  // After the wait of a sleep or a block: switched_in(), on_running().
  void resume_after_sleep();
  // cond_resched() may wait (need_resched is set).
  bool cond_resched_may_wait() const;
  // switched_in() would wait (its context-switch cost is still to pay).
  bool switched_in_waits() const;
  // false: nothing to wait for.
  bool kernel_work_begin(Ns ns);

  // Event from the queue (sleep end).
  void fire(std::int64_t arg) override;

  // The event loop calls this when the thread's resume comes, before it
  // hands the thread its baton: a thread whose next steps need nothing of
  // its actor runs them here (the code its actor would run, up to its next
  // wait) and returns true; false: the actor is resumed (model/kthread.cpp).
  virtual bool continue_in_loop() { return false; }

  const std::string& name() const { return name_; }
  int trace_id() const { return trace_id_; }
  int cpu() const { return cpu_; }
  bool bound() const { return bound_; }
  State state() const { return state_; }
  bool on_cpu() const { return on_cpu_; }
  int nice() const { return nice_; }
  // A user thread: its burns run in user mode, which the return from an
  // interrupt (the tick, a wake-up) preempts under any preemption model.
  void set_user(bool u) { user_ = u; }
  // What trace viewers group the thread under ("cpu0 pool", "tasks", ...).
  void set_group(std::string g) { group_ = std::move(g); }
  const std::string& group() const { return group_; }
  // An unbound thread's allowed CPUs (empty: all).
  void set_allowed_cpus(std::vector<int> cpus) { allowed_ = std::move(cpus); }
  const std::vector<int>& allowed_cpus() const { return allowed_; }
  // CPU time used so far (se.sum_exec_runtime).
  Ns cpu_time() const;
  const SchedEntity& se() const { return se_; }
  Machine& machine() { return m_; }

 private:
  friend class Machine;
  void acquire_cpu();
  void resched();
  void release_cpu(char state);  // state: the prev_state sched_switch reports
  void switched_in();  // pays the context-switch cost

  Machine& m_;
  std::string name_;
  int trace_id_ = -1;
  int cpu_;
  bool bound_;
  int nice_;
  std::vector<int> allowed_;
  int recent_used_cpu_ = -1;  // p->recent_used_cpu (select_idle_sibling())
  PeltAvg pelt_;              // se->avg.load_avg (fair class)
  PeltAvg util_;              // se->avg.util_avg: its running time (fair class)
  bool pelt_on_rq_ = false;   // counted in its CPU's pelt_runnable
  std::string group_ = "threads";
  char block_state_ = 'D';  // what block() reports: 'I' for idle kworkers
  bool fresh_ = false;  // created while the simulation runs, not yet woken
  bool user_ = false;
  // The burn in progress: it started (or resumed) at burn_start_ and ends at
  // burn_end_ unless a preemption cuts it (Machine::preempt_if_needed()).
  bool in_burn_ = false;
  Ns burn_start_ = 0;
  Ns burn_end_ = 0;
  Ns burn_left_ = 0;  // what a preemption left of the burn
  // Tags the thread's resume events; a preemption bumps it, which cancels
  // the pending end of the burn (the event loop drops stale events).
  std::int64_t resume_gen_ = 0;
  bool resume_pending_ = false;  // a resume event waits, at resume_due_
  Ns resume_due_ = 0;
  // The switch-in cost folded into the event loop (Machine::run_events()):
  // switch_in_next_: the thread waits where its next resume is followed by
  // switched_in() (a block, a sleep, a preemption, its first wake-up);
  // switch_in_done_: the loop has already started that switch-in's
  // kernel_work() for it, so switched_in() has nothing left to do.
  bool switch_in_next_ = false;
  bool switch_in_done_ = false;
  // Softirqs (softirq.cpp): a CPU's interrupt-context executor (never
  // queued: it interrupts the CPU's owner), whether the thread serves
  // softirqs now, and an owner's time left when a softirq interrupted it.
  bool irq_context_ = false;
  bool serving_softirq_ = false;
  bool interrupted_ = false;
  Ns interrupted_left_ = 0;
  Ns cpu_time_ = 0;     // CPU time before the current stint on the CPU
  Ns on_cpu_since_ = 0;
  SchedEntity se_;
  State state_ = State::Blocked;
  bool on_cpu_ = false;
  Baton baton_;
};

}  // namespace cmwqsim::engine
