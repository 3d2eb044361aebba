// SPDX-License-Identifier: GPL-2.0-only
// run --explain: the causes of the scheduler's events, recorded as the
// machine decides (include/cmwqsim/why.hpp). A wake-up says where the thread
// went and whether it runs at once, preempts, or waits (and for what); a
// switch says why the previous thread left (it blocked, was preempted,
// exited) and how the next one was picked. Nothing here runs without
// --explain.
#include "engine/machine.hpp"

namespace cmwqsim::engine {

namespace {
Because because(Cause c, std::int64_t a = 0, std::int64_t b = 0, std::int64_t d = 0) { return Because{c, {a, b, d}}; }
}  // namespace

// need_resched went from clear to set: remember what set it (a wake-up, the
// tick, HRTICK), for the preemption it leads to.
void Machine::note_resched(Cpu& c, bool had, std::int64_t by) {
  if (trace_.why.on && !had && c.rq->need_resched()) c.resched_by = by;
}

void Machine::explain_wakeup(std::size_t event, const Thread& t, const Cpu& c, const Thread* running_before) {
  WhyTable& why = trace_.why;
  const std::int64_t running = running_before != nullptr ? running_before->trace_id_ : kIdleThread;
  Because what;
  if (sched_ == Scheduler::Doc) {
    what = because(Cause::WakeDoc, t.trace_id_, c.id);
  } else if (running_before == nullptr) {
    what = c.owner == &t ? because(Cause::WakeRunsNow, t.trace_id_, c.id)
                         : because(Cause::WakeWaitsSoftirq, t.trace_id_, c.id);
  } else if (c.owner == &t) {
    what = because(Cause::WakePreempts, t.trace_id_, c.id, running);
  } else if (!fair()) {
    what = because(Cause::WakeWaitsNoPreempt, t.trace_id_, c.id, running);
  } else if (c.rq->need_resched_full()) {
    what = because(Cause::WakeWaitsPoint, t.trace_id_, c.id, running);
  } else if (c.rq->need_resched()) {
    what = because(Cause::WakeWaitsLazy, t.trace_id_, c.id, running);
  } else {
    what = because(Cause::WakeWaitsFair, t.trace_id_, c.id, running);
  }
  // The decision that woke it, else its waker.
  Because via = why.context ? why.context : because(Cause::WokenBy, current_thread_);
  why.set(event, what, via);
}

void Machine::explain_switch(std::size_t event, int cpu, const Thread* prev, char prev_state, const Thread* next) {
  WhyTable& why = trace_.why;
  Cpu& c = cpus_.at(cpu);
  Because what;
  if (prev == nullptr) {
    what = sched_ == Scheduler::Doc ? because(Cause::SwitchDocBurn, next->trace_id_, cpu)
                                    : because(Cause::SwitchIdle, cpu, next->trace_id_);
  } else if (prev_state == 'R') {
    what = because(Cause::SwitchPreempted, prev->trace_id_, why_site_, c.resched_by);
    c.resched_by = ReschedUnknown;
  } else if (prev_state == 'X') {
    what = because(Cause::SwitchExit, prev->trace_id_);
  } else {
    what = because(Cause::SwitchBlocked, prev->trace_id_, prev_state, cpu);
  }
  why_site_ = AtOtherIrq;
  Because pick;
  if (next == nullptr) pick = because(Cause::SwitchToIdle, cpu);
  else if (prev != nullptr) pick = because(fair() ? Cause::PickFair : Cause::PickFifo, cpu,
                                           static_cast<std::int64_t>(c.rq->nr_waiting()));
  why.set(event, what, pick);
}

}  // namespace cmwqsim::engine
