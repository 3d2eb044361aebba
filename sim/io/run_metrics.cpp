#include "io/run_metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace cmwqsim::io {

namespace {
// The nearest-rank percentile of sorted values.
Ns percentile(const std::vector<Ns>& sorted, int p) {
  if (sorted.empty()) return 0;
  std::size_t rank = (sorted.size() * static_cast<std::size_t>(p) + 99) / 100;
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}
}  // namespace

RunMetrics run_metrics(const Trace& tr) {
  RunMetrics m;
  m.engine_events = tr.engine_events;
  std::unordered_map<std::uint64_t, Ns> queued;  // (work, instance) -> queue time
  auto key = [](const TraceEvent& e) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(e.work)) << 32) | static_cast<std::uint32_t>(e.instance);
  };
  std::vector<Ns> latency;
  Ns burned = 0;
  int running = 0;
  for (const TraceEvent& e : tr.events) {
    switch (e.kind) {
      case Ev::Queue: queued[key(e)] = e.t; break;
      case Ev::Start: m.peak_concurrency = std::max(m.peak_concurrency, ++running); break;
      case Ev::Finish: {
        --running;
        ++m.instances;
        m.makespan = std::max(m.makespan, e.t);
        auto it = queued.find(key(e));
        if (it != queued.end()) {
          latency.push_back(e.t - it->second);
          queued.erase(it);
        }
        break;
      }
      case Ev::Burn: burned += e.dur; break;
      case Ev::WorkerCreate: ++m.workers_created; break;
      default: break;
    }
  }
  std::sort(latency.begin(), latency.end());
  m.latency_p50 = percentile(latency, 50);
  m.latency_p90 = percentile(latency, 90);
  m.latency_p99 = percentile(latency, 99);
  m.latency_max = latency.empty() ? 0 : latency.back();
  if (m.makespan > 0) m.cpu_utilization = static_cast<double>(burned) / (static_cast<double>(tr.cpus) * m.makespan);
  return m;
}

std::vector<std::string> metrics_csv_header() {
  return {"makespan_ns",    "instances",       "latency_p50_ns",   "latency_p90_ns", "latency_p99_ns",
          "latency_max_ns", "workers_created", "peak_concurrency", "cpu_utilization", "engine_events"};
}

std::vector<std::string> metrics_csv_values(const RunMetrics& m) {
  char util[32];
  std::snprintf(util, sizeof util, "%.6f", m.cpu_utilization);
  return {std::to_string(m.makespan),        std::to_string(m.instances),       std::to_string(m.latency_p50),
          std::to_string(m.latency_p90),     std::to_string(m.latency_p99),     std::to_string(m.latency_max),
          std::to_string(m.workers_created), std::to_string(m.peak_concurrency), util,
          std::to_string(m.engine_events)};
}

}  // namespace cmwqsim::io
