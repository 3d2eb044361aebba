// SPDX-License-Identifier: GPL-2.0-only
// stats: wq_monitor.py's table per workqueue, and per-item latencies, as
// text or (--format json) JSON.
#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

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

// Latencies by work item (index in Trace::works); an item none of whose instances started has none.
using Latencies = std::vector<std::vector<Ns>>;
nlohmann::ordered_json stats_json(const Trace& tr, const Latencies& to_start, const Latencies& to_finish,
                                  const std::function<std::array<Ns, 3>(const std::vector<Ns>&)>& mmm);
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
  Latencies to_start(tr.works.size()), to_finish(tr.works.size());
  for (const io::InstanceTimes& i : io::instance_times(tr)) {
    if (i.started >= 0) to_start.at(static_cast<std::size_t>(i.work)).push_back(i.started - i.queued);
    if (i.finished >= 0) to_finish.at(static_cast<std::size_t>(i.work)).push_back(i.finished - i.queued);
  }
  for (auto* m : {&to_start, &to_finish})
    for (auto& v : *m) std::sort(v.begin(), v.end());
  const auto min_median_max = [](const std::vector<Ns>& v) {
    return std::array<Ns, 3>{v.front(), v[v.size() / 2], v.back()};
  };
  if (a.format == "json") return write_output(a.output, stats_json(tr, to_start, to_finish, min_median_max).dump(2) + "\n");

  std::ostringstream o;
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
  const auto stat = [&](const std::vector<Ns>& v) {
    if (v.empty()) return std::string("-");
    const auto m = min_median_max(v);
    return format_time(m[0], sc.unit) + " / " + format_time(m[1], sc.unit) + " / " + format_time(m[2], sc.unit);
  };
  o << fmt("\nper item: latency in %s (min / median / max over instances)\n%-24s %5s  %-28s %s\n",
           sc.unit.name.c_str(), "item", "runs", "queue -> start", "queue -> finish");
  for (std::size_t w = 0; w < tr.works.size(); ++w) {
    if (to_start[w].empty()) continue;
    o << fmt("%-24s %5zu  %-28s %s\n", tr.works[w].c_str(), to_start[w].size(), stat(to_start[w]).c_str(),
             stat(to_finish[w]).c_str());
  }
  return write_output(a.output, o.str());
}

namespace {
// The same numbers for programs: times in integer nanoseconds (keys end in _ns).
nlohmann::ordered_json stats_json(const Trace& tr, const Latencies& to_start, const Latencies& to_finish,
                                  const std::function<std::array<Ns, 3>(const std::vector<Ns>&)>& mmm) {
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
    if (m[w].empty()) return nlohmann::ordered_json();
    const auto v = mmm(m[w]);
    return nlohmann::ordered_json{{"min", v[0]}, {"median", v[1]}, {"max", v[2]}};
  };
  for (std::size_t w = 0; w < tr.works.size(); ++w) {
    if (to_start[w].empty()) continue;
    nlohmann::ordered_json it;
    it["item"] = tr.works[w];
    it["runs"] = to_start[w].size();
    it["queue_to_start_ns"] = three(to_start, w);
    it["queue_to_finish_ns"] = three(to_finish, w);
    j["items"].push_back(it);
  }
  return j;
}
}  // namespace

}  // namespace cmwqsim::cli
