// SPDX-License-Identifier: GPL-2.0-only
#include "cli/commands.hpp"

#include <dirent.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>

#include "cmwqsim/kernel_rules.hpp"
#include "io/chrome_trace.hpp"
#include "io/doc_tables.hpp"
#include "io/explained_timeline.hpp"
#include "io/scenario_doc.hpp"
#include "io/ftrace.hpp"
#include "io/plot_model.hpp"
#include "io/svg_plot.hpp"
#include "io/text_file.hpp"
#include "io/timeline.hpp"
#include "io/trace_dat.hpp"
#include "io/trace_json.hpp"
#include "io/trace_json_stream.hpp"
#include "io/trace_window.hpp"

namespace cmwqsim::cli {

// Loads a scenario and applies the command-line overrides.
Scenario load_for_cli(const std::string& file, const Overrides& o) {
  Scenario sc = o.sets.empty() ? load_scenario_file(file) : parse_scenario_text(io::load_scenario_doc(file, o.sets).dump());
  if (!o.scheduler.empty()) scheduler_from_name(o.scheduler, sc.scheduler);
  if (!o.preemption.empty()) {
    preemption_from_name(o.preemption, sc.preemption);
    sc.preemption_given = true;
  }
  if (!o.kernel.empty()) {
    KernelVersion k;
    if (!kernel_from_name(o.kernel, k))
      throw ScenarioError("--kernel", "a list of kernels (" + o.kernel + ") works with run and plot only");
    set_kernel(sc, k);
  }
  if (auto [path, why] = kernel_mismatch(sc); !why.empty()) throw ScenarioError(path, why);
  if (!o.implementation.empty()) implementation_from_name(o.implementation, sc.implementation);
  check_runnable(sc);
  static bool said = false, said_class = false;
  const Scheduler own = kernel_rules(sc.kernel).own_scheduler;
  if ((sc.scheduler == Scheduler::Cfs || sc.scheduler == Scheduler::Eevdf) && sc.scheduler != own && !said_class) {
    std::cerr << "cmwq-sim: note: kernel " << to_string(sc.kernel) << "'s fair class is " << to_string(own)
              << ", not " << to_string(sc.scheduler) << " (EEVDF replaced CFS in 6.6); simulating "
              << to_string(sc.scheduler) << " as asked\n";
    said_class = true;
  }
  bool scoped = false;
  for (const auto& wq : sc.workqueues) scoped = scoped || wq.affinity_scope != AffinityScope::Default || wq.affinity_strict;
  if (scoped && !kernel_rules(sc.kernel).affinity_scopes && !said) {
    std::cerr << "cmwq-sim: note: kernel 6.1 has no affinity scopes (unbound pwqs are per NUMA node); "
                 "affinity_scope and affinity_strict are ignored\n";
    said = true;
  }
  // 7.x __alloc_workqueue()'s warnings: notes, never errors (the kernel goes on).
  static std::set<std::string> said_percpu;
  for (const auto& [path, what] : wq_percpu_warnings(sc))
    if (said_percpu.insert(file + "\n" + path).second)
      std::cerr << "cmwq-sim: note: " << file << ": " << path << ": " << what << "\n";
  return sc;
}

bool write_atomically(const std::string& path, const std::string& text) {
  return write_atomically(path, [&](std::ostream& o) { o << text; });
}

// Writes to a temporary file, then renames it over the target. A target
// that exists and is no regular file (/dev/null, a FIFO) is written as it is:
// a rename would replace the device.
bool write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    std::ofstream out(path, std::ios::binary);
    if (!out) return false;
    write(out);
    return static_cast<bool>(out.flush());
  }
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    write(out);
    if (!out.flush()) {
      out.close();
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int write_output(const std::string& output, const std::function<void(std::ostream&)>& write) {
  if (output.empty()) {
    write(std::cout);
    return 0;
  }
  if (write_atomically(output, write)) return 0;
  std::cerr << "cmwq-sim: cannot write " << output << "\n";
  return 2;
}

int write_output(const std::string& output, const std::string& text) {
  return write_output(output, [&](std::ostream& o) { o << text; });
}

namespace {
int bad_input(const std::string& file, const std::exception& e) {
  std::cerr << "cmwq-sim: " << file << ": " << e.what() << "\n";
  return 2;
}

std::string timeline_text(const Trace& tr) {
  std::string s = unit_header(tr.unit) + " EVENT\n";
  for (const auto& l : io::format_timeline(io::timeline_of(tr), tr.unit)) s += l + "\n";
  return s;
}

std::vector<io::TimelineLine> expected_lines(const Scenario& sc) {
  std::vector<io::TimelineLine> out;
  for (const auto& l : sc.expect) io::parse_timeline_text(l, sc.unit, out);  // validated at load
  return out;
}

}  // namespace

namespace {
int write_run_output(const RunArgs& a, const Trace& tr);
}  // namespace

int cmd_run(const RunArgs& a) {
  if (a.over.kernel.find(',') != std::string::npos) return cmd_run_kernels(a, split_kernels(a.over.kernel));
  Scenario sc;
  RunLimits limits;
  limits.max_events = a.max_events;
  limits.check_invariants = a.check_invariants;
  limits.explain = a.explain || (a.detail && a.format == "text");
  try {
    sc = load_for_cli(a.file, a.over);
    if (!a.until.empty()) {
      Ns t = 0;
      if (!parse_time_text(a.until, sc.unit, t))
        throw ScenarioError("--until", "must be a non-negative time in " + sc.unit.name + ", not " + a.until);
      limits.until = t;
    }
  } catch (const std::exception& e) {
    return bad_input(a.file, e);
  }
  Trace tr;
  try {
    tr = run_scenario(sc, limits);
  } catch (const SimulationError& e) {
    if (e.partial) write_run_output(a, *e.partial);  // what led to the deadlock or broken invariant
    throw;                                           // main() prints it: exit 3
  }
  // The trace ends once the work is done, unless --until or --to-end asks for the rest.
  if (a.until.empty() && !a.to_end) io::cut_at_default_end(tr);
  return write_run_output(a, tr);
}

namespace {
int write_run_output(const RunArgs& a, const Trace& tr) {
  if (tr.truncated) std::cerr << "cmwq-sim: " << a.file << ": " << tr.stop_reason << "; the trace is partial\n";
  // The traces are streamed: a large one never exists as one string.
  return write_output(a.output, [&](std::ostream& o) {
    if (a.format == "text" && (a.explain || a.detail)) {
      o << io::detail_text(tr, a.explain);
    } else if (a.format == "text") {
      o << timeline_text(tr);
    } else if (a.format == "ftrace") {
      io::write_ftrace(tr, o);
    } else if (a.format == "tracedat") {
      io::write_trace_dat(tr, o);
    } else {
      if (a.format == "json") io::write_trace_json(tr, o);
      else io::write_chrome_trace(tr, o);
      o << "\n";
    }
  });
}
}  // namespace

int cmd_check(const CheckArgs& a) {
  int failed = 0, passed = 0;
  for (const std::string& file : a.files) {
    Scenario sc;
    try {
      sc = load_for_cli(file, a.over);
      if (!sc.has_expect) throw ScenarioError("", "has no \"expect\" timeline to check");
    } catch (const std::exception& e) {
      return bad_input(file, e);
    }
    Trace tr = run_isolated(sc);
    std::vector<std::string> diff;
    if (io::compare_timelines(expected_lines(sc), io::timeline_of(tr), sc.unit, diff)) {
      std::cout << "PASS " << file << "\n";
      ++passed;
    } else {
      std::cout << "FAIL " << file << " (- expected, + simulated)\n";
      for (const auto& d : diff) std::cout << "  " << d << "\n";
      ++failed;
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

int cmd_doc_check(const DocCheckArgs& a) {
  std::string rst;
  try {
    rst = io::read_text_file(a.rst);
  } catch (const ScenarioError& e) {
    std::cerr << "cmwq-sim: " << e.what() << "\n";
    return 2;
  }
  std::vector<io::DocTable> tables = io::find_doc_tables(rst);

  std::vector<std::string> files;
  if (DIR* d = opendir(a.scenarios_dir.c_str())) {
    while (dirent* ent = readdir(d)) {
      std::string n = ent->d_name;
      if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0) files.push_back(a.scenarios_dir + "/" + n);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  if (tables.size() != files.size()) {
    std::cerr << "cmwq-sim: " << a.rst << " has " << tables.size() << " TIME IN MSECS EVENT tables but "
              << a.scenarios_dir << " has " << files.size() << " scenarios\n";
    return 1;
  }
  int matched = 0;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const io::DocTable& t = tables[i];
    Scenario sc;
    try {
      sc = load_for_cli(files[i], Overrides{});
    } catch (const std::exception& e) {
      return bad_input(files[i], e);
    }
    std::vector<io::TimelineLine> expected;
    std::vector<std::string> diff;
    for (const auto& row : t.rows) {
      std::string err = io::parse_timeline_text(row, sc.unit, expected);
      if (!err.empty()) diff.push_back("? line \"" + row + "\": " + err);
    }
    Trace tr = run_isolated(sc);
    bool ok = io::compare_timelines(expected, io::timeline_of(tr), sc.unit, diff) && diff.empty();
    std::cout << (ok ? "match " : "DIFF  ") << "table " << i + 1 << " (" << a.rst << ":" << t.line << ", \""
              << t.intro << "\") vs " << files[i] << "\n";
    for (const auto& d : diff) std::cout << "  " << d << "\n";
    matched += ok;
  }
  std::cout << "doc-check: " << matched << "/" << tables.size() << " tables match\n";
  return matched == static_cast<int>(tables.size()) ? 0 : 1;
}

int cmd_plot(const PlotArgs& a) {
  std::vector<io::PlotPanel> panels;
  for (const std::string& file : a.files) {
    try {
      std::ifstream in(file);
      if (!in) throw ScenarioError("", "cannot open " + file);
      nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
      if (io::is_trace_json(j)) {  // a trace (e.g. from kernel-run)
        panels.push_back(io::plot_panel(io::trace_from_json(j), a.files.size() > 1 ? file : ""));
        continue;
      }
      // --kernel A,B,...: a panel per kernel, each under its own scheduler
      // unless --schedulers or --scheduler names some.
      const bool kernel_list = a.over.kernel.find(',') != std::string::npos;
      const std::vector<std::string> kernels = kernel_list ? split_kernels(a.over.kernel) : std::vector<std::string>{""};
      for (const std::string& k : kernels) {
        Overrides over = a.over;
        if (kernel_list) over.kernel = k;
        Scenario sc = load_for_cli(file, over);
        std::vector<std::string> scheds = a.schedulers;
        if (scheds.empty())
          scheds.push_back(to_string(kernel_list && a.over.scheduler.empty() ? kernel_rules(sc.kernel).own_scheduler
                                                                             : sc.scheduler));
        for (const std::string& s : scheds) {
          Scenario v = sc;
          scheduler_from_name(s, v.scheduler);
          bool many = scheds.size() > 1 || a.files.size() > 1 || kernels.size() > 1;
          std::string label = kernel_list ? k + " (" + s + ", " + to_string(v.preemption) + ")" : s;
          panels.push_back(io::plot_panel(many ? run_isolated(v) : run_scenario(v), many ? label : ""));
        }
      }
    } catch (const std::exception& e) {
      return bad_input(file, e);
    }
  }
  return write_image(a.output, io::svg_timeline(panels));
}

// An SVG picture to `output`: SVG for .svg (or stdout), PNG for .png,
// rendered by rsvg-convert (Debian's librsvg2-bin) run without a shell;
// any other extension is refused.
int write_image(const std::string& output, const std::string& svg) {
  auto ends_with = [&](const char* ext) {
    const std::size_t n = std::strlen(ext);
    return output.size() > n && output.compare(output.size() - n, n, ext) == 0;
  };
  if (output.empty() || output == "-" || ends_with(".svg")) return write_output(output, svg);
  if (!ends_with(".png")) {
    std::cerr << "cmwq-sim: " << output << ": plots are written as SVG (.svg) or PNG (.png)\n";
    return 2;
  }
  const std::string tmp_svg = output + ".tmp." + std::to_string(getpid()) + ".svg";
  const std::string tmp_png = output + ".tmp." + std::to_string(getpid()) + ".png";
  if (!write_atomically(tmp_svg, svg)) {
    std::cerr << "cmwq-sim: cannot write " << tmp_svg << "\n";
    return 2;
  }
  std::vector<std::string> args = {"rsvg-convert", "-z", "2", "-o", tmp_png, tmp_svg};
  std::vector<char*> argv;
  for (std::string& x : args) argv.push_back(x.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int status = 0;
  const bool ran = posix_spawnp(&pid, "rsvg-convert", nullptr, nullptr, argv.data(), environ) == 0 &&
                   waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::remove(tmp_svg.c_str());
  if (!ran || std::rename(tmp_png.c_str(), output.c_str()) != 0) {
    std::remove(tmp_png.c_str());
    std::cerr << "cmwq-sim: " << output << ": PNG rendering failed (rsvg-convert, from Debian's librsvg2-bin"
              << (ran ? ", ran, but the file could not be moved into place" : "") << ")\n";
    return 2;
  }
  return 0;
}

}  // namespace cmwqsim::cli
