// SPDX-License-Identifier: GPL-2.0-only
// One run's summary numbers, from its trace: what a sweep writes per run.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct RunMetrics {
  Ns makespan = 0;            // the last execute_end (0 if nothing ran)
  long long instances = 0;    // work item executions that finished
  Ns latency_p50 = 0, latency_p90 = 0, latency_p99 = 0, latency_max = 0;  // queue -> finish
  long long workers_created = 0;  // kworkers created, the boot-time ones included
  int peak_concurrency = 0;       // most items executing (started, not finished) at once
  double cpu_utilization = 0;     // burn time / (CPUs x makespan)
  std::uint64_t engine_events = 0;
};

RunMetrics run_metrics(const Trace& tr);
// The event kinds run_metrics() reads (RunLimits::record).
constexpr EvMask kMetricsEvents = kInstanceEvents | ev_bit(Ev::Burn) | ev_bit(Ev::WorkerCreate);

// One execution of a work item: when it was queued, started and finished
// (-1: not in the trace), in the order of their queueing.
struct InstanceTimes {
  int work = -1;
  Ns queued = -1, started = -1, finished = -1;
};
std::vector<InstanceTimes> instance_times(const Trace& tr);

// The CSV columns, in the order of metrics_csv_values().
std::vector<std::string> metrics_csv_header();
// A metric column in words, for plots ("latency_p99_ns" -> "p99 latency,
// queued to finished"); the column itself if it is not a metric.
std::string metric_words(const std::string& column);
std::vector<std::string> metrics_csv_values(const RunMetrics& m);

}  // namespace cmwqsim::io
