// SPDX-License-Identifier: GPL-2.0-only
// The event trace a simulation produces.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "cmwqsim/time.hpp"
#include "cmwqsim/why.hpp"

namespace cmwqsim {

enum class Ev : std::uint8_t {
  Queue,         // queue_work succeeded (workqueue_queue_work)
  Activate,      // put on the pool worklist (workqueue_activate_work)
  Start,         // workqueue_execute_start
  Sleep,         // the item blocks voluntarily
  Wake,          // the sleep ended: runnable again
  Resume,        // back on a CPU after a sleep
  Finish,        // workqueue_execute_end
  Burn,          // the item burns dur_ns of CPU from t_ns
  WorkerCreate,  // a kworker was created
  WorkerWake,    // an idle kworker was woken (wake_up_process)
  WorkerIdle,    // a kworker entered idle
  CpuIntensive,  // 6.12: wq_worker_tick() marked the running item's worker CPU-intensive
  Cancel,        // a pending instance was stolen by cancel/mod_delayed (try_to_grab_pending)
  WorkerDestroy, // an idle kworker was culled (destroy_worker)
  Mayday,        // a pool asked a WQ_MEM_RECLAIM workqueue's rescuer for help (send_mayday)
  SchedSwitch,   // cpu switches from `other` (prev, -2 idle) to `thread` (-2: idle); `state`: prev_state
  SchedWakeup,   // `thread` woken onto `cpu` by `other` (-1: interrupt context)
};

constexpr int kIdleThread = -2;  // swapper/N

// A set of event kinds, one bit per Ev: what a run records in its trace.
using EvMask = std::uint32_t;
constexpr EvMask ev_bit(Ev e) { return EvMask{1} << static_cast<unsigned>(e); }
constexpr EvMask kAllEvents = ~EvMask{0};
// What per-instance latencies need (queue -> start -> finish: stats, instance_times()).
constexpr EvMask kInstanceEvents = ev_bit(Ev::Queue) | ev_bit(Ev::Start) | ev_bit(Ev::Finish);

const char* to_string(Ev e);
bool ev_from_name(const std::string& s, Ev& out);

// What an item does next after Start/Resume: used for the doc phrases.
enum class Next : std::uint8_t { None, Burn, Sleep, End };
const char* to_string(Next n);

// One trace event, in 40 bytes: a large run records tens of millions. The
// fields that only some kinds use share their storage: dur (Burn) with
// other (SchedSwitch, SchedWakeup) and req_cpu/pool_cpu (Queue). Read each
// only for its kinds.
struct TraceEvent {
  Ns t = 0;
  union {
    Ns dur;  // Burn: the CPU time burnt from t
    struct {
      std::int32_t other;    // SchedSwitch: prev thread; SchedWakeup: waker (-1: interrupt)
      std::int16_t req_cpu;  // Queue: the CPU asked for (-1: none recorded)
      std::int16_t pool_cpu; // Queue: the pool's CPU (-1: unbound)
    };
  };
  std::int32_t thread = -1;    // index into Trace::threads, -1 for the issuer
  std::int32_t work = -1;      // index into Trace::works, -1 for none
  std::int32_t instance = 0;   // 1-based execution instance of the work item
  std::int32_t pid = -1;       // the thread's pid, where known (real-kernel traces)
  std::int16_t cpu = 0;
  Ev kind = Ev::Queue;
  Next next = Next::None;  // Start and Resume only
  char state = 0;          // SchedSwitch: prev_state ('S', 'D', 'I', 'R' = preempted)
  // In softirq context (a WQ_BH item, or what it does): `thread` is the
  // context it ran in: the interrupted thread (kIdleThread: the idle task)
  // or ksoftirqd/N.
  bool softirq = false;

  TraceEvent() : other(-1), req_cpu(-1), pool_cpu(-1) {}
};
static_assert(sizeof(TraceEvent) == 40, "TraceEvent grew: millions of them are kept");

// What ftrace and Chrome traces need to know about a thread.
struct ThreadInfo {
  int pid = 0;
  int nice = 0;
  std::string group;  // "cpu0 pool", "cpu0 highpri pool", "unbound pool 4", "rescuers", "tasks", ...
};

// Per-workqueue counters, as 6.12's pwq->stats[] (read by wq_monitor.py),
// summed over the wq's pwqs. CPU time is exact here, not tick-sampled.
struct WqStats {
  std::string name;
  bool unbound = false, mem_reclaim = false;
  long long started = 0, completed = 0, cpu_intensive = 0, cm_wakeup = 0, repatriated = 0, mayday = 0,
            rescued = 0;
  Ns cpu_time = 0;
};

struct Trace {
  std::string scenario;
  Unit unit;
  int cpus = 1;
  Scheduler scheduler = Scheduler::Fifo;
  Preemption preemption = Preemption::Voluntary;
  KernelVersion kernel = KernelVersion::V6_1;
  Implementation implementation = Implementation::Cmwq;
  std::vector<std::string> threads;
  std::vector<ThreadInfo> thread_info;  // simulated traces: per thread
  std::vector<std::string> works;
  std::vector<std::string> work_wq;     // each work's workqueue name
  std::deque<TraceEvent> events;  // no reallocation peak however long the run
  std::vector<WqStats> wq_stats;  // cmwq runs only
  WhyTable why;  // run --explain: each event's cause (why.hpp); off otherwise
  std::string source = "cmwq-sim";  // or the kernel a real trace came from
  std::uint64_t engine_events = 0;  // events the engine processed (simulated runs)
  std::uint64_t engine_handoffs = 0;  // of those, the ones that switched SimGrid actors
  bool truncated = false;  // stopped by a run limit
  std::string stop_reason;

  std::string thread_name(int id) const { return id < 0 ? "issuer" : threads.at(id); }

  // An empty trace describing the scenario's run.
  static Trace of(const Scenario& sc, std::string source = "cmwq-sim") {
    Trace t;
    t.scenario = sc.name;
    t.unit = sc.unit;
    t.cpus = sc.cpus;
    t.scheduler = sc.scheduler;
    t.preemption = sc.preemption;
    t.kernel = sc.kernel;
    t.implementation = sc.implementation;
    t.source = std::move(source);
    t.works.reserve(sc.work.size());  // a million names: no copies while growing
    t.work_wq.reserve(sc.work.size());
    for (const WorkSpec& w : sc.work) {
      t.works.push_back(w.name);
      t.work_wq.push_back(sc.workqueues.at(w.queue).name);
    }
    return t;
  }
};

}  // namespace cmwqsim
