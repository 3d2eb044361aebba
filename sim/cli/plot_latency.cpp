// SPDX-License-Identifier: GPL-2.0-only
// plot-latency: the queue-to-start latency CDFs of several runs on one axis.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cmwqsim/run.hpp"
#include "io/svg_latency.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim::cli {

namespace {
// "FILE" or "FILE::PATH=VALUE;PATH=VALUE" (a what-if of a scenario).
std::pair<std::string, std::vector<std::string>> split_run(const std::string& run) {
  const std::size_t at = run.find("::");
  if (at == std::string::npos) return {run, {}};
  std::vector<std::string> sets;
  std::string rest = run.substr(at + 2);
  for (std::size_t from = 0; from <= rest.size();) {
    std::size_t semi = rest.find(';', from);
    if (semi == std::string::npos) semi = rest.size();
    if (semi > from) sets.push_back(rest.substr(from, semi - from));
    from = semi + 1;
  }
  return {run.substr(0, at), sets};
}
}  // namespace

int cmd_plot_latency(const PlotLatencyArgs& a) {
  std::vector<io::LatencyCurve> curves;
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    const auto [file, sets] = split_run(a.runs[i]);
    try {
      std::ifstream in(file);
      if (!in) throw ScenarioError("", "cannot open " + file);
      nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
      Trace t;
      if (io::is_trace_json(j)) {
        if (!sets.empty()) throw ScenarioError("", "a trace cannot take PATH=VALUE changes; give a scenario");
        t = io::trace_from_json(j);
      } else {
        Overrides over = a.over;
        over.sets.insert(over.sets.end(), sets.begin(), sets.end());
        t = run_isolated(load_for_cli(file, over));
      }
      io::LatencyCurve c{i < a.labels.size() ? a.labels[i] : a.runs[i], io::queue_to_start_latencies(t)};
      if (c.latencies.empty()) throw ScenarioError("", "no work item was both queued and started");
      curves.push_back(std::move(c));
    } catch (const std::exception& e) {
      std::cerr << "cmwq-sim: " << file << ": " << e.what() << "\n";
      return 2;
    }
  }
  return write_image(a.output, io::svg_latency_cdf(curves, a.title.empty() ? "queue-to-start latency" : a.title));
}

}  // namespace cmwqsim::cli
