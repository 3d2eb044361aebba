// SPDX-License-Identifier: GPL-2.0-only
// PELT's load average (kernel/sched/pelt.c), as wake_affine_weight() reads
// it: a task's load_avg is its weight times the share of recent time it was
// runnable, each 1024 us period counting y times the one after it, with
// y^32 = 1/2 (a 32 ms half-life); a CPU's (cfs_rq->avg.load_avg, cpu_load())
// is the sum over the tasks attached to it, runnable or blocked, so a task
// that sleeps leaves its decaying load behind until it wakes elsewhere.
// util_avg, which a fork's placement reads, is the same average of the
// time spent running, towards kPeltCapacity instead of the weight.
//
// Kept here in continuous time: between two updates the weight on the run
// queue is constant, and the average moves towards it by 1 - y^(dt/1024 us)
// (the kernel's sums per period, LOAD_AVG_MAX and its period_contrib give
// the same curve to within a period). Fixed point, integer only: one update
// is a table look-up and two multiplications. A new task starts at its
// weight (init_entity_runnable_average()); tasks there at the start of the
// simulation at 0: the history before it is not known.
#pragma once
#include <cstdint>

#include "cmwqsim/time.hpp"

namespace cmwqsim::engine {

// SCHED_CAPACITY_SCALE: util_avg's full scale, a CPU busy all the time (no
// frequency or capacity invariance under QEMU).
constexpr long kPeltCapacity = 1024;

// y^(dt) as a 32-bit fraction (1 << 32 = 1.0).
std::uint64_t pelt_decay(Ns dt);

struct PeltAvg {
  std::uint64_t load = 0;  // load_avg, in weight units << 16
  Ns last = 0;             // when it was last brought up to date

  // Brings the average to `now`, the run queue having held `runnable_weight` since `last`.
  void update(Ns now, long runnable_weight) {
    if (now <= last) return;
    const std::uint64_t d = pelt_decay(now - last);
    const std::uint64_t target = static_cast<std::uint64_t>(runnable_weight) << 16;
    load = static_cast<std::uint64_t>((static_cast<unsigned __int128>(load) * d +
                                       static_cast<unsigned __int128>(target) * ((std::uint64_t{1} << 32) - d)) >>
                                      32);
    last = now;
  }
  long value() const { return static_cast<long>(load >> 16); }
};

}  // namespace cmwqsim::engine
