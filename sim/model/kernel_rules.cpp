// SPDX-License-Identifier: GPL-2.0-only
// The rows of KernelRules (include/cmwqsim/kernel_rules.hpp), each kernel
// written as the one before it plus what changed. 6.1 is Debian 6.1.192,
// whose workqueue follows v6.3 (kernel-cmwq-spec.md); 6.12 is Debian
// 6.12.95 (the spec's v7.1 rules minus its section 0.3, with 7.1's rescuer
// already backported); 7.3 is Debian 7.3.4.
#include "cmwqsim/kernel_rules.hpp"

namespace cmwqsim {

namespace {
KernelRules v6_1() {
  KernelRules r{};
  r.version = KernelVersion::V6_1;
  r.kick_pool = false;
  r.node_nr_active = false;
  r.affinity_scopes = false;
  r.unbound_pwq_per_cpu = false;
  r.default_affinity_scope = AffinityScope::Cache;  // unused without scopes
  r.has_cache_shard_scope = false;
  r.wq_cache_shard_size = 0;
  r.unbound_max_active_1_ordered = true;
  r.wq_max_active = 512;
  r.wq_dfl_active = 256;
  r.unbound_max_active_scales_with_cpus = true;
  r.ordered_skips_reentrancy_redirect = false;
  r.grab_activates_inactive = true;
  r.auto_cpu_intensive = false;
  r.rescuer_one_at_a_time = false;
  r.rescuer_continues_while_manager_active = false;
  r.rescuer_kworker_name = false;
  r.has_wq_percpu = false;
  r.has_wq_bh = false;
  r.wq_bh_allowed_flags = 0;
  r.has_disable_work = false;
  r.activate_trace_has_function = false;
  r.own_scheduler = Scheduler::Cfs;
  r.default_preemption = Preemption::Voluntary;
  r.has_voluntary_preemption = true;
  r.has_lazy_preemption = false;
  r.hrtick = false;
  r.eevdf_vprot = false;
  r.eevdf_lag_slice_plus_tick = false;
  r.newidle_balance = false;
  return r;
}

// 6.12: kick_pool(), per-node max_active, affinity scopes, automatic
// CPU-intensive detection, the one-at-a-time rescuer, WQ_BH, EEVDF.
KernelRules v6_12() {
  KernelRules r = v6_1();
  r.version = KernelVersion::V6_12;
  r.kick_pool = true;
  r.node_nr_active = true;
  r.affinity_scopes = true;
  r.unbound_pwq_per_cpu = true;  // alloc_unbound_pwq() for_each_possible_cpu
  r.default_affinity_scope = AffinityScope::Cache;  // wq_affn_dfl = WQ_AFFN_CACHE
  r.unbound_max_active_1_ordered = false;
  r.unbound_max_active_scales_with_cpus = false;
  r.ordered_skips_reentrancy_redirect = true;
  r.grab_activates_inactive = false;
  r.auto_cpu_intensive = true;
  r.rescuer_one_at_a_time = true;
  r.rescuer_kworker_name = true;
  r.activate_trace_has_function = true;
  r.has_disable_work = true;
  r.has_wq_bh = true;
  r.wq_bh_allowed_flags = WQ_BH | WQ_HIGHPRI;  // __WQ_BH_ALLOWS
  r.own_scheduler = Scheduler::Eevdf;
  return r;
}

// 7.3: 6.12's workqueue rules with 7.x's limits; lazy preemption, HRTICK,
// 7.x's EEVDF slice protection and lag bound, and newidle balancing.
KernelRules v7_3() {
  KernelRules r = v6_12();
  r.version = KernelVersion::V7_3;
  r.wq_max_active = 2048;
  r.wq_dfl_active = 1024;
  r.has_wq_percpu = true;
  r.has_cache_shard_scope = true;
  r.rescuer_continues_while_manager_active = true;
  r.default_affinity_scope = AffinityScope::CacheShard;  // wq_affn_dfl = WQ_AFFN_CACHE_SHARD
  r.wq_cache_shard_size = 8;  // wq_cache_shard_size
  r.wq_bh_allowed_flags = WQ_BH | WQ_HIGHPRI | WQ_PERCPU;  // __WQ_BH_ALLOWS
  r.default_preemption = Preemption::Lazy;
  r.has_voluntary_preemption = false;
  r.has_lazy_preemption = true;
  r.hrtick = true;
  r.eevdf_vprot = true;
  r.eevdf_lag_slice_plus_tick = true;
  r.newidle_balance = true;
  return r;
}
}  // namespace

const KernelRules& kernel_rules(KernelVersion k) {
  static const KernelRules rows[] = {v6_1(), v6_12(), v7_3()};
  for (const KernelRules& r : rows)
    if (r.version == k) return r;
  return rows[0];
}

void set_kernel(Scenario& sc, KernelVersion k) {
  sc.kernel = k;
  if (!sc.preemption_given) sc.preemption = kernel_rules(k).default_preemption;
}

std::pair<std::string, std::string> kernel_mismatch(const Scenario& sc) {
  const KernelRules& r = kernel_rules(sc.kernel);
  const std::string k = to_string(sc.kernel);
  if (sc.preemption == Preemption::Voluntary && !r.has_voluntary_preemption)
    return {"preemption", "voluntary preemption does not exist on " + k + " (x86 offers only full and lazy since PREEMPT_LAZY)"};
  if (sc.preemption == Preemption::Lazy && !r.has_lazy_preemption)
    return {"preemption", "lazy preemption does not exist on " + k + " (PREEMPT_LAZY arrived in 6.13; voluntary and full are allowed)"};
  for (std::size_t i = 0; i < sc.workqueues.size(); ++i) {
    const WorkqueueSpec& wq = sc.workqueues[i];
    const std::string at = "workqueues[" + std::to_string(i) + "]";
    if (wq.affinity_scope == AffinityScope::CacheShard && !r.has_cache_shard_scope)
      return {at + ".affinity_scope", "the cache_shard scope does not exist on " + k + " (7.x)"};
    if ((wq.flags & WQ_PERCPU) && !r.has_wq_percpu)
      return {at + ".flags", "WQ_PERCPU does not exist on " + k + " (7.x); a workqueue without WQ_UNBOUND is per-CPU there"};
    if ((wq.flags & WQ_BH) && !r.has_wq_bh)
      return {at + ".flags", "WQ_BH does not exist on " + k + " (BH workqueues arrived in 6.9)"};
    if (unsigned bad = wq_bh_disallowed_flags(r, wq); bad != 0) {
      const std::string allowed = wq_flags_text(r.wq_bh_allowed_flags & ~WQ_BH);
      if (wq.ordered && (bad & WQ_UNBOUND) && !(wq.flags & WQ_UNBOUND))
        return {at + ".ordered", "an ordered workqueue is WQ_UNBOUND, which WQ_BH does not allow (__WQ_BH_ALLOWS on " + k +
                                     ": " + allowed + ")"};
      return {at + ".flags", "WQ_BH goes with " + allowed + " only on " + k + ", not " + wq_flags_text(bad) +
                                 " (__WQ_BH_ALLOWS; __alloc_workqueue() refuses the workqueue)"};
    }
    if ((wq.flags & WQ_BH) && wq.max_active != 0)
      return {at + ".max_active", "a WQ_BH workqueue has no max_active (__alloc_workqueue() refuses a non-zero one), not " +
                                      std::to_string(wq.max_active)};
  }
  if (!r.has_disable_work) {
    const std::string no = "disable_work() and enable_work() do not exist on " + k + " (6.10 and later)";
    // The path is spelt only for the step found (a million items need no million strings).
    auto program = [&](const std::vector<Step>& p, const char* what, std::size_t i) -> std::string {
      for (std::size_t s = 0; s < p.size(); ++s)
        if (p[s].kind == Step::Disable || p[s].kind == Step::Enable)
          return what + ("[" + std::to_string(i) + "].program[" + std::to_string(s) + "]");
      return "";
    };
    for (std::size_t i = 0; i < sc.work.size(); ++i)
      if (auto p = program(sc.work[i].program, "work", i); !p.empty()) return {p, no};
    for (std::size_t i = 0; i < sc.tasks.size(); ++i)
      if (auto p = program(sc.tasks[i].program, "tasks", i); !p.empty()) return {p, no};
    for (std::size_t i = 0; i < sc.actions.size(); ++i)
      if (sc.actions[i].kind == Action::Disable || sc.actions[i].kind == Action::Enable)
        return {"actions[" + std::to_string(i) + "]", no};
  }
  return {"", ""};
}

unsigned wq_bh_disallowed_flags(const KernelRules& r, const WorkqueueSpec& wq) {
  if (!(wq.flags & WQ_BH) || !r.has_wq_bh) return 0;
  unsigned flags = wq.flags | (wq.ordered ? WQ_UNBOUND : 0u);
  return flags & ~r.wq_bh_allowed_flags;
}

std::vector<std::pair<std::string, std::string>> wq_percpu_warnings(const Scenario& sc) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!kernel_rules(sc.kernel).has_wq_percpu) return out;
  const std::string k = to_string(sc.kernel);
  for (std::size_t i = 0; i < sc.workqueues.size(); ++i) {
    const WorkqueueSpec& wq = sc.workqueues[i];
    if (wq.ordered || (wq.flags & (WQ_PERCPU | WQ_UNBOUND)) != 0) continue;  // ordered: WQ_UNBOUND
    out.push_back({"workqueues[" + std::to_string(i) + "].flags",
                   "neither WQ_PERCPU nor WQ_UNBOUND: on " + k + " __alloc_workqueue() warns (once) and sets WQ_PERCPU"});
    break;
  }
  for (std::size_t i = 0; i < sc.workqueues.size(); ++i) {
    const WorkqueueSpec& wq = sc.workqueues[i];
    if (!(wq.flags & WQ_PERCPU) || !((wq.flags & WQ_UNBOUND) || wq.ordered)) continue;
    out.push_back({"workqueues[" + std::to_string(i) + "].flags",
                   "both WQ_PERCPU and WQ_UNBOUND: on " + k + " __alloc_workqueue() warns (once) and keeps it unbound"});
    break;
  }
  return out;
}

}  // namespace cmwqsim
