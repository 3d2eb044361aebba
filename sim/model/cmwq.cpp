#include "model/cmwq.hpp"

#include <algorithm>
#include <iostream>

#include "engine/machine.hpp"
#include "model/delayed_timers.hpp"

namespace cmwqsim::model {

Cmwq::Cmwq(engine::Machine& m, const Scenario& sc)
    : m_(m),
      sc_(sc),
      v612_(sc.kernel == KernelVersion::V6_12),
      thresh_ns_(v612_ ? sc.cpu_intensive_thresh_us * 1000 : 0),
      items_(work_items_of(sc)) {
  if (thresh_ns_ > 0) m_.enable_ticks();  // wq_worker_tick() runs at the scheduler tick
}

Cmwq::~Cmwq() = default;

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

// One node: one unbound pool per nice level, shared by all unbound wqs
// (get_unbound_pool() hashes the attrs: nice and cpumask).
Pool& Cmwq::unbound_pool(int nice) {
  int id = 2 * m_.ncpus() + (nice < 0 ? 1 : 0);
  auto it = pools_.find(id);
  if (it != pools_.end()) return *it->second;
  return new_pool(id, -1, nice);
}

void Cmwq::boot() {
  for (const WorkqueueSpec& spec : sc_.workqueues) {
    auto wq = std::make_unique<Workqueue>();
    wq->name = spec.name;
    wq->flags = spec.flags;
    wq->ordered = spec.ordered;
    int max_active = spec.max_active;
    if (spec.ordered) {  // alloc_ordered_workqueue(): WQ_UNBOUND | __WQ_ORDERED, max_active 1
      wq->flags |= WQ_UNBOUND;
      max_active = 1;
    }
    // v6.3 alloc_workqueue(): unbound && max_active == 1 implies ordered (not in 6.12).
    if (!v612_ && (wq->flags & WQ_UNBOUND) && max_active == 1) wq->ordered = true;
    // wq_clamp_max_active(); 6.12: WQ_UNBOUND_MAX_ACTIVE is WQ_MAX_ACTIVE.
    int limit = (wq->flags & WQ_UNBOUND) && !v612_ ? wq_unbound_max_active(m_.ncpus()) : WQ_MAX_ACTIVE;
    if (max_active == 0) max_active = WQ_DFL_ACTIVE;
    if (max_active > limit) {
      std::cerr << "cmwq-sim: workqueue " << spec.name << ": max_active " << max_active
                << " out of range, clamped to " << limit << " (wq_clamp_max_active)\n";
      max_active = limit;
    }
    wq->max_active = max_active;
    const bool highpri = wq->flags & WQ_HIGHPRI;
    if (wq->flags & WQ_UNBOUND) {
      wq->unbound_pwq = std::make_unique<Pwq>();
      wq->unbound_pwq->wq = wq.get();
      wq->unbound_pwq->pool = &unbound_pool(highpri ? -20 : 0);
      wq->unbound_pwq->max_active = max_active;
    } else {
      for (int cpu = 0; cpu < m_.ncpus(); ++cpu) {
        auto pwq = std::make_unique<Pwq>();
        pwq->wq = wq.get();
        pwq->pool = &cpu_pool(cpu, highpri);
        pwq->max_active = max_active;
        wq->cpu_pwqs.push_back(std::move(pwq));
      }
    }
    if (wq->flags & WQ_MEM_RECLAIM) create_rescuer(*wq);
    wqs_.push_back(std::move(wq));
  }
}

Worker& Cmwq::create_worker(Pool& pool, bool wake) {
  int id = pool.alloc_id();
  std::string name = pool.unbound()
                         ? "kworker/u" + std::to_string(pool.id) + ":" + std::to_string(id)
                         : "kworker/" + std::to_string(pool.cpu) + ":" + std::to_string(id) +
                               (pool.nice < 0 ? "H" : "");
  workers_.push_back(std::make_unique<Worker>(*this, pool, id, std::move(name)));
  Worker& w = *workers_.back();
  pool.all_workers.push_back(&w);
  m_.spawn(w);
  record(m_, Ev::WorkerCreate, w.trace_id(), w.cpu(), nullptr);
  // worker_attach_to_pool(): a disassociated (unbound) pool makes it WORKER_UNBOUND.
  if (pool.unbound()) w.worker_set_flags(WORKER_UNBOUND);
  pool.nr_workers++;
  w.worker_enter_idle();
  if (wake && m_.wake(w, m_.current_cpu())) record(m_, Ev::WorkerWake, w.trace_id(), w.cpu(), nullptr);
  return w;
}

void Cmwq::wake_up_worker(Pool& pool) {
  Worker* w = pool.first_idle_worker();
  if (w != nullptr && m_.wake(*w, m_.current_cpu()))
    record(m_, Ev::WorkerWake, w->trace_id(), w->cpu(), nullptr);
}

bool Cmwq::kick_pool(Pool& pool) {
  if (!pool.need_more_worker() || pool.first_idle_worker() == nullptr) return false;
  wake_up_worker(pool);
  return true;
}

bool Cmwq::queue_work_on(int cpu, WorkItem& item) {
  // test_and_set_bit(WORK_STRUCT_PENDING_BIT); a cancel_work_sync() in progress also refuses.
  if (item.pending || item.canceling) return false;
  item.pending = true;
  queue_work(cpu, wq_of(item), item);
  return true;
}

// __queue_work() (v6.3)
void Cmwq::queue_work(int req_cpu, Workqueue& wq, WorkItem& item) {
  // A draining wq accepts only chained queueing (from its own work items).
  if (wq.draining) {
    const Worker* self = nullptr;
    for (const auto& w : workers_)
      if (w->trace_id() == m_.current_thread()) self = w.get();
    if (self == nullptr || self->current_pwq() == nullptr || self->current_pwq()->wq != &wq) {
      item.pending = false;  // WARN_ON_ONCE and drop
      return;
    }
  }
  Pwq* pwq = (wq.flags & WQ_UNBOUND) ? wq.unbound_pwq.get() : wq.cpu_pwqs.at(req_cpu).get();

  // Non-reentrancy: if the item still runs in another pool, queue it there.
  Pool* last_pool = item.last_pool;
  if (last_pool != nullptr && last_pool != pwq->pool) {
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
  record(m_, Ev::Queue, m_.current_thread(), m_.current_cpu(), &inst);

  // 6.12: an item also queues behind existing inactive items.
  if (pwq->nr_active < pwq->max_active && (!v612_ || pwq->inactive_works.empty())) {
    record(m_, Ev::Activate, m_.current_thread(), m_.current_cpu(), &inst);
    pwq->nr_active++;
    insert_work(*pwq, inst, pwq->pool->worklist);
    if (v612_) kick_pool(*pwq->pool);
  } else {
    inst.inactive = true;
    insert_work(*pwq, inst, pwq->inactive_works);
  }
}

// insert_work(): append. v6.3 then wakes a worker whenever nobody runs,
// whichever list the item went to (even the inactive list: a spurious wake);
// 6.12 leaves the wake-up to __queue_work()'s kick_pool().
void Cmwq::insert_work(Pwq& pwq, WorkInstance& inst, std::deque<WorkInstance*>& list) {
  list.push_back(&inst);
  if (!v612_ && pwq.pool->need_more_worker_nr()) wake_up_worker(*pwq.pool);
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

void Cmwq::pwq_dec_nr_in_flight(Pwq& pwq, WorkInstance& inst) {
  if (!inst.inactive) {  // barriers (and, 6.12, cancelled inactive items) never count
    pwq.nr_active--;
    // pwq_activate_first_inactive()
    if (!pwq.inactive_works.empty() && pwq.nr_active < pwq.max_active)
      pwq_activate_inactive_work(*pwq.inactive_works.front());
  }
  // nr_in_flight[color]--: may complete flush_workqueue() waiters
  Workqueue& wq = *pwq.wq;
  if (--wq.in_flight[inst.color] == 0) {
    wq.in_flight.erase(inst.color);
    check_flushers(wq);
  }
}

}  // namespace cmwqsim::model
