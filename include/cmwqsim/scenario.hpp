// SPDX-License-Identifier: GPL-2.0-only
// The scenario: what a user writes in JSON, after validation.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cmwqsim/time.hpp"

namespace cmwqsim {

// Workqueue flags, with the values of include/linux/workqueue.h.
enum WqFlags : unsigned {
  WQ_BH = 1u << 0,  // 6.9+: items run in softirq context (KernelRules::has_wq_bh)
  WQ_UNBOUND = 1u << 1,
  WQ_FREEZABLE = 1u << 2,
  WQ_MEM_RECLAIM = 1u << 3,
  WQ_HIGHPRI = 1u << 4,
  WQ_CPU_INTENSIVE = 1u << 5,
  WQ_PERCPU = 1u << 8,  // 7.x: says "bound" explicitly (KernelRules::has_wq_percpu)
};

// The flags' names, in bit order, joined by " and " ("WQ_UNBOUND and WQ_HIGHPRI").
std::string wq_flags_text(unsigned flags);

enum class Scheduler { Fifo, Doc, Cfs, Eevdf };
// Where a thread that has need_resched set gives up its CPU (cfs and eevdf;
// fifo and doc never set need_resched).
//  - Voluntary (CONFIG_PREEMPT_VOLUNTARY, Debian's default): a kernel thread
//    only where it blocks or calls cond_resched(); a user thread also on its
//    return to user mode after the tick or a wake-up's interrupt.
//  - Full (CONFIG_PREEMPT): every thread, as soon as need_resched is set.
//  - Lazy (CONFIG_PREEMPT_LAZY, 7.x): a fair wake-up or slice end sets the
//    lazy flag, which a kernel thread ignores and cond_resched() does not
//    honour; the next tick (or the slice-end hrtimer, HRTICK) turns it into
//    need_resched, which preempts every thread at once. A user thread also
//    honours the lazy flag on its return to user mode.
// Each kernel has its own default (KernelRules::default_preemption).
enum class Preemption { Voluntary, Full, Lazy };
enum class Implementation { Cmwq, Legacy };
enum class KernelVersion { V6_1, V6_12, V7_3 };

const char* to_string(Scheduler s);
const char* to_string(Preemption p);
const char* to_string(Implementation i);
const char* to_string(KernelVersion k);
bool scheduler_from_name(const std::string& s, Scheduler& out);
bool preemption_from_name(const std::string& s, Preemption& out);
bool implementation_from_name(const std::string& s, Implementation& out);
bool kernel_from_name(const std::string& s, KernelVersion& out);

struct Step {
  enum Kind {
    Burn,            // use the CPU for ns
    Sleep,           // block voluntarily for ns
    Queue,           // queue_work_on() the target; with delay >= 0, queue_delayed_work_on()
    ModDelayed,      // mod_delayed_work_on(target, delay)
    Cancel,          // cancel_delayed_work_sync(target): may wait for a running instance
    Flush,           // flush_delayed_work(target) / flush_work(target)
    FlushWorkqueue,  // flush_workqueue(wq)
    DrainWorkqueue,  // drain_workqueue(wq)
    Disable,         // disable_work_sync(target): cancel, wait for a running instance, disable (6.10+)
    Enable,          // enable_work(target): undo one disable
  };
  Ns ns = 0;        // Burn, Sleep
  Ns delay = -1;    // Queue (-1: not delayed), ModDelayed
  int target = -1;  // a work item (Queue, ModDelayed, Cancel, Flush, Disable, Enable) or a workqueue
  Kind kind = Burn;
};

// Unbound workqueues' affinity scopes (6.12; include/linux/workqueue.h).
enum class AffinityScope { Default, Cpu, Smt, Cache, CacheShard, Numa, System };

struct WorkqueueSpec {
  std::string name;
  unsigned flags = 0;
  int max_active = 0;  // 0 = the kernel default
  bool ordered = false;
  AffinityScope affinity_scope = AffinityScope::Default;  // 6.12 unbound: pods
  bool affinity_strict = false;
};

// The machine's topology: each a partition of the CPUs. Defaults: one NUMA
// node and one LLC with every CPU; no SMT siblings.
struct Topology {
  std::vector<std::vector<int>> nodes, llcs, smt;
  // The index of the group holding `cpu`.
  static int group_of(const std::vector<std::vector<int>>& groups, int cpu) {
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (int c : groups[g])
        if (c == cpu) return static_cast<int>(g);
    return -1;
  }
};

struct WorkSpec {
  std::string name;
  int queue = 0;                // index into Scenario::workqueues
  int cpu = 0;                  // queue_work_on() target
  bool cpu_given = false;       // "cpu" present in the file
  std::optional<Ns> at;         // queued by the outside issuer at this time
  std::vector<Step> program;
};

// An issuer-level action at a time ("actions": [...]), in interrupt context.
struct Action {
  Ns at = 0;
  // Disable: disable_work() (cancel without waiting, and disable); Enable: enable_work().
  enum Kind { Queue, ModDelayed, Cancel, Freeze, Thaw, Disable, Enable } kind = Queue;
  int work = -1;
  int cpu = 0;
  Ns delay = -1;  // Queue (-1: not delayed), ModDelayed
};

// A non-workqueue thread that competes for a CPU ("tasks": [...]).
struct TaskSpec {
  std::string name;
  int cpu = 0;
  Ns at = 0;
  int nice = 0;
  // false: a user thread (its burns run in user mode); true: a kernel thread,
  // which voluntary preemption switches out only where it blocks.
  bool kthread = false;
  std::vector<Step> program;
};

// A kernel thread that the scheduler tick wakes ("background": [...]), as
// rcu_preempt is at every tick while RCU callbacks are pending: on its CPU,
// at every tick from `from` to `until`, it is woken, burns `burn` and sleeps.
// It models what else a real kernel runs; kernel-run does not replay it.
// A background kthread: woken by the tick of `cpu` from `from` to `until`,
// or, if `wakes` is given, at exactly those times on those CPUs (a recorded
// run's wake-ups: rcu_preempt's come from RCU's timers, not every tick).
struct BackgroundWake {
  Ns at = 0;
  int cpu = 0;
};
struct BackgroundSpec {
  std::string name;
  int cpu = 0;
  Ns burn = 0;
  Ns from = 0;
  Ns until = 0;
  std::vector<BackgroundWake> wakes;  // in time order; replaces the ticks
};

struct WorkersSpec {
  int initial_idle = 1;  // workqueue_init() creates one worker per pool
  Ns create_time = 0;    // how long create_worker() blocks the manager
  // create_worker() started in [stall_from, stall_until) completes at
  // stall_until at the earliest (memory pressure); none if stall_until <= 0.
  Ns stall_from = 0;
  Ns stall_until = 0;
  // The CPU each unbound pool's idle worker last ran on, in idle-list order
  // (the head, which kick_pool() wakes first, first): [0] normal pools,
  // [1] highpri pools. It is the prev_cpu select_task_rq_fair() starts from.
  // Workers past the list start on CPU 0.
  std::vector<int> unbound_last_cpus[2];
  // How many idle workers an unbound pool starts with, by priority ([0]
  // normal, [1] highpri); 0: initial_idle. A pool that alloc_workqueue()
  // creates (get_unbound_pool()) has the one create_worker() made.
  int unbound_initial_idle[2] = {0, 0};
  int unbound_start(bool highpri) const {
    return unbound_initial_idle[highpri ? 1 : 0] > 0 ? unbound_initial_idle[highpri ? 1 : 0] : initial_idle;
  }
  // Worker creation through kthreadd (kthread_create_on_node()): the manager
  // wakes kthreadd and waits; kthreadd spends `create` forking the thread
  // (wake_up_new_task() puts it on the idlest CPU), which spends `start` in
  // kthread() before it completes the request and wakes the manager. Off:
  // the manager sleeps create_time and the worker appears.
  bool kthreadd = false;
  Ns kthreadd_create = 24'000;  // the median kthreadd run of the recorded traces (6.12, 7.3)
  Ns kthread_start = 4'000;     // a new kworker's kthread() up to complete()
  int kthreadd_cpu = 0;         // the CPU kthreadd last ran on (its prev_cpu at its first wake-up)
};

// Kernel processing costs, on the CPU: the doc's examples ignore them; real
// kernels spend microseconds per context switch and per started work item.
struct Overheads {
  Ns context_switch = 0;  // a thread switched in, before it continues
  Ns work_start = 0;      // process_one_work() bookkeeping before the function
  Ns tick = 0;            // the tick interrupt, charged to the thread it interrupts
  Ns irq = 0;             // the interrupt that issues an outside call ("at", actions)
  bool given = false;     // set in the file (else: the scheduler's default)
};

struct Scenario {
  std::string name;
  std::string description;
  int cpus = 1;
  Topology topology;
  Scheduler scheduler = Scheduler::Fifo;
  Preemption preemption = Preemption::Voluntary;
  bool preemption_given = false;  // else the kernel's default (set_kernel())
  Implementation implementation = Implementation::Cmwq;
  KernelVersion kernel = KernelVersion::V6_1;
  int hz = 250;  // CONFIG_HZ: the scheduler tick (Debian's kernels: 250)
  // util_avg (0-1024) each CPU carries at time 0, left by tasks outside the
  // scenario that stay blocked (cfs and eevdf; empty: 0 everywhere).
  std::vector<long> cpu_util;
  // 6.12: workqueue.cpu_intensive_thresh_us (0 disables the detection).
  long long cpu_intensive_thresh_us = 10000;
  Unit unit;
  WorkersSpec workers;
  Overheads overheads;
  std::vector<WorkqueueSpec> workqueues;
  std::vector<WorkSpec> work;
  std::vector<Action> actions;
  std::vector<TaskSpec> tasks;
  std::vector<BackgroundSpec> background;
  std::optional<Ns> until;          // run limit: the scenario stops here (allows queue cycles)
  std::vector<std::string> expect;  // "T phrase" lines, doc style
  bool has_expect = false;
};

// A scenario error: `path` is the JSON path ("work[2].program[1].sleep").
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(const std::string& path, const std::string& problem)
      : std::runtime_error(path.empty() ? problem : path + ": " + problem) {}
};

// The overheads a run uses: the file's, else 0 for fifo and doc, else the
// values measured on Debian's kernels under QEMU for cfs and eevdf.
Overheads effective_overheads(const Scenario& sc);

// Checks what the chosen implementation can run (after command-line
// overrides); throws ScenarioError.
void check_runnable(const Scenario& sc);

// Parses and validates; throws ScenarioError.
Scenario parse_scenario_text(const std::string& text);
Scenario load_scenario_file(const std::string& path);

}  // namespace cmwqsim
