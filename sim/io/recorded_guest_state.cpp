// SPDX-License-Identifier: GPL-2.0-only
#include "io/recorded_guest_state.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

#include "io/trace_cpu_util.hpp"

namespace cmwqsim::io {

namespace {
// The value of "key=" in an ftrace event's fields, or "" if absent.
std::string field(const std::string& line, const std::string& key) {
  const std::size_t at = line.find(" " + key + "=");
  if (at == std::string::npos) return "";
  const std::size_t from = at + key.size() + 2;
  const std::size_t to = line.find(' ', from);
  return line.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

// The timestamp (in ns) of the event whose name follows it: "... 3.850692: name:".
bool timestamp(const std::string& line, const std::string& event, Ns& t) {
  const std::size_t e = line.find(": " + event + ":");
  if (e == std::string::npos) return false;
  const std::size_t s = line.rfind(' ', e);
  if (s == std::string::npos) return false;
  try {
    t = static_cast<Ns>(std::llround(std::stod(line.substr(s + 1, e - s - 1)) * 1e9));
  } catch (...) {
    return false;
  }
  return true;
}

int to_int(const std::string& s, int dflt) {
  try {
    return std::stoi(s);
  } catch (...) {
    return dflt;
  }
}

// The pool id N of an unbound kworker's name "kworker/uN:M", else -1.
int unbound_pool_of(const std::string& comm) {
  if (comm.rfind("kworker/u", 0) != 0) return -1;
  const std::size_t colon = comm.find(':', 9);
  if (colon == std::string::npos || colon == 9) return -1;
  return to_int(comm.substr(9, colon - 9), -1);
}

// The CPU each kworker forked at or after `origin` first ran on: its first
// sched_switch in the run, with no sched_waking before it (a fork is woken
// by wake_up_new_task(), which the traces do not record).
std::vector<int> forked_kworker_cpus(const FtraceText& run, Ns origin) {
  std::vector<int> cpus;
  std::set<int> seen;  // pids woken or switched so far
  for (const FtraceEvent& e : run.events) {
    if (e.kind == FtraceEvent::SchedWaking) seen.insert(e.prev_pid);
    if (e.kind != FtraceEvent::SchedSwitch) continue;
    seen.insert(e.prev_pid);
    if (!seen.insert(e.next_pid).second || e.t < origin || e.next_comm < 0) continue;
    if (run.names.at(static_cast<std::size_t>(e.next_comm)).rfind("kworker/", 0) == 0) cpus.push_back(e.cpu);
  }
  return cpus;
}
}  // namespace

std::map<int, RecordedGuestState> recorded_guest_state(const std::string& ftrace,
                                                       const std::map<int, std::set<std::string>>& item_threads,
                                                       const std::map<int, Ns>& first_queue_ns,
                                                       const std::set<std::string>& workqueues) {
  std::map<int, RecordedGuestState> out;
  std::map<int, std::set<std::string>> seen;
  std::map<int, Ns> origin;  // the run's scenario time 0 on the trace clock
  std::map<int, std::vector<BackgroundWake>> rcu;  // trace-clock times until the origin is known
  // Unbound pools forked before the origin: per run, pool id -> workers;
  // the woken pids, so that a first switch-in of another is a fork; and
  // each pool's priority from its workers' wake-ups.
  std::map<int, std::map<int, int>> forked;
  std::map<int, std::set<std::string>> woken_pids, known_pids;
  std::map<int, std::map<int, std::string>> pool_prio;
  std::map<int, std::set<int>> new_pools;  // a worker 0 forked: the pool is new
  std::string text;
  if (std::ifstream f(ftrace); f) text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const int run = to_int(line.substr(0, line.find(':')), 0);
    if (run <= 0) continue;
    Ns t = 0;
    if (line.find(": sched_waking: ") != std::string::npos) {
      if (origin.count(run) && line.find(": sched_waking: comm=kthreadd ") != std::string::npos &&
          out[run].kthreadd_cpu < 0)
        out[run].kthreadd_cpu = to_int(field(line, "target_cpu"), -1);
      woken_pids[run].insert(field(line, "pid"));
      if (const int pool = unbound_pool_of(field(line, "comm")); pool >= 0) pool_prio[run][pool] = field(line, "prio");
    } else if (!origin.count(run) && line.find(": sched_switch: ") != std::string::npos) {
      const std::string pid = field(line, "next_pid");
      const std::string comm = field(line, "next_comm");
      const int pool = unbound_pool_of(comm);
      if (pool >= 0 && !woken_pids[run].count(pid) && known_pids[run].insert(pid).second) {
        forked[run][pool]++;
        if (comm.size() > 2 && comm.compare(comm.size() - 2, 2, ":0") == 0) new_pools[run].insert(pool);
      }
    }
    if (!origin.count(run) && timestamp(line, "workqueue_queue_work", t) && workqueues.count(field(line, "workqueue"))) {
      const auto q = first_queue_ns.find(run);
      if (q != first_queue_ns.end()) origin[run] = t - q->second;
      continue;
    }
    if (line.find(": sched_wakeup: comm=rcu_preempt ") != std::string::npos && timestamp(line, "sched_wakeup", t)) {
      rcu[run].push_back({t, to_int(field(line, "target_cpu"), 0)});
      continue;
    }
    if (line.find(": sched_waking: comm=kworker/u") == std::string::npos || !origin.count(run)) continue;
    const auto threads = item_threads.find(run);
    const std::string comm = field(line, "comm"), prio = field(line, "prio");
    if (threads == item_threads.end() || !threads->second.count(comm) || !seen[run].insert(comm).second) continue;
    if (prio != "100" && prio != "120") continue;  // a pool's nice is 0 or -20
    const int cpu = to_int(field(line, "target_cpu"), -1);
    if (cpu >= 0) out[run].unbound_last_cpus[prio == "100" ? 1 : 0].push_back(cpu);
  }
  for (auto& [run, wakes] : rcu) {
    const auto o = origin.find(run);
    if (o == origin.end()) continue;
    RecordedGuestState& g = out[run];
    for (BackgroundWake w : wakes) {
      w.at -= o->second;
      if (w.at >= 0) g.rcu_wakes.push_back(w);
    }
  }
  for (auto& [run, o] : origin) {
    RecordedGuestState& g = out[run];
    g.have_anchor = true;
    try {
      const FtraceText events = read_ftrace_text(text, FtraceReadOptions{run});
      g.cpu_util = cpu_util_at(events, o);
      g.fork_cpus = forked_kworker_cpus(events, o);
    } catch (const TraceReadError&) {
      // A line the reader does not take: no utilisation and no forks for the run.
    }
  }
  for (auto& [run, pools] : forked)
    for (auto [pool, n] : pools) {
      const std::string& prio = pool_prio[run][pool];
      if (!new_pools[run].count(pool) || (prio != "100" && prio != "120")) continue;
      int& start = out[run].unbound_initial_idle[prio == "100" ? 1 : 0];
      if (start == 0) start = n;
    }
  return out;
}

}  // namespace cmwqsim::io
