// SPDX-License-Identifier: GPL-2.0-only
// stats: wq_monitor.py's table per workqueue, and per-item latencies, as
// text or (--format json) JSON.
#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "io/run_metrics.hpp"

namespace cmwqsim::cli {

namespace {
std::string col(long long v, bool shown) { return shown ? std::to_string(v) : "-"; }

template <typename... A>
std::string fmt(const char* f, A... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

// Latencies by work item (index in Trace::works), in one array: item w's,
// sorted, are values[first[w]] to values[first[w + 1] - 1]. An item none of
// whose instances started has none. (A vector per item cost two allocations
// per item: 100 MB at a million items.)
struct Latencies {
  std::vector<std::size_t> first;
  std::vector<Ns> values;
  std::size_t count(std::size_t w) const { return first[w + 1] - first[w]; }
  bool empty(std::size_t w) const { return count(w) == 0; }
  std::array<Ns, 3> min_median_max(std::size_t w) const {  // count(w) > 0
    const Ns* v = values.data() + first[w];
    return {v[0], v[count(w) / 2], v[count(w) - 1]};
  }
};

// Each instance's latency from its queueing to `until` (its start or its finish), by item.
Latencies latencies(const std::vector<io::InstanceTimes>& times, std::size_t works, Ns io::InstanceTimes::*until) {
  Latencies l;
  l.first.assign(works + 1, 0);
  for (const io::InstanceTimes& i : times)
    if (i.*until >= 0) l.first.at(static_cast<std::size_t>(i.work) + 1)++;
  for (std::size_t w = 0; w < works; ++w) l.first[w + 1] += l.first[w];
  l.values.resize(l.first[works]);
  std::vector<std::size_t> next(l.first.begin(), l.first.end() - 1);
  for (const io::InstanceTimes& i : times)
    if (i.*until >= 0) l.values[next[static_cast<std::size_t>(i.work)]++] = i.*until - i.queued;
  for (std::size_t w = 0; w < works; ++w)
    std::sort(l.values.begin() + static_cast<std::ptrdiff_t>(l.first[w]),
              l.values.begin() + static_cast<std::ptrdiff_t>(l.first[w + 1]));
  return l;
}

nlohmann::ordered_json stats_json(const Trace& tr, const Latencies& to_start, const Latencies& to_finish);
}  // namespace

int cmd_stats(const StatsArgs& a) {
  Scenario sc;
  try {
    sc = load_for_cli(a.file, a.over);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << a.file << ": " << e.what() << "\n";
    return 2;
  }
  RunLimits limits;
  limits.record = kInstanceEvents;  // all that the latencies below read
  Trace tr = run_scenario(sc, limits);
  if (tr.wq_stats.empty()) {
    std::cerr << "cmwq-sim: " << a.file << ": stats need implementation cmwq\n";
    return 2;
  }
  // Latency per item, over its instances: queue -> start and queue -> finish.
  Latencies to_start, to_finish;
  {
    const std::vector<io::InstanceTimes> times = io::instance_times(tr);
    to_start = latencies(times, tr.works.size(), &io::InstanceTimes::started);
    to_finish = latencies(times, tr.works.size(), &io::InstanceTimes::finished);
  }
  if (a.format == "json") return write_output(a.output, stats_json(tr, to_start, to_finish).dump(2) + "\n");
  return write_output(a.output, [&](std::ostream& o) {  // written as it is made (a million items: 89 MB)
    // tools/workqueue/wq_monitor.py's columns; CPU time in seconds (exact here, not tick-sampled).
    o << "per workqueue: wq_monitor.py's counters\n";
    o << fmt("%-24s %8s %5s %10s %7s %7s %7s %7s\n", "", "total", "infl", "CPUtime(s)", "CPUitsv", "CMW/RPR",
             "mayday", "rescued");
    for (const WqStats& w : tr.wq_stats) {
      std::string name = w.name.size() > 24 ? w.name.substr(w.name.size() - 24) : w.name;
      o << fmt("%-24s %8lld %5lld %10.4f %7s %7s %7s %7s\n", name.c_str(), w.started,
               std::max(w.started - w.completed, 0LL), static_cast<double>(w.cpu_time) / 1e9,
               col(w.cpu_intensive, !w.unbound).c_str(), col(w.unbound ? w.repatriated : w.cm_wakeup, true).c_str(),
               col(w.mayday, w.mem_reclaim).c_str(), col(w.rescued, w.mem_reclaim).c_str());
    }
    o << "total: items started; infl: in flight at the end; CPUtime(s): CPU seconds the items used;\n"
         "CPUitsv: marked CPU-intensive; CMW/RPR: concurrency-management wake-ups (per-CPU wqs) or\n"
         "repatriations (unbound wqs); mayday, rescued: WQ_MEM_RECLAIM wqs only\n";
    const auto stat = [&](const Latencies& l, std::size_t w) {
      if (l.empty(w)) return std::string("-");
      const auto m = l.min_median_max(w);
      return format_time(m[0], sc.unit) + " / " + format_time(m[1], sc.unit) + " / " + format_time(m[2], sc.unit);
    };
    o << fmt("\nper item: latency in %s (min / median / max over instances)\n%-24s %5s  %-28s %s\n",
             sc.unit.name.c_str(), "item", "runs", "queue -> start", "queue -> finish");
    for (std::size_t w = 0; w < tr.works.size(); ++w) {
      if (to_start.empty(w)) continue;
      o << fmt("%-24s %5zu  %-28s %s\n", tr.works[w].c_str(), to_start.count(w), stat(to_start, w).c_str(),
               stat(to_finish, w).c_str());
    }
  });
}

namespace {
// The same numbers for programs: times in integer nanoseconds (keys end in _ns).
nlohmann::ordered_json stats_json(const Trace& tr, const Latencies& to_start, const Latencies& to_finish) {
  nlohmann::ordered_json j;
  j["scenario"] = tr.scenario;
  j["kernel"] = to_string(tr.kernel);
  j["scheduler"] = to_string(tr.scheduler);
  j["workqueues"] = nlohmann::ordered_json::array();
  for (const WqStats& w : tr.wq_stats) {
    nlohmann::ordered_json q;
    q["name"] = w.name;
    q["unbound"] = w.unbound;
    q["mem_reclaim"] = w.mem_reclaim;
    q["started"] = w.started;
    q["completed"] = w.completed;
    q["in_flight"] = std::max(w.started - w.completed, 0LL);
    q["cpu_time_ns"] = w.cpu_time;
    q["cpu_intensive"] = w.unbound ? nlohmann::ordered_json() : nlohmann::ordered_json(w.cpu_intensive);
    q[w.unbound ? "repatriated" : "cm_wakeup"] = w.unbound ? w.repatriated : w.cm_wakeup;
    q["mayday"] = w.mem_reclaim ? nlohmann::ordered_json(w.mayday) : nlohmann::ordered_json();
    q["rescued"] = w.mem_reclaim ? nlohmann::ordered_json(w.rescued) : nlohmann::ordered_json();
    j["workqueues"].push_back(q);
  }
  j["items"] = nlohmann::ordered_json::array();
  const auto three = [&](const Latencies& m, std::size_t w) {
    if (m.empty(w)) return nlohmann::ordered_json();
    const auto v = m.min_median_max(w);
    return nlohmann::ordered_json{{"min", v[0]}, {"median", v[1]}, {"max", v[2]}};
  };
  for (std::size_t w = 0; w < tr.works.size(); ++w) {
    if (to_start.empty(w)) continue;
    nlohmann::ordered_json it;
    it["item"] = tr.works[w];
    it["runs"] = to_start.count(w);
    it["queue_to_start_ns"] = three(to_start, w);
    it["queue_to_finish_ns"] = three(to_finish, w);
    j["items"].push_back(it);
  }
  return j;
}
}  // namespace

}  // namespace cmwqsim::cli
