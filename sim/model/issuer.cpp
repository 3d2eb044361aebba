#include "model/issuer.hpp"

#include <algorithm>

namespace cmwqsim::model {

Issuer::Issuer(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc) : m_(m), impl_(impl) {
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    if (w.at) calls_.push_back({Action{*w.at, Action::Queue, static_cast<int>(i), w.cpu, -1}, nullptr});
  }
  for (const Action& a : sc.actions) calls_.push_back({a, nullptr});
  for (const TaskSpec& t : sc.tasks) {
    tasks_.push_back(std::make_unique<Task>(m, t, impl));
    m.spawn(*tasks_.back());
    calls_.push_back({Action{t.at, Action::Queue, -1, t.cpu, -1}, tasks_.back().get()});
  }
  // Only the next call waits in the engine's queue (a small heap whatever the
  // number of items); the key keeps same-time calls in file order.
  order_.resize(calls_.size());
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::int32_t>(i);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](std::int32_t a, std::int32_t b) { return calls_[a].action.at < calls_[b].action.at; });
  schedule_next();
}

void Issuer::schedule_next() {
  if (next_ == order_.size()) return;
  const std::int32_t i = order_[next_++];
  m_.at(calls_[i].action.at, engine::EvClass::Issuer, i, *this, i);
}

void Issuer::fire(std::int64_t arg) {
  schedule_next();
  const Call& c = calls_.at(static_cast<std::size_t>(arg));
  const Action& a = c.action;
  m_.set_current_cpu(a.cpu);
  if (c.task != nullptr) {
    m_.wake(*c.task, a.cpu);
    return;
  }
  switch (a.kind) {
    case Action::Queue:
      if (a.delay >= 0) impl_.queue_delayed_work_on(a.cpu, impl_.item(a.work), a.delay);
      else impl_.queue_work_on(a.cpu, impl_.item(a.work));
      break;
    case Action::ModDelayed:
      impl_.mod_delayed_work_on(a.cpu, impl_.item(a.work), a.delay);
      break;
    case Action::Cancel:
      impl_.cancel_work(impl_.item(a.work));
      break;
    case Action::Freeze:
      impl_.freeze();
      break;
    case Action::Thaw:
      impl_.thaw();
      break;
  }
}

}  // namespace cmwqsim::model
