// SPDX-License-Identifier: GPL-2.0-only
// The timer interrupts of each CPU that the machine arms (tick.cpp).
#pragma once
#include "engine/machine.hpp"

namespace cmwqsim::engine {

// The scheduler tick of each CPU (scheduler_tick()), a timer interrupt.
class Machine::Tick : public Handler {
 public:
  explicit Tick(Machine& m) : m_(m) {}
  void fire(std::int64_t cpu) override { m_.on_tick(static_cast<int>(cpu)); }

 private:
  Machine& m_;
};

// The HRTICK hrtimer of each CPU; arg: cpu | generation << 16.
class Machine::Hrtick : public Handler {
 public:
  explicit Hrtick(Machine& m) : m_(m) {}
  void fire(std::int64_t arg) override {
    Cpu& c = m_.cpus_.at(static_cast<std::size_t>(arg & 0xffff));
    if ((arg >> 16) == c.hrtick_gen) m_.on_hrtick(c.id);
  }

 private:
  Machine& m_;
};

}  // namespace cmwqsim::engine
