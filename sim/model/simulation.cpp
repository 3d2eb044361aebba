// SPDX-License-Identifier: GPL-2.0-only
// run_scenario(): builds the machine and the kernel model, and runs them.
#include <iostream>
#include <memory>

#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/run.hpp"
#include "engine/machine.hpp"
#include "model/background.hpp"
#include "model/cmwq.hpp"
#include "model/issuer.hpp"
#include "model/legacy.hpp"

namespace cmwqsim {

Trace run_scenario(const Scenario& sc, const RunLimits& limits) {
  Trace trace = Trace::of(sc);
  trace.why.on = limits.explain;

  const KernelRules& rules = kernel_rules(sc.kernel);
  engine::SchedFeatures features;
  features.hrtick = rules.hrtick;
  features.eevdf_vprot = rules.eevdf_vprot;
  features.eevdf_lag_7x = rules.eevdf_lag_slice_plus_tick;
  features.newidle_balance = rules.newidle_balance;
  engine::Machine m(sc.cpus, sc.scheduler, sc.hz, trace, sc.preemption, features);
  const Overheads costs = effective_overheads(sc);
  m.set_recorded(limits.explain ? kAllEvents : limits.record);  // the why table is indexed like the events
  m.set_threads_in_loop(limits.threads_in_loop);
  m.set_context_switch_cost(costs.context_switch);
  for (std::size_t c = 0; c < sc.cpu_util.size(); ++c) m.set_cpu_util(static_cast<int>(c), sc.cpu_util[c]);
  m.set_irq_costs(costs.tick, costs.irq);
  model::KThread::set_work_start_cost(costs.work_start);
  std::unique_ptr<model::WorkqueueImpl> impl;
  model::Cmwq* cmwq_impl = nullptr;
  if (sc.implementation == Implementation::Legacy) {
    auto legacy = std::make_unique<model::Legacy>(m, sc);
    legacy->boot();
    impl = std::move(legacy);
  } else {
    auto cmwq = std::make_unique<model::Cmwq>(m, sc);
    cmwq->boot();
    cmwq_impl = cmwq.get();
    impl = std::move(cmwq);
  }
  model::Issuer issuer(m, *impl, sc);
  model::Background background(m, *impl, sc);
  if (limits.check_invariants && cmwq_impl != nullptr) m.set_after_event([cmwq_impl] { cmwq_impl->check_invariants(); });
  try {
    m.run(limits.max_events, limits.until ? limits.until : sc.until);
    trace.engine_events = m.events_processed();
    trace.engine_handoffs = m.handoffs();
    if (cmwq_impl != nullptr) {
      trace.wq_stats = cmwq_impl->stats();
      if (!trace.truncated) cmwq_impl->check_finished();
    }
  } catch (SimulationError& e) {
    trace.truncated = true;
    trace.stop_reason = "stopped by the error below";
    e.partial = std::make_shared<const Trace>(std::move(trace));
    throw;
  }
  return trace;
}

}  // namespace cmwqsim
