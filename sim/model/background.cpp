// SPDX-License-Identifier: GPL-2.0-only
#include "model/background.hpp"

namespace cmwqsim::model {

Background::Background(engine::Machine& m, WorkqueueImpl& impl, const Scenario& sc)
    : m_(m), sc_(sc), tick_ns_(1'000'000'000 / sc.hz) {
  for (std::size_t i = 0; i < sc.background.size(); ++i) {
    threads_.push_back(std::make_unique<TickKthread>(m, sc.background[i], impl));
    m.spawn(*threads_.back());
    const BackgroundSpec& b = sc.background[i];
    if (!b.wakes.empty()) {
      for (std::size_t k = 0; k < b.wakes.size(); ++k)
        m_.at(b.wakes[k].at, engine::EvClass::Timer, m_.ncpus() + b.wakes[k].cpu, *this,
              static_cast<std::int64_t>(i | (k + 1) << 20));
      continue;
    }
    arm(i, (b.from + tick_ns_ - 1) / tick_ns_ * tick_ns_);  // the first tick at or after `from`
  }
}

void Background::arm(std::size_t i, Ns t) {
  if (t > sc_.background[i].until) return;
  // After the machine's own tick of that CPU (Timer, sub = cpu): the softirq
  // that wakes the thread runs at the end of the tick interrupt.
  m_.at(t, engine::EvClass::Timer, m_.ncpus() + sc_.background[i].cpu, *this, static_cast<std::int64_t>(i));
}

void Background::fire(std::int64_t arg) {
  const auto i = static_cast<std::size_t>(arg & ((1 << 20) - 1));
  if (const std::int64_t k = arg >> 20; k > 0) {  // a listed wake-up, on its CPU
    const int cpu = sc_.background[i].wakes[static_cast<std::size_t>(k - 1)].cpu;
    m_.set_current_cpu(cpu);
    WhyScope scope(m_.trace().why, because(Cause::BackgroundTick, cpu, threads_[i]->trace_id()));
    m_.move_blocked(*threads_[i], cpu);
    m_.wake(*threads_[i], cpu);
    return;
  }
  m_.set_current_cpu(sc_.background[i].cpu);
  WhyScope scope(m_.trace().why, because(Cause::BackgroundTick, sc_.background[i].cpu, threads_[i]->trace_id()));
  m_.wake(*threads_[i], sc_.background[i].cpu);  // a no-op if it is still running
  arm(i, m_.now() + tick_ns_);
}

}  // namespace cmwqsim::model
