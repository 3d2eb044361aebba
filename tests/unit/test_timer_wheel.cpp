// SPDX-License-Identifier: GPL-2.0-only
// Timer-wheel rounding, with the spec's worked examples (HZ 1000).
#include <catch2/catch.hpp>

#include "model/timer_wheel.hpp"

using namespace cmwqsim;
using namespace cmwqsim::model;

namespace {
constexpr Ns kMs = 1'000'000;
}

TEST_CASE("level 0 timers fire one tick after their expiry jiffy") {
  CHECK(delayed_work_fire_time(500'000, 3 * kMs, kMs) == 4 * kMs);      // armed at 0.5 ms, +3
  CHECK(delayed_work_fire_time(2'200'000, 10 * kMs, kMs) == 13 * kMs);  // armed at 2.2 ms, +10
  CHECK(timer_fire_jiffy(0, 62) == 63);
}

TEST_CASE("level 1 timers round up to 8 jiffies") {
  CHECK(delayed_work_fire_time(500'000, 100 * kMs, kMs) == 104 * kMs);
  CHECK(timer_fire_jiffy(0, 10) == 11);     // mayday: jiffies + 10
  CHECK(timer_fire_jiffy(11, 111) == 112);  // then + 100 from 11
  CHECK(timer_fire_jiffy(112, 212) == 216);
}

TEST_CASE("delays round up to whole jiffies (HZ 250: 4 ms)") {
  CHECK(delay_to_jiffies(1, 4 * kMs) == 1);
  CHECK(delay_to_jiffies(8 * kMs, 4 * kMs) == 2);
  CHECK(delayed_work_fire_time(0, 8 * kMs, 4 * kMs) == 12 * kMs);  // jiffy 0 + 2 -> fires at jiffy 3
}
