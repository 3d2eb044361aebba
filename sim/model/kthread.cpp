// SPDX-License-Identifier: GPL-2.0-only
#include "model/kthread.hpp"

#include "engine/machine.hpp"

namespace cmwqsim::model {

WhyTable& why_table(engine::Machine& m) { return m.trace().why; }

std::size_t record(engine::Machine& m, Ev kind, int thread, int cpu, const WorkInstance* inst, Ns dur, Next next) {
  if (!m.records(kind)) return kNotRecorded;
  TraceEvent e;
  e.t = m.now();
  e.cpu = cpu;
  e.thread = thread;
  e.kind = kind;
  e.softirq = m.in_softirq();
  if (kind == Ev::Burn) e.dur = dur;
  e.next = next;
  if (inst != nullptr) {
    e.work = inst->item->id;
    e.instance = inst->n;
  }
  m.trace().events.push_back(e);
  const std::size_t i = m.trace().events.size() - 1;
  if (m.trace().why.on) m.trace().why.from_context(i);
  return i;
}

Next next_after(const std::vector<Step>& program, std::size_t from) {
  for (std::size_t i = from; i < program.size(); ++i) {
    if (program[i].kind == Step::Burn) return Next::Burn;
    if (program[i].kind == Step::Sleep) return Next::Sleep;
  }
  return Next::End;
}

bool run_nonblocking_step(WorkqueueImpl& impl, const Step& s, int local_cpu) {
  if (s.kind != Step::Queue && s.kind != Step::ModDelayed && s.kind != Step::Enable) return false;
  WorkItem& target = impl.item(s.target);
  const int cpu_to = target.spec->cpu_given ? target.spec->cpu : local_cpu;
  if (s.kind == Step::Enable) impl.enable_work(target);
  else if (s.kind == Step::ModDelayed) impl.mod_delayed_work_on(cpu_to, target, s.delay);
  else if (s.delay >= 0) impl.queue_delayed_work_on(cpu_to, target, s.delay);
  else impl.queue_work_on(cpu_to, target);
  return true;
}

std::size_t KThread::record(Ev kind, const WorkInstance* inst, Ns dur, Next next) {
  return model::record(machine(), kind, trace_id(), cpu(), inst, dur, next);
}

void KThread::on_burn(Ns /*start*/, Ns ns) {
  if (ns <= 0 || !machine().records(Ev::Burn)) return;
  burn_event_ = record(Ev::Burn, executing_, ns);
  if (why().on) why().set(burn_event_, because(burn_cut_ ? Cause::BurnRest : Cause::BurnStep, ns), Because{});
}

// The trace keeps what ran of the burn; the rest is a new burn event.
void KThread::on_burn_preempted(Ns ran) {
  if (machine().records(Ev::Burn)) machine().trace().events.at(burn_event_).dur = ran;
  burn_cut_ = true;
}

void KThread::on_sleep_end() {
  WhyScope scope(why(), because(Cause::SleepEnds, sleep_ns_));
  slept_until_ = machine().now();
  if (executing_ != nullptr) record(Ev::Wake, executing_);
  const std::size_t before = machine().trace().events.size();
  Thread::on_sleep_end();
  if (why().on)  // the wake-up's event: where it went, and whether it waits for its CPU
    for (std::size_t i = before; i < machine().trace().events.size(); ++i)
      if (machine().trace().events[i].kind == Ev::SchedWakeup && machine().trace().events[i].thread == trace_id())
        wake_event_ = i;
}

void KThread::execute(WorkInstance& inst) {
  if (inst.barrier) {
    kernel_work(work_start_cost_);
    // wq_barrier_func(): complete(&barr->done) wakes the flusher.
    const std::size_t start = record(Ev::Start, &inst, 0, Next::End);
    WhyScope scope(why(), because(Cause::BarrierComplete, work_ref(&inst)));
    if (why().on) why().set(start, because(Cause::BarrierRun, inst.waiter != nullptr ? inst.waiter->trace_id() : -1), start_why_.what);
    if (inst.waiter != nullptr) machine().wake(*inst.waiter, cpu());
    record(Ev::Finish, &inst);
    return;
  }
  execute_begin(inst);
  drive();
  execute_end(inst);
}

void KThread::execute_begin(WorkInstance& inst) {
  program_ = &inst.item->spec->program;
  program_inst_ = &inst;
  at_ = At::StartCost;
}

void KThread::execute_end(WorkInstance& inst) {
  const std::size_t finish = record(Ev::Finish, &inst);
  // What decided when: its last start or resume.
  if (why().on) why().set(finish, because(Cause::FinishEnd), why().by_event.at(run_event_).what);
  executing_ = nullptr;
}

void KThread::run_steps(const std::vector<Step>& program, WorkInstance* inst) {
  program_ = &program;
  program_inst_ = inst;
  step_ = 0;
  at_ = At::Step;
  drive();
}

void KThread::drive() {
  while (advance(false) == Go::Waits) {
    parked_ = true;
    wait_for_resume();
    parked_ = false;
  }
}

// The program's end is the actor's (what follows it is on its stack).
bool KThread::continue_in_loop() { return parked_ && advance(true) == Go::Waits; }

// In the event loop, what could wait elsewhere than at the end of a step (a
// burn that must wait for its CPU first, a switch-in still to pay, a
// blocking step) is left to the actor, before any of it is done.
KThread::Go KThread::advance(bool in_loop) {
  const std::vector<Step>& program = *program_;
  WorkInstance* const inst = program_inst_;
  for (;;) {
    switch (at_) {
      case At::StartCost:  // process_one_work()'s bookkeeping before the function
        at_ = At::Start;
        if (kernel_work_begin(work_start_cost_)) return Go::Waits;
        break;
      case At::Start: {
        executing_ = inst;
        const std::size_t start = record(Ev::Start, inst, 0, next_after(program, 0));
        if (why().on) why().set(start, start_why_.what, start_why_.via);
        start_why_ = Why{};
        run_event_ = start;
        step_ = 0;
        at_ = At::Step;
        break;
      }
      case At::Step: {
        if (step_ == program.size()) return Go::Done;
        const Step& s = program[step_];
        switch (s.kind) {
          case Step::Burn:
            if (in_loop && !burn_starts_now()) return Go::NeedsActor;
            machine().set_current_cpu(cpu());
            burn_cut_ = false;
            burn_prologue();
            burn_ns_ = s.ns;
            if (burn_begin(burn_ns_)) {
              at_ = At::BurnWait;
              return Go::Waits;
            }
            break;
          case Step::Sleep:
            machine().set_current_cpu(cpu());
            if (inst != nullptr) {
              const std::size_t e = record(Ev::Sleep, inst);
              if (why().on) why().set(e, because(Cause::SleepStep, s.ns), Because{});
            }
            sleep_ns_ = s.ns;
            sleep_begin(s.ns);
            at_ = At::SleepWait;
            return Go::Waits;
          case Step::Queue:
          case Step::ModDelayed:
          case Step::Enable: {
            machine().set_current_cpu(cpu());
            WhyScope scope(why(), because(Cause::ThreadCall, trace_id()));
            run_nonblocking_step(impl_, s, cpu());
            break;
          }
          default:
            if (in_loop) return Go::NeedsActor;
            machine().set_current_cpu(cpu());
            run_blocking_step(s);
            break;
        }
        ++step_;
        break;
      }
      case At::BurnWait:
        if (in_loop && !in_burn() && switched_in_waits()) return Go::NeedsActor;
        if (burn_resumed(burn_ns_)) return Go::Waits;
        at_ = At::Step;
        ++step_;
        break;
      case At::SleepWait: {
        if (in_loop && switched_in_waits()) return Go::NeedsActor;
        resume_after_sleep();
        if (inst != nullptr) {
          const std::size_t e = record(Ev::Resume, inst, 0, next_after(program, step_ + 1));
          if (why().on) {
            const Why* woke = why().of(wake_event_);
            why().set(e, because(Cause::ResumeCpu, trace_id(), cpu(), machine().now() - slept_until_),
                      woke != nullptr ? woke->what : Because{});
          }
          run_event_ = e;
        }
        at_ = At::Step;
        ++step_;
        break;
      }
    }
  }
}

// A step that may wait in the middle of the workqueue code (its actor's).
void KThread::run_blocking_step(const Step& s) {
  WorkItem* target = (s.kind == Step::Cancel || s.kind == Step::Flush || s.kind == Step::Disable)
                         ? &impl_.item(s.target)
                         : nullptr;
  switch (s.kind) {
    case Step::Cancel: impl_.cancel_work_sync(*this, *target); break;
    case Step::Flush: impl_.flush_work(*this, *target); break;
    case Step::Disable: impl_.disable_work_sync(*this, *target); break;
    case Step::FlushWorkqueue: impl_.flush_workqueue(*this, s.target); break;
    case Step::DrainWorkqueue: impl_.drain_workqueue(*this, s.target); break;
    default: break;
  }
}

}  // namespace cmwqsim::model
