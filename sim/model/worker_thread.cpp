// SPDX-License-Identifier: GPL-2.0-only
// worker_thread() (kernel/workqueue.c) as a state machine, like the work
// item's program it runs (KThread::advance()). The worker's actor runs it in
// worker_thread(); while the actor waits there, the event loop takes it on
// from one wait to the next (continue_in_loop()): the same code, at the same
// point of the event order, without a hand-off to the actor and back. What
// may wait elsewhere than at those waits (the worker's exit, manage_workers(),
// a barrier, a blocking step, a preemption at cond_resched()) is left to the
// actor, before any of it is done.
#include "model/worker.hpp"

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

void Worker::worker_thread() {
  loop_at_ = Loop::Top;
  while (advance_worker_thread(false) == Go::Waits) {
    parked_in_loop_ = true;
    wait_for_resume();
    parked_in_loop_ = false;
  }
}

bool Worker::continue_in_loop() {
  if (!parked_in_loop_) return KThread::continue_in_loop();
  return advance_worker_thread(true) == Go::Waits;
}

// process_one_work() of the head of `from`: its function next, or, when it
// was deferred to another worker, what follows.
void Worker::take_one_work(std::deque<WorkInstance*>& from) {
  working_ = process_one_work_start(from);
  loop_at_ = working_ != nullptr ? Loop::Execute : Loop::Scheduled;
}

Worker::Go Worker::advance_worker_thread(bool in_loop) {
  for (;;) {
    switch (loop_at_) {
      case Loop::WokeUp:  // back from block()
        if (in_loop && switched_in_waits()) return Go::NeedsActor;
        resume_after_sleep();
        set_block_state('D');
        loop_at_ = Loop::Top;
        break;
      case Loop::Top:  // woke_up:
        if (flags_ & WORKER_DIE) return in_loop ? Go::NeedsActor : Go::Done;  // culled: exit
        worker_leave_idle();
        loop_at_ = Loop::Recheck;
        break;
      case Loop::Recheck:  // recheck:
        if (!pool_->need_more_worker()) {
          loop_at_ = Loop::Sleep;
          break;
        }
        // The last idle worker creates a new one before it processes.
        if (!pool_->may_start_working()) {
          if (in_loop) return Go::NeedsActor;
          if (manage_workers()) break;
        }
        worker_clr_flags(WORKER_PREP | WORKER_REBOUND);
        if (why().on) start_why_ = Why{because(Cause::StartWoken, trace_id(), machine().now() - woken_at_, pool_->nr_running), woken_by_};
        loop_at_ = Loop::NextWork;
        break;
      case Loop::NextWork: {  // do { ... } while (keep_working())
        WorkInstance& w = *pool_->worklist.front();
        if (w.linked == nullptr) {
          take_one_work(pool_->worklist);
        } else {  // a target with flush barriers: take them together
          Cmwq::move_linked_works(w, pool_->worklist, scheduled_);
          loop_at_ = Loop::Scheduled;
        }
        break;
      }
      case Loop::Scheduled:  // process_scheduled_works()
        if (!scheduled_.empty()) {
          take_one_work(scheduled_);
          break;
        }
        if (why().on) start_why_ = Why{because(Cause::StartKeepWorking, trace_id(), last_work_, pool_->nr_running), {}};
        if (pool_->keep_working()) {
          loop_at_ = Loop::NextWork;
        } else {
          worker_set_flags(WORKER_PREP);
          loop_at_ = Loop::Sleep;
        }
        break;
      case Loop::Execute:  // process_one_work(): execute_start, the function, execute_end
        if (working_->barrier) {
          if (in_loop) return Go::NeedsActor;
          cpu_before_ = cpu_time();
          execute(*working_);
          loop_at_ = Loop::Executed;
          break;
        }
        cpu_before_ = cpu_time();
        execute_begin(*working_);
        loop_at_ = Loop::InProgram;
        break;
      case Loop::InProgram: {
        const Go g = advance(in_loop);
        if (g != Go::Done) return g;
        execute_end(*working_);
        loop_at_ = Loop::Executed;
        break;
      }
      case Loop::Executed:
        count_executed(*working_);
        loop_at_ = Loop::CondResched;
        break;
      case Loop::CondResched:
        // Yield here if a wake-up or the tick asked for it (voluntary preemption).
        if (in_loop && cond_resched_may_wait()) return Go::NeedsActor;
        cond_resched();
        process_one_work_end(*working_);
        working_ = nullptr;
        loop_at_ = Loop::Scheduled;
        break;
      case Loop::Sleep: {  // sleep:
        worker_enter_idle();
        const std::size_t idle = record(Ev::WorkerIdle, nullptr);
        if (why().on)
          why().set(idle, pool_->worklist.empty() ? because(Cause::IdleEmpty, pool_->id)
                                                  : because(Cause::IdleOthersRun, pool_->id, pool_->nr_running,
                                                            static_cast<std::int64_t>(pool_->worklist.size())));
        woken_by_ = Because{};
        set_block_state('I');
        block_begin();  // TASK_IDLE until wake_up_process()
        loop_at_ = Loop::WokeUp;
        return Go::Waits;
      }
    }
  }
}

}  // namespace cmwqsim::model
