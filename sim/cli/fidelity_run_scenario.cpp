// SPDX-License-Identifier: GPL-2.0-only
// fidelity --run-scenario NAME --kernel K --run R: the scenario exactly as
// `fidelity` simulates it against one recorded run, written as a scenario
// file. With it, a miss can be taken apart with the ordinary commands:
// `run --explain` on the file, or `diff FILE <real>/<K>/<NAME>.runR.json`.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/fidelity_score.hpp"
#include "cmwqsim/kernel_rules.hpp"
#include "io/workload.hpp"

namespace cmwqsim::cli {

namespace {
// Sets, in the scenario file's JSON `j`, the fields scenario_for_run() may
// have given `sr` (in the file's time unit).
void write_run_fields(nlohmann::json& j, const Scenario& sr, const std::string& kernel, const std::string& scheduler) {
  const Unit& u = sr.unit;
  j["kernel"] = kernel;
  j["scheduler"] = scheduler;
  j["cpu_intensive_thresh_us"] = sr.cpu_intensive_thresh_us;
  // The scenario's own expectations were written for its own settings.
  j.erase("expect");
  nlohmann::json& w = j["workers"];
  if (!w.is_object()) w = nlohmann::json::object();
  if (sr.workers.kthreadd)
    w["kthreadd"] = {{"create", io::time_to_json(sr.workers.kthreadd_create, u)},
                     {"start", io::time_to_json(sr.workers.kthread_start, u)},
                     {"cpu", sr.workers.kthreadd_cpu}};
  static const char* const kPool[2] = {"normal", "highpri"};
  for (int p = 0; p < 2; ++p) {
    if (sr.workers.unbound_initial_idle[p] > 0) w["unbound_initial_idle"][kPool[p]] = sr.workers.unbound_initial_idle[p];
    if (!sr.workers.unbound_last_cpus[p].empty()) w["unbound_last_cpus"][kPool[p]] = sr.workers.unbound_last_cpus[p];
  }
  if (w.empty()) j.erase("workers");
  if (!sr.cpu_util.empty()) j["cpu_util"] = sr.cpu_util;
  if (!j.contains("background")) return;
  for (nlohmann::json& b : j["background"]) {
    for (const BackgroundSpec& spec : sr.background) {
      if (spec.name != b.value("name", "") || spec.wakes.empty()) continue;
      b.erase("from");
      b.erase("until");
      nlohmann::json wakes = nlohmann::json::array();
      for (const BackgroundWake& wk : spec.wakes) wakes.push_back({{"at", io::time_to_json(wk.at, u)}, {"cpu", wk.cpu}});
      b["wakes"] = std::move(wakes);
    }
  }
}
}  // namespace

int cmd_fidelity_run_scenario(const FidelityArgs& a, const std::string& real, const FidelityRule& rule) {
  const std::string path = a.scenarios_dir + "/" + a.run_scenario + ".json";
  Scenario sc;
  nlohmann::json j;
  try {
    sc = load_scenario_file(path);
    std::ifstream in(path);
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << path << ": " << e.what() << "\n";
    return 2;
  }
  if (a.schedulers.size() > 1) {
    std::cerr << "cmwq-sim: fidelity --run-scenario: give one --scheduler, not " << a.schedulers.size() << "\n";
    return 2;
  }
  KernelVersion kv;
  kernel_from_name(a.kernel, kv);
  const std::string scheduler = a.schedulers.empty() ? to_string(kernel_rules(kv).own_scheduler) : a.schedulers[0];
  RecordedRuns recorded;
  try {
    recorded = load_recorded_runs(sc, a.kernel, real, rule);
  } catch (const ScenarioError& e) {
    std::cerr << "cmwq-sim: " << e.what() << "\n";
    return 2;
  }
  if (a.run < 1 || a.run > static_cast<int>(recorded.runs.size())) {
    std::cerr << "cmwq-sim: fidelity --run-scenario: " << real << "/" << a.kernel << " has "
              << recorded.runs.size() << " recorded runs of " << sc.name << ", no run " << a.run << "\n";
    return 2;
  }
  const Scenario sr = scenario_for_run(sc, scheduler, a.kernel, recorded, a.run);
  write_run_fields(j, sr, a.kernel, scheduler);
  std::cout << j.dump(1) << "\n";
  return 0;
}

}  // namespace cmwqsim::cli
