// SPDX-License-Identifier: GPL-2.0-only
// What cmwq-sim import infers from a trace beyond its events: a kworker's
// pool from its name, max_active from deferred activations, the tick's
// phase, the switch and start costs, the other threads as tasks, and the
// --wq overrides. Used by trace_import.cpp.
#pragma once
#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmwqsim/time.hpp"
#include "io/ftrace_reader.hpp"
#include "io/json_reader.hpp"
#include "io/thread_timeline.hpp"

namespace cmwqsim::io::import_rules {

// A kworker's pool from its name (create_worker(): "kworker/%d:%d%s" bound,
// "H" for highpri; "kworker/u%d:%d" unbound; 6.9+ rescuers "kworker/R-%s").
struct PoolName {
  bool kworker = false, unbound = false, highpri = false;
  int id = -1;  // the CPU (bound) or the unbound pool's id
  std::string key() const { return unbound ? "u" + std::to_string(id) : std::to_string(id) + (highpri ? "H" : ""); }
};

PoolName pool_of(const std::string& comm);

struct Queued {
  Ns t = 0;
  int cpu = 0, req_cpu = -1, pool_cpu = -1, wq = -1, function = -1;
  int from_exec = -1;  // queued by this execution's kworker (not in interrupt context)
  bool taken = false;
  bool inactive = false;  // not activated at once: its pwq was at max_active (pwq_tryinc_nr_active())
  bool active = false;    // counted in its pwq's nr_active
  Ns activated = -1;      // put on the pool's worklist (workqueue_activate_work), whose order workers follow
  bool off_worklist = false;  // gone from the worklist unstarted: cancelled, or handed to the worker running it
};

// max_active from workqueue_activate_work: an item queued without being
// activated at once found its pwq's nr_active at the limit, so the limit is
// the number of activated items of that pwq not yet finished then.
struct MaxActiveGuess {
  std::map<std::pair<int, int>, int> nr_active;  // (wq, pool CPU or -1) -> activated, unfinished
  std::map<int, int> limit;                      // wq -> the largest nr_active at a deferral
  std::deque<int> inactive;                      // queued indices waiting for activation
  static std::pair<int, int> key(const Queued& q) { return {q.wq, q.pool_cpu}; }
  void activate(Queued& q, Ns t) {
    q.active = true;
    q.activated = t;
    ++nr_active[key(q)];
  }
  // The pwq's inactive_works list is in queue order: a deferral seen late
  // (the next event on its CPU came late) goes in its place.
  void defer(Queued& q, int idx) {
    q.inactive = true;
    inactive.insert(std::upper_bound(inactive.begin(), inactive.end(), idx), idx);
    int& l = limit[q.wq];
    l = std::max(l, nr_active[key(q)]);
  }
  void finish(Queued& q) {
    if (!q.active) return;
    q.active = false;
    int& n = nr_active[key(q)];
    n = std::max(0, n - 1);
  }
  // A later workqueue_activate_work: the oldest inactive item of that function (6.1: any).
  void activate_later(std::vector<Queued>& queued, int function, Ns t) {
    for (auto it = inactive.begin(); it != inactive.end(); ++it) {
      Queued& q = queued[static_cast<std::size_t>(*it)];
      if (function >= 0 && q.function != function) continue;
      activate(q, t);
      inactive.erase(it);
      return;
    }
  }
};

// The scheduler tick's phase in trace time: a time of one tick, from the
// queue_work calls and wake-ups made in softirqs, most of which the tick
// raises (expired timers: delayed work, timeouts). All CPUs tick together
// (no sched_skew_tick). The start of the densest run of those events modulo
// the period (within period / 100); -1 if there are none.
Ns tick_phase(const std::vector<FtraceEvent>& events, Ns period);

// The costs between the trace's own events, as the replay charges them:
// `context_switch` the median time from a thread's wake-up to its switch-in
// on an idle CPU, `work_start` the median time from a kworker's
// execute_end to its next execute_start without a switch between (else -1).
// The imported programs hold the rest (the path into schedule() ends a
// burn, a timer's interrupt ends a sleep at its wake-up).
struct TraceCosts {
  Ns context_switch = -1, work_start = -1;
};
TraceCosts measured_costs(const std::vector<FtraceEvent>& events, bool use_wakeup);

// Every thread that ran and is no kworker (nor ran a work), as scenario
// tasks: one per thread and CPU, named comm-pid@cpu, its time there as burns
// and the gaps as sleeps up to its wake-ups, in pid order.
json tasks_json(const std::unordered_map<int, ThreadTimeline>& threads, const std::vector<std::string>& names, int cpus,
                Ns origin, const std::vector<std::string>& item_names);

// A name without spaces, commas, control characters or '#'.
std::string clean_name(const std::string& s);

// --wq NAME:FLAGS:MAX on a workqueue's JSON: FLAGS "UNBOUND|HIGHPRI" (WQ_ optional;
// "ordered", "none"; empty keeps), MAX a number (empty keeps). Throws ScenarioError.
void apply_override(json& wq, const std::string& spec);

}  // namespace cmwqsim::io::import_rules
