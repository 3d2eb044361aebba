// stats: wq_monitor.py's table per workqueue, and per-item latencies.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "io/run_metrics.hpp"

namespace cmwqsim::cli {

namespace {
std::string col(long long v, bool shown) { return shown ? std::to_string(v) : "-"; }
}  // namespace

int cmd_stats(const StatsArgs& a) {
  Scenario sc;
  try {
    sc = load_for_cli(a.file, a.over);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << a.file << ": " << e.what() << "\n";
    return 2;
  }
  Trace tr = run_scenario(sc);
  if (tr.wq_stats.empty()) {
    std::cerr << "cmwq-sim: " << a.file << ": stats need implementation cmwq\n";
    return 2;
  }
  // tools/workqueue/wq_monitor.py's columns; CPUtime in seconds (exact here).
  std::printf("%-24s %8s %5s %9s %7s %7s %7s %7s\n", "", "total", "infl", "CPUtime", "CPUitsv", "CMW/RPR", "mayday",
              "rescued");
  for (const WqStats& w : tr.wq_stats) {
    std::string name = w.name.size() > 24 ? w.name.substr(w.name.size() - 24) : w.name;
    std::printf("%-24s %8lld %5lld %9.4f %7s %7s %7s %7s\n", name.c_str(), w.started,
                std::max(w.started - w.completed, 0LL), static_cast<double>(w.cpu_time) / 1e9,
                col(w.cpu_intensive, !w.unbound).c_str(), col(w.unbound ? w.repatriated : w.cm_wakeup, true).c_str(),
                col(w.mayday, w.mem_reclaim).c_str(), col(w.rescued, w.mem_reclaim).c_str());
  }
  // Latency per item, over its instances: queue -> start and queue -> finish.
  std::map<int, std::vector<Ns>> to_start, to_finish;
  for (const io::InstanceTimes& i : io::instance_times(tr)) {
    if (i.started >= 0) to_start[i.work].push_back(i.started - i.queued);
    if (i.finished >= 0) to_finish[i.work].push_back(i.finished - i.queued);
  }
  auto stat = [&](std::vector<Ns> v) {
    if (v.empty()) return std::string("-");
    std::sort(v.begin(), v.end());
    return format_time(v.front(), sc.unit) + " / " + format_time(v[v.size() / 2], sc.unit) + " / " +
           format_time(v.back(), sc.unit);
  };
  std::printf("\nlatency in %s (min / median / max over instances)\n%-24s %5s  %-28s %s\n", sc.unit.name.c_str(),
              "item", "runs", "queue -> start", "queue -> finish");
  for (std::size_t w = 0; w < tr.works.size(); ++w) {
    if (!to_start.count(static_cast<int>(w))) continue;
    std::printf("%-24s %5zu  %-28s %s\n", tr.works[w].c_str(), to_start[static_cast<int>(w)].size(),
                stat(to_start[static_cast<int>(w)]).c_str(), stat(to_finish[static_cast<int>(w)]).c_str());
  }
  return 0;
}

}  // namespace cmwqsim::cli
