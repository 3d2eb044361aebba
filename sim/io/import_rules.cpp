// SPDX-License-Identifier: GPL-2.0-only
#include "io/import_rules.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::io::import_rules {

PoolName pool_of(const std::string& comm) {
  PoolName p;
  if (comm.compare(0, 8, "kworker/") != 0 || comm.compare(8, 2, "R-") == 0) return p;
  std::size_t i = 8;
  p.unbound = i < comm.size() && comm[i] == 'u';
  i += p.unbound;
  std::size_t colon = comm.find(':', i);
  if (colon == std::string::npos || colon == i) return p;
  try {
    p.id = std::stoi(comm.substr(i, colon - i));
  } catch (const std::exception&) {
    return p;
  }
  std::size_t j = colon + 1;
  while (j < comm.size() && comm[j] >= '0' && comm[j] <= '9') ++j;
  p.highpri = j < comm.size() && comm[j] == 'H';
  p.kworker = true;
  return p;
}

Ns tick_phase(const std::vector<FtraceEvent>& events, Ns period) {
  std::vector<Ns> r;
  for (const FtraceEvent& e : events)
    if (e.softirq && (e.kind == FtraceEvent::QueueWork || e.kind == FtraceEvent::SchedWakeup ||
                      e.kind == FtraceEvent::SchedWaking))
      r.push_back(e.t % period);
  if (r.empty()) return -1;
  std::sort(r.begin(), r.end());
  const Ns window = period / 100;
  std::size_t best = 0, best_count = 0, j = 0, n = r.size();
  for (std::size_t i = 0; i < n; ++i) {  // events in [r[i], r[i] + window), around the circle
    if (j < i) j = i;
    while (j < i + n && (r[j % n] - r[i] + period) % period < window && j - i < n) ++j;
    if (j - i > best_count) best_count = j - i, best = i;
  }
  return r[best];
}

TraceCosts measured_costs(const std::vector<FtraceEvent>& events, bool use_wakeup) {
  std::unordered_map<int, Ns> woken, ended;  // pid -> its wake-up, its last execute_end
  std::vector<Ns> sw, ws;
  for (const FtraceEvent& e : events) {
    switch (e.kind) {
      case FtraceEvent::SchedWakeup:
      case FtraceEvent::SchedWaking:
        if ((e.kind == FtraceEvent::SchedWakeup) == use_wakeup) woken[e.prev_pid] = e.t;
        break;
      case FtraceEvent::SchedSwitch: {
        auto it = woken.find(e.next_pid);
        if (it != woken.end() && e.prev_pid == 0) sw.push_back(e.t - it->second);
        if (it != woken.end()) woken.erase(it);
        ended.erase(e.prev_pid);
        ended.erase(e.next_pid);
        break;
      }
      case FtraceEvent::ExecuteEnd:
        if (!e.softirq) ended[e.pid] = e.t;
        break;
      case FtraceEvent::ExecuteStart:
        if (auto it = ended.find(e.pid); it != ended.end() && !e.softirq) {
          ws.push_back(e.t - it->second);
          ended.erase(it);
        }
        break;
      default:
        break;
    }
  }
  auto median = [](std::vector<Ns>& v) -> Ns {
    if (v.empty()) return -1;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>((v.size() - 1) / 2), v.end());
    return v[(v.size() - 1) / 2];
  };
  return {median(sw), median(ws)};
}

json tasks_json(const std::unordered_map<int, ThreadTimeline>& threads, const std::vector<std::string>& names, int cpus,
                Ns origin, const std::vector<std::string>& item_names) {
  json tasks = json::array();
  std::vector<int> pids;
  for (const auto& [pid, th] : threads)
    if (!th.ran_work && !pool_of(names[static_cast<std::size_t>(std::max(th.comm, 0))]).kworker) pids.push_back(pid);
  std::sort(pids.begin(), pids.end());
  for (int pid : pids) {
    const ThreadTimeline& th = threads.at(pid);
    const std::string comm = th.comm >= 0 ? names[static_cast<std::size_t>(th.comm)] : "pid";
    for (int c = 0; c < cpus; ++c) {
      Ns at = 0;
      auto steps = task_program(th, c, at);
      if (steps.empty()) continue;
      int nice = th.prio >= 100 && th.prio <= 139 ? th.prio - 120 : -20;
      json t = {{"name", clean_name(comm) + "-" + std::to_string(pid) + "@" + std::to_string(c)},
                {"cpu", c},
                {"at", us_json(std::max<Ns>(0, at - origin))}};
      if (nice) t["nice"] = nice;
      // A kernel thread: a thread seen from the scheduler alone may be in a
      // system call (insmod in init_module), where preemption is the
      // kernel's; this replays the validation traces best.
      t["kthread"] = true;
      t["program"] = steps_json(steps, item_names);
      tasks.push_back(t);
    }
  }
  return tasks;
}

std::string clean_name(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == ' ' || c == ',' || static_cast<unsigned char>(c) < 0x20 || c == '#') c = '_';
  return out.empty() ? "_" : out;
}

// "WQ_UNBOUND|WQ_HIGHPRI" (WQ_ optional; also "ordered"); sets flags and ordered.
void apply_override(json& wq, const std::string& spec) {
  std::size_t a = spec.find(':'), b = a == std::string::npos ? a : spec.find(':', a + 1);
  if (b == std::string::npos) throw ScenarioError("--wq", "must be NAME:FLAGS:MAX, not \"" + spec + "\"");
  std::string flags = spec.substr(a + 1, b - a - 1), max = spec.substr(b + 1);
  if (!flags.empty()) {
    json list = json::array();
    bool ordered = false;
    for (std::size_t p = 0; p <= flags.size();) {
      std::size_t e = flags.find_first_of("|+,", p);
      std::string f = flags.substr(p, e == std::string::npos ? std::string::npos : e - p);
      p = e == std::string::npos ? flags.size() + 1 : e + 1;
      if (f == "ordered" || f == "ORDERED") {
        ordered = true;
        continue;
      }
      if (f == "none" || f.empty()) continue;
      if (f.compare(0, 3, "WQ_") != 0) f = "WQ_" + f;
      static const std::set<std::string> known = {"WQ_UNBOUND", "WQ_FREEZABLE", "WQ_MEM_RECLAIM", "WQ_HIGHPRI",
                                                  "WQ_CPU_INTENSIVE", "WQ_PERCPU"};
      if (!known.count(f))
        throw ScenarioError("--wq", "unknown flag \"" + f + "\" in \"" + spec +
                                        "\" (UNBOUND, HIGHPRI, CPU_INTENSIVE, MEM_RECLAIM, FREEZABLE, PERCPU, ordered, none)");
      list.push_back(f);
    }
    wq["flags"] = list;
    if (ordered) wq["ordered"] = true;
    else wq.erase("ordered");
  }
  if (!max.empty()) {
    int m = 0;
    try {
      std::size_t used = 0;
      m = std::stoi(max, &used);
      if (used != max.size() || m < 0) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw ScenarioError("--wq", "MAX must be a non-negative integer, not \"" + max + "\" in \"" + spec + "\"");
    }
    wq["max_active"] = m;
  }
}


}  // namespace cmwqsim::io::import_rules
