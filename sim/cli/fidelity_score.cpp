// SPDX-License-Identifier: GPL-2.0-only
#include "cli/fidelity_score.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/run.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim::cli {

namespace {
bool read_json(const std::string& path, nlohmann::json& j) {
  std::ifstream in(path);
  if (!in) return false;
  j = nlohmann::json::parse(in);
  return true;
}
}  // namespace

long long recorded_thresh_us(const std::string& kernel_dir, int cpus) {
  std::ifstream in(kernel_dir + "/meta-" + std::to_string(cpus) + "cpu.txt");
  for (std::string key, value; in >> key;) {
    std::getline(in, value);
    if (key == "cpu_intensive_thresh_us") {
      try {
        return std::stoll(value);
      } catch (...) {
        return -1;
      }
    }
  }
  return -1;
}

FidelityCell score_scenario(const Scenario& sc, const std::string& scheduler, const std::string& kernel,
                            const std::string& real_dir, const FidelityRule& rule) {
  FidelityCell c;
  const std::string base = real_dir + "/" + kernel + "/" + sc.name;
  nlohmann::json j;
  if (!read_json(base + ".json", j)) return c;
  Scenario s = sc;
  scheduler_from_name(scheduler, s.scheduler);
  KernelVersion kv;
  kernel_from_name(kernel, kv);
  set_kernel(s, kv);
  // Simulate with the threshold the guest kernel really used.
  long long thresh = recorded_thresh_us(real_dir + "/" + kernel, sc.cpus);
  if (thresh >= 0) s.cpu_intensive_thresh_us = thresh;
  Trace sim = run_isolated(s);
  c.have = true;
  Ns best_at = -1;
  for (int run = 1;; ++run) {
    if (run > 1 && !read_json(base + ".run" + std::to_string(run) + ".json", j)) break;
    io::Comparison cmp = io::compare_traces(sim, io::trace_from_json(j), rule.match);
    ++c.runs;
    c.runs_matched += cmp.match;
    if (run == 1) {
      c.match = cmp.match;
      c.max_error = cmp.max_error;
    }
    std::optional<io::ComparedEvent> d = io::first_divergence(cmp);
    Ns at = !d ? INT64_MAX : std::max(d->ta, d->tb);
    if (at > best_at) {
      best_at = at;
      c.best_run = run;
      c.divergence = d;
    }
  }
  if (rule.any_run) c.match = c.runs_matched > 0;
  return c;
}

std::string divergence_cause(const io::ComparedEvent& d) {
  const std::string kind = to_string(d.kind);
  if (d.tb < 0) return kind + ": only the model has it";
  if (d.ta < 0) return kind + ": only the kernel has it";
  if (d.ta == d.tb) return kind + ": order differs";
  std::string s = kind + (d.ta > d.tb ? ": model late" : ": model early");
  return s + (d.cpu_a != d.cpu_b ? ", other CPU" : ", same CPU");
}

}  // namespace cmwqsim::cli
