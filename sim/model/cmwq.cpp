// SPDX-License-Identifier: GPL-2.0-only
#include "model/cmwq.hpp"

#include <algorithm>
#include <climits>
#include <iostream>

#include "engine/machine.hpp"
#include "model/delayed_timers.hpp"
#include "model/pods.hpp"

namespace cmwqsim::model {

Cmwq::Cmwq(engine::Machine& m, const Scenario& sc)
    : m_(m),
      sc_(sc),
      rules_(kernel_rules(sc.kernel)),
      thresh_ns_(rules_.auto_cpu_intensive ? sc.cpu_intensive_thresh_us * 1000 : 0),
      items_(work_items_of(sc)) {
  if (thresh_ns_ > 0) m_.enable_ticks();  // wq_worker_tick() runs at the scheduler tick
}

Cmwq::~Cmwq() = default;

std::vector<WqStats> Cmwq::stats() const {
  std::vector<WqStats> out;
  for (const auto& wq : wqs_) {
    WqStats s;
    s.name = wq->name;
    s.unbound = wq->flags & WQ_UNBOUND;
    s.mem_reclaim = wq->flags & WQ_MEM_RECLAIM;
    for (const auto& p : wq->pwqs) {
      const WqStats& t = p->stats;
      s.started += t.started;
      s.completed += t.completed;
      s.cpu_time += t.cpu_time;
      s.cpu_intensive += t.cpu_intensive;
      s.cm_wakeup += t.cm_wakeup;
      s.repatriated += t.repatriated;
      s.mayday += t.mayday;
      s.rescued += t.rescued;
    }
    out.push_back(s);
  }
  return out;
}

Pool& Cmwq::new_pool(int id, int cpu, int nice) {
  auto p = std::make_unique<Pool>();
  p->id = id;
  p->cpu = cpu;
  p->nice = nice;
  Pool& pool = *p;
  pools_[id] = std::move(p);
  // workqueue_init(): one worker per pool; the scenario may ask for more.
  for (int i = 0; i < sc_.workers.initial_idle; ++i) create_worker(pool, /*wake=*/false);
  return pool;
}

// Per-CPU pools have ids 2*cpu (normal) and 2*cpu+1 (highpri), as
// init_worker_pool() assigns them; unbound pools come after them.
Pool& Cmwq::cpu_pool(int cpu, bool highpri) {
  int id = 2 * cpu + (highpri ? 1 : 0);
  auto it = pools_.find(id);
  if (it != pools_.end()) return *it->second;
  return new_pool(id, cpu, highpri ? -20 : 0);
}

// get_unbound_pool(): unbound pools are shared by every wq with equal
// attrs (nice, pod, strictness); their ids follow the per-CPU pools'.
Pool& Cmwq::unbound_pool(int nice, const std::vector<int>& pod, bool strict) {
  for (auto& [id, p] : pools_)
    if (p->unbound() && p->nice == nice && p->pod == pod && (p->allowed.size() == pod.size()) == strict) return *p;
  int id = 2 * m_.ncpus();
  while (pools_.count(id)) ++id;
  std::vector<int> all;
  for (int c = 0; c < m_.ncpus(); ++c) all.push_back(c);
  auto p = std::make_unique<Pool>();
  p->id = id;
  p->cpu = -1;
  p->nice = nice;
  p->pod = pod;
  p->allowed = strict ? pod : all;
  Pool& pool = *p;
  pools_[id] = std::move(p);
  // Each worker enters idle at the list's head, so the last one created is
  // the first kick_pool() wakes: the scenario's unbound_last_cpus[0] is its CPU.
  const std::vector<int>& last = sc_.workers.unbound_last_cpus[nice < 0 ? 1 : 0];
  const int start = sc_.workers.unbound_start(nice < 0);
  // A pool the run's setup created (unbound_initial_idle) got its workers
  // from kthreadd, forked on the CPU kthreadd last ran on.
  const bool setup_forked = sc_.workers.kthreadd && sc_.workers.unbound_initial_idle[nice < 0 ? 1 : 0] > 0;
  for (int i = 0; i < start; ++i) {
    const std::size_t at = static_cast<std::size_t>(start - 1 - i);
    Worker& w = create_worker(pool, /*wake=*/false, at < last.size() ? last[at] : -1);
    if (setup_forked) m_.set_forked_on(w, sc_.workers.kthreadd_cpu);
  }
  return pool;
}

// The unbound pwqs: 6.1 has one per NUMA node (one in all on a single node,
// and for ordered wqs); 6.12 one per pod of the wq's affinity scope (one for
// ordered wqs), with max_active enforced per NUMA node (wq_node_nr_active).
void Cmwq::make_unbound_pwqs(Workqueue& wq, const WorkqueueSpec& spec, int nice) {
  const Topology& t = sc_.topology;
  const int n = m_.ncpus();
  std::vector<int> all;
  for (int c = 0; c < n; ++c) all.push_back(c);
  std::vector<std::vector<int>> pods;
  if (wq.ordered) pods = {all};
  else if (!rules_.affinity_scopes) pods = t.nodes.size() > 1 ? t.nodes : std::vector<std::vector<int>>{all};
  else {
    const AffinityScope scope =
        spec.affinity_scope == AffinityScope::Default ? rules_.default_affinity_scope : spec.affinity_scope;
    pods = pods_of(t, scope, n, rules_.wq_cache_shard_size);
  }
  const bool strict = rules_.affinity_scopes ? spec.affinity_strict : true;  // 6.1 binds workers to the node
  wq.cpu_pwq.assign(n, nullptr);
  if (rules_.node_nr_active) {
    // wq_update_node_max_active(): per node, max_active scaled by its share
    // of the CPUs, at least min_active (min(max_active, 8)); the last slot
    // (NUMA_NO_NODE, for ordered and system-scope pwqs) gets max_active.
    int min_active = std::min(wq.max_active, 8);
    for (const auto& node : t.nodes) {
      int share = static_cast<int>((static_cast<long long>(wq.max_active) * node.size() + n - 1) / n);
      wq.nna.push_back({std::clamp(share, min_active, wq.max_active), 0, {}});
    }
    wq.nna.push_back({wq.max_active, 0, {}});
  }
  // apply_wqattrs_prepare(): 6.1 has one pwq per pod (node); 6.12 and 7.3
  // one per CPU (alloc_unbound_pwq() for each possible CPU, all on the pool
  // of the CPU's pod), except for ordered wqs, whose CPUs share dfl_pwq. Each
  // pwq keeps its own inactive list; node_activate_pending_pwq() serves them
  // in turn.
  const bool pwq_per_cpu = rules_.unbound_pwq_per_cpu && !wq.ordered;
  for (const auto& pod : pods) {
    Pool& pool = unbound_pool(nice, pod, pod.size() == all.size() || strict);
    int nna = -1;
    if (rules_.node_nr_active) {
      bool no_node = pod.size() == all.size() && (wq.ordered || spec.affinity_scope == AffinityScope::System);
      nna = no_node ? static_cast<int>(t.nodes.size()) : Topology::group_of(t.nodes, pod[0]);
    }
    const std::size_t n_pwqs = pwq_per_cpu ? pod.size() : 1;
    for (std::size_t i = 0; i < n_pwqs; ++i) {
      auto pwq = std::make_unique<Pwq>();
      pwq->wq = &wq;
      pwq->pool = &pool;
      pwq->max_active = wq.max_active;
      pwq->nna = nna;
      if (pwq_per_cpu) wq.cpu_pwq[pod[i]] = pwq.get();
      else
        for (int c : pod) wq.cpu_pwq[c] = pwq.get();
      wq.pwqs.push_back(std::move(pwq));
    }
  }
}

void Cmwq::boot() {
  // BH workqueues run in softirq context: the softirqs first, so that
  // ksoftirqd/N come first among the threads.
  for (const WorkqueueSpec& spec : sc_.workqueues)
    if (spec.flags & WQ_BH) {
      open_bh_softirqs();
      break;
    }
  if (sc_.workers.kthreadd) {
    kthreadd_ = std::make_unique<Kthreadd>(*this, m_);
    m_.spawn(*kthreadd_);
  }
  for (const WorkqueueSpec& spec : sc_.workqueues) {
    auto wq = std::make_unique<Workqueue>();
    wq->name = spec.name;
    wq->flags = spec.flags;
    wq->ordered = spec.ordered;
    int max_active = spec.max_active;
    // __alloc_workqueue() (7.x): with both WQ_PERCPU and WQ_UNBOUND it stays
    // unbound; with neither it becomes WQ_PERCPU (the CLI notes both warnings:
    // wq_percpu_warnings()).
    if (rules_.has_wq_percpu && !spec.ordered && !(wq->flags & (WQ_PERCPU | WQ_UNBOUND))) wq->flags |= WQ_PERCPU;
    if ((wq->flags & WQ_UNBOUND) || spec.ordered) wq->flags &= ~WQ_PERCPU;
    if (spec.ordered) {  // alloc_ordered_workqueue(): WQ_UNBOUND | __WQ_ORDERED, max_active 1
      wq->flags |= WQ_UNBOUND;
      max_active = 1;
    }
    // alloc_workqueue(): unbound && max_active == 1 implies ordered (v6.3).
    if (rules_.unbound_max_active_1_ordered && (wq->flags & WQ_UNBOUND) && max_active == 1) wq->ordered = true;
    // wq_clamp_max_active().
    int limit = (wq->flags & WQ_UNBOUND) && rules_.unbound_max_active_scales_with_cpus
                    ? wq_unbound_max_active(rules_.wq_max_active, m_.ncpus())
                    : rules_.wq_max_active;
    if (wq->flags & WQ_BH) {
      // __alloc_workqueue(): "BH workqueues always share a single execution
      // context per CPU and don't impose any max_active limit."
      max_active = INT_MAX;
    } else if (max_active == 0) {
      max_active = rules_.wq_dfl_active;
    }
    if (max_active > limit && !(wq->flags & WQ_BH)) {
      std::cerr << "cmwq-sim: workqueue " << spec.name << ": max_active " << max_active
                << " out of range, clamped to " << limit << " (wq_clamp_max_active)\n";
      max_active = limit;
    }
    wq->max_active = max_active;
    const bool highpri = wq->flags & WQ_HIGHPRI;
    if (wq->flags & WQ_UNBOUND) {
      make_unbound_pwqs(*wq, spec, highpri ? -20 : 0);
    } else {
      for (int cpu = 0; cpu < m_.ncpus(); ++cpu) {
        auto pwq = std::make_unique<Pwq>();
        pwq->wq = wq.get();
        pwq->pool = (wq->flags & WQ_BH) ? &bh_pool(cpu, highpri) : &cpu_pool(cpu, highpri);
        pwq->max_active = max_active;
        wq->cpu_pwq.push_back(pwq.get());
        wq->pwqs.push_back(std::move(pwq));
      }
    }
    if (wq->flags & WQ_MEM_RECLAIM) create_rescuer(*wq);
    wqs_.push_back(std::move(wq));
  }
}

void Cmwq::wake_up_worker(Pool& pool) {
  Worker* w = pool.first_idle_worker();
  if (w != nullptr && m_.wake(*w, m_.current_cpu())) {
    record(m_, Ev::WorkerWake, w->trace_id(), w->cpu(), nullptr);
    w->woken_by(m_.trace().why.context);
  }
}

// kick_pool() (6.12): a non-strict unbound pool's worker may have run
// outside its pod; its wake-up is aimed back into the pod (repatriation).
bool Cmwq::kick_pool(Pool& pool) {
  Worker* w = pool.first_idle_worker();
  if (!pool.need_more_worker() || w == nullptr) return false;
  if (pool.bh) {
    WhyScope scope(m_.trace().why, because(Cause::KickPool, pool.id));
    kick_bh_pool(pool);
    return true;
  }
  int hint = m_.current_cpu();
  if (pool.unbound() && std::find(pool.pod.begin(), pool.pod.end(), hint) == pool.pod.end()) {
    hint = pool.pod.front();
    pool.worklist.front()->pwq->stats.repatriated++;  // PWQ_STAT_REPATRIATED
  }
  WhyScope scope(m_.trace().why, because(Cause::KickPool, pool.id));
  if (m_.wake(*w, hint)) {
    record(m_, Ev::WorkerWake, w->trace_id(), w->cpu(), nullptr);
    w->woken_by(m_.trace().why.context);
  }
  return true;
}

bool Cmwq::queue_work_on(int cpu, WorkItem& item) {
  // test_and_set_bit(WORK_STRUCT_PENDING_BIT); a cancel_work_sync() in
  // progress also refuses, and so does a disabled item (clear_pending_if_disabled()).
  if (item.pending || item.canceling || item.disable_count > 0) return false;
  item.pending = true;
  queue_work(cpu, wq_of(item), item);
  return true;
}

// __queue_work() (v6.3)
void Cmwq::queue_work(int req_cpu, Workqueue& wq, WorkItem& item) {
  // A draining wq accepts only chained queueing (from its own work items).
  if (wq.draining) {
    // is_chained_work(): current_wq_worker() is a kworker's, in task context only.
    const Worker* self = nullptr;
    for (const auto& w : workers_)
      if (w->trace_id() == m_.current_thread() && !m_.in_softirq()) self = w.get();
    if (self == nullptr || self->current_pwq() == nullptr || self->current_pwq()->wq != &wq) {
      item.pending = false;  // WARN_ON_ONCE and drop
      return;
    }
  }
  Pwq* pwq = wq.cpu_pwq.at(req_cpu);

  // Non-reentrancy: if the item still runs in another pool, queue it there
  // (6.12: not for ordered wqs, whose order guarantees it already).
  Pool* last_pool = item.last_pool;
  if (last_pool != nullptr && last_pool != pwq->pool && !(rules_.ordered_skips_reentrancy_redirect && wq.ordered)) {
    Worker* worker = last_pool->find_worker_executing_work(&item);
    if (worker != nullptr && worker->current_pwq()->wq == &wq) pwq = worker->current_pwq();
  }

  instances_.push_back(WorkInstance{});
  WorkInstance& inst = instances_.back();
  inst.item = &item;
  inst.n = ++item.instances;
  inst.pwq = pwq;
  inst.color = wq.work_color;
  wq.in_flight[inst.color]++;
  item.queued = &inst;
  const std::size_t queued = record(m_, Ev::Queue, m_.current_thread(), m_.current_cpu(), &inst);
  if (m_.records(Ev::Queue)) {
    m_.trace().events.back().req_cpu = req_cpu;
    m_.trace().events.back().pool_cpu = pwq->pool->cpu;
  }
  WhyTable& why = m_.trace().why;
  const Because limit = why.on ? queue_limit(*pwq) : Because{};

  // 6.12: an item also queues behind existing inactive items.
  if (rules_.node_nr_active ? pwq->inactive_works.empty() && pwq_tryinc_nr_active(*pwq)
                            : pwq->nr_active < pwq->max_active) {
    const std::size_t activated = record(m_, Ev::Activate, m_.current_thread(), m_.current_cpu(), &inst);
    if (why.on) {
      why.set(queued, because(Cause::QueueActive, pwq->pool->id, limit.v[1], limit.v[2]));
      why.set(activated, because(Cause::ActivateAtQueue, limit.v[1], limit.v[2], pwq->pool->id), Because{});
    }
    if (!rules_.node_nr_active) pwq->nr_active++;
    insert_work(*pwq, inst, pwq->pool->worklist);
    if (rules_.kick_pool) kick_pool(*pwq->pool);
  } else {
    inst.inactive = true;
    if (why.on) why.set(queued, limit);
    insert_work(*pwq, inst, pwq->inactive_works);
  }
}

// Under --explain: what __queue_work() reads to choose the worklist or the
// inactive list (a QueueInactive-like cause; v[1], v[2]: nr_active, max_active).
Because Cmwq::queue_limit(const Pwq& pwq) const {
  if (rules_.node_nr_active) {
    if (!pwq.inactive_works.empty())
      return because(Cause::QueueBehindInactive, pwq.pool->id, static_cast<std::int64_t>(pwq.inactive_works.size()));
    if (pwq.nna >= 0 && (pwq.pending || pwq.wq->nna.at(pwq.nna).nr >= pwq.wq->nna.at(pwq.nna).max))
      return because(Cause::QueueNodeFull, pwq.pool->id, pwq.wq->nna.at(pwq.nna).nr, pwq.wq->nna.at(pwq.nna).max);
  }
  return because(Cause::QueueInactive, pwq.pool->id, pwq.nr_active, pwq.max_active);
}

// insert_work(): append. v6.3 then wakes a worker whenever nobody runs,
// whichever list the item went to (even the inactive list: a spurious wake);
// 6.12 leaves the wake-up to __queue_work()'s kick_pool().
void Cmwq::insert_work(Pwq& pwq, WorkInstance& inst, std::deque<WorkInstance*>& list) {
  list.push_back(&inst);
  WhyScope scope(m_.trace().why, because(Cause::InsertWork, pwq.pool->id));
  if (!rules_.kick_pool && pwq.pool->need_more_worker_nr()) wake_up_worker(*pwq.pool);
}

// pwq_activate_inactive_work(): to the pool worklist's tail, with its linked
// barriers; no wake-up.
void Cmwq::pwq_activate_inactive_work(WorkInstance& inst) {
  Pwq& pwq = *inst.pwq;
  record(m_, Ev::Activate, m_.current_thread(), m_.current_cpu(), &inst);
  move_linked_works(inst, pwq.inactive_works, pwq.pool->worklist);
  inst.inactive = false;
  pwq.nr_active++;
}

// pwq_tryinc_nr_active() (6.12): a per-CPU pwq against max_active; an
// unbound one against its node's limit, joining the node's pending pwqs if
// full (and never jumping that line).
bool Cmwq::pwq_tryinc_nr_active(Pwq& pwq) {
  if (pwq.nna < 0) {
    if (pwq.nr_active >= pwq.max_active) return false;
    pwq.nr_active++;
    return true;
  }
  NodeNrActive& nna = pwq.wq->nna.at(pwq.nna);
  if (pwq.pending) return false;
  if (nna.nr < nna.max) {
    nna.nr++;
    pwq.nr_active++;
    return true;
  }
  nna.pending_pwqs.push_back(&pwq);
  pwq.pending = true;
  return false;
}

// node_activate_pending_pwq() (6.12): a freed node slot goes to the first
// pending pwq, which then goes to the back of the line (round-robin across
// pods); a foreign pool is kicked.
void Cmwq::node_activate_pending_pwq(NodeNrActive& nna, Pool& caller) {
  while (!nna.pending_pwqs.empty() && nna.nr < nna.max) {
    Pwq& p = *nna.pending_pwqs.front();
    nna.pending_pwqs.pop_front();
    if (p.inactive_works.empty()) {
      p.pending = false;
      continue;
    }
    nna.nr++;
    WhyScope scope(m_.trace().why, because(Cause::ActivateNode, m_.trace().why.context.v[0], nna.nr - 1, nna.max));
    pwq_activate_inactive_work(*p.inactive_works.front());  // nr_active++ there
    if (p.inactive_works.empty()) p.pending = false;
    else nna.pending_pwqs.push_back(&p);
    if (p.pool != &caller) kick_pool(*p.pool);
    return;
  }
}

void Cmwq::pwq_dec_nr_in_flight(Pwq& pwq, WorkInstance& inst) {
  inst.done = true;
  if (!inst.inactive) {  // barriers (and, 6.12, cancelled inactive items) never count
    pwq.nr_active--;
    WhyScope scope(m_.trace().why, because(Cause::ActivateOnDec, work_ref(&inst), pwq.nr_active, pwq.max_active));
    if (rules_.node_nr_active && pwq.nna >= 0) {  // pwq_dec_nr_active(): the node slot
      NodeNrActive& nna = pwq.wq->nna.at(pwq.nna);
      nna.nr--;
      node_activate_pending_pwq(nna, *pwq.pool);
    } else if (!pwq.inactive_works.empty() && pwq.nr_active < pwq.max_active) {
      pwq_activate_inactive_work(*pwq.inactive_works.front());  // pwq_activate_first_inactive()
    }
  }
  // nr_in_flight[color]--: may complete flush_workqueue() waiters
  Workqueue& wq = *pwq.wq;
  if (--wq.in_flight[inst.color] == 0) {
    wq.in_flight.erase(inst.color);
    check_flushers(wq);
  }
}

}  // namespace cmwqsim::model
