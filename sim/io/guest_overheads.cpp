// The kernel costs a run charges by default: measured on the validation
// guests (Debian's kernels under QEMU TCG, -icount shift=0), where an
// instruction takes a nanosecond, so these are far above a real machine's.
#include "cmwqsim/scenario.hpp"

namespace cmwqsim {

Overheads effective_overheads(const Scenario& sc) {
  if (sc.overheads.given || sc.scheduler == Scheduler::Fifo || sc.scheduler == Scheduler::Doc) return sc.overheads;
  // A sleeper resumes about 6 us after its timer, and the next item starts
  // about 12 us after the previous worker blocks.
  Overheads o;
  o.context_switch = 6'000;
  o.work_start = 6'000;
  return o;
}

}  // namespace cmwqsim
