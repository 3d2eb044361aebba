// SPDX-License-Identifier: GPL-2.0-only
// The queue-to-start latency CDF of several runs on one axis (plot-latency):
// a real trace, its replay, what-ifs.
#pragma once
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct LatencyCurve {
  std::string label;
  std::vector<Ns> latencies;  // sorted
};

// Each execution's latency from its queueing to its start (workqueue_queue_work
// to workqueue_execute_start), paired by item and instance; sorted.
std::vector<Ns> queue_to_start_latencies(const Trace& t);

// An SVG: x the latency (ms or s, round ticks), y the share of items that
// started within it (0-100 %), one step line per curve, and a legend.
std::string svg_latency_cdf(const std::vector<LatencyCurve>& curves, const std::string& title);

}  // namespace cmwqsim::io
