#include "model/kthread.hpp"

#include "engine/machine.hpp"

namespace cmwqsim::model {

void record(engine::Machine& m, Ev kind, int thread, int cpu, const WorkInstance* inst, Ns dur,
            Next next) {
  TraceEvent e;
  e.t = m.now();
  e.cpu = cpu;
  e.thread = thread;
  e.kind = kind;
  e.dur = dur;
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

void KThread::record(Ev kind, const WorkInstance* inst, Ns dur, Next next) {
  model::record(machine(), kind, trace_id(), cpu(), inst, dur, next);
}

void KThread::on_burn(Ns /*start*/, Ns ns) {
  if (executing_ != nullptr && ns > 0) record(Ev::Burn, executing_, ns);
}

void KThread::on_sleep_end() {
  if (executing_ != nullptr) record(Ev::Wake, executing_);
  Thread::on_sleep_end();
}

void KThread::execute(WorkInstance& inst) {
  const std::vector<Step>& program = inst.item->spec->program;
  kernel_work(work_start_cost_);
  executing_ = &inst;
  record(Ev::Start, &inst, 0, next_after(program, 0));
  for (std::size_t i = 0; i < program.size(); ++i) {
    const Step& s = program[i];
    switch (s.kind) {
      case Step::Burn:
        burn(s.ns);
        break;
      case Step::Sleep:
        record(Ev::Sleep, &inst);
        sleep_for(s.ns);
        record(Ev::Resume, &inst, 0, next_after(program, i + 1));
        break;
      case Step::Queue: {
        // queue_work_on() the target's own CPU if it names one, else the local CPU.
        WorkItem& target = impl_.item(s.target);
        int cpu_to = target.spec->cpu_given ? target.spec->cpu : cpu();
        machine().set_current_cpu(cpu());
        impl_.queue_work_on(cpu_to, target);
        break;
      }
    }
  }
  record(Ev::Finish, &inst);
  executing_ = nullptr;
}

}  // namespace cmwqsim::model
