// SPDX-License-Identifier: GPL-2.0-only
// The performance issue's targets, each printed next to what was measured
// (minimum, median and maximum over the runs; the verdict on the median).
#pragma once
#include <string>
#include <vector>

namespace cmwqsim::bench {

class Targets {
 public:
  // One case's runs: `key` names the target it measures ("fifo", "eevdf",
  // "json", "file", "import"); per run: loading seconds, wall seconds, peak RSS in MB.
  void add(const std::string& key, long long items, const std::vector<double>& load_s,
           const std::vector<double>& wall_s, const std::vector<double>& rss_mb);
  // The table (nothing if no case measured a target).
  void print() const;

 private:
  struct Row {
    std::string what, unit;
    std::vector<double> values;
    double target;
    bool at_least;  // the figure must reach the target (a rate), else stay below it
  };
  std::vector<Row> rows_;
};

}  // namespace cmwqsim::bench
