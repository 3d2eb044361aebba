// SPDX-License-Identifier: GPL-2.0-only
// struct sched_entity: what the fair scheduler keeps per thread.
#pragma once
#include <cstdint>

#include "cmwqsim/time.hpp"

namespace cmwqsim::engine {

class Thread;

// sched_prio_to_weight[] for the nice levels kworkers use.
constexpr long kNice0Load = 1024;
inline long nice_to_weight(int nice) {
  static const long weights[40] = {
      88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
      3906,  3121,  2501,  1991,  1586,  1277,  1024,  820,   655,   526,   423,   335,  272,  215,
      172,   137,   110,   87,    70,    56,    45,    36,    29,    23,    18,    15};
  if (nice < -20) nice = -20;
  if (nice > 19) nice = 19;
  return weights[nice + 20];
}

struct SchedEntity {
  Thread* thread = nullptr;
  long weight = kNice0Load;
  Ns vruntime = 0;
  Ns deadline = 0;      // EEVDF
  Ns vlag = 0;          // EEVDF (also the RUN_TO_PARITY marker)
  Ns slice = 0;         // EEVDF
  Ns vprot = 0;         // EEVDF 7.x: protected up to this vruntime (RUN_TO_PARITY)
  bool rel_deadline = false;
  bool delayed = false;  // EEVDF DELAY_DEQUEUE: asleep but still queued
  Ns sum_exec_runtime = 0;
  Ns prev_sum_exec_runtime = 0;
  Ns exec_start = 0;
  bool on_rq = false;
  std::uint64_t seq = 0;  // insertion order: equal keys queue behind earlier ones, as in the rb-tree
  // The entity's place in its rq's cfs_tasks list: enqueue and pick move it
  // to the head (a larger stamp); load balancing detaches from the tail.
  std::uint64_t cfs_tasks_stamp = 0;

  // calc_delta_fair(): delta scaled by NICE_0_LOAD / weight.
  Ns calc_delta_fair(Ns delta) const { return weight == kNice0Load ? delta : delta * kNice0Load / weight; }
};

}  // namespace cmwqsim::engine
