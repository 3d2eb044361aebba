// SPDX-License-Identifier: GPL-2.0-only
// Worker lifecycle: creation, the mayday timer and rescuers, idle culling,
// rescuer creation (kernel/workqueue.c).
#include <algorithm>

#include "engine/machine.hpp"
#include "model/cmwq.hpp"
#include "model/delayed_timers.hpp"
#include "model/timer_wheel.hpp"

namespace cmwqsim::model {

namespace {
constexpr long long kIdleWorkerTimeoutSec = 300;  // IDLE_WORKER_TIMEOUT = 300 * HZ
}

Worker& Cmwq::create_worker(Pool& pool, bool wake, int cpu) {
  Worker& w = alloc_worker(pool, cpu);
  fork_worker(w);
  attach_worker(w, wake);
  return w;
}

// create_worker()'s first part: the worker's id, name and struct.
Worker& Cmwq::alloc_worker(Pool& pool, int cpu) {
  int id = pool.alloc_id();
  std::string name = pool.unbound()
                         ? "kworker/u" + std::to_string(pool.id) + ":" + std::to_string(id)
                         : "kworker/" + std::to_string(pool.cpu) + ":" + std::to_string(id) +
                               (pool.nice < 0 ? "H" : "");
  workers_.push_back(std::make_unique<Worker>(*this, pool, id, std::move(name), cpu));
  return *workers_.back();
}

// The worker's task exists (kthreadd forked it, or at once without kthreadd).
void Cmwq::fork_worker(Worker& w) {
  m_.spawn(w);
  const std::size_t created = record(m_, Ev::WorkerCreate, w.trace_id(), w.cpu(), nullptr);
  WhyTable& why = m_.trace().why;
  if (why.on && why.context.cause != Cause::CreateManager) why.set(created, because(Cause::CreateBoot, w.pool().id));
}

// create_worker() once the task exists: worker_attach_to_pool(), then
// worker_enter_idle() and wake_up_process().
void Cmwq::attach_worker(Worker& w, bool wake) {
  Pool& pool = w.pool();
  pool.all_workers.push_back(&w);
  if (w.nice() != pool.nice) m_.set_user_nice(w, pool.nice);
  // kthread_bind_mask(): a per-CPU pool's worker moves to its CPU.
  if (!pool.unbound()) m_.move_blocked(w, pool.cpu);
  // worker_attach_to_pool(): a disassociated (unbound) pool makes it WORKER_UNBOUND.
  if (pool.unbound()) w.worker_set_flags(WORKER_UNBOUND);
  pool.nr_workers++;
  w.worker_enter_idle();
  WhyTable& why = m_.trace().why;
  WhyScope scope(why, because(Cause::ManagerWake, m_.current_thread()));
  if (wake && m_.wake(w, m_.current_cpu())) {
    record(m_, Ev::WorkerWake, w.trace_id(), w.cpu(), nullptr);
    w.woken_by(why.context);
  }
}

// MAYDAY_INITIAL_TIMEOUT = HZ / 100 >= 2 ? HZ / 100 : 2 jiffies.
void Cmwq::arm_mayday_timer(Pool& pool) {
  if (!pool_timers_) pool_timers_ = std::make_unique<PoolTimers>(*this);
  long long j = m_.now() / tick_ns();
  long long initial = sc_.hz / 100 >= 2 ? sc_.hz / 100 : 2;
  pool_timers_->arm(pool, false, timer_fire_jiffy(j, j + initial) * tick_ns());
}

void Cmwq::del_mayday_timer(Pool& pool) {
  pool.mayday_armed = false;
  pool.mayday_gen++;
}

// pool_mayday_timeout(): still no worker: call the rescuers of the
// workqueues whose items wait on the worklist; again every MAYDAY_INTERVAL.
void Cmwq::pool_mayday_timeout(Pool& pool) {
  if (pool.need_to_create_worker()) {
    WhyScope scope(m_.trace().why, because(Cause::MaydayTimeout, pool.id));
    std::vector<Pwq*> pwqs;
    for (WorkInstance* w : pool.worklist) pwqs.push_back(w->pwq);
    for (Pwq* pwq : pwqs) send_mayday(*pwq);
  }
  long long j = m_.now() / tick_ns();
  pool_timers_->arm(pool, false, timer_fire_jiffy(j, j + sc_.hz / 10) * tick_ns());  // MAYDAY_INTERVAL
}

// send_mayday(): only for a WQ_MEM_RECLAIM wq, and once per pwq.
void Cmwq::send_mayday(Pwq& pwq) {
  Workqueue& wq = *pwq.wq;
  if (wq.rescuer == nullptr || pwq.on_mayday) return;
  pwq.on_mayday = true;
  pwq.stats.mayday++;
  wq.maydays.push_back(&pwq);
  record(m_, Ev::Mayday, wq.rescuer->trace_id(), pwq.pool->unbound() ? -1 : pwq.pool->cpu, nullptr);
  int hint = pwq.pool->unbound() ? m_.current_cpu() : pwq.pool->cpu;
  WhyScope scope(m_.trace().why, because(Cause::MaydayWake, pwq.pool->id));
  if (m_.wake(*wq.rescuer, hint)) record(m_, Ev::WorkerWake, wq.rescuer->trace_id(), wq.rescuer->cpu(), nullptr);
}

// init_rescuer(): named after the wq (6.1) or kworker/R-<wq> (6.12).
void Cmwq::create_rescuer(Workqueue& wq) {
  workers_.push_back(std::make_unique<Worker>(*this, wq, (rules_.rescuer_kworker_name ? "kworker/R-" : "") + wq.name));
  Worker& r = *workers_.back();
  wq.rescuer = &r;
  m_.spawn(r);
  WhyScope scope(m_.trace().why, because(Cause::CreateRescuer));
  record(m_, Ev::WorkerCreate, r.trace_id(), r.cpu(), nullptr);
}

// worker_enter_idle(): with too many idle workers, cull after IDLE_WORKER_TIMEOUT.
void Cmwq::arm_idle_timer(Pool& pool) {
  if (!pool.too_many_workers() || pool.idle_armed) return;
  if (!pool_timers_) pool_timers_ = std::make_unique<PoolTimers>(*this);
  long long j = m_.now() / tick_ns();
  pool_timers_->arm(pool, true, timer_fire_jiffy(j, j + kIdleWorkerTimeoutSec * sc_.hz) * tick_ns());
}

// idle_worker_timeout(): destroy the longest-idle workers whose timeout passed.
void Cmwq::idle_worker_timeout(Pool& pool) {
  while (pool.too_many_workers()) {
    Worker& w = *pool.idle_list.back();  // LIFO: the tail idled first
    Ns expires = w.last_active() + kIdleWorkerTimeoutSec * 1'000'000'000;
    if (m_.now() < expires) {
      long long j = m_.now() / tick_ns();
      pool_timers_->arm(pool, true, timer_fire_jiffy(j, (expires + tick_ns() - 1) / tick_ns()) * tick_ns());
      break;
    }
    destroy_worker(w);
  }
}

// destroy_worker(): off the idle list, WORKER_DIE, woken to exit.
void Cmwq::destroy_worker(Worker& w) {
  Pool& pool = w.pool();
  WhyScope scope(m_.trace().why, because(Cause::DestroyIdle, pool.id, pool.nr_idle, pool.nr_workers));
  pool.nr_workers--;
  w.worker_leave_idle();
  w.worker_set_flags(WORKER_DIE);
  pool.free_ids.insert(w.id());
  pool.all_workers.erase(std::find(pool.all_workers.begin(), pool.all_workers.end(), &w));
  record(m_, Ev::WorkerDestroy, w.trace_id(), w.cpu(), nullptr);
  WhyScope wake(m_.trace().why, because(Cause::DestroyWake));
  m_.wake(w, w.cpu());
}

}  // namespace cmwqsim::model
