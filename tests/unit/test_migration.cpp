// SPDX-License-Identifier: GPL-2.0-only
// Load balancing moves a waiting entity between run queues: detach_task()
// (a dequeue without DEQUEUE_SLEEP) and attach_task() (an enqueue that is not
// a wake-up), as CFS (6.1) and EEVDF (6.12) do them.
#include <catch2/catch.hpp>

#include "engine/cfs.hpp"
#include "engine/eevdf.hpp"

using namespace cmwqsim;
using namespace cmwqsim::engine;

namespace {
constexpr Ns kMs = 1'000'000;
}  // namespace

TEST_CASE("cfs: a migrating entity keeps its vruntime relative to min_vruntime, and is not placed again") {
  CfsRunQueue src(CfsTunables::for_cpus(2)), dst(CfsTunables::for_cpus(2));
  SchedEntity a, b, c, d;
  src.enqueue(a, 0, false);
  REQUIRE(src.pick_next(0) == &a);
  src.enqueue(b, 5 * kMs, false);  // a ran 5 ms; b lands at most 6 ms behind min_vruntime
  const Ns lead = b.vruntime - src.min_vruntime();
  // dst has run its own entity for 20 ms: its min_vruntime is far ahead.
  dst.enqueue(c, 0, false);
  REQUIRE(dst.pick_next(0) == &c);
  dst.enqueue(d, 20 * kMs, false);  // charges c 20 ms
  dst.dequeue_sleep(c, 20 * kMs);
  REQUIRE(dst.pick_next(20 * kMs) == &d);
  dst.dequeue_sleep(d, 20 * kMs);
  const Ns dst_min = dst.min_vruntime();
  src.detach(b, 5 * kMs);
  CHECK_FALSE(b.on_rq);
  CHECK_FALSE(src.has_waiting());
  dst.attach(b, 5 * kMs);
  CHECK(b.on_rq);
  CHECK(b.vruntime - dst_min == lead);  // renormalised, not given new sleep credit
  CHECK(dst.pick_next(5 * kMs) == &b);
  CHECK(dst.waiting().empty());
}

TEST_CASE("eevdf: a migrating entity keeps its lag and its deadline relative to its vruntime") {
  EevdfRunQueue src(EevdfTunables::for_cpus(2, 250)), dst(EevdfTunables::for_cpus(2, 250));
  SchedEntity a, b, c;
  src.enqueue(a, 0, false);
  src.enqueue(b, 0, false);
  REQUIRE(src.pick_next(0) == &a);
  src.tick(4 * kMs);  // a ran 4 ms while b waited: b has positive lag
  const Ns slice_left = b.deadline - b.vruntime;
  REQUIRE(src.waiting() == std::vector<SchedEntity*>{&b});
  src.detach(b, 4 * kMs);
  CHECK(b.vlag > 0);
  CHECK(b.rel_deadline);
  CHECK(src.waiting().empty());
  dst.enqueue(c, 0, false);
  REQUIRE(dst.pick_next(0) == &c);
  dst.attach(b, 4 * kMs);  // lands lag ahead of dst's V, so it is eligible and picked first
  CHECK(b.deadline - b.vruntime == slice_left);
  CHECK_FALSE(b.rel_deadline);
  CHECK(dst.entity_eligible(b));
  dst.check_preempt_wakeup(b, 4 * kMs);
  CHECK(dst.need_resched());
}

TEST_CASE("a delayed EEVDF sleeper is not offered to load balancing") {
  EevdfRunQueue rq(EevdfTunables::for_cpus(2, 250));
  SchedEntity a, b;
  rq.enqueue(a, 0, false);
  rq.enqueue(b, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  rq.dequeue_sleep(a, 4 * kMs);  // a ran 4 ms ahead of b: ineligible, it stays queued (DELAY_DEQUEUE)
  REQUIRE(a.delayed);
  CHECK(rq.waiting() == std::vector<SchedEntity*>{&b});
  CHECK(rq.has_waiting());
}
