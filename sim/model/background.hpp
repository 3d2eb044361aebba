// SPDX-License-Identifier: GPL-2.0-only
// "background": kernel threads that the scheduler tick wakes, such as
// rcu_preempt, which the kernel's RCU softirq wakes at every tick while
// callbacks are pending (the real-kernel traces show it at every tick while
// kernel-run's module loads). Under cfs and eevdf such a wake-up sets
// need_resched, so a running kworker yields at its next cond_resched().
#pragma once
#include <memory>
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "engine/machine.hpp"
#include "model/kthread.hpp"

namespace cmwqsim::model {

// The thread: woken, it burns, then sleeps (TASK_IDLE) until the next tick wakes it.
class TickKthread : public KThread {
 public:
  TickKthread(engine::Machine& m, const BackgroundSpec& spec, WorkqueueImpl& impl)
      : KThread(m, spec.name, spec.cpu, true, impl, 0), burn_(spec.burn) {
    set_group("background");
  }
  void main() override {
    for (;;) {
      burn(burn_);
      set_block_state('I');
      block();
    }
  }

 private:
  Ns burn_;
};

class Background : public engine::Handler {
 public:
  Background(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc);
  // arg: the index of the thread whose tick came.
  void fire(std::int64_t arg) override;

 private:
  void arm(std::size_t i, Ns t);
  engine::Machine& m_;
  const Scenario& sc_;
  Ns tick_ns_;
  std::vector<std::unique_ptr<TickKthread>> threads_;
};

}  // namespace cmwqsim::model
