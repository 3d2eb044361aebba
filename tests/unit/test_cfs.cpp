// SPDX-License-Identifier: GPL-2.0-only
// CFS (Linux 6.1) decisions on bare sched entities.
#include <catch2/catch.hpp>

#include "engine/cfs.hpp"

using namespace cmwqsim;
using namespace cmwqsim::engine;

namespace {
constexpr Ns kMs = 1'000'000;
constexpr Ns kLongAgo = -(Ns{1} << 50);

SchedEntity entity(int nice = 0) {
  SchedEntity se;
  se.weight = nice_to_weight(nice);
  se.vruntime = kLongAgo;
  return se;
}
}  // namespace

TEST_CASE("cfs: sysctls scale by 1 + ilog2(cpus), capped at 8 CPUs") {
  CHECK(CfsTunables::for_cpus(1).latency == 6 * kMs);
  CHECK(CfsTunables::for_cpus(1).wakeup_granularity == 1 * kMs);
  CHECK(CfsTunables::for_cpus(2).latency == 12 * kMs);
  CHECK(CfsTunables::for_cpus(3).min_granularity == 1'500'000);
  CHECK(CfsTunables::for_cpus(8).latency == 24 * kMs);
  CHECK(CfsTunables::for_cpus(64).latency == 24 * kMs);
}

TEST_CASE("cfs: a long sleeper is placed half a latency behind min_vruntime") {
  CfsRunQueue rq(CfsTunables::for_cpus(1));
  SchedEntity a = entity(), b = entity();
  rq.enqueue(a, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  rq.check_preempt_wakeup(b, 0);  // nothing to preempt yet: b is not queued
  rq.enqueue(b, 10 * kMs, false);  // a ran 10 ms meanwhile
  CHECK(a.vruntime == rq.min_vruntime());
  CHECK(b.vruntime == rq.min_vruntime() - 3 * kMs);  // GENTLE_FAIR_SLEEPERS
}

TEST_CASE("cfs: wake-up preemption needs more than the wakeup granularity") {
  CfsRunQueue rq(CfsTunables::for_cpus(1));
  SchedEntity a = entity(), b = entity();
  rq.enqueue(a, 0, false);
  rq.pick_next(0);
  // b is placed 3 ms behind the running a: more than 1 ms, so a must yield,
  // and b becomes the next buddy.
  rq.enqueue(b, 10 * kMs, false);
  rq.check_preempt_wakeup(b, 10 * kMs);
  CHECK(rq.need_resched());
  CHECK(rq.next_buddy() == &b);
  rq.clear_need_resched();
  CHECK(rq.pick_next(10 * kMs) == &b);  // the yield at cond_resched() switches to b
}

TEST_CASE("cfs: a short sleeper does not preempt") {
  CfsRunQueue rq(CfsTunables::for_cpus(1));
  SchedEntity a = entity(), b = entity();
  rq.enqueue(a, 0, false);
  rq.enqueue(b, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  rq.dequeue_sleep(a, 500'000);  // a ran 0.5 ms and sleeps
  REQUIRE(rq.pick_next(500'000) == &b);
  rq.enqueue(a, 1'000'000, false);  // wakes 0.5 ms later: keeps its vruntime
  rq.check_preempt_wakeup(a, 1'000'000);
  CHECK_FALSE(rq.need_resched());
}

TEST_CASE("cfs: the granularity scales with the waking task's weight (highpri kworkers)") {
  CfsRunQueue rq(CfsTunables::for_cpus(1));
  SchedEntity curr = entity(), normal = entity(), high = entity(-20);
  CHECK(rq.wakeup_preempt_entity(curr, normal) == -1);
  curr.vruntime = 500'000;
  normal.vruntime = 0;
  high.vruntime = 0;
  CHECK(rq.wakeup_preempt_entity(curr, normal) == 0);  // 0.5 ms < 1 ms
  CHECK(rq.wakeup_preempt_entity(curr, high) == 1);    // 0.5 ms > 1 ms * 1024 / 88761
}

TEST_CASE("cfs: a new task starts one vslice after min_vruntime (START_DEBIT)") {
  CfsRunQueue rq(CfsTunables::for_cpus(1));
  SchedEntity a = entity(), n = entity();
  rq.enqueue(a, 0, false);
  rq.pick_next(0);
  rq.enqueue(n, 2 * kMs, /*fresh=*/true);
  // two entities share the 6 ms latency: a vslice is 3 ms
  CHECK(n.vruntime == rq.min_vruntime() + 3 * kMs);
}

TEST_CASE("cfs: the tick reschedules once the slice is used up") {
  CfsRunQueue rq(CfsTunables::for_cpus(1));
  SchedEntity a = entity(), b = entity();
  rq.enqueue(a, 0, false);
  rq.enqueue(b, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  CHECK(rq.sched_slice(a) == 3 * kMs);
  rq.tick(2 * kMs);
  CHECK_FALSE(rq.need_resched());
  rq.tick(4 * kMs);  // 4 ms > 3 ms slice
  CHECK(rq.need_resched());
}
