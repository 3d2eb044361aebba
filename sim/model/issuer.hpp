// SPDX-License-Identifier: GPL-2.0-only
// The outside world: workqueue API calls at given times (interrupt context,
// on the requested CPU, taking no worker CPU time), and task start times.
#pragma once
#include <memory>
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "engine/machine.hpp"
#include "model/kthread.hpp"
#include "model/task.hpp"

namespace cmwqsim::model {

class Issuer : public engine::Handler {
 public:
  // Schedules every work[].at (in file order), then every action (in file
  // order), then every task start; same-time calls run in that order.
  Issuer(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc);
  void fire(std::int64_t arg) override;

 private:
  Action call(std::int32_t id) const;
  void schedule_next();
  engine::Machine& m_;
  WorkqueueImpl& impl_;
  const Scenario& sc_;               // outlives the run
  // (time, call id) by time, then file order; the times kept here so that
  // scheduling the next call does not read its item.
  std::vector<std::pair<Ns, std::int32_t>> order_;
  std::size_t next_ = 0;  // the next of order_ to schedule
  std::vector<std::unique_ptr<Task>> tasks_;
};

}  // namespace cmwqsim::model
