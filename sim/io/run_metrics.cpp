// SPDX-License-Identifier: GPL-2.0-only
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

std::vector<InstanceTimes> instance_times(const Trace& tr) {
  std::vector<InstanceTimes> out;
  // (work, instance) -> out[]: first instances in a table by work, the others in a map.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> first(tr.works.size(), kNone);
  std::unordered_map<std::uint64_t, std::size_t> others;
  const auto slot = [&](const TraceEvent& e) -> std::size_t& {
    if (e.instance == 1 && static_cast<std::size_t>(e.work) < first.size()) return first[static_cast<std::size_t>(e.work)];
    const std::uint64_t key =
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(e.work)) << 32) | static_cast<std::uint32_t>(e.instance);
    return others.try_emplace(key, kNone).first->second;
  };
  for (const TraceEvent& e : tr.events) {
    if (e.work < 0 || (e.kind != Ev::Queue && e.kind != Ev::Start && e.kind != Ev::Finish)) continue;
    std::size_t& at = slot(e);
    if (e.kind == Ev::Queue) {
      at = out.size();
      out.push_back({e.work, e.t, -1, -1});
      continue;
    }
    if (at == kNone) continue;  // queued before the trace began
    (e.kind == Ev::Start ? out[at].started : out[at].finished) = e.t;
  }
  return out;
}

RunMetrics run_metrics(const Trace& tr) {
  RunMetrics m;
  m.engine_events = tr.engine_events;
  Ns burned = 0;
  int running = 0;
  for (const TraceEvent& e : tr.events) {
    switch (e.kind) {
      case Ev::Start: m.peak_concurrency = std::max(m.peak_concurrency, ++running); break;
      case Ev::Finish:
        --running;
        ++m.instances;
        m.makespan = std::max(m.makespan, e.t);
        break;
      case Ev::Burn: burned += e.dur; break;
      case Ev::WorkerCreate: ++m.workers_created; break;
      default: break;
    }
  }
  std::vector<Ns> latency;  // queue -> finish
  for (const InstanceTimes& i : instance_times(tr))
    if (i.finished >= 0) latency.push_back(i.finished - i.queued);
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

namespace cmwqsim::io {

std::string metric_words(const std::string& column) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"makespan_ns", "makespan, until the last item finished"},
      {"instances", "work item executions"},
      {"latency_p50_ns", "median latency, queued to finished"},
      {"latency_p90_ns", "p90 latency, queued to finished"},
      {"latency_p99_ns", "p99 latency, queued to finished"},
      {"latency_max_ns", "largest latency, queued to finished"},
      {"workers_created", "kworkers created"},
      {"peak_concurrency", "most items executing at once"},
      {"cpu_utilization", "CPU utilization (burn time / CPUs x makespan)"},
      {"engine_events", "engine events"},
  };
  for (const auto& [c, words] : kWords)
    if (column == c) return words;
  return column;
}

}  // namespace cmwqsim::io
