// SPDX-License-Identifier: GPL-2.0-only
// One simulated CPU: its owner (running thread) and its run queue.
#pragma once
#include <cstdint>
#include <memory>

#include "engine/pelt.hpp"
#include "engine/run_queue.hpp"

namespace simgrid::s4u {
class Host;
}

namespace cmwqsim::engine {

class Thread;

struct Cpu {
  int id = 0;
  simgrid::s4u::Host* host = nullptr;  // the CPU's 1-core SimGrid host
  Thread* owner = nullptr;             // running (or just picked to run)
  std::unique_ptr<RunQueue> rq;        // the CPU scheduler's policy
  // PELT (fair class): cfs_rq->avg.load_avg over the tasks attached here,
  // and the weight of those on the run queue (it grows towards it).
  PeltAvg pelt;
  long pelt_runnable = 0;
  // cfs_rq->avg.util_avg: the running time of the tasks attached here (it
  // grows towards kPeltCapacity while one of them runs).
  PeltAvg util;
  bool tick_armed = false;
  bool hrtick_armed = false;
  std::int64_t hrtick_gen = 0;  // bumped to cancel the armed hrtick
  // Softirqs (softirq.cpp): the pending bits (local_softirq_pending()), and
  // whether the CPU serves them now (in an interrupted thread's context or
  // in ksoftirqd's): nothing preempts meanwhile.
  unsigned softirq_pending = 0;
  bool in_softirq = false;
  Thread* softirq_ctx = nullptr;  // runs softirqs at an interrupt's exit (untraced)
  Thread* ksoftirqd = nullptr;    // ksoftirqd/N
  std::int64_t resched_by = -4;   // --explain: what set need_resched (ReschedBy, or the woken thread)

  bool idle() const { return owner == nullptr && !rq->has_waiting(); }
};

}  // namespace cmwqsim::engine
