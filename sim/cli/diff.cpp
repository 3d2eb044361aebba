// SPDX-License-Identifier: GPL-2.0-only
// cmwq-sim diff: two runs lined up (two scenarios, or one under two
// settings), the first event where they part with both sides' causes, then
// the events that differ. Exit 0 the same, 1 they differ, 2 bad input.
#include <iostream>

#include "cli/commands.hpp"
#include "io/text_file.hpp"
#include "io/trace_diff.hpp"
#include "io/trace_json.hpp"
#include "io/why_text.hpp"

namespace cmwqsim::cli {

namespace {
// The value of a per-side option given once (both sides) or twice (A, then B).
std::string side_value(const std::vector<std::string>& v, int side) {
  if (v.empty()) return "";
  return v.size() == 1 ? v[0] : v.at(static_cast<std::size_t>(side));
}

// A trace file as it is, or a scenario run with its causes recorded.
Trace load_side(const std::string& path, const Overrides& o, std::string& label) {
  const std::string text = io::read_text_file(path);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_discarded() && io::is_trace_json(j)) {
    label = path + " (a trace: " + j.value("source", std::string("?")) + ")";
    return io::trace_from_json(j);
  }
  const Scenario sc = load_for_cli(path, o);
  label = path + " (scheduler " + to_string(sc.scheduler) + ", preemption " + to_string(sc.preemption) + ", kernel " +
          to_string(sc.kernel) + (sc.implementation == Implementation::Legacy ? ", legacy" : "");
  for (const std::string& s : o.sets) label += ", " + s;
  label += ")";
  RunLimits limits;
  limits.explain = true;
  return run_isolated(sc, limits);
}

void print_causes(const Trace& a, const Trace& b, const io::DiffRow& r, const std::string& indent) {
  for (auto [name, t, i] : {std::make_tuple("A", &a, r.a), std::make_tuple("B", &b, r.b)}) {
    if (!i || !t->why.on) continue;
    const std::string c = io::WhyText(*t).of_event(*i);
    std::cout << indent << name << ": " << (c.empty() ? "(no cause recorded)" : c) << "\n";
  }
}
}  // namespace

int cmd_diff(const DiffArgs& a) {
  for (const auto* v : {&a.schedulers, &a.kernels, &a.preemptions})
    if (v->size() > 2) {
      std::cerr << "cmwq-sim: diff: --scheduler, --kernel and --preemption are given once (both runs) or twice (A, then B)\n";
      return 2;
    }
  if (!a.sets.empty() && a.sets.size() != 2) {
    std::cerr << "cmwq-sim: diff: --set is given as a pair (A's, then B's); use --set-a and --set-b for more\n";
    return 2;
  }
  Ns tol = 0;
  if (!parse_duration(a.tolerance, tol) && a.tolerance != "0") {
    std::cerr << "cmwq-sim: diff: --tolerance: must be a duration such as 0.2ms or 150us, not " << a.tolerance << "\n";
    return 2;
  }
  Trace t[2];
  std::string label[2];
  for (int side = 0; side < 2; ++side) {
    const std::string& path = side == 0 || a.b.empty() ? a.a : a.b;
    Overrides o;
    o.scheduler = side_value(a.schedulers, side);
    o.kernel = side_value(a.kernels, side);
    o.preemption = side_value(a.preemptions, side);
    if (!a.sets.empty()) o.sets.push_back(a.sets[static_cast<std::size_t>(side)]);
    for (const std::string& s : side == 0 ? a.sets_a : a.sets_b) o.sets.push_back(s);
    try {
      t[side] = load_side(path, o, label[side]);
    } catch (const std::exception& e) {
      std::cerr << "cmwq-sim: " << path << ": " << e.what() << "\n";
      return 2;
    }
  }
  io::DiffOptions opt;
  opt.work_only = a.work_only;
  opt.sched = a.sched;
  opt.tolerance = tol;
  const io::TraceDiff d = io::diff_traces(t[0], t[1], opt);
  std::cout << "A: " << label[0] << "\nB: " << label[1] << "\n";
  if (d.differing.empty()) {
    std::cout << "same: " << d.compared << " events line up\n";
    return 0;
  }
  const io::DiffRow& first = d.rows[d.differing.front()];
  std::cout << "first difference: " << io::diff_row_text(t[0], t[1], first) << "\n";
  print_causes(t[0], t[1], first, "  ");
  // Where the work items themselves part, when a worker's event came first.
  for (std::size_t i : d.differing) {
    const io::DiffRow& r = d.rows[i];
    const TraceEvent& e = r.a ? t[0].events[*r.a] : t[1].events[*r.b];
    if (e.work < 0) continue;
    if (&r != &first) {
      std::cout << "first work-item difference: " << io::diff_row_text(t[0], t[1], r) << "\n";
      print_causes(t[0], t[1], r, "  ");
    }
    break;
  }
  std::cout << d.differing.size() << " of " << d.compared << " events differ:\n";
  std::size_t shown = 0;
  for (std::size_t i : d.differing) {
    if (shown++ == a.max_list) {
      std::cout << "  ... and " << d.differing.size() - a.max_list << " more (--max N)\n";
      break;
    }
    std::cout << "  " << io::diff_row_text(t[0], t[1], d.rows[i]) << "\n";
    if (a.causes) print_causes(t[0], t[1], d.rows[i], "      ");
  }
  return 1;
}

}  // namespace cmwqsim::cli
