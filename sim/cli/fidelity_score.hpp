// SPDX-License-Identifier: GPL-2.0-only
// Scoring one validation scenario against its recorded real-kernel runs
// (tools/kernel-run's <real>/<kernel>/<name>.json, .run2.json, ...).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "io/compare.hpp"
#include "io/recorded_guest_state.hpp"

namespace cmwqsim::cli {

// How a set of scenarios is scored.
struct FidelityRule {
  io::MatchRule match;
  bool any_run = false;  // a scenario matches if any recorded run does (else run 1 must)
  // Each run is simulated with its guest's state (io/recorded_guest_state.hpp),
  // read from its ftrace: the CPUs its idle unbound workers last ran on, and
  // rcu_preempt's wake-ups.
  bool recorded_guest_state = true;
};

struct FidelityCell {
  bool have = false;  // recorded traces exist
  bool match = false;
  int runs = 0, runs_matched = 0;
  Ns max_error = 0;   // against run 1
  // The recorded run that agrees longest (the latest first divergence), and
  // where the simulation parts from it.
  int best_run = 0;
  std::optional<io::ComparedEvent> divergence;
  // Forked kworkers over all runs (the guest state's fork_cpus), and how
  // many the simulation's n-th fork put on the kernel's n-th fork's CPU.
  int forks = 0, forks_same_cpu = 0;
};

// The guest's workqueue.cpu_intensive_thresh_us from kernel-run's meta file
// ("none" on 6.1 gives -1, as does a missing file).
long long recorded_thresh_us(const std::string& kernel_dir, int cpus);

// A scenario's recorded runs on one kernel (run 1 first), and, if the rule
// asks for it, each run's guest state read from their ftrace. Read once,
// scored under each scheduler.
struct RecordedRuns {
  std::vector<Trace> runs;
  std::map<int, io::RecordedGuestState> guest;  // by run, from 1
  long long thresh_us = -1;                     // the guest's cpu_intensive_thresh_us (-1: none)
};
// A recorded run that is not a trace (bad JSON, a missing or malformed
// field) throws a ScenarioError naming its file and the JSON path.
RecordedRuns load_recorded_runs(const Scenario& sc, const std::string& kernel, const std::string& real_dir,
                                const FidelityRule& rule);

// `sc` as `fidelity` simulates it for recorded run `run` (from 1): under
// `scheduler` and `kernel`, with the guest's cpu_intensive_thresh_us and the
// run's guest state, where the scenario does not set them. `key`, if given,
// gets a string that is equal for runs whose simulations are the same.
Scenario scenario_for_run(const Scenario& sc, const std::string& scheduler, const std::string& kernel,
                          const RecordedRuns& recorded, int run, std::string* key = nullptr);

// Simulates `sc` under `scheduler` and `kernel` (with the guest's recorded
// threshold, and each run's guest state) and compares it with each recorded
// run under `rule`.
FidelityCell score_scenario(const Scenario& sc, const std::string& scheduler, const std::string& kernel,
                            const RecordedRuns& recorded, const FidelityRule& rule);

// A short name for why a simulation parts from the kernel, from the first
// divergence: which event, whether the model is late or early, and whether
// the kernel ran it on another CPU ("start: model late, other CPU").
std::string divergence_cause(const io::ComparedEvent& d);

// fidelity --run-scenario: prints the scenario as scenario_for_run() makes it,
// as a scenario file (exit 0; 2 on a missing scenario or run).
struct FidelityArgs;
int cmd_fidelity_run_scenario(const FidelityArgs& a, const std::string& real, const FidelityRule& rule);

}  // namespace cmwqsim::cli
