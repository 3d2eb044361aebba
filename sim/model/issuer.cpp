// SPDX-License-Identifier: GPL-2.0-only
#include "model/issuer.hpp"

#include <algorithm>

namespace cmwqsim::model {

Issuer::Issuer(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc) : m_(m), impl_(impl), sc_(sc) {
  for (const TaskSpec& t : sc.tasks) {
    tasks_.push_back(std::make_unique<Task>(m, t, impl));
    m.spawn(*tasks_.back());
  }
  // Call ids: work items (those with "at"), then actions, then task starts,
  // each in file order. Only the next call waits in the engine's queue (a
  // small heap whatever the number of items); same-time calls keep this order.
  const auto works = static_cast<std::int32_t>(sc.work.size());
  const auto calls = works + static_cast<std::int32_t>(sc.actions.size() + sc.tasks.size());
  for (std::int32_t i = 0; i < calls; ++i)  // (at, id): each call's time read once
    if (i >= works || sc.work[static_cast<std::size_t>(i)].at) order_.emplace_back(call(i).at, i);
  const auto by_time = [](const auto& a, const auto& b) { return a.first < b.first; };
  // Generated items come in time order already: a merge sort of a million
  // of them would still take its n log n.
  if (!std::is_sorted(order_.begin(), order_.end(), by_time)) std::stable_sort(order_.begin(), order_.end(), by_time);
  schedule_next();
}

// The call with this id, as an action (a task start: kind Queue, work -1).
Action Issuer::call(std::int32_t id) const {
  const auto works = sc_.work.size(), actions = sc_.actions.size();
  const auto i = static_cast<std::size_t>(id);
  if (i < works) return Action{*sc_.work[i].at, Action::Queue, id, sc_.work[i].cpu, -1};
  if (i < works + actions) return sc_.actions[i - works];
  const TaskSpec& t = sc_.tasks[i - works - actions];
  return Action{t.at, Action::Queue, -1, t.cpu, -1};
}

void Issuer::schedule_next() {
  if (next_ == order_.size()) return;
  const auto [at, id] = order_[next_++];
  // fire() reads the item: fetch it into the cache meanwhile (a million
  // items do not stay there).
  if (static_cast<std::size_t>(id) < sc_.work.size()) {
    const char* spec = reinterpret_cast<const char*>(&sc_.work[static_cast<std::size_t>(id)]);
    __builtin_prefetch(spec);
    __builtin_prefetch(spec + sizeof(WorkSpec) - 1);
    __builtin_prefetch(&impl_.item(id));  // and the model's state of the item
  }
  m_.at(at, engine::EvClass::Issuer, id, *this, id);
}

void Issuer::fire(std::int64_t arg) {
  schedule_next();
  const auto id = static_cast<std::size_t>(arg);
  const Action a = call(static_cast<std::int32_t>(arg));
  // The worker that runs the item reads its program: fetch it meanwhile.
  if (id < sc_.work.size() && !sc_.work[id].program.empty()) __builtin_prefetch(sc_.work[id].program.data());
  m_.set_current_cpu(a.cpu);
  m_.interrupt_time(a.cpu);  // the call comes from an interrupt on a.cpu
  if (id >= sc_.work.size() + sc_.actions.size()) {
    Task& task = *tasks_.at(id - sc_.work.size() - sc_.actions.size());
    WhyScope scope(m_.trace().why, because(Cause::TaskStart, task.trace_id(), a.at));
    m_.wake(task, a.cpu);
    return;
  }
  WhyScope scope(m_.trace().why, because(Cause::ScenarioCall, a.at, a.cpu));
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
    case Action::Disable:
      impl_.disable_work(impl_.item(a.work));
      break;
    case Action::Enable:
      impl_.enable_work(impl_.item(a.work));
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
