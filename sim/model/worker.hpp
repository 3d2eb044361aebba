// SPDX-License-Identifier: GPL-2.0-only
// struct worker: a kworker running worker_thread(), or a WQ_MEM_RECLAIM
// workqueue's rescuer running rescuer_thread() (kernel/workqueue.c).
#pragma once
#include <deque>
#include <list>

#include "model/kthread.hpp"
#include "model/pool.hpp"

namespace cmwqsim::model {

class Cmwq;
struct Workqueue;

// Worker flags (kernel/workqueue_internal.h values).
enum WorkerFlags : unsigned {
  WORKER_DIE = 1u << 1,
  WORKER_IDLE = 1u << 2,
  WORKER_PREP = 1u << 3,
  WORKER_CPU_INTENSIVE = 1u << 6,
  WORKER_UNBOUND = 1u << 7,
  WORKER_REBOUND = 1u << 8,
  WORKER_NOT_RUNNING = WORKER_PREP | WORKER_CPU_INTENSIVE | WORKER_UNBOUND | WORKER_REBOUND,
};

class Worker : public KThread {
 public:
  // A pool's kworker.
  Worker(Cmwq& k, Pool& pool, int id, std::string name, int cpu = -1);
  // The rescuer of `wq` (nice -20, PREP forever, attaches to pools as needed).
  Worker(Cmwq& k, Workqueue& wq, std::string name);

  void main() override;         // worker_thread() or rescuer_thread()
  // bh_worker() (bh_worker.cpp): a BH pool's pseudo-worker, which has no
  // task, runs the pool's items in softirq context; ctx is the thread whose
  // context that is (Machine::softirq_burn()).
  void bh_worker(engine::Thread& ctx);
  void on_block() override;     // wq_worker_sleeping()
  void on_running() override;   // wq_worker_running()
  void on_tick() override;      // wq_worker_tick() (6.12)
  bool continue_in_loop() override;

  // worker_set_flags() / worker_clr_flags(): nr_running follows NOT_RUNNING.
  void worker_set_flags(unsigned f);
  void worker_clr_flags(unsigned f);
  // worker_enter_idle() / worker_leave_idle()
  void worker_enter_idle();
  void worker_leave_idle();

  unsigned flags() const { return flags_; }
  bool sleeping() const { return sleeping_; }
  Pool& pool() { return *pool_; }
  Pwq* current_pwq() const { return current_pwq_; }
  long long current_color() const { return current_work_ != nullptr ? current_work_->color : 0; }
  std::deque<WorkInstance*>& scheduled() { return scheduled_; }
  int id() const { return id_; }
  // Under --explain: why the worker was last woken (the cause of its next
  // start after the wake-up).
  void woken_by(const Because& b);
  Ns last_active() const { return last_active_; }
  // Under workers.kthreadd: the manager that asked kthreadd for this worker,
  // until the worker's kthread() completes the request.
  void set_creator(Worker* manager) { creator_ = manager; }
  Worker* creator() const { return creator_; }

 private:
  void worker_thread();
  void rescuer_thread();
  bool manage_workers();
  void maybe_create_worker();
  void kthread();  // a forked worker's first run, up to complete(&create->done)
  void process_one_work(std::deque<WorkInstance*>& from);
  WorkInstance* process_one_work_start(std::deque<WorkInstance*>& from);
  void count_executed(WorkInstance& inst);
  void process_one_work_end(WorkInstance& inst);
  void process_scheduled_works();
  // worker_thread() as a state machine (worker_thread.cpp), like
  // KThread::advance(): where the loop is.
  enum class Loop : std::uint8_t { WokeUp, Top, Recheck, NextWork, Scheduled, Execute, InProgram, Executed, CondResched, Sleep };
  Go advance_worker_thread(bool in_loop);
  void take_one_work(std::deque<WorkInstance*>& from);
  void execute_in_softirq(WorkInstance& inst);  // bh_worker.cpp

  Cmwq& k_;
  Pool* pool_;                  // nullptr: a rescuer between pools
  Workqueue* rescue_wq_ = nullptr;
  int id_;
  unsigned flags_ = WORKER_PREP;  // alloc_worker()
  bool sleeping_ = false;
  WorkInstance* current_work_ = nullptr;
  Ns current_at_ = 0;  // 6.12: CPU time at item start or last wake-up
  Pwq* current_pwq_ = nullptr;
  Ns last_active_ = 0;
  Worker* creator_ = nullptr;
  std::deque<WorkInstance*> scheduled_;  // collisions, barriers, rescued items
  std::list<Worker*>::iterator idle_pos_;
  engine::Thread* bh_ctx_ = nullptr;  // in bh_worker(): the softirq's context
  Because woken_by_;
  Ns woken_at_ = 0;
  std::int64_t last_work_ = -1;  // under --explain: the item it ran last
  // process_one_work() in progress: whether its workqueue is CPU-intensive,
  // and the worker's CPU time before the function.
  bool work_cpu_intensive_ = false;
  Ns cpu_before_ = 0;
  // worker_thread(): where it is, the item it runs, and whether the actor
  // waits in worker_thread() (the event loop may take the loop on).
  Loop loop_at_ = Loop::Top;
  WorkInstance* working_ = nullptr;
  bool parked_in_loop_ = false;
};

}  // namespace cmwqsim::model
