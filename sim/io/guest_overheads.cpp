// SPDX-License-Identifier: GPL-2.0-only
// The kernel costs a run charges by default: measured on the validation
// guests (Debian's kernels under QEMU TCG, -icount shift=0), where an
// instruction takes a nanosecond, so these are far above a real machine's.
#include "cmwqsim/scenario.hpp"

namespace cmwqsim {

namespace {

// Interrupt time charged to the thread it interrupts (Debian's kernels have
// no CONFIG_IRQ_TIME_ACCOUNTING): per tick, and per outside call (the replay
// module's hrtimer). tools/measure-irq-costs fits them over every burn-only
// item of the recorded validation runs. The tick grows with the CPUs: the
// load-balancing softirq walks the sched domains, which a 1-CPU guest lacks.
struct IrqCosts {
  Ns tick_1cpu, tick_2cpu, tick_4cpu, call;
};

IrqCosts measured_irq_costs(KernelVersion k) {
  switch (k) {
    case KernelVersion::V6_1: return {9'000, 20'000, 38'000, 12'000};
    case KernelVersion::V6_12: return {9'000, 19'000, 33'000, 8'000};
    case KernelVersion::V7_3: return {2'000, 31'000, 54'000, 11'000};
  }
  return {};
}

}  // namespace

Overheads effective_overheads(const Scenario& sc) {
  if (sc.overheads.given || sc.scheduler == Scheduler::Fifo || sc.scheduler == Scheduler::Doc) return sc.overheads;
  // A sleeper resumes about 6 us after its timer; a worker starts its next
  // item about 3 us after finishing one (median over the recorded runs:
  // 2.8 on 6.1, 2.9 on 6.12, 3.1 on 7.3), and another worker about 9 us
  // after the previous one blocks (switch plus start).
  Overheads o;
  o.context_switch = 6'000;
  o.work_start = 3'000;
  // Guests of 3 CPUs get the 2-CPU tick, larger ones the 4-CPU tick (the
  // largest measured).
  const IrqCosts irq = measured_irq_costs(sc.kernel);
  o.tick = sc.cpus <= 1 ? irq.tick_1cpu : sc.cpus < 4 ? irq.tick_2cpu : irq.tick_4cpu;
  o.irq = irq.call;
  return o;
}

}  // namespace cmwqsim
