// SPDX-License-Identifier: GPL-2.0-only
#include "engine/machine.hpp"
#include "engine/tick.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/cfs.hpp"
#include "engine/eevdf.hpp"

namespace sg4 = simgrid::s4u;

namespace cmwqsim::engine {

namespace {
// SimGrid's engine is a process-wide singleton; it lives as long as the process.
// CMWQSIM_SIMGRID_CFG adds one SimGrid setting, e.g. contexts/factory:thread
// (what the ASan build uses: the raw contexts confuse ASan).
sg4::Engine* sg_engine() {
  static std::string arg0 = "cmwq-sim", arg1 = "--cfg=contexts/stack-size:256", arg2;
  static std::vector<char*> argv;
  static int argc = 0;
  static sg4::Engine* e = [] {
    argv = {arg0.data(), arg1.data()};
    if (const char* extra = std::getenv("CMWQSIM_SIMGRID_CFG"); extra != nullptr && *extra != '\0') {
      arg2 = std::string("--cfg=") + extra;
      argv.push_back(arg2.data());
    }
    argc = static_cast<int>(argv.size());
    argv.push_back(nullptr);
    xbt_log_control_set("root.thresh:critical");
    xbt_log_control_set("xbt_cfg.thresh:critical");
    return new sg4::Engine(&argc, argv.data());
  }();
  return e;
}

std::unique_ptr<RunQueue> make_run_queue(Scheduler s, int ncpus, int hz, const SchedFeatures& f) {
  switch (s) {
    case Scheduler::Cfs: return std::make_unique<CfsRunQueue>(CfsTunables::for_cpus(ncpus));
    case Scheduler::Eevdf: {
      EevdfTunables t = EevdfTunables::for_cpus(ncpus, hz);
      t.protect_vprot = f.eevdf_vprot;
      t.lag_7x = f.eevdf_lag_7x;
      return std::make_unique<EevdfRunQueue>(t);
    }
    default: return std::make_unique<FifoRunQueue>();
  }
}
}  // namespace

Machine::Machine(int ncpus, Scheduler sched, int hz, Trace& trace, Preemption preemption, SchedFeatures features)
    : trace_(trace),
      sched_(sched),
      preemption_(preemption),
      features_(features),
      tick_ns_(1'000'000'000 / hz),
      tick_(std::make_unique<Tick>(*this)),
      hrtick_(std::make_unique<Hrtick>(*this)) {
  sg_engine();
  auto* zone = sg4::create_full_zone("machine");
  cpus_.resize(ncpus);
  for (int i = 0; i < ncpus; ++i) {
    cpus_[i].id = i;
    cpus_[i].host = zone->create_host("cpu" + std::to_string(i), 1.0);  // 1 flop/s: 1 s = 1 ns
    cpus_[i].rq = make_run_queue(sched, ncpus, hz, features);
    cpus_[i].rq->set_lazy(preemption == Preemption::Lazy);
  }
  zone->seal();
}

Machine::~Machine() = default;

void Machine::spawn(Thread& t) {
  t.trace_id_ = static_cast<int>(trace_.threads.size());
  t.fresh_ = running_;  // created by the simulation (a manager), not at boot
  if (t.fresh_ && fair()) {  // init_entity_runnable_average(): a new task starts at its weight
    t.pelt_.load = static_cast<std::uint64_t>(t.se_.weight) << 16;
    t.pelt_.last = now_;
    Cpu& c = cpus_.at(t.cpu_);
    pelt_catch_up(c);
    c.pelt.load += t.pelt_.load;
  }
  trace_.threads.push_back(t.name_);
  trace_.thread_info.push_back(ThreadInfo{100 + t.trace_id_, t.nice_, t.group_});
  threads_.push_back(&t);
  spawn_actor(t);
}

void Machine::spawn_actor(Thread& t) {
  Thread* tp = &t;
  // Set before the actor starts: its first resume may come first.
  t.switch_in_next_ = true;
  sg4::Actor::create(t.name_, cpus_.at(t.cpu_).host, [tp] {
    tp->baton_.bind_current();
    tp->baton_.wait();  // the first wake-up
    tp->switched_in();
    tp->main();
    // The thread exits: it leaves its CPU and gives the baton away for good.
    tp->state_ = Thread::State::Blocked;
    tp->release_cpu('X');  // EXIT_DEAD
    tp->m_.run_events(tp->baton_);
  })->daemonize();
}

void Machine::resume_at(Ns t, Thread& th) {
  th.resume_pending_ = true;
  th.resume_due_ = t;
  queue_.push(t, EvClass::Cpu, th.cpu_, &th, nullptr, th.resume_gen_);
}

void Machine::at(Ns t, EvClass cls, std::int32_t sub, Handler& h, std::int64_t arg) {
  queue_.push(t, cls, sub, nullptr, &h, arg);
}

Cpu& Machine::place(Thread& t, int hint_cpu) {
  if (t.bound_) return cpus_.at(t.cpu_);
  // An unbound thread runs on an idle allowed CPU if there is one (the
  // hinted CPU first, then the lowest-numbered); otherwise it queues on the
  // hinted CPU, or on its first allowed one.
  auto allowed = [&](int c) {
    return t.allowed_.empty() || std::find(t.allowed_.begin(), t.allowed_.end(), c) != t.allowed_.end();
  };
  if (!allowed(hint_cpu)) hint_cpu = t.allowed_.front();
  Cpu& hint = cpus_.at(hint_cpu);
  if (hint.idle()) return hint;
  for (Cpu& c : cpus_)
    if (c.idle() && allowed(c.id)) return c;
  return hint;
}

void Machine::record_switch(int cpu, Thread* prev, char prev_state, Thread* next) {
  if (prev == next || !records(Ev::SchedSwitch)) return;
  TraceEvent e;
  e.t = now_;
  e.cpu = cpu;
  e.kind = Ev::SchedSwitch;
  e.thread = next != nullptr ? next->trace_id_ : kIdleThread;
  e.other = prev != nullptr ? prev->trace_id_ : kIdleThread;
  e.state = prev != nullptr ? prev_state : 'R';
  trace_.events.push_back(e);
  if (trace_.why.on) explain_switch(trace_.events.size() - 1, cpu, prev, prev_state, next);
}

void Machine::record_wakeup(Thread& t, int cpu) {
  if (!records(Ev::SchedWakeup)) return;
  TraceEvent e;
  e.t = now_;
  e.cpu = cpu;
  e.kind = Ev::SchedWakeup;
  e.thread = t.trace_id_;
  e.other = current_thread_;
  e.softirq = current_softirq_;
  trace_.events.push_back(e);
}

void Machine::hand_cpu(Cpu& c, SchedEntity* next, Thread* prev, char prev_state) {
  if (fair()) pelt_switch_util(c, c.owner, next != nullptr ? next->thread : nullptr);
  c.owner = next != nullptr ? next->thread : nullptr;
  record_switch(c.id, prev, prev_state, c.owner);
  hrtick_cancel(c);  // __schedule(): hrtick_clear()
  if (next == nullptr) return;
  stamp_cfs_tasks(*next);
  next->thread->on_cpu_ = true;
  next->thread->on_cpu_since_ = now_;
  resume_at(now_, *next->thread);
  arm_tick(c);
  hrtick_start(c);  // set_next_task_fair()
}

// The return from an interrupt (the tick, or the IPI a wake-up sends): with
// need_resched set, a burning thread that may be preempted there is switched
// out (__schedule(SM_PREEMPT): sched_switch reports R+, and no
// wq_worker_sleeping()). It stays queued, and the end of its burn waits.
// A burn that ends at this very instant has nothing left to cut: need_resched
// stays set for the thread's next preemption point.
void Machine::preempt_if_needed(Cpu& c) {
  Thread* t = c.owner;
  if (t == nullptr || !t->in_burn_ || t->burn_end_ <= now_ || !must_preempt(c, *t)) return;
  if (!switch_out_runnable(c, *t)) return;
  ++t->resume_gen_;  // cancels the pending end of the burn
  t->resume_pending_ = false;
  t->in_burn_ = false;
  t->switch_in_next_ = true;  // Thread::burn() goes on with switched_in() once picked again
  t->burn_left_ = t->burn_end_ - now_;
  t->on_burn_preempted(now_ - t->burn_start_);
}

// An interrupt handler runs ns on c: the burn of the thread it interrupted
// ends ns later (the handler's time is the thread's: no IRQ_TIME_ACCOUNTING).
void Machine::steal_burn(Cpu& c, Ns ns) {
  Thread* t = c.owner;
  if (ns <= 0 || t == nullptr || !t->in_burn_ || t->burn_end_ <= now_) return;
  ++t->resume_gen_;  // the old end is stale
  t->burn_end_ += ns;
  resume_at(t->burn_end_, *t);
}

// A user thread is switched out on its return to user mode when either
// flag is set; a kernel thread only under full or lazy preemption, and
// only for TIF_NEED_RESCHED.
bool Machine::must_preempt(const Cpu& c, const Thread& t) const {
  if (c.in_softirq) return false;  // softirq context: preemption is off until it ends
  if (t.user_) return c.rq->need_resched();
  return preemption_ != Preemption::Voluntary && c.rq->need_resched_full();
}

// __schedule(SM_PREEMPT) for c's running thread t, need_resched consumed: the
// policy picks again, t included; if another wins, t leaves the CPU still
// runnable (sched_switch R+). Returns whether t left.
bool Machine::switch_out_runnable(Cpu& c, Thread& t) {
  c.rq->clear_need_resched();
  SchedEntity* next = c.rq->pick_next(now_);
  if (next == &t.se_) return false;  // still the best: keeps running
  t.cpu_time_ += now_ - t.on_cpu_since_;
  t.on_cpu_ = false;
  t.state_ = Thread::State::Runnable;
  hand_cpu(c, next, &t, 'R');
  return true;
}

bool Machine::wake(Thread& t, int hint_cpu) {
  if (t.state_ != Thread::State::Blocked) return false;  // already runnable: a no-op
  t.state_ = Thread::State::Runnable;
  if (sched_ == Scheduler::Doc) {  // bookkeeping happens at once
    record_wakeup(t, t.cpu_);
    if (trace_.why.on) explain_wakeup(trace_.events.size() - 1, t, cpus_.at(t.cpu_), nullptr);
    resume_at(now_, t);
    return true;
  }
  // A sleeper still queued (EEVDF's delayed dequeue) wakes where it is.
  Cpu& c = forced_cpu_ >= 0  ? cpus_.at(forced_cpu_)
           : t.se_.delayed ? cpus_.at(t.cpu_)
           : fair()        ? cpus_.at(select_task_rq_fair(t, hint_cpu))
                           : place(t, hint_cpu);
  if (c.id != t.cpu_ && !t.se_.on_rq) {  // migrate_task_rq_fair(): renormalise
    t.se_.vruntime += c.rq->vruntime_base() - cpus_.at(t.cpu_).rq->vruntime_base();
    t.se_.exec_start = 0;  // enqueue_entity(): a migrated task is no longer cache hot
  }
  pelt_migrate(t, c.id);
  c.rq->enqueue(t.se_, now_, t.fresh_);
  pelt_set_runnable(t, true);
  stamp_cfs_tasks(t.se_);
  t.fresh_ = false;
  record_wakeup(t, c.id);
  const std::size_t wakeup_event = trace_.events.size() - 1;
  Thread* const running_before = c.owner;
  if (c.owner == nullptr) {
    // A softirq on the idle CPU ends first (softirq_exit() picks then).
    if (!c.in_softirq) hand_cpu(c, c.rq->pick_next(now_));
  } else {
    const bool had = c.rq->need_resched();
    c.rq->check_preempt_wakeup(t.se_, now_);
    note_resched(c, had, t.trace_id_);
    hrtick_start(c);  // enqueue_task_fair(): hrtick_update()
    why_site_ = AtWakeupIrq;
    preempt_if_needed(c);
  }
  if (trace_.why.on) explain_wakeup(wakeup_event, t, c, running_before);
  return true;
}

void Machine::set_user_nice(Thread& t, int nice) {
  const bool counted = t.pelt_on_rq_;
  pelt_set_runnable(t, false);  // PELT's runnable weight follows
  cpus_.at(t.cpu_).rq->reweight(t.se_, nice_to_weight(nice), now_);
  if (counted) pelt_set_runnable(t, true);
  t.nice_ = nice;
  if (t.trace_id_ >= 0) trace_.thread_info.at(static_cast<std::size_t>(t.trace_id_)).nice = nice;
}

// Time is ours: integer ns in the event queue, which also fixes the order
// of ties. SimGrid provides the actors and switches between them; its clock
// is brought to our final time in one step when the run stops. Nothing
// reads it in between, and a sleep_until() per event would cost about
// 1.8 us, twice a hand-off (cmwq-bench measures both).
void Machine::sync_clock() {
  if (static_cast<double>(now_) > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(static_cast<double>(now_));
}

void Machine::run_events(Baton& self) {
  for (;;) {
    // The end of a burn that a preemption cut is stale: drop it.
    while (!queue_.empty() && queue_.top().resume != nullptr && queue_.top().arg != queue_.top().resume->resume_gen_)
      queue_.pop();
    bool stop = queue_.empty();
    if (!stop && events_ >= max_events_) {
      trace_.truncated = true;
      trace_.stop_reason = "stopped after " + std::to_string(events_) + " events (--max-events)";
      stop = true;
    }
    if (!stop && until_ && queue_.top().t > *until_) {
      trace_.truncated = true;
      trace_.stop_reason = "stopped at the time limit (--until)";
      stop = true;
    }
    if (!stop && after_event_ && !failure_) {
      try {
        after_event_();
      } catch (...) {
        failure_ = std::current_exception();
      }
    }
    if (stop || failure_) {
      sync_clock();
      if (&self != &driver_) {
        driver_.give();
        self.wait();  // never given back: the actor is a daemon and dies at the end
      }
      return;
    }
    QueuedEvent ev = queue_.pop();
    ++events_;
    now_ = ev.t;
    if (ev.resume == nullptr) {
      current_thread_ = -1;
      current_softirq_ = false;
      ev.handler->fire(ev.arg);
      continue;
    }
    Thread& th = *ev.resume;
    th.state_ = Thread::State::Running;
    th.resume_pending_ = false;
    current_cpu_ = th.cpu_;
    current_softirq_ = th.serving_softirq_;
    current_thread_ = th.irq_context_ ? softirq_display_thread(cpus_.at(th.cpu_)) : th.trace_id_;
    if (th.switch_in_next_) {
      th.switch_in_next_ = false;
      // All the thread would do now is switched_in(): start its kernel_work()
      // here, as the thread would (the same event, pushed next), and resume
      // the thread when it ends. That saves a hand-off to the thread and back.
      if (switch_cost_ > 0 && th.on_cpu_) {
        resume_at(now_ + switch_cost_, th);
        th.switch_in_done_ = true;
        continue;
      }
    }
    if (&th.baton_ == &self) return;
    // What the thread does next may need nothing of its actor: then it is
    // done here, and the hand-off to the thread and back is saved.
    if (threads_in_loop_ && th.continue_in_loop()) continue;
    ++handoffs_;
    th.baton_.give();
    self.wait();
    return;
  }
}

void Machine::run(std::uint64_t max_events, std::optional<Ns> until) {
  max_events_ = max_events;
  until_ = until;
  running_ = true;
  sg4::Actor::create("driver", cpus_.at(0).host, [this] {
    driver_.bind_current();
    run_events(driver_);
  });
  sg_engine()->run();
  if (after_event_ && !failure_) {
    try {
      after_event_();
    } catch (...) {
      failure_ = std::current_exception();
    }
  }
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace cmwqsim::engine
