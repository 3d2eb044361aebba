#include "model/issuer.hpp"

namespace cmwqsim::model {

Issuer::Issuer(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc) : m_(m), impl_(impl) {
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    if (w.at) calls_.push_back(Action{*w.at, Action::Queue, static_cast<int>(i), w.cpu});
  }
  for (const Action& a : sc.actions) calls_.push_back(a);
  for (std::size_t i = 0; i < calls_.size(); ++i)
    m_.at(calls_[i].at, engine::EvClass::Issuer, static_cast<std::int32_t>(i), *this,
          static_cast<std::int64_t>(i));
}

void Issuer::fire(std::int64_t arg) {
  const Action& a = calls_.at(static_cast<std::size_t>(arg));
  m_.set_current_cpu(a.cpu);
  impl_.queue_work_on(a.cpu, impl_.item(a.work));
}

}  // namespace cmwqsim::model
