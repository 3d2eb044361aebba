// SPDX-License-Identifier: GPL-2.0-only
#include "model/worker.hpp"

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

Worker::Worker(Cmwq& k, Pool& pool, int id, std::string name, int cpu)
    : KThread(k.machine(), std::move(name), !pool.unbound() ? pool.cpu : cpu >= 0 ? cpu : 0, !pool.unbound(), k,
              pool.nice),
      k_(k),
      pool_(&pool),
      id_(id) {
  if (pool.unbound()) set_allowed_cpus(pool.allowed);
  set_group(pool.unbound() ? "unbound pool " + std::to_string(pool.id)
                           : "cpu" + std::to_string(pool.cpu) + (pool.nice < 0 ? " highpri pool" : " pool"));
}

Worker::Worker(Cmwq& k, Workqueue& wq, std::string name)
    : KThread(k.machine(), std::move(name), 0, false, k, -20), k_(k), pool_(nullptr), rescue_wq_(&wq), id_(-1) {
  set_group("rescuers");
}

void Worker::woken_by(const Because& b) {
  woken_by_ = b;
  woken_at_ = machine().now();
}

void Worker::worker_set_flags(unsigned f) {
  // If transitioning into NOT_RUNNING, adjust nr_running.
  if ((f & WORKER_NOT_RUNNING) && !(flags_ & WORKER_NOT_RUNNING)) pool_->nr_running--;
  flags_ |= f;
}

void Worker::worker_clr_flags(unsigned f) {
  unsigned oflags = flags_;
  flags_ &= ~f;
  // If transitioning out of NOT_RUNNING, increment nr_running.
  if ((f & WORKER_NOT_RUNNING) && (oflags & WORKER_NOT_RUNNING) && !(flags_ & WORKER_NOT_RUNNING))
    pool_->nr_running++;
}

void Worker::worker_enter_idle() {
  flags_ |= WORKER_IDLE;
  pool_->nr_idle++;
  last_active_ = machine().now();
  pool_->idle_list.push_front(this);  // LIFO
  idle_pos_ = pool_->idle_list.begin();
  k_.arm_idle_timer(*pool_);
}

void Worker::worker_leave_idle() {
  flags_ &= ~WORKER_IDLE;
  pool_->nr_idle--;
  pool_->idle_list.erase(idle_pos_);
}

// wq_worker_sleeping(): a counted worker blocks voluntarily.
void Worker::on_block() {
  if (flags_ & WORKER_NOT_RUNNING) return;
  if (sleeping_) return;
  sleeping_ = true;
  pool_->nr_running--;
  if (pool_->need_more_worker() && pool_->first_idle_worker() != nullptr) {
    WhyScope scope(why(), because(Cause::WorkerSleeping, trace_id(), work_ref(current_work_),
                                  static_cast<std::int64_t>(pool_->worklist.size())));
    k_.wake_up_worker(*pool_);
    if (current_pwq_ != nullptr) current_pwq_->stats.cm_wakeup++;  // PWQ_STAT_CM_WAKEUP
  }
}

// wq_worker_running(): the worker is on its CPU again.
void Worker::on_running() {
  if (!sleeping_) return;
  if (!(flags_ & WORKER_NOT_RUNNING)) pool_->nr_running++;
  if (k_.rules().auto_cpu_intensive) current_at_ = cpu_time();  // reset the hog timer on wake-up
  sleeping_ = false;
}

// wq_worker_tick() (6.12): a concurrency-managed item that has used the CPU
// for wq_cpu_intensive_thresh_us since it started or last woke is marked
// CPU-intensive; it stops counting, and another worker may start.
void Worker::on_tick() {
  if (current_pwq_ == nullptr || k_.cpu_intensive_thresh() == 0) return;
  if ((flags_ & WORKER_NOT_RUNNING) || sleeping_ || cpu_time() - current_at_ < k_.cpu_intensive_thresh()) return;
  worker_set_flags(WORKER_CPU_INTENSIVE);
  const std::size_t marked = record(Ev::CpuIntensive, current_work_);
  if (why().on) why().set(marked, because(Cause::CpuIntensiveMark, work_ref(current_work_), cpu_time() - current_at_,
                                          k_.cpu_intensive_thresh()));
  current_pwq_->stats.cpu_intensive++;
  WhyScope scope(why(), because(Cause::CpuIntensiveKick, work_ref(current_work_)));
  if (k_.kick_pool(*pool_)) current_pwq_->stats.cm_wakeup++;
}

// manage_workers(): only one manager per pool.
bool Worker::manage_workers() {
  if (pool_->manager_active) return false;
  pool_->manager_active = true;
  maybe_create_worker();
  pool_->manager_active = false;
  return true;
}

// maybe_create_worker(): create until the pool has an idle worker in
// reserve; if that takes MAYDAY_INITIAL_TIMEOUT, the mayday timer calls the
// rescuers. kthread creation blocks the manager, which has WORKER_PREP set:
// its sleep does not count.
// Under workers.kthreadd the task comes from kthreadd (kthreadd.cpp).
void Worker::maybe_create_worker() {
  do {
    k_.arm_mayday_timer(*pool_);
    const WorkersSpec& w = k_.scenario().workers;
    Ns now = machine().now(), done = now + w.create_time;
    if (w.stall_until > 0 && now >= w.stall_from && now < w.stall_until) done = std::max(done, w.stall_until);
    if (done > now) sleep_for(done - now);
    WhyScope scope(why(), because(Cause::CreateManager, trace_id(), pool_->id));
    if (Kthreadd* kthreadd = k_.kthreadd()) {
      Worker& created = k_.alloc_worker(*pool_);
      machine().set_user_nice(created, 0);  // a child of kthreadd, until create_worker()'s set_user_nice()
      kthreadd->create(*this, created);
      k_.attach_worker(created, /*wake=*/true);
    } else {
      k_.create_worker(*pool_, /*wake=*/true);
    }
    k_.del_mayday_timer(*pool_);
  } while (pool_->need_to_create_worker());
}

// kthread(): the new task runs on the CPU wake_up_new_task() chose, sets
// TASK_UNINTERRUPTIBLE, completes its creator's request and sleeps until
// create_worker() wakes it (into worker_thread()).
void Worker::kthread() {
  kernel_work(k_.scenario().workers.kthread_start);
  Worker* manager = creator_;
  creator_ = nullptr;
  {
    WhyScope scope(why(), because(Cause::KthreadComplete, trace_id()));
    machine().wake(*manager, machine().current_cpu());
  }
  set_block_state('D');
  block();
}

void Worker::main() {
  if (rescue_wq_ != nullptr) {
    rescuer_thread();
    return;
  }
  if (creator_ != nullptr) kthread();
  worker_thread();
}

// rescuer_thread(): for each pwq on the mayday list, attach to its pool and
// run its items from the worklist. 6.1 takes them all at once; 6.12 (Debian
// 6.12.95) one at a time while the pool still cannot get a worker, and
// re-queues the pwq after RESCUER_BATCH items if others wait.
void Worker::rescuer_thread() {
  for (;;) {
    Workqueue& wq = *rescue_wq_;
    while (!wq.maydays.empty()) {
      Pwq& pwq = *wq.maydays.front();
      wq.maydays.pop_front();
      pwq.on_mayday = false;
      pool_ = pwq.pool;  // worker_attach_to_pool()
      if (pool_->unbound()) flags_ |= WORKER_UNBOUND;
      if (!k_.rules().rescuer_one_at_a_time) {
        std::deque<WorkInstance*>& wl = pool_->worklist;
        for (std::size_t i = 0; i < wl.size();) {
          if (wl[i]->pwq == &pwq) {
            Cmwq::move_linked_works(*wl[i], wl, scheduled_);
            pwq.stats.rescued++;
          }
          else ++i;
        }
        if (!scheduled_.empty()) {
          process_scheduled_works();
          WhyScope scope(why(), because(Cause::MaydayAgain, pool_->id));
          if (pwq.nr_active > 0 && pool_->need_to_create_worker()) k_.send_mayday(pwq);
        }
        WhyScope scope(why(), because(Cause::RescuerKick, trace_id()));
        if (pool_->need_more_worker()) k_.wake_up_worker(*pool_);
      } else {
        int count = 0;
        // assign_rescuer_work(): items of the pwq active, and the pool still
        // needs a worker (or, on 7.x, its manager is still making one and
        // no other pwq of the workqueue waits).
        auto need_rescue = [&] {
          if (pwq.nr_active == 0) return false;
          if (pool_->need_to_create_worker()) return true;
          return k_.rules().rescuer_continues_while_manager_active && pool_->manager_active && wq.maydays.empty();
        };
        while (need_rescue()) {
          std::deque<WorkInstance*>& wl = pool_->worklist;
          std::size_t i = 0;
          while (i < wl.size() && wl[i]->pwq != &pwq) ++i;
          if (i == wl.size()) break;
          Cmwq::move_linked_works(*wl[i], wl, scheduled_);
          pwq.stats.rescued++;
          process_scheduled_works();
          if (++count > 16 && !wq.maydays.empty() && pwq.nr_active > 0 && pool_->need_to_create_worker()) {
            WhyScope scope(why(), because(Cause::MaydayAgain, pool_->id));
            k_.send_mayday(pwq);  // RESCUER_BATCH: give the others a turn
            break;
          }
        }
        WhyScope scope(why(), because(Cause::RescuerKick, trace_id()));
        k_.kick_pool(*pool_);
      }
      flags_ &= ~WORKER_UNBOUND;  // worker_detach_from_pool()
      pool_ = nullptr;
    }
    set_block_state('I');
    block();  // TASK_IDLE until send_mayday()
    set_block_state('D');
  }
}

void Worker::process_scheduled_works() {
  while (!scheduled_.empty()) process_one_work(scheduled_);
}

// process_one_work() (v6.3): runs the item at the head of `from`.
void Worker::process_one_work(std::deque<WorkInstance*>& from) {
  WorkInstance* const inst = process_one_work_start(from);
  if (inst == nullptr) return;
  if (bh_ctx_ != nullptr) {  // a BH item: softirq time is wall time, and no cond_resched() (worker->task is NULL)
    const Ns start = machine().now();
    execute_in_softirq(*inst);
    inst->pwq->stats.completed++;
    inst->pwq->stats.cpu_time += machine().now() - start;
  } else {
    cpu_before_ = cpu_time();
    execute(*inst);  // execute_start, the function, execute_end
    count_executed(*inst);
    // Yield here if a wake-up or the tick asked for it (voluntary preemption).
    cond_resched();
  }
  process_one_work_end(*inst);
}

// process_one_work() up to the function: the item taken off `from`, or
// nullptr when another worker of the pool runs it (it is deferred to that
// worker).
WorkInstance* Worker::process_one_work_start(std::deque<WorkInstance*>& from) {
  WorkInstance& inst = *from.front();
  WorkItem& item = *inst.item;

  // A single work shouldn't be executed concurrently by multiple workers
  // of a pool: defer it to the worker already executing it.
  if (Worker* collision = pool_->find_worker_executing_work(&item); collision != nullptr && collision != this) {
    Cmwq::move_linked_works(inst, from, collision->scheduled_);
    return nullptr;
  }

  from.pop_front();
  if (item.queued == &inst) item.queued = nullptr;  // off the lists: no longer stealable
  pool_->busy_hash[&item] = this;
  current_work_ = &inst;
  current_pwq_ = inst.pwq;
  current_at_ = cpu_time();
  work_cpu_intensive_ = inst.pwq->wq->flags & WQ_CPU_INTENSIVE;

  // CPU intensive works don't participate in concurrency management.
  if (work_cpu_intensive_) worker_set_flags(WORKER_CPU_INTENSIVE);
  // Chain execution for NOT_RUNNING workers (CPU_INTENSIVE, UNBOUND).
  if (pool_->need_more_worker()) {
    WhyScope scope(why(), because(Cause::ChainExecution, trace_id(), work_ref(&inst)));
    k_.wake_up_worker(*pool_);
  }
  if (why().on) {
    // The start's cause: set by the worker loop for the worklist's head,
    // else the ->scheduled list, a rescuer's or a BH pool's.
    if (rescue_wq_ != nullptr) start_why_ = Why{because(Cause::StartRescuer, trace_id()), {}};
    else if (bh_ctx_ != nullptr) start_why_ = Why{because(Cause::StartBh, pool_->cpu), {}};
    else if (!start_why_.what || &from == &scheduled_) start_why_ = Why{because(Cause::StartScheduled, trace_id()), start_why_.what ? start_why_.what : Because{}};
    last_work_ = work_ref(&inst);
  }

  // set_work_pool_and_clear_pending(): the item may be queued again from now on.
  item.pending = false;
  item.last_pool = pool_;

  inst.pwq->stats.started++;
  return &inst;
}

void Worker::count_executed(WorkInstance& inst) {
  inst.pwq->stats.completed++;
  inst.pwq->stats.cpu_time += cpu_time() - cpu_before_;
}

// process_one_work() after the function (and its cond_resched()).
void Worker::process_one_work_end(WorkInstance& inst) {
  // With automatic detection the flag is cleared whatever set it (the tick may have).
  if (work_cpu_intensive_ || k_.rules().auto_cpu_intensive) worker_clr_flags(WORKER_CPU_INTENSIVE);
  pool_->busy_hash.erase(inst.item);
  current_work_ = nullptr;
  current_pwq_ = nullptr;
  k_.pwq_dec_nr_in_flight(*inst.pwq, inst);
}

}  // namespace cmwqsim::model
