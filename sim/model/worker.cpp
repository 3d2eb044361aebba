#include "model/worker.hpp"

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

Worker::Worker(Cmwq& k, Pool& pool, int id, std::string name)
    : KThread(k.machine(), std::move(name), pool.unbound() ? 0 : pool.cpu, !pool.unbound(), k, pool.nice),
      k_(k),
      pool_(pool),
      id_(id) {}

void Worker::worker_set_flags(unsigned f) {
  // If transitioning into NOT_RUNNING, adjust nr_running.
  if ((f & WORKER_NOT_RUNNING) && !(flags_ & WORKER_NOT_RUNNING)) pool_.nr_running--;
  flags_ |= f;
}

void Worker::worker_clr_flags(unsigned f) {
  unsigned oflags = flags_;
  flags_ &= ~f;
  // If transitioning out of NOT_RUNNING, increment nr_running.
  if ((f & WORKER_NOT_RUNNING) && (oflags & WORKER_NOT_RUNNING) && !(flags_ & WORKER_NOT_RUNNING))
    pool_.nr_running++;
}

void Worker::worker_enter_idle() {
  flags_ |= WORKER_IDLE;
  pool_.nr_idle++;
  pool_.idle_list.push_front(this);  // LIFO
  idle_pos_ = pool_.idle_list.begin();
}

void Worker::worker_leave_idle() {
  flags_ &= ~WORKER_IDLE;
  pool_.nr_idle--;
  pool_.idle_list.erase(idle_pos_);
}

// wq_worker_sleeping(): a counted worker blocks voluntarily.
void Worker::on_block() {
  if (flags_ & WORKER_NOT_RUNNING) return;
  if (sleeping_) return;
  sleeping_ = true;
  pool_.nr_running--;
  if (pool_.need_more_worker()) k_.wake_up_worker(pool_);
}

// wq_worker_running(): the worker is on its CPU again.
void Worker::on_running() {
  if (!sleeping_) return;
  if (!(flags_ & WORKER_NOT_RUNNING)) pool_.nr_running++;
  if (k_.v612()) current_at_ = cpu_time();  // reset the hog timer on wake-up
  sleeping_ = false;
}

// wq_worker_tick() (6.12): a concurrency-managed item that has used the CPU
// for wq_cpu_intensive_thresh_us since it started or last woke is marked
// CPU-intensive; it stops counting, and another worker may start.
void Worker::on_tick() {
  if (current_pwq_ == nullptr || k_.cpu_intensive_thresh() == 0) return;
  if ((flags_ & WORKER_NOT_RUNNING) || sleeping_ || cpu_time() - current_at_ < k_.cpu_intensive_thresh()) return;
  worker_set_flags(WORKER_CPU_INTENSIVE);
  record(Ev::CpuIntensive, current_work_);
  k_.kick_pool(pool_);
}

// manage_workers(): only one manager per pool.
bool Worker::manage_workers() {
  if (pool_.manager_active) return false;
  pool_.manager_active = true;
  maybe_create_worker();
  pool_.manager_active = false;
  return true;
}

// maybe_create_worker(): create until the pool has an idle worker in reserve.
void Worker::maybe_create_worker() {
  do {
    // kthread_create_on_node() blocks the manager; it has WORKER_PREP set,
    // so its sleep does not count.
    if (k_.scenario().workers.create_time > 0) sleep_for(k_.scenario().workers.create_time);
    k_.create_worker(pool_, /*wake=*/true);
  } while (pool_.need_to_create_worker());
}

// worker_thread()
void Worker::main() {
  for (;;) {
    // woke_up:
    worker_leave_idle();
    bool work = false;
    for (;;) {  // recheck:
      if (!pool_.need_more_worker()) break;
      // The last idle worker creates a new one before it processes.
      if (!pool_.may_start_working() && manage_workers()) continue;
      work = true;
      break;
    }
    if (work) {
      worker_clr_flags(WORKER_PREP | WORKER_REBOUND);
      do {
        WorkInstance& work = *pool_.worklist.front();
        if (work.linked == nullptr) {
          process_one_work(pool_.worklist);
          if (!scheduled_.empty()) process_scheduled_works();
        } else {  // a target with flush barriers: take them together
          Cmwq::move_linked_works(work, pool_.worklist, scheduled_);
          process_scheduled_works();
        }
      } while (pool_.keep_working());
      worker_set_flags(WORKER_PREP);
    }
    // sleep:
    worker_enter_idle();
    record(Ev::WorkerIdle, nullptr);
    block();  // TASK_IDLE until wake_up_process()
  }
}

void Worker::process_scheduled_works() {
  while (!scheduled_.empty()) process_one_work(scheduled_);
}

// process_one_work() (v6.3): runs the item at the head of `from`.
void Worker::process_one_work(std::deque<WorkInstance*>& from) {
  WorkInstance& inst = *from.front();
  WorkItem& item = *inst.item;

  // A single work shouldn't be executed concurrently by multiple workers
  // of a pool: defer it to the worker already executing it.
  if (Worker* collision = pool_.find_worker_executing_work(&item)) {
    Cmwq::move_linked_works(inst, from, collision->scheduled_);
    return;
  }

  from.pop_front();
  if (item.queued == &inst) item.queued = nullptr;  // off the lists: no longer stealable
  pool_.busy_hash[&item] = this;
  current_work_ = &inst;
  current_pwq_ = inst.pwq;
  current_at_ = cpu_time();
  const bool cpu_intensive = inst.pwq->wq->flags & WQ_CPU_INTENSIVE;

  // CPU intensive works don't participate in concurrency management.
  if (cpu_intensive) worker_set_flags(WORKER_CPU_INTENSIVE);
  // Chain execution for NOT_RUNNING workers (CPU_INTENSIVE, UNBOUND).
  if (pool_.need_more_worker()) k_.wake_up_worker(pool_);

  // set_work_pool_and_clear_pending(): the item may be queued again from now on.
  item.pending = false;
  item.last_pool = &pool_;

  execute(inst);  // execute_start, the function, execute_end
  // Yield here if a wake-up or the tick asked for it (voluntary preemption).
  cond_resched();

  // 6.12 clears the flag whatever set it (the tick may have).
  if (cpu_intensive || k_.v612()) worker_clr_flags(WORKER_CPU_INTENSIVE);
  pool_.busy_hash.erase(&item);
  current_work_ = nullptr;
  current_pwq_ = nullptr;
  k_.pwq_dec_nr_in_flight(*inst.pwq, inst);
}

}  // namespace cmwqsim::model
