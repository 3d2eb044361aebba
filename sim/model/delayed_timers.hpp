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

}  // namespace cmwqsim::model
