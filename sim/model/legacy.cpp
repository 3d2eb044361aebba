// SPDX-License-Identifier: GPL-2.0-only
#include "model/legacy.hpp"

#include "engine/machine.hpp"

namespace cmwqsim::model {

LegacyThread::LegacyThread(Legacy& impl, std::string name, int cpu, bool bound)
    : KThread(impl.machine(), std::move(name), cpu, bound, impl) {
  set_group("workqueue threads");
  set_block_state('S');  // TASK_INTERRUPTIBLE on cwq->more_work
}

// 2.6.35 worker_thread(): sleep while the list is empty, then run_workqueue().
void LegacyThread::main() {
  for (;;) {
    while (!worklist_.empty()) {
      WorkInstance& inst = *worklist_.front();
      worklist_.pop_front();
      if (why().on) start_why_ = Why{because(Cause::StartLegacy, trace_id()), {}};
      inst.item->pending = false;  // work_clear_pending() before the function
      execute(inst);
    }
    block();  // TASK_INTERRUPTIBLE on cwq->more_work
  }
}

Legacy::Legacy(engine::Machine& m, const Scenario& sc) : m_(m), sc_(sc), items_(work_items_of(sc)) {}

Legacy::~Legacy() = default;

void Legacy::boot() {
  for (const WorkqueueSpec& wq : sc_.workqueues) {
    std::vector<std::unique_ptr<LegacyThread>> ts;
    if (wq.ordered) {
      // create_singlethread_workqueue(): one thread, not bound to a CPU.
      ts.push_back(std::make_unique<LegacyThread>(*this, wq.name, 0, false));
    } else {
      for (int cpu = 0; cpu < m_.ncpus(); ++cpu)
        ts.push_back(std::make_unique<LegacyThread>(*this, wq.name + "/" + std::to_string(cpu), cpu, true));
    }
    for (auto& t : ts) {
      m_.spawn(*t);
      WhyScope scope(m_.trace().why, because(Cause::CreateLegacy));
      record(m_, Ev::WorkerCreate, t->trace_id(), t->cpu(), nullptr);
    }
    threads_.push_back(std::move(ts));
  }
}

// queue_work_on() -> __queue_work(): list_add_tail() + wake_up(&cwq->more_work).
bool Legacy::queue_work_on(int cpu, WorkItem& item) {
  if (item.pending) return false;
  item.pending = true;
  auto& ts = threads_.at(item.spec->queue);
  LegacyThread& t = ts.size() == 1 ? *ts[0] : *ts.at(cpu);
  instances_.push_back(WorkInstance{&item, ++item.instances, nullptr, false});
  WorkInstance& inst = instances_.back();
  const std::size_t queued = record(m_, Ev::Queue, m_.current_thread(), m_.current_cpu(), &inst);
  if (m_.records(Ev::Queue)) {
    m_.trace().events.back().req_cpu = cpu;
    m_.trace().events.back().pool_cpu = t.bound() ? cpu : -1;
  }
  if (m_.trace().why.on) m_.trace().why.set(queued, because(Cause::QueueLegacy, t.trace_id()));
  t.worklist().push_back(&inst);
  WhyScope scope(m_.trace().why, because(Cause::LegacyWake));
  if (m_.wake(t, m_.current_cpu())) record(m_, Ev::WorkerWake, t.trace_id(), t.cpu(), nullptr);
  return true;
}

}  // namespace cmwqsim::model
