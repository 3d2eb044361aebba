// SPDX-License-Identifier: GPL-2.0-only
// run --kernel 6.1,6.12,7.3: one scenario under several kernels, the
// timelines side by side. Each kernel runs under its own scheduler (the fair
// class it has) and preemption model unless --scheduler or --preemption
// gives one; each simulation runs in its own process.
#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/run.hpp"
#include "io/timeline.hpp"

namespace cmwqsim::cli {

std::vector<std::string> split_kernels(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string k; std::getline(in, k, ',');) out.push_back(k);
  return out;
}

int cmd_run_kernels(const RunArgs& a, const std::vector<std::string>& kernels) {
  if (a.format != "text") {
    std::cerr << "cmwq-sim: --kernel with several kernels prints text timelines side by side; --format " << a.format
              << " takes one kernel\n";
    return 2;
  }
  struct Column {
    std::string title;
    std::map<Ns, std::vector<std::string>> events;  // time -> phrases
  };
  std::vector<Column> cols;
  Unit unit;
  for (const std::string& k : kernels) {
    Scenario sc;
    Overrides over = a.over;
    over.kernel = k;
    try {
      sc = load_for_cli(a.file, over);
    } catch (const std::exception& e) {
      std::cerr << "cmwq-sim: " << a.file << ": " << e.what() << "\n";
      return 2;
    }
    if (a.over.scheduler.empty()) sc.scheduler = kernel_rules(sc.kernel).own_scheduler;
    unit = sc.unit;
    Trace tr = run_isolated(sc);
    Column c;
    c.title = k + " (" + to_string(sc.scheduler) + ", " + to_string(sc.preemption) + ")";
    for (const std::string& line : io::format_timeline(io::timeline_of(tr), sc.unit)) {
      const std::size_t sp = line.find(' ');
      Ns t = 0;
      parse_time_text(line.substr(0, sp), sc.unit, t);
      c.events[t].push_back(line.substr(sp + 1));
    }
    cols.push_back(std::move(c));
  }
  // Rows: every time any kernel has an event, as many lines as the busiest kernel has then.
  std::map<Ns, std::size_t> rows;
  for (const Column& c : cols)
    for (const auto& [t, ev] : c.events) rows[t] = std::max(rows[t], ev.size());
  std::vector<std::size_t> width;
  for (const Column& c : cols) {
    std::size_t w = c.title.size();
    for (const auto& [t, ev] : c.events)
      for (const std::string& e : ev) w = std::max(w, e.size());
    width.push_back(w);
  }
  const std::string time_title = unit_header(unit);
  std::size_t tw = time_title.size();
  for (const auto& [t, n] : rows) tw = std::max(tw, format_time(t, unit).size());
  return write_output(a.output, [&](std::ostream& o) {
    auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
    auto line = [&](const std::string& t, const std::vector<std::string>& cells) {
      std::string s = pad(t, tw);
      for (std::size_t i = 0; i < cells.size(); ++i) s += " | " + (i + 1 < cells.size() ? pad(cells[i], width[i]) : cells[i]);
      while (!s.empty() && s.back() == ' ') s.pop_back();
      o << s << "\n";
    };
    std::vector<std::string> titles;
    for (const Column& c : cols) titles.push_back(c.title);
    line(time_title, titles);
    for (const auto& [t, n] : rows)
      for (std::size_t r = 0; r < n; ++r) {
        std::vector<std::string> cells;
        for (const Column& c : cols) {
          auto it = c.events.find(t);
          cells.push_back(it != c.events.end() && r < it->second.size() ? it->second[r] : "");
        }
        line(r == 0 ? format_time(t, unit) : "", cells);
      }
  });
}

}  // namespace cmwqsim::cli
