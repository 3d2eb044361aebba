// SPDX-License-Identifier: GPL-2.0-only
#include "cli/fidelity_score.hpp"

#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <vector>
#include <nlohmann/json.hpp>

#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/run.hpp"
#include "io/json_reader.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim::cli {

namespace {
// The CPU each kworker kthreadd forked first woke on (wake_up_new_task()), in order.
std::vector<int> simulated_fork_cpus(const Trace& tr) {
  int kthreadd = -1;
  for (std::size_t i = 0; i < tr.threads.size(); ++i)
    if (tr.threads[i] == "kthreadd") kthreadd = static_cast<int>(i);
  std::vector<int> out;
  if (kthreadd < 0) return out;
  std::vector<bool> woken(tr.threads.size(), false);
  for (const TraceEvent& e : tr.events) {
    if (e.kind != Ev::SchedWakeup || e.thread < 0 || woken.at(static_cast<std::size_t>(e.thread))) continue;
    woken.at(static_cast<std::size_t>(e.thread)) = true;
    if (e.other == kthreadd && tr.threads.at(static_cast<std::size_t>(e.thread)).rfind("kworker/", 0) == 0)
      out.push_back(e.cpu);
  }
  return out;
}

// The recorded run in `path`, if the file exists.
bool read_recorded_run(const std::string& path, Trace& out) {
  std::ifstream in(path);
  if (!in) return false;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  try {
    out = io::trace_from_json(io::parse_json_text(text));
  } catch (const ScenarioError& e) {
    throw ScenarioError(path, e.what());
  }
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

RecordedRuns load_recorded_runs(const Scenario& sc, const std::string& kernel, const std::string& real_dir,
                                const FidelityRule& rule) {
  RecordedRuns r;
  const std::string base = real_dir + "/" + kernel + "/" + sc.name;
  for (Trace t;
       read_recorded_run(r.runs.empty() ? base + ".json" : base + ".run" + std::to_string(r.runs.size() + 1) + ".json", t);)
    r.runs.push_back(std::move(t));
  if (r.runs.empty()) return r;
  r.thresh_us = recorded_thresh_us(real_dir + "/" + kernel, sc.cpus);
  // What each run's guest did that the scenario cannot say: where its idle
  // unbound workers had last run, and when rcu_preempt woke.
  if (rule.recorded_guest_state) {
    std::map<int, std::set<std::string>> threads;
    std::map<int, Ns> first_queue;
    for (std::size_t i = 0; i < r.runs.size(); ++i) {
      const Trace& tr = r.runs[i];
      const int run = static_cast<int>(i) + 1;
      for (const TraceEvent& e : tr.events) {
        if (e.work >= 0 && e.thread >= 0) threads[run].insert(tr.threads.at(static_cast<std::size_t>(e.thread)));
        if (e.kind == Ev::Queue && !first_queue.count(run)) first_queue[run] = e.t;
      }
    }
    std::set<std::string> wqs;
    for (const WorkqueueSpec& w : sc.workqueues) wqs.insert(w.name);
    r.guest = io::recorded_guest_state(base + ".ftrace.txt", threads, first_queue, wqs);
  }
  return r;
}

Scenario scenario_for_run(const Scenario& sc, const std::string& scheduler, const std::string& kernel,
                          const RecordedRuns& recorded, int run, std::string* key) {
  Scenario sr = sc;
  scheduler_from_name(scheduler, sr.scheduler);
  KernelVersion kv;
  kernel_from_name(kernel, kv);
  set_kernel(sr, kv);
  // Simulate with the threshold the guest kernel really used.
  if (recorded.thresh_us >= 0) sr.cpu_intensive_thresh_us = recorded.thresh_us;
  std::string k;
  if (auto g = recorded.guest.find(run); g != recorded.guest.end()) {
    // The guest creates its workers through kthreadd (with the median
    // costs of the recorded traces), and its setup may have made a pool.
    if (sr.workers.create_time == 0 && !sr.workers.kthreadd) {
      sr.workers.kthreadd = true;
      if (g->second.kthreadd_cpu >= 0 && g->second.kthreadd_cpu < sr.cpus) sr.workers.kthreadd_cpu = g->second.kthreadd_cpu;
      k += "k" + std::to_string(sr.workers.kthreadd_cpu) + ":";
    }
    for (int p = 0; p < 2; ++p) {
      int& start = sr.workers.unbound_initial_idle[p];
      if (start == 0) start = g->second.unbound_initial_idle[p];
      k += "n" + std::to_string(start) + ":";
      std::vector<int>& last = sr.workers.unbound_last_cpus[p];
      if (last.empty()) last = g->second.unbound_last_cpus[p];
      const int pool_start = sr.workers.unbound_start(p == 1);
      if (static_cast<int>(last.size()) > pool_start) last.resize(static_cast<std::size_t>(pool_start));
      for (int cpu : last) k += std::to_string(cpu) + (p ? "h," : ",");
    }
    if (sr.cpu_util.empty() && g->second.have_anchor) {
      sr.cpu_util = g->second.cpu_util;
      sr.cpu_util.resize(static_cast<std::size_t>(sr.cpus), 0);
      for (long u : sr.cpu_util) k += "u" + std::to_string(u);
    }
    for (BackgroundSpec& b : sr.background)
      if (b.name == "rcu_preempt" && g->second.have_anchor) {
        b.wakes = g->second.rcu_wakes;
        for (const BackgroundWake& w : b.wakes) k += ";" + std::to_string(w.at) + "@" + std::to_string(w.cpu);
      }
  }
  if (key) *key = std::move(k);
  return sr;
}

FidelityCell score_scenario(const Scenario& sc, const std::string& scheduler, const std::string& kernel,
                            const RecordedRuns& recorded, const FidelityRule& rule) {
  FidelityCell c;
  const auto& runs = recorded.runs;
  if (runs.empty()) return c;
  std::map<std::string, Trace> sims;  // one simulation per distinct guest state
  c.have = true;
  Ns best_at = -1;
  for (int run = 1; run <= static_cast<int>(runs.size()); ++run) {
    std::string key;
    const Scenario sr = scenario_for_run(sc, scheduler, kernel, recorded, run, &key);
    auto it = sims.find(key);
    if (it == sims.end()) it = sims.emplace(key, run_isolated(sr)).first;
    io::Comparison cmp = io::compare_traces(it->second, runs[static_cast<std::size_t>(run) - 1], rule.match);
    ++c.runs;
    c.runs_matched += cmp.match;
    if (auto g = recorded.guest.find(run); g != recorded.guest.end() && !g->second.fork_cpus.empty()) {
      const std::vector<int>& real_forks = g->second.fork_cpus;
      const std::vector<int> sim_forks = simulated_fork_cpus(it->second);
      c.forks += static_cast<int>(real_forks.size());
      for (std::size_t i = 0; i < real_forks.size() && i < sim_forks.size(); ++i) c.forks_same_cpu += real_forks[i] == sim_forks[i];
    }
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
