#include "model/kthread.hpp"

#include "engine/machine.hpp"

namespace cmwqsim::model {

void record(engine::Machine& m, Ev kind, int thread, int cpu, const WorkInstance* inst, Ns dur, Next next) {
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

void KThread::record(Ev kind, const WorkInstance* inst, Ns dur, Next next) {
  model::record(machine(), kind, trace_id(), cpu(), inst, dur, next);
}

void KThread::on_burn(Ns /*start*/, Ns ns) {
  if (ns <= 0) return;
  record(Ev::Burn, executing_, ns);
  burn_event_ = machine().trace().events.size() - 1;
}

// The trace keeps what ran of the burn; the rest is a new burn event.
void KThread::on_burn_preempted(Ns ran) { machine().trace().events.at(burn_event_).dur = ran; }

void KThread::on_sleep_end() {
  if (executing_ != nullptr) record(Ev::Wake, executing_);
  Thread::on_sleep_end();
}

void KThread::execute(WorkInstance& inst) {
  kernel_work(work_start_cost_);
  if (inst.barrier) {
    // wq_barrier_func(): complete(&barr->done) wakes the flusher.
    record(Ev::Start, &inst, 0, Next::End);
    if (inst.waiter != nullptr) machine().wake(*inst.waiter, cpu());
    record(Ev::Finish, &inst);
    return;
  }
  const std::vector<Step>& program = inst.item->spec->program;
  executing_ = &inst;
  record(Ev::Start, &inst, 0, next_after(program, 0));
  run_steps(program, &inst);
  record(Ev::Finish, &inst);
  executing_ = nullptr;
}

void KThread::run_steps(const std::vector<Step>& program, WorkInstance* inst) {
  for (std::size_t i = 0; i < program.size(); ++i) {
    const Step& s = program[i];
    machine().set_current_cpu(cpu());
    WorkItem* target = (s.kind == Step::Cancel || s.kind == Step::Flush || s.kind == Step::Disable)
                           ? &impl_.item(s.target)
                           : nullptr;
    bool blocked = false;  // the step may have slept: say when the item runs again
    switch (s.kind) {
      case Step::Burn:
        burn(s.ns);
        break;
      case Step::Sleep:
        if (inst != nullptr) record(Ev::Sleep, inst);
        sleep_for(s.ns);
        blocked = true;
        break;
      case Step::Queue:
      case Step::ModDelayed:
      case Step::Enable:
        run_nonblocking_step(impl_, s, cpu());
        break;
      case Step::Cancel:
        blocked = impl_.cancel_work_sync(*this, *target);
        break;
      case Step::Flush:
        blocked = impl_.flush_work(*this, *target);
        break;
      case Step::Disable:
        blocked = impl_.disable_work_sync(*this, *target);
        break;
      case Step::FlushWorkqueue:
        impl_.flush_workqueue(*this, s.target);
        break;
      case Step::DrainWorkqueue:
        impl_.drain_workqueue(*this, s.target);
        break;
    }
    if (blocked && inst != nullptr && s.kind == Step::Sleep) record(Ev::Resume, inst, 0, next_after(program, i + 1));
  }
}

}  // namespace cmwqsim::model
