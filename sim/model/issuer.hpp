// The outside world: queue_work_on() calls at given times (interrupt
// context, on the requested CPU, taking no worker CPU time).
#pragma once
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "engine/machine.hpp"
#include "model/kthread.hpp"

namespace cmwqsim::model {

class Issuer : public engine::Handler {
 public:
  // Schedules every work[].at (in file order), then every action (in file
  // order); same-time calls run in that order.
  Issuer(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc);
  void fire(std::int64_t arg) override;

 private:
  engine::Machine& m_;
  WorkqueueImpl& impl_;
  std::vector<Action> calls_;
};

}  // namespace cmwqsim::model
