// SPDX-License-Identifier: GPL-2.0-only
#include "targets.hpp"

#include <algorithm>
#include <cstdio>

namespace cmwqsim::bench {

void Targets::add(const std::string& key, long long items, const std::vector<double>& load_s,
                  const std::vector<double>& wall_s, const std::vector<double>& rss_mb) {
  if (key == "fifo") {
    rows_.push_back({"headline, fifo: wall", "s", wall_s, 2.5, false});
    rows_.push_back({"headline, fifo: peak RSS", "MB", rss_mb, 600, false});
  } else if (key == "eevdf") {
    rows_.push_back({"headline, eevdf: wall", "s", wall_s, 3.5, false});
  } else if (key == "json") {
    rows_.push_back({"headline, run --format json: wall", "s", wall_s, 5.0, false});
  } else if (key == "file") {
    rows_.push_back({std::to_string(items / 1000) + " k listed items, loaded + simulated", "s", wall_s, 1.0, false});
    std::vector<double> rate;
    for (double s : load_s) rate.push_back(static_cast<double>(items) / s / 1e6);
    rows_.push_back({"loading alone", "M items/s", rate, 1.0, true});
  } else if (key == "import") {  // issue #15's speed target
    rows_.push_back({std::to_string(items / 1000) + " k-event ftrace import (#15)", "s", wall_s, 2.0, false});
  }
}

void Targets::print() const {
  if (rows_.empty()) return;
  std::printf("\n%-44s %9s %9s %9s %11s  %s\n", "target (issue #18; #15)", "min", "median", "max", "target", "median");
  for (const Row& r : rows_) {
    std::vector<double> v = r.values;
    std::sort(v.begin(), v.end());
    const double med = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    const bool met = r.at_least ? med >= r.target : med <= r.target;
    char target[32];
    std::snprintf(target, sizeof target, "%s %g %s", r.at_least ? ">=" : "<=", r.target, r.unit.c_str());
    std::printf("%-44s %9.3f %9.3f %9.3f %11s  %s\n", r.what.c_str(), v.front(), med, v.back(), target,
                met ? "met" : "NOT met");
  }
}

}  // namespace cmwqsim::bench
