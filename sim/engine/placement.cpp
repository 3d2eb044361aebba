// SPDX-License-Identifier: GPL-2.0-only
// Where the fair class runs a thread that may run on several CPUs (unbound
// kworkers and rescuers; kernel/sched/fair.c of Debian's 6.1, 6.12 and 7.3,
// the same rules in the three): the wake-up CPU, select_task_rq_fair(), and the idle
// balancing that moves a waiting task to an idle CPU at the tick,
// nohz_balancer_kick() and nohz_idle_balance() (6.12 renames the balancing
// functions sched_balance_*). Per-CPU kworkers never move.
//
// The machine is one LLC with one MC sched domain (no SMT, one NUMA node as
// far as the scheduler goes), as the QEMU guests of the validation corpus.
//
// Newidle balancing (a CPU about to go idle pulls a task first) is a kernel
// rule (SchedFeatures::newidle_balance): both Debian kernels throw NI_RANDOM's
// dice before it; 6.x's odds follow its recent successes, so in these mostly
// idle guests it seldom runs, and the random corpus's 6.x traces mostly show
// a waiting unbound worker moved at the next tick (running it every time
// scored worse: cfs vs 6.1 100/120 against 105, eevdf vs 6.12 101 against
// 103); 7.3's NI_RATE adds the time since the last call, so it runs (93/120
// against 90 without it).
//
// PELT's averages (pelt.hpp) are modelled for wake_affine_weight() (load)
// and a fork's CPU (utilisation) alone. Not modelled: SIS_UTIL's limit on the idle scan, the balance intervals and rate
// limits (an idle CPU pulls at the next tick of an overloaded CPU), and
// 7.x's first pass of can_migrate_task() that skips tasks not eligible on
// their own run queue.
#include <algorithm>

#include "engine/machine.hpp"

namespace cmwqsim::engine {

namespace {
// sysctl_sched_migration_cost: a task that ran this recently is cache hot
// (task_hot()); idle balancing leaves it (cache_nice_tries, failed balances
// and active balancing are not modelled).
constexpr Ns kMigrationCost = 500'000;
// The MC domain's imbalance_pct (sd_init(): 117), as WA_BIAS uses it.
constexpr long kImbalancePct = 117;
}  // namespace

bool Machine::allowed(const Thread& t, int cpu) const {
  if (t.bound_) return cpu == t.cpu_;
  return t.allowed_.empty() || std::find(t.allowed_.begin(), t.allowed_.end(), cpu) != t.allowed_.end();
}

// The runnable fair tasks of a CPU, the running one included (rq->nr_running).
std::size_t Machine::nr_running(const Cpu& c) const {
  return c.rq->nr_waiting() + (c.owner != nullptr ? 1 : 0);
}

// wake_affine(): wake_affine_idle() (WA_IDLE), then wake_affine_weight()
// (WA_WEIGHT, WA_BIAS). Our wake-ups are never WF_SYNC (wake_up_process()).
// Returns this_cpu or prev_cpu.
int Machine::wake_affine(Thread& t, int this_cpu, int prev_cpu) {
  // wake_affine_idle(): an idle waking CPU means an interrupt woke the task.
  if (available_idle_cpu(this_cpu)) return available_idle_cpu(prev_cpu) ? prev_cpu : this_cpu;
  if (available_idle_cpu(prev_cpu)) return prev_cpu;
  // wake_affine_weight(): the waking CPU's PELT load plus the task's against
  // the previous CPU's without it (its blocked load is still there), biased
  // towards the previous one; the capacities are equal.
  const long task = task_load(t);
  const long this_eff = (cpu_load(this_cpu) + task) * 100;
  const long prev_eff = (cpu_load(prev_cpu) - task) * (100 + (kImbalancePct - 100) / 2);
  return this_eff < prev_eff ? this_cpu : prev_cpu;
}

// PELT's bookkeeping: a thread's runnable time feeds its own average and
// its CPU's; a migration carries its average along (migrate_task_rq_fair()
// removes it from the old CPU, attach_entity_load_avg() adds it).
void Machine::pelt_set_runnable(Thread& t, bool on_rq) {
  if (!fair() || t.pelt_on_rq_ == on_rq) return;
  Cpu& c = cpus_.at(t.cpu_);
  pelt_catch_up(c);
  pelt_catch_up(t);
  c.pelt_runnable += on_rq ? t.se_.weight : -t.se_.weight;
  t.pelt_on_rq_ = on_rq;
}

void Machine::pelt_migrate(Thread& t, int cpu) {
  if (!fair() || cpu == t.cpu_) {
    t.cpu_ = cpu;
    return;
  }
  const long w = t.pelt_on_rq_ ? t.se_.weight : 0;
  Cpu& from = cpus_.at(t.cpu_);
  pelt_catch_up(from);
  pelt_catch_up(t);
  t.util_.update(now_, 0);  // a migrating task is not running
  from.pelt.load -= std::min(from.pelt.load, t.pelt_.load);
  from.util.load -= std::min(from.util.load, t.util_.load);
  from.pelt_runnable -= w;
  t.cpu_ = cpu;
  Cpu& to = cpus_.at(cpu);
  pelt_catch_up(to);
  to.pelt.load += t.pelt_.load;
  to.util.load += t.util_.load;
  to.pelt_runnable += w;
}

// util_avg follows who runs: the thread switched out ran until now, the
// one switched in did not; the CPU's sum grows while any of its tasks runs.
void Machine::pelt_switch_util(Cpu& c, Thread* prev, Thread* next) {
  if (prev == next) return;
  c.util.update(now_, c.owner != nullptr ? kPeltCapacity : 0);
  if (prev != nullptr) prev->util_.update(now_, kPeltCapacity);
  if (next != nullptr) next->util_.update(now_, 0);
}

// post_init_entity_util_avg(): a new task starts at the CPU's utilisation
// shared out by weight (util * se_weight / (load_avg + 1)), capped at half
// the spare capacity; on a CPU with no utilisation, at that half.
void Machine::post_init_entity_util_avg(Thread& t) {
  if (!fair()) return;
  Cpu& c = cpus_.at(t.cpu_);
  pelt_catch_up(c);
  pelt_catch_up(t);
  const long util = c.util.value();
  const long cap = (kPeltCapacity - util) / 2;
  if (cap <= 0) return;
  long u = cap;
  if (util != 0) {
    // The CPU's load_avg without the new task's (attached after this).
    const long load = std::max(0L, c.pelt.value() - t.pelt_.value());
    u = std::min(cap, util * t.se_.weight / (load + 1));
  }
  t.util_.load = static_cast<std::uint64_t>(u) << 16;
  t.util_.last = now_;
  c.util.load += t.util_.load;
}

// cpu_util(): util_avg, at most the CPU's capacity (util_est is 0 on an idle CPU).
long Machine::cpu_util(int cpu) {
  Cpu& c = cpus_.at(cpu);
  pelt_catch_up(c);
  return std::min(c.util.value(), kPeltCapacity);
}

long Machine::cpu_load(int cpu) {
  Cpu& c = cpus_.at(cpu);
  pelt_catch_up(c);
  return c.pelt.value();
}

// task_h_load(p): p's load_avg as of its last update (its dequeue, or its
// last migration): select_task_rq_fair() does not sync a waking task's
// average before wake_affine_weight() reads it.
long Machine::task_load(Thread& t) { return t.pelt_.value(); }

// select_idle_sibling(): target if idle, else prev if idle, else (a per-CPU
// kthread waking a task that last ran on its CPU, nothing else runnable
// there) prev, else the task's recently used CPU if idle, else the first idle
// CPU of the LLC after target (select_idle_cpu(), for_each_cpu_wrap from
// target + 1), else target.
int Machine::select_idle_sibling(Thread& t, int prev, int target) {
  if (available_idle_cpu(target)) return target;
  if (prev != target && available_idle_cpu(prev)) return prev;
  if (current_thread_ >= 0 && !current_softirq_) {  // is_per_cpu_kthread(current) && in_task()
    const Thread& cur = *threads_.at(current_thread_);
    if (cur.bound_ && cur.on_cpu_ && prev == cur.cpu_ && nr_running(cpus_.at(prev)) <= 1) return prev;
  }
  const int recent = t.recent_used_cpu_;
  t.recent_used_cpu_ = prev;
  if (recent >= 0 && recent != prev && recent != target && available_idle_cpu(recent) && allowed(t, recent))
    return recent;
  const int n = ncpus();
  for (int i = 1; i < n; ++i) {
    const int cpu = (target + i) % n;
    if (allowed(t, cpu) && available_idle_cpu(cpu)) return cpu;
  }
  return target;
}

// select_task_rq_fair() for a wake-up (WF_TTWU): want_affine when the waking
// CPU is allowed (wake_wide() never holds here), wake_affine() when it is
// not the previous CPU, then the fast path, select_idle_sibling(). A thread
// that has not run in the simulation yet has its boot CPU as prev.
int Machine::select_task_rq_fair(Thread& t, int this_cpu) {
  if (t.bound_) return t.cpu_;
  int prev = t.cpu_;
  if (!allowed(t, prev)) prev = t.allowed_.front();
  int target = prev;
  if (allowed(t, this_cpu) && this_cpu != prev) target = wake_affine(t, this_cpu, prev);
  return select_idle_sibling(t, prev, target);
}

// can_migrate_task() and detach_tasks(): c pulls one waiting task from the
// busiest run queue (the most runnable tasks, at least one waiting), from the
// tail of that queue's cfs_tasks list: the task enqueued or run least
// recently that may move here (allowed on c, not running, not cache hot). A
// migrated task is cold (enqueue_entity() clears exec_start). Returns whether
// it pulled one.
bool Machine::pull_one_task(Cpu& c) {
  Cpu* busiest = nullptr;
  std::size_t busiest_nr = 1;
  for (Cpu& src : cpus_) {
    if (&src == &c) continue;
    if (nr_running(src) > busiest_nr && src.rq->has_waiting()) {
      busiest = &src;
      busiest_nr = nr_running(src);
    }
  }
  if (busiest == nullptr) return false;  // no CPU overloaded (rd->overload)
  SchedEntity* pick = nullptr;
  for (SchedEntity* se : busiest->rq->waiting()) {
    const Thread& t = *se->thread;
    if (t.on_cpu_ || !allowed(t, c.id) || now_ - se->exec_start < kMigrationCost) continue;
    if (pick == nullptr || se->cfs_tasks_stamp < pick->cfs_tasks_stamp) pick = se;
  }
  if (pick == nullptr) return false;
  busiest->rq->detach(*pick, now_);
  pelt_migrate(*pick->thread, c.id);
  c.rq->attach(*pick, now_);
  pick->exec_start = 0;
  return true;
}

// newidle_balance() (6.12+: sched_balance_newidle()), where the kernel's
// rules run it: a CPU about to go idle pulls a task first. Returns what it
// runs next (nullptr: it goes idle).
SchedEntity* Machine::newidle_balance(Cpu& c) {
  if (!features_.newidle_balance || !fair() || !pull_one_task(c)) return nullptr;
  return c.rq->pick_next(now_);
}

// nohz_balancer_kick() from the tick of a CPU with two or more runnable
// tasks (trigger_load_balance()): the first idle CPU is kicked and balances
// for itself (nohz_idle_balance()), pulling one task.
void Machine::nohz_idle_balance(Cpu& busy) {
  if (nr_running(busy) < 2) return;
  for (Cpu& c : cpus_) {
    if (&c == &busy || !c.idle() || c.in_softirq) continue;
    if (pull_one_task(c)) hand_cpu(c, c.rq->pick_next(now_));
    return;
  }
}

// wake_up_new_task(): select_task_rq() with WF_FORK, then the first enqueue
// (a new task's place_entity()). Before that it sets p->recent_used_cpu to
// task_cpu(p), the forking CPU (sched_fork() put the child there): a later
// select_idle_sibling() may go back to it.
bool Machine::wake_up_new_task(Thread& t, int this_cpu) {
  t.recent_used_cpu_ = this_cpu;
  forced_cpu_ = find_idlest_cpu(this_cpu);
  if (t.state_ == Thread::State::Blocked) {
    pelt_migrate(t, forced_cpu_);
    post_init_entity_util_avg(t);
  }
  const bool woken = wake(t, this_cpu);
  forced_cpu_ = -1;
  return woken;
}

// A fork's CPU. Fair class: sched_balance_find_dst_cpu() (find_idlest_cpu()
// before 6.12) over the MC domain, whose groups are single CPUs here, from
// the forking CPU's group (kthreadd's: all CPUs allowed). find_idlest_group()
// keeps the local group unless another has more idle CPUs (group_has_spare),
// and then, of those, the one with the lowest utilisation (update_pick_idlest():
// group_util, cpu_util_without()), the first in the domain's order after the
// local one on ties; with no idle CPU, the fewest runnable tasks
// (group_overloaded's load), the local CPU on ties.
// The other schedulers: this CPU if idle, else the next idle one after it.
int Machine::find_idlest_cpu(int this_cpu) {
  const int n = ncpus();
  if (cpus_.at(this_cpu).idle()) return this_cpu;
  int idlest = -1;
  long idlest_util = 0;
  for (int i = 1; i < n; ++i) {
    const int c = (this_cpu + i) % n;
    if (!cpus_.at(c).idle()) continue;
    if (!fair()) return c;
    const long util = cpu_util(c);
    if (idlest < 0 || util < idlest_util) {
      idlest = c;
      idlest_util = util;
    }
  }
  if (idlest >= 0) return idlest;
  if (!fair()) return this_cpu;
  int best = this_cpu;
  for (int i = 1; i < n; ++i) {
    const int c = (this_cpu + i) % n;
    if (nr_running(cpus_.at(c)) < nr_running(cpus_.at(best))) best = c;
  }
  return best;
}

}  // namespace cmwqsim::engine
