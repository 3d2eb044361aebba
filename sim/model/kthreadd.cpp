// SPDX-License-Identifier: GPL-2.0-only
#include "model/kthreadd.hpp"

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

Kthreadd::Kthreadd(Cmwq& k, engine::Machine& m)
    : Thread(m, "kthreadd", k.scenario().workers.kthreadd_cpu, /*bound=*/false, 0), k_(k) {
  set_group("kthreadd");
}

void Kthreadd::create(Worker& manager, Worker& w) {
  create_list_.push_back(&w);
  w.set_creator(&manager);
  engine::Machine& m = machine();
  WhyScope scope(why_table(m), because(Cause::KthreaddWake, manager.trace_id(), w.pool().id));
  m.wake(*this, m.current_cpu());
  manager.set_block_state('D');  // wait_for_completion_killable()
  manager.block();
}

void Kthreadd::main() {
  engine::Machine& m = machine();
  for (;;) {
    while (create_list_.empty()) {
      set_block_state('S');
      block();
    }
    Worker& w = *create_list_.front();
    create_list_.pop_front();
    kernel_work(k_.scenario().workers.kthreadd_create);  // create_kthread(): kernel_clone()
    WhyScope scope(why_table(m), because(Cause::CreateManager, w.creator()->trace_id(), w.pool().id));
    k_.fork_worker(w);
    WhyScope fork(why_table(m), because(Cause::KthreadFork, w.creator()->trace_id()));
    m.wake_up_new_task(w, m.current_cpu());
  }
}

}  // namespace cmwqsim::model
