// SPDX-License-Identifier: GPL-2.0-only
// When a timer_list timer fires: the timer wheel's rounding
// (kernel/time/timer.c calc_index()/calc_wheel_index(), identical in 6.1 and
// 6.12). A timer never fires early: at level 0 it fires one tick after its
// expiry jiffy; at level n the expiry is rounded up to the level's
// granularity (8^n jiffies).
#pragma once
#include "cmwqsim/time.hpp"

namespace cmwqsim::model {

constexpr int kLvlClkShift = 3;  // LVL_CLK_SHIFT
constexpr int kLvlBits = 6;      // LVL_BITS

// The jiffy at which a timer armed at jiffy `clk` with expiry `expires` fires.
inline long long timer_fire_jiffy(long long clk, long long expires) {
  long long delta = expires - clk;
  if (delta <= 0) return clk + 1;  // already due: the next tick
  int lvl = 0;
  // LVL_START(n) = (64 - 1) << ((n - 1) * 3): 63, 504, 4032, ...
  while (lvl < 8 && delta >= (((1LL << kLvlBits) - 1) << (lvl * kLvlClkShift))) ++lvl;
  int shift = lvl * kLvlClkShift;
  return ((expires >> shift) + 1) << shift;
}

// msecs_to_jiffies()-style conversion: a delay rounds up to whole jiffies.
inline long long delay_to_jiffies(Ns delay, Ns tick) { return (delay + tick - 1) / tick; }

// queue_delayed_work() at `now` with `delay`: the time the timer fires.
inline Ns delayed_work_fire_time(Ns now, Ns delay, Ns tick) {
  long long j = now / tick;  // jiffies
  return timer_fire_jiffy(j, j + delay_to_jiffies(delay, tick)) * tick;
}

}  // namespace cmwqsim::model
