// SPDX-License-Identifier: GPL-2.0-only
// cmwq-sim report SCENARIO -o report.html: the self-contained HTML report
// (io/html_report.hpp), with --vs a second run (another scenario, or the
// same under other settings) and its diff.
#include <iostream>

#include "cli/commands.hpp"
#include "io/html_report.hpp"
#include "io/scenario_doc.hpp"
#include "io/text_file.hpp"
#include "io/trace_window.hpp"

namespace cmwqsim::cli {

namespace {
std::string run_label(const Scenario& sc, const Overrides& o) {
  std::string s = "scheduler " + std::string(to_string(sc.scheduler)) + ", preemption " + to_string(sc.preemption) +
                  ", kernel " + to_string(sc.kernel);
  if (sc.implementation == Implementation::Legacy) s += ", legacy";
  for (const std::string& x : o.sets) s += ", " + x;
  return s;
}

// The scenario's run with its causes, ending once the work is done (as run's).
Trace explained_run(const Scenario& sc) {
  RunLimits limits;
  limits.explain = true;
  Trace t = run_isolated(sc, limits);
  io::cut_at_default_end(t);
  return t;
}
}  // namespace

int cmd_report(const ReportArgs& a) {
  const bool second = !a.vs.empty() || !a.vs_scheduler.empty() || !a.vs_kernel.empty() || !a.vs_preemption.empty() ||
                      !a.vs_sets.empty();
  Scenario sa, sb;
  Overrides ob = a.over;
  std::string text_a, text_b;
  const std::string file_b = a.vs.empty() ? a.file : a.vs;
  try {
    sa = load_for_cli(a.file, a.over);
    text_a = io::read_text_file(a.file);
    if (second) {
      if (!a.vs_scheduler.empty()) ob.scheduler = a.vs_scheduler;
      if (!a.vs_kernel.empty()) ob.kernel = a.vs_kernel;
      if (!a.vs_preemption.empty()) ob.preemption = a.vs_preemption;
      if (!a.vs_sets.empty()) ob.sets = a.vs_sets;
      sb = load_for_cli(file_b, ob);
      text_b = io::read_text_file(file_b);
    }
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << (sa.name.empty() ? a.file : file_b) << ": " << e.what() << "\n";
    return 2;
  }
  const Trace ta = explained_run(sa);
  std::optional<Trace> tb;
  if (second) tb = explained_run(sb);
  io::ReportRun ra{run_label(sa, a.over), text_a, &ta};
  std::optional<io::ReportRun> rb;
  if (tb) rb = io::ReportRun{(a.vs.empty() ? "" : file_b + ": ") + run_label(sb, ob), text_b, &*tb};
  return write_output(a.output, io::html_report(ra, rb));
}

}  // namespace cmwqsim::cli
