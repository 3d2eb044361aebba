// SPDX-License-Identifier: GPL-2.0-only
// Softirqs as the engine runs them (kernel/softirq.c): what the model hands
// the machine (Machine::open_softirq()) and the numbers it raises.
#pragma once

namespace cmwqsim::engine {

class Thread;

// The softirq numbers the model uses (include/linux/interrupt.h); a lower
// number runs first in handle_softirqs().
enum SoftirqNr : int { HI_SOFTIRQ = 0, TASKLET_SOFTIRQ = 6, NR_SOFTIRQS = 10 };

// A softirq's action (softirq_vec[nr].action). It runs in softirq context
// on ctx.cpu(): in the interrupted thread's context or in ksoftirqd's, which
// ctx stands for; it may burn (Machine::softirq_burn(ctx, ns)) but not block.
class SoftirqAction {
 public:
  virtual ~SoftirqAction() = default;
  virtual void softirq_action(Thread& ctx) = 0;
};

}  // namespace cmwqsim::engine
