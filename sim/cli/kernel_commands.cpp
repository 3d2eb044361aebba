// SPDX-License-Identifier: GPL-2.0-only
// compare, kernel-spec and kernel-import: the real-kernel check's commands.
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cmwqsim/kernel_rules.hpp"
#include "io/compare.hpp"
#include "io/kernel_replay.hpp"
#include "io/text_file.hpp"
#include "io/trace_diff.hpp"
#include "io/trace_json.hpp"
#include "io/why_text.hpp"

namespace cmwqsim::cli {

namespace {
// A trace file, or a scenario file (simulated in a child process, with
// its causes recorded for the first divergence).
Trace load_trace(const std::string& path) {
  std::string text = io::read_text_file(path);
  nlohmann::json j;
  RunLimits limits;
  limits.explain = true;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    return run_isolated(parse_scenario_text(text), limits);  // reports the JSON error with its position
  }
  if (io::is_trace_json(j)) return io::trace_from_json(j);
  return run_isolated(parse_scenario_text(text), limits);
}

// "first divergence: KEY: A ..., B ...", with each side's cause where recorded.
std::vector<std::string> first_divergence_lines(const Trace& a, const Trace& b, const io::Comparison& c) {
  std::optional<io::ComparedEvent> d = io::first_divergence(c);
  if (!d) return {};
  io::DiffRow row{d->key, std::nullopt, std::nullopt, true};
  for (auto [t, side] : {std::make_pair(&a, &row.a), std::make_pair(&b, &row.b)})
    for (const io::KeyedEvent& k : io::keyed_events(*t, io::DiffOptions{true, false, 0}))
      if (k.key == d->key) *side = k.event;
  std::vector<std::string> out = {"first divergence: " + io::diff_row_text(a, b, row)};
  for (auto [name, t, i] : {std::make_tuple("A", &a, row.a), std::make_tuple("B", &b, row.b)})
    if (i && t->why.on) out.push_back(std::string("  ") + name + ": " + io::WhyText(*t).of_event(*i));
  return out;
}

}  // namespace

// "0.2ms", "200us", "150000ns", "0.001s"
bool parse_duration(const std::string& s, Ns& out) {
  for (const char* u : {"ns", "us", "ms", "s"}) {
    std::string suffix = u;
    if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::string num = s.substr(0, s.size() - suffix.size());
      if (!num.empty() && (num.back() < '0' || num.back() > '9')) continue;  // "ms" ends with "s"
      Unit unit;
      unit_from_name(u, unit);
      return parse_time_text(num, unit, out);
    }
  }
  return false;
}

int cmd_compare(const CompareArgs& a) {
  Ns tol = 0;
  if (!parse_duration(a.tolerance, tol)) {
    std::cerr << "cmwq-sim: --tolerance: must be a duration such as 0.2ms or 150us, not " << a.tolerance << "\n";
    return 2;
  }
  Trace ta, tb;
  for (auto [path, t] : {std::pair<const std::string*, Trace*>{&a.a, &ta}, {&a.b, &tb}}) {
    try {
      *t = load_trace(*path);
    } catch (const std::exception& e) {
      std::cerr << "cmwq-sim: " << *path << ": " << e.what() << "\n";
      return 2;
    }
  }
  io::Comparison c = io::compare_traces(ta, tb, tol);
  std::vector<std::string> report = io::comparison_report(c, tol, ta.unit);
  if (!c.match) {
    std::vector<std::string> first = first_divergence_lines(ta, tb, c);
    report.insert(report.end() - 1, first.begin(), first.end());
  }
  if (a.quiet) report.erase(report.begin(), report.end() - 1);
  std::cout << "A: " << a.a << " (" << ta.source << ")\nB: " << a.b << " (" << tb.source << ")\n";
  for (const auto& l : report) std::cout << l << "\n";
  return c.match ? 0 : 1;
}

int cmd_kernel_spec(const std::string& file, const std::string& kernel) {
  std::optional<KernelVersion> k;
  if (!kernel.empty()) {
    KernelVersion v;
    if (!kernel_from_name(kernel, v)) {
      std::cerr << "cmwq-sim: --kernel: must be 6.1, 6.12 or 7.3, not " << kernel << "\n";
      return 2;
    }
    k = v;
  }
  try {
    std::cout << io::kernel_spec(load_scenario_file(file), k) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << file << ": " << e.what() << "\n";
    return 2;
  }
  return 0;
}

int cmd_kernel_import(const KernelImportArgs& a) {
  Scenario sc;
  std::string log;
  try {
    sc = load_scenario_file(a.scenario);
    if (!a.kernel.empty()) {
      KernelVersion k;
      if (!kernel_from_name(a.kernel, k)) throw ScenarioError("--kernel", "must be 6.1, 6.12 or 7.3, not " + a.kernel);
      sc.preemption_given = false;  // the guest runs its kernel's own model
      set_kernel(sc, k);
    }
    log = io::read_text_file(a.log);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << e.what() << "\n";
    return 2;
  }
  auto traces = io::traces_from_kernel_log(log, sc, a.source);
  if (traces.empty()) {
    std::cerr << "cmwq-sim: " << a.log << ": no events of " << sc.name << "\n";
    return 1;
  }
  for (const auto& [run, tr] : traces) {
    std::string path = a.out_prefix + (run == 1 ? std::string() : ".run" + std::to_string(run)) + ".json";
    std::ofstream out(path);
    out << io::trace_to_json(tr).dump(1) << "\n";
    std::cout << path << ": " << tr.events.size() << " events\n";
  }
  return 0;
}

}  // namespace cmwqsim::cli
