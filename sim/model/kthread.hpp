// SPDX-License-Identifier: GPL-2.0-only
// A kernel thread that executes work items (a kworker or a pre-cmwq
// workqueue thread), and the work-item program interpreter they share.
#pragma once
#include <string>

#include "cmwqsim/trace.hpp"
#include "engine/thread.hpp"
#include "model/work.hpp"

namespace cmwqsim::model {

// The workqueue API, implemented by the cmwq and the legacy models. The
// `self` calls may block the calling thread.
class WorkqueueImpl {
 public:
  virtual ~WorkqueueImpl() = default;
  // queue_work_on(): false if the item was already pending.
  virtual bool queue_work_on(int cpu, WorkItem& item) = 0;
  // queue_delayed_work_on(); a delay of 0 queues at once.
  virtual bool queue_delayed_work_on(int cpu, WorkItem& item, Ns delay) { return delay > 0 ? false : queue_work_on(cpu, item); }
  virtual bool mod_delayed_work_on(int, WorkItem&, Ns) { return false; }
  // cancel_delayed_work(): steal PENDING (timer or list); never waits.
  virtual bool cancel_work(WorkItem&) { return false; }
  virtual bool cancel_work_sync(engine::Thread&, WorkItem&) { return false; }
  // disable_work() / disable_work_sync(): cancel (without, or with, waiting
  // for a running instance) and make queueing fail until enable_work().
  virtual bool disable_work(WorkItem&) { return false; }
  virtual bool disable_work_sync(engine::Thread&, WorkItem&) { return false; }
  virtual bool enable_work(WorkItem&) { return false; }
  virtual bool flush_work(engine::Thread&, WorkItem&) { return false; }
  virtual void flush_workqueue(engine::Thread&, int /*wq*/) {}
  virtual void drain_workqueue(engine::Thread&, int /*wq*/) {}
  virtual void freeze() {}
  virtual void thaw() {}
  // The work item with this index in the scenario.
  virtual WorkItem& item(int index) = 0;
};

// Appends an event at the machine's current time; returns its index. Under
// --explain its cause is the decision in progress (WhyTable::context) until
// the caller sets one. A kind the run does not keep (RunLimits::record) is
// not appended: kNotRecorded (never under --explain, which keeps every kind).
constexpr std::size_t kNotRecorded = static_cast<std::size_t>(-1);
std::size_t record(engine::Machine& m, Ev kind, int thread, int cpu, const WorkInstance* inst,
                   Ns dur = 0, Next next = Next::None);
// The run's cause table (cmwqsim/why.hpp), and a cause with its values.
WhyTable& why_table(engine::Machine& m);
inline Because because(Cause c, std::int64_t a = 0, std::int64_t b = 0, std::int64_t d = 0) { return Because{c, {a, b, d}}; }
inline std::int64_t work_ref(const WorkInstance* inst) {
  return inst == nullptr ? -1 : cmwqsim::work_ref(inst->item->id, inst->n);
}

class KThread : public engine::Thread {
 public:
  KThread(engine::Machine& m, std::string name, int cpu, bool bound, WorkqueueImpl& impl, int nice = 0)
      : Thread(m, std::move(name), cpu, bound, nice), impl_(impl) {}

  // The CPU cost of process_one_work()'s bookkeeping before each function.
  static void set_work_start_cost(Ns ns) { work_start_cost_ = ns; }

  void on_burn(Ns start, Ns ns) override;
  void on_burn_preempted(Ns ran) override;
  void on_sleep_end() override;
  bool continue_in_loop() override;

 protected:
  // Runs the item's program between execute_start and execute_end (for a
  // barrier: wq_barrier_func(), which completes the flusher).
  void execute(WorkInstance& inst);
  // execute() of an item that is not a barrier, in pieces: the program is
  // set up, advance() runs it (to Done), execute_end() records its end.
  void execute_begin(WorkInstance& inst);
  void execute_end(WorkInstance& inst);
  // The program in progress, as a state machine (kthread.cpp): where it is,
  // so that the event loop can take it on from one wait to the next while
  // the actor waits in drive() (continue_in_loop()), and hand it back to the
  // actor for what may wait elsewhere or ends the program. advance() runs it
  // to its next wait (Waits) or its end (Done); in the event loop
  // (in_loop) it stops before what needs the actor (NeedsActor).
  enum class Go : std::uint8_t { Waits, Done, NeedsActor };
  Go advance(bool in_loop);
  // Runs program steps (a work item's or a task's).
  void run_steps(const std::vector<Step>& program, WorkInstance* inst);
  std::size_t record(Ev kind, const WorkInstance* inst, Ns dur = 0, Next next = Next::None);
  WhyTable& why() { return why_table(machine()); }
  // Under --explain: why the next item this thread executes starts (set by
  // the worker loop before process_one_work()).
  Why start_why_;

  WorkqueueImpl& impl_;
  WorkInstance* executing_ = nullptr;  // the instance whose program runs
  std::size_t burn_event_ = 0;         // the trace's event of the burn in progress
  static inline Ns work_start_cost_ = 0;
  // Under --explain: the sleep in progress, when it ended, and whether a
  // preemption cut the burn in progress (its rest is a new burn event).
  Ns sleep_ns_ = 0;
  Ns slept_until_ = 0;
  std::size_t wake_event_ = 0;  // the sched_wakeup that ended the sleep
  std::size_t run_event_ = 0;   // the executing item's last start or resume
  bool burn_cut_ = false;

 private:
  enum class At : std::uint8_t { StartCost, Start, Step, BurnWait, SleepWait };
  void drive();  // the actor's part: advance(), wait, until the program ends
  void run_blocking_step(const Step& s);
  const std::vector<Step>* program_ = nullptr;
  WorkInstance* program_inst_ = nullptr;  // null: a task's program
  std::size_t step_ = 0;
  Ns burn_ns_ = 0;  // the burn in progress (its rest, after a preemption)
  At at_ = At::Step;
  bool parked_ = false;  // the actor waits in drive()
};

// What a program does next from step `from` on: its next burn or sleep.
Next next_after(const std::vector<Step>& program, std::size_t from);

// Runs a queue, mod_delayed or enable step, which never waits, from a
// context on `local_cpu` (queue_work_on() the target's own CPU if it names
// one, else the local CPU). Returns false for the other kinds of step.
bool run_nonblocking_step(WorkqueueImpl& impl, const Step& s, int local_cpu);

}  // namespace cmwqsim::model
