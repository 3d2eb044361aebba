// SPDX-License-Identifier: GPL-2.0-only
// A non-workqueue thread ("tasks"): it runs its program once, from its start
// time, competing for its CPU like any thread (it may flush, cancel, queue).
#pragma once
#include "model/kthread.hpp"

namespace cmwqsim::model {

class Task : public KThread {
 public:
  Task(engine::Machine& m, const TaskSpec& spec, WorkqueueImpl& impl)
      : KThread(m, spec.name, spec.cpu, true, impl, spec.nice), spec_(spec) {
    set_group("tasks");
    set_user(!spec.kthread);
  }
  void main() override {
    run_steps(spec_.program, nullptr);
    set_block_state('S');
    block();  // done: sleeps for good
  }

 private:
  const TaskSpec& spec_;
};

}  // namespace cmwqsim::model
