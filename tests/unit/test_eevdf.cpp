// SPDX-License-Identifier: GPL-2.0-only
// EEVDF (Linux 6.12) decisions on bare sched entities.
#include <catch2/catch.hpp>

#include "engine/eevdf.hpp"

using namespace cmwqsim;
using namespace cmwqsim::engine;

namespace {
constexpr Ns kMs = 1'000'000;
EevdfTunables one_cpu() { return EevdfTunables::for_cpus(1, 250); }
}  // namespace

TEST_CASE("eevdf: base_slice 0.7 ms scaled by 1 + ilog2(cpus), and the lag bound uses the tick") {
  CHECK(EevdfTunables::for_cpus(1, 250).base_slice == 700'000);
  CHECK(EevdfTunables::for_cpus(2, 250).base_slice == 1'400'000);
  CHECK(EevdfTunables::for_cpus(2, 1000).tick_nsec == 1'000'000);
}

TEST_CASE("eevdf: a woken entity lands at V with a deadline one slice later") {
  EevdfRunQueue rq(one_cpu());
  SchedEntity a, b;
  rq.enqueue(a, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  rq.enqueue(b, 2 * kMs, false);  // a ran 2 ms
  CHECK(a.vruntime == 2 * kMs);
  CHECK(b.vruntime == 2 * kMs);  // V = a's vruntime, lag 0
  CHECK(b.deadline == b.vruntime + 700'000);
  CHECK(rq.entity_eligible(b));
}

TEST_CASE("eevdf: RUN_TO_PARITY protects a freshly picked entity's slice") {
  EevdfRunQueue rq(one_cpu());
  SchedEntity a, b;
  rq.enqueue(a, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  // 0.3 ms in, a is still inside its first slice: b does not preempt it.
  rq.enqueue(b, 300'000, false);
  rq.check_preempt_wakeup(b, 300'000);
  CHECK_FALSE(rq.need_resched());
}

TEST_CASE("eevdf: past its deadline, the running entity is preempted by an earlier deadline") {
  EevdfRunQueue rq(one_cpu());
  SchedEntity a, b, c;
  rq.enqueue(a, 0, false);
  rq.enqueue(b, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  rq.tick(4 * kMs);  // a's deadline long passed: new deadline, need_resched
  CHECK(rq.need_resched());
  rq.clear_need_resched();
  CHECK(rq.pick_next(4 * kMs) == &b);  // b is eligible with the earlier deadline
}

TEST_CASE("eevdf: an ineligible sleeper stays queued until it is picked (DELAY_DEQUEUE)") {
  EevdfRunQueue rq(one_cpu());
  SchedEntity a, b;
  rq.enqueue(a, 0, false);
  rq.enqueue(b, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  // a ran 2 ms ahead of b: its vruntime is above V, so it is not eligible.
  rq.tick(2 * kMs);
  REQUIRE_FALSE(rq.entity_eligible(a));
  rq.dequeue_sleep(a, 2 * kMs);
  CHECK(a.delayed);
  CHECK(a.on_rq);
  CHECK(rq.pick_next(2 * kMs) == &b);
  CHECK(a.on_rq);              // still in the tree, weighing on V
  CHECK_FALSE(rq.has_waiting());  // but not runnable
  // b sleeps too: the pick finds the delayed a first and dequeues it for good.
  rq.dequeue_sleep(b, 3 * kMs);
  CHECK(rq.pick_next(3 * kMs) == nullptr);
  CHECK_FALSE(a.on_rq);
  CHECK_FALSE(a.delayed);
}
