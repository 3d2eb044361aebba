// SPDX-License-Identifier: GPL-2.0-only
// What differs between the kernels cmwq-sim follows, as data: one row per
// kernel (kernel_rules()), each rule under the kernel function that makes it.
// The model reads these, never the version itself; a new kernel is a new
// row. docs/kernels.md is the same table for readers.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim {

struct KernelRules {
  KernelVersion version;
  // Who wakes a worker for queued work. false (v6.3): insert_work() wakes
  // the first idle worker whenever nr_running == 0, whichever list the item
  // went to (wake_up_worker(), no checks). true (6.12): __queue_work() calls
  // kick_pool() once the item is on the pool worklist: need_more_worker(),
  // and a non-strict unbound worker is aimed back into its pod.
  bool kick_pool;
  // max_active of unbound workqueues counted per NUMA node across pods
  // (wq_node_nr_active, pwq_tryinc_nr_active(), node_activate_pending_pwq());
  // a new item also queues behind a pwq's inactive items (__queue_work()).
  // false: per pwq (pwq->nr_active against pwq->max_active).
  bool node_nr_active;
  // Unbound pools per pod of the workqueue's affinity scope, with
  // affinity_strict (apply_wqattrs_prepare(), wq_affn_dfl = cache). false:
  // one pwq per NUMA node, its workers bound to the node (v6.3
  // numa_pwq_tbl[]); affinity_scope is ignored.
  bool affinity_scopes;
  // apply_wqattrs_prepare(): an unordered unbound wq has one pwq per CPU (on
  // the pool of the CPU's pod), each with its own inactive list (6.12 on);
  // false: one per pod (6.1: per NUMA node).
  bool unbound_pwq_per_cpu;
  // The scope an unbound workqueue gets by default (wq_affn_dfl): cache
  // (6.12) or cache_shard (7.3: each LLC split into shards of about
  // wq_cache_shard_size cores, llc_calc_shard_layout()); whether the
  // cache_shard scope exists at all.
  AffinityScope default_affinity_scope;
  bool has_cache_shard_scope;
  int wq_cache_shard_size;  // workqueue.cache_shard_size's default
  // alloc_workqueue(): WQ_UNBOUND with max_active == 1 is implicitly
  // ordered (__WQ_ORDERED, v6.3).
  bool unbound_max_active_1_ordered;
  // WQ_MAX_ACTIVE and WQ_DFL_ACTIVE (include/linux/workqueue.h).
  int wq_max_active;
  int wq_dfl_active;
  // wq_clamp_max_active(): unbound workqueues may go up to
  // WQ_UNBOUND_MAX_ACTIVE = max(WQ_MAX_ACTIVE, 4 x CPUs) (v6.3); else WQ_MAX_ACTIVE.
  bool unbound_max_active_scales_with_cpus;
  // __queue_work(): an ordered workqueue's item is not redirected to the
  // pool where it may still run (its order already guarantees it).
  bool ordered_skips_reentrancy_redirect;
  // try_to_grab_pending(): an inactive item is activated before it is
  // deleted (v6.3: "might have linked barrier work items"); false: it stays
  // inactive and only its linked barriers move to the worklist.
  bool grab_activates_inactive;
  // wq_worker_tick(): a concurrency-managed item that has used the CPU for
  // workqueue.cpu_intensive_thresh_us is marked CPU_INTENSIVE; the flag is
  // cleared after every item.
  bool auto_cpu_intensive;
  // rescuer_thread(): one item at a time, re-checking the need (6.12.95's
  // backport of 7.1's rescuer); false: every item of the pwq at once.
  bool rescuer_one_at_a_time;
  // assign_rescuer_work() (7.x): with idle workers back in the pool the
  // rescuer still goes on while the pool's manager is creating a worker
  // (POOL_MANAGER_ACTIVE: memory pressure may not be over) and no other pwq
  // of the workqueue waits for rescue; 6.12 stops as soon as a worker is idle.
  bool rescuer_continues_while_manager_active;
  // The rescuer task is named kworker/R-<wq> (false: <wq>).
  bool rescuer_kworker_name;
  // The WQ_PERCPU flag exists (7.x): __alloc_workqueue() warns about a
  // workqueue with neither it nor WQ_UNBOUND (and makes it per-CPU), and
  // about one with both (and keeps it unbound).
  bool has_wq_percpu;
  // WQ_BH workqueues exist (6.9 on): per-CPU BH pools (bh_worker_pools)
  // whose one pseudo-worker runs in softirq context (bh_worker()).
  bool has_wq_bh;
  // __alloc_workqueue() refuses a WQ_BH workqueue with any other flag
  // (__WQ_BH_ALLOWS: WQ_HIGHPRI; 7.x also WQ_PERCPU) or with a max_active.
  unsigned wq_bh_allowed_flags;
  // disable_work() / enable_work() exist (6.10 on).
  bool has_disable_work;
  // The workqueue_activate_work trace event prints the function too.
  bool activate_trace_has_function;

  // --- the CPU scheduler, as Debian configures it ---
  // The fair class the kernel has: CFS (6.1) or EEVDF (6.6 on).
  Scheduler own_scheduler;
  // The preemption model by default, and whether the kernel offers the
  // voluntary and lazy models at all (x86 lost PREEMPT_VOLUNTARY once it
  // gained PREEMPT_LAZY; lazy appeared in 6.13).
  Preemption default_preemption;
  bool has_voluntary_preemption;
  bool has_lazy_preemption;
  // The HRTICK feature (hrtick_start_fair()): an hrtimer ends the running
  // fair task's slice when others wait (features.h: on with
  // CONFIG_HRTIMER_REARM_DEFERRED, as in Debian's 7.3).
  bool hrtick;
  // EEVDF's RUN_TO_PARITY as set_protect_slice()/update_protect_slice() do
  // it in 7.x (a vruntime bound, trimmed by a wake-up that does not
  // preempt); false: 6.12's (protected while the pick's deadline stands).
  bool eevdf_vprot;
  // entity_lag()'s bound is the largest queued slice plus a tick (6.12: the
  // larger of two slices and a tick); update_entity_lag() keeps a delayed
  // sleeper's lag from growing.
  bool eevdf_lag_slice_plus_tick;
  // newidle_balance() (sched_balance_newidle()) before a CPU goes idle.
  // Both kernels throw NI_RANDOM's dice first; 6.x's odds follow recent
  // successes, which in these mostly idle guests keeps it from running
  // (modelled as never); 7.3's NI_RATE adds the time since the last call, so
  // a rarely called newidle balance almost always runs (modelled as always).
  bool newidle_balance;
};

const KernelRules& kernel_rules(KernelVersion k);

// Sets the scenario's kernel; a preemption model the scenario does not give
// becomes that kernel's default.
void set_kernel(Scenario& sc, KernelVersion k);
// Why the scenario asks for something its kernel does not have or refuses
// (the preemption model, the WQ_PERCPU and WQ_BH flags, a WQ_BH workqueue's
// other flags and max_active, disable/enable steps): {JSON path, problem},
// or {"", ""}.
std::pair<std::string, std::string> kernel_mismatch(const Scenario& sc);

// The flags of `wq` that __alloc_workqueue() does not allow with WQ_BH on
// this kernel (0: none, or not a WQ_BH workqueue). An ordered workqueue
// counts WQ_UNBOUND (alloc_ordered_workqueue() adds it, with __WQ_ORDERED).
unsigned wq_bh_disallowed_flags(const KernelRules& r, const WorkqueueSpec& wq);

// 7.x __alloc_workqueue()'s two WARN_ONCE()s: a workqueue with neither
// WQ_PERCPU nor WQ_UNBOUND is made per-CPU, one with both stays unbound.
// {JSON path, what happens} for the first workqueue of each kind (the kernel
// warns once per site), in file order; none on kernels without WQ_PERCPU.
std::vector<std::pair<std::string, std::string>> wq_percpu_warnings(const Scenario& sc);

}  // namespace cmwqsim
