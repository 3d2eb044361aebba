// SPDX-License-Identifier: GPL-2.0-only
// Why each event of a trace happened (`run --explain`): the kernel function
// that decided it and the values it read, recorded by the model and the
// engine as they decide. A side table indexed like Trace::events, filled only
// when asked for: TraceEvent stays 40 bytes and a run without --explain pays
// one test of `on` per event.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cmwqsim {

// Each cause is one sentence of the catalogue (sim/io/why_catalogue.cpp):
// the function, a text with placeholders for the values, and their names.
enum class Cause : std::uint16_t {
  None,
  // Who called queue_work_on() and friends.
  ScenarioCall,     // the scenario's call at its time, from an interrupt
  ThreadCall,       // a thread's program (a work item's or a task's)
  DelayedTimer,     // delayed_work_timer_fn()
  // __queue_work() and activation.
  QueueActive,      // nr_active < max_active: straight to the worklist
  QueueInactive,    // nr_active >= max_active: the inactive list
  QueueBehindInactive,  // 6.12: earlier items still inactive
  QueueNodeFull,    // 6.12: the NUMA node's nr_active is at its max
  ActivateAtQueue,
  ActivateOnDec,    // pwq_dec_nr_in_flight(): a slot freed
  ActivateNode,     // node_activate_pending_pwq()
  ActivateGrab,     // try_to_grab_pending() (v6.3)
  ActivateAdjust,   // pwq_adjust_max_active() (thaw)
  QueueLegacy,      // 2.6.35 __queue_work()
  // Workers waking.
  InsertWork,       // v6.3 insert_work(): nobody running
  KickPool,         // 6.12 kick_pool()
  WorkerSleeping,   // wq_worker_sleeping()
  ChainExecution,   // process_one_work(): NOT_RUNNING worker
  CpuIntensiveKick, // wq_worker_tick() then kick_pool()
  ManagerWake,      // create_worker(): the manager's new worker
  KthreaddWake,     // kthread_create_on_node(): the manager wakes kthreadd
  KthreadFork,      // kthreadd: wake_up_new_task() of the forked thread
  KthreadComplete,  // kthread(): complete(&create->done) wakes the manager
  RescuerKick,      // rescuer_thread(): work left
  LegacyWake,       // 2.6.35: wake_up(&cwq->more_work)
  DestroyWake,      // destroy_worker(): woken to exit
  MaydayWake,       // send_mayday(): the rescuer
  BarrierComplete,  // wq_barrier_func(): complete()
  FlushDone,        // flush_workqueue(): the last colour done
  TaskStart,        // the scenario starts a task
  BackgroundTick,   // a background thread's tick wake-up
  SoftirqdWake,     // wakeup_softirqd()
  WokenBy,          // a wake-up with no recorded decision: the waker
  // Item execution.
  StartWoken,       // worker_thread() after a wake-up
  StartKeepWorking, // keep_working(): the same worker goes on
  StartScheduled,   // process_scheduled_works(): a collision or barrier
  StartRescuer,     // rescuer_thread()
  StartBh,          // bh_worker() in softirq context
  StartLegacy,      // 2.6.35 run_workqueue()
  BarrierRun,       // a flush barrier's wq_barrier_func()
  SleepStep,        // the program sleeps
  SleepEnds,        // the sleep's hrtimer fired
  ResumeCpu,        // back on the CPU after the sleep
  FinishEnd,        // the function returned
  BurnStep,         // the program burns
  BurnRest,         // what a preemption left of a burn
  BurnSoftirq,      // a BH item burns in softirq context
  // Worker lifecycle.
  CreateBoot,       // workqueue_init() / alloc_workqueue()
  CreateManager,    // maybe_create_worker()
  CreateRescuer,    // init_rescuer()
  CreateLegacy,     // create_workqueue() (2.6.35)
  IdleEmpty,        // worker_thread(): the worklist is empty
  IdleOthersRun,    // keep_working() false: others run
  CpuIntensiveMark, // wq_worker_tick()
  CancelGrab,       // try_to_grab_pending()
  DestroyIdle,      // idle_worker_timeout()
  MaydayTimeout,    // pool_mayday_timeout()
  MaydayAgain,      // rescuer_thread(): still no worker
  // The scheduler.
  WakeRunsNow,      // woken onto an idle CPU: runs at once
  WakeWaitsNoPreempt,    // fifo/doc: no preemption
  WakeWaitsFair,         // the fair class did not preempt
  WakeWaitsPoint,        // need_resched set: waits for a preemption point
  WakeWaitsLazy,         // lazy need_resched: waits for the tick
  WakePreempts,          // need_resched set and honoured at once
  WakeDoc,               // doc scheduler: bookkeeping at once
  WakeWaitsSoftirq,      // the idle CPU serves a softirq first
  SwitchBlocked,    // prev blocked (sleep or idle)
  SwitchPreempted,  // prev preempted, need_resched set by ...
  SwitchExit,       // prev exited
  SwitchIdle,       // CPU was idle: next runs
  SwitchToIdle,     // nothing runnable
  SwitchDocBurn,    // doc scheduler: a burner takes the free CPU
  PickFifo,         // the head of the FIFO run queue
  PickFair,         // pick_next_entity() / pick_eevdf()
  Count
};

// One cause with the values it read (times and durations in ns; threads
// and workqueues by index; a work instance packed as work << 32 | instance).
struct Because {
  Cause cause = Cause::None;
  std::int64_t v[3] = {0, 0, 0};
  explicit operator bool() const { return cause != Cause::None; }
};

// An event's cause, and the decision it was part of (`via`: e.g. what
// woke the worker that started an item).
struct Why {
  Because what, via;
};

inline std::int64_t work_ref(int work, int instance) {
  return (static_cast<std::int64_t>(work) << 32) | static_cast<std::uint32_t>(instance);
}

struct WhyTable {
  bool on = false;
  std::vector<Why> by_event;  // by event index (shorter: the rest have none)
  Because context;            // the decision in progress, for the events it causes

  // Event i happened because of `what` (and of the decision in progress).
  void set(std::size_t i, const Because& what) { set(i, what, context.cause != what.cause ? context : Because{}); }
  void set(std::size_t i, const Because& what, const Because& via) {
    const Why w{what, via};  // copied first: `what` or `via` may be in by_event, which resize() moves
    if (by_event.size() <= i) by_event.resize(i + 1);
    by_event[i] = w;
  }
  // Event i has no decision of its own: the one in progress caused it.
  void from_context(std::size_t i) {
    if (context) set(i, context, Because{});
  }
  const Why* of(std::size_t i) const { return i < by_event.size() && by_event[i].what ? &by_event[i] : nullptr; }
};

// Sets the decision in progress for a scope that does not block.
class WhyScope {
 public:
  WhyScope(WhyTable& t, const Because& b) : t_(t.on ? &t : nullptr) {
    if (t_ == nullptr) return;
    saved_ = t_->context;
    t_->context = b;
  }
  ~WhyScope() {
    if (t_ != nullptr) t_->context = saved_;
  }
  WhyScope(const WhyScope&) = delete;
  WhyScope& operator=(const WhyScope&) = delete;

 private:
  WhyTable* t_;
  Because saved_;
};

// The catalogue (why_catalogue.cpp): the function, the text with its
// placeholders ({tN} a time, {dN} a duration, {nN} a number, {cN} a CPU,
// {TN} a thread, {WN} a work instance, {PN} a pool id, {QN} the workqueue of
// work instance N, {kN} a task state letter, {sN} a preemption site
// (PreemptSite), {RN} what set need_resched (a thread woken, or a
// ReschedBy), and the names of the values for JSON.
// Where a running thread was preempted ({sN}).
enum PreemptSite : std::int64_t { AtTick, AtWakeupIrq, AtCondResched, AtBurnStart, AtHrtick, AtSoftirqEnd, AtOtherIrq };
// What set need_resched ({RN}), when not the wake-up of a thread (>= 0).
enum ReschedBy : std::int64_t { ReschedTick = -1, ReschedHrtick = -3, ReschedUnknown = -4 };

struct CauseInfo {
  Cause cause;
  const char* function;
  const char* text;
  const char* names[3];
};
const CauseInfo& cause_info(Cause c);

}  // namespace cmwqsim
