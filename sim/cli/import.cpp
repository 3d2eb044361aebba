// SPDX-License-Identifier: GPL-2.0-only
// import and import-report: a real machine's ftrace as a scenario, and how
// close its replay comes to the real start and finish times.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cmwqsim/kernel_rules.hpp"
#include "io/compare.hpp"
#include "io/json_set.hpp"
#include "io/trace_import.hpp"

namespace cmwqsim::cli {

namespace {
// A trace time: seconds ("2.5"), or a duration with its unit ("2500ms").
bool parse_trace_time(const std::string& s, Ns& out) {
  if (parse_duration(s, out)) return true;
  Unit sec;
  unit_from_name("s", sec);
  return parse_time_text(s, sec, out);
}

// Reads, parses and imports; prints the notes. Throws on bad input.
io::ImportResult import_file(const ImportArgs& a) {
  io::ImportOptions o;
  o.file = a.trace;
  o.kernel = a.kernel;
  o.workqueues = a.workqueues;
  o.only_workqueues = a.only_workqueues;
  o.wq_overrides = a.wq;
  for (auto [text, field, flag] : {std::tuple{&a.from, &o.from, "--from"}, {&a.to, &o.to, "--to"}}) {
    if (text->empty()) continue;
    Ns t = 0;
    if (!parse_trace_time(*text, t))
      throw ScenarioError(flag, "must be a trace time in seconds (2.5) or with a unit (2500ms), not " + *text);
    *field = t;
  }
  if (o.from && o.to && *o.to <= *o.from) throw ScenarioError("--to", "must be after --from");
  io::FtraceReadOptions ro;
  ro.run = a.run;
  io::FtraceText ft = io::read_ftrace_text(io::load_trace_text(a.trace), ro);
  if (ft.lost_events > 0 || ft.lost_lines > 0)
    std::cerr << "cmwq-sim: " << a.trace << ": the trace lost " << ft.lost_events << " events (" << ft.lost_lines
              << " LOST lines): items and programs near them may be wrong\n";
  io::ImportResult r = io::import_ftrace(ft, o);
  for (const std::string& n : r.notes) std::cerr << "cmwq-sim: note: " << a.trace << ": " << n << "\n";
  return r;
}

Ns percentile(std::vector<Ns> v, int p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t k = (v.size() * static_cast<std::size_t>(p) + 99) / 100;  // nearest rank
  return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
}

std::string ms(Ns ns) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", static_cast<double>(ns) / 1e6);
  return b;
}

// Per item: queue, start and finish times (-1: none), from a trace's first instance.
struct Times {
  Ns queue = -1, start = -1, finish = -1;
};
std::vector<Times> item_times(const Trace& t, std::size_t n) {
  std::vector<Times> out(n);
  for (const TraceEvent& e : t.events) {
    if (e.work < 0 || static_cast<std::size_t>(e.work) >= n || e.instance != 1) continue;
    Times& x = out[static_cast<std::size_t>(e.work)];
    if (e.kind == Ev::Queue && x.queue < 0) x.queue = e.t;
    if (e.kind == Ev::Start && x.start < 0) x.start = e.t;
    if (e.kind == Ev::Finish && x.finish < 0) x.finish = e.t;
  }
  return out;
}

Trace starts_and_finishes(const Trace& t) {
  Trace out = t;
  out.events.clear();
  for (const TraceEvent& e : t.events)
    if (e.kind == Ev::Start || e.kind == Ev::Finish) out.events.push_back(e);
  return out;
}
}  // namespace

int cmd_import(const ImportArgs& a) {
  io::ImportResult r;
  try {
    r = import_file(a);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << a.trace << ": " << e.what() << "\n";
    return 2;
  }
  return write_output(a.output, r.scenario.dump(2) + "\n");
}

int cmd_import_report(const ImportReportArgs& a) {
  io::ImportResult r;
  Scenario sc;
  try {
    r = import_file(a.import);
    for (const std::string& s : a.sets) {
      try {
        io::json_set_assignment(r.scenario, s);
      } catch (const std::exception& e) {
        throw ScenarioError("--set", e.what());
      }
    }
    sc = parse_scenario_text(r.scenario.dump());
    if (!a.scheduler.empty()) scheduler_from_name(a.scheduler, sc.scheduler);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << a.import.trace << ": " << e.what() << "\n";
    return 2;
  }
  const Trace sim = run_scenario(sc);
  const std::size_t n = sc.work.size();
  std::vector<Times> real = item_times(r.observed, n), model = item_times(sim, n);
  std::vector<Ns> err, lat_real, lat_sim;
  std::size_t within = 0, started = 0;
  Ns sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    lat_real.push_back(real[i].start - real[i].queue);
    if (model[i].start < 0) continue;
    ++started;
    lat_sim.push_back(model[i].start - model[i].queue);
    Ns e = model[i].start - real[i].start;
    err.push_back(std::llabs(e));
    sum += std::llabs(e);
    within += std::llabs(e) <= 1'000'000;
  }
  io::MatchRule rule;
  rule.tolerance = 250'000;
  rule.percent = 1;
  rule.queue = false;
  io::Comparison c = io::compare_traces(starts_and_finishes(r.observed), starts_and_finishes(sim), rule);
  std::cout << "import-report: " << a.import.trace << " (kernel " << to_string(sc.kernel) << ", "
            << to_string(sc.scheduler) << ", " << sc.cpus << " CPUs): " << n << " items, " << sc.tasks.size()
            << " tasks\n";
  if (started < n) std::cout << "items the replay never started: " << n - started << "\n";
  std::cout << "start error |sim - real|, ms: mean " << ms(started ? sum / static_cast<Ns>(started) : 0) << ", p50 "
            << ms(percentile(err, 50)) << ", p90 " << ms(percentile(err, 90)) << ", p99 " << ms(percentile(err, 99))
            << ", max " << ms(percentile(err, 100)) << "\n";
  std::cout << "queue-to-start latency, ms: real p50 " << ms(percentile(lat_real, 50)) << " p90 "
            << ms(percentile(lat_real, 90)) << " p99 " << ms(percentile(lat_real, 99)) << "; simulated p50 "
            << ms(percentile(lat_sim, 50)) << " p90 " << ms(percentile(lat_sim, 90)) << " p99 "
            << ms(percentile(lat_sim, 99)) << "\n";
  char share[64];
  std::snprintf(share, sizeof share, "%.1f", n ? 100.0 * static_cast<double>(within) / static_cast<double>(n) : 0.0);
  std::cout << "items starting within 1 ms of the real start: " << within << "/" << n << " (" << share << " %)\n";
  std::cout << "round trip (every start and finish within 0.25 ms + 1 %, same order): "
            << (c.match ? "match" : "MISMATCH") << ", " << c.over_tolerance << " over, largest error "
            << ms(c.max_error) << " ms";
  if (auto d = io::first_divergence(c)) std::cout << ", first divergence " << d->key;
  std::cout << "\n";
  return a.check && !c.match ? 1 : 0;
}

}  // namespace cmwqsim::cli
