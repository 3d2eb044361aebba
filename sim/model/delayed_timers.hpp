// SPDX-License-Identifier: GPL-2.0-only
// The delayed_work timers of the cmwq model (see cmwq_delayed.cpp).
#pragma once
#include <vector>

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

// The delayed_work timers: one Timer-class event per arming; a deleted or
// re-armed timer's old expiry is ignored by its generation number.
class Cmwq::Timers : public engine::Handler {
 public:
  explicit Timers(Cmwq& k) : k_(k) {}
  void arm(WorkItem& item, Ns at) {
    armed_.push_back({&item, item.timer_gen});
    k_.machine().at(at, engine::EvClass::Timer, 0, *this, static_cast<std::int64_t>(armed_.size() - 1));
  }
  void fire(std::int64_t arg) override {
    Armed a = armed_.at(static_cast<std::size_t>(arg));
    k_.delayed_timer_fired(*a.item, a.gen);
  }

 private:
  struct Armed {
    WorkItem* item;
    std::uint64_t gen;
  };
  Cmwq& k_;
  std::vector<Armed> armed_;
};

// Each pool's mayday_timer and idle_timer: arg = gen << 16 | pool id << 1 | which.
class Cmwq::PoolTimers : public engine::Handler {
 public:
  explicit PoolTimers(Cmwq& k) : k_(k) {}
  void arm(Pool& pool, bool idle, Ns at) {
    std::uint64_t gen = idle ? ++pool.idle_gen : ++pool.mayday_gen;
    (idle ? pool.idle_armed : pool.mayday_armed) = true;
    auto arg = static_cast<std::int64_t>((gen << 16) | (static_cast<std::uint64_t>(pool.id) << 1) | (idle ? 1 : 0));
    k_.machine().at(at, engine::EvClass::Timer, 0, *this, arg);
  }
  void fire(std::int64_t arg) override {
    auto a = static_cast<std::uint64_t>(arg);
    bool idle = a & 1;
    Pool& pool = *k_.pools_.at(static_cast<int>((a >> 1) & 0x7fff));
    std::uint64_t gen = a >> 16;
    if (idle) {
      if (!pool.idle_armed || gen != pool.idle_gen) return;
      pool.idle_armed = false;
      k_.idle_worker_timeout(pool);
    } else {
      if (!pool.mayday_armed || gen != pool.mayday_gen) return;
      pool.mayday_armed = false;
      k_.pool_mayday_timeout(pool);
    }
  }

 private:
  Cmwq& k_;
};

}  // namespace cmwqsim::model
