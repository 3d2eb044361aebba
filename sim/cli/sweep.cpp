// SPDX-License-Identifier: GPL-2.0-only
// sweep and collect: a parameter grid run as one process per run, locally in
// parallel or as a job list for GNU parallel or a Slurm array. Every run
// writes OUT_DIR/run-<r>-of-<n>.csv (a header and one row); collect merges
// them in run order, so both ways give the same CSV byte for byte.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include "cli/commands.hpp"
#include "io/json_set.hpp"
#include "io/run_metrics.hpp"
#include "io/scenario_doc.hpp"
#include "io/svg_sweep.hpp"
#include "io/sweep_grid.hpp"
#include "io/text_file.hpp"

namespace cmwqsim::cli {

namespace {

std::string join(const std::vector<std::string>& cells) {
  std::string s;
  for (std::size_t i = 0; i < cells.size(); ++i) s += (i ? "," : "") + cells[i];
  return s;
}

std::string run_file(const std::string& dir, std::size_t r, std::size_t n) {
  char name[64];
  std::snprintf(name, sizeof name, "/run-%07zu-of-%07zu.csv", r, n);
  return dir + name;
}

std::string stderr_file(const std::string& dir, std::size_t r) { return dir + "/stderr-" + std::to_string(r) + ".txt"; }

// Writes a finished child's messages to stderr in one piece, and removes the file.
void relay_stderr(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(file.c_str());
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t w = write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (w <= 0) break;
    done += static_cast<std::size_t>(w);
  }
}

std::string describe(const std::vector<std::pair<std::string, io::json>>& settings) {
  std::string s;
  for (const auto& [k, v] : settings) s += (s.empty() ? "" : ", ") + k + "=" + io::csv_cell(v);
  return s;
}

// Runs run r of the grid in this process; writes its CSV file. Exit code.
int run_one(const io::SweepGrid& g, std::size_t r, const std::string& out_dir) {
  const auto settings = g.settings(r);
  Trace tr;
  try {
    io::json doc = io::load_scenario_doc(g.scenario, {});
    for (const auto& [path, value] : settings) io::json_set(doc, path, value);
    Scenario sc = parse_scenario_text(doc.dump());
    check_runnable(sc);
    RunLimits limits;
    limits.record = io::kMetricsEvents;  // all that run_metrics() reads
    tr = run_scenario(sc, limits);
  } catch (const ScenarioError& e) {
    std::cerr << "cmwq-sim: " << g.file << ": run " << r << " (" << describe(settings) << "): " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "cmwq-sim: " << g.file << ": run " << r << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << g.file << ": run " << r << " (" << describe(settings) << "): " << e.what() << "\n";
    return 3;
  }
  std::vector<std::string> header = {"run"}, row = {std::to_string(r)};
  for (const auto& [path, value] : settings) {
    header.push_back(io::csv_cell(path));
    row.push_back(io::csv_cell(value));
  }
  for (const auto& h : io::metrics_csv_header()) header.push_back(h);
  for (const auto& v : io::metrics_csv_values(io::run_metrics(tr))) row.push_back(v);
  if (!write_atomically(run_file(out_dir, r, g.runs()), join(header) + "\n" + join(row) + "\n")) {
    std::cerr << "cmwq-sim: cannot write " << run_file(out_dir, r, g.runs()) << "\n";
    return 2;
  }
  return 0;
}

// Merges OUT_DIR's run files; "" on success, else the problem.
std::string merge(const std::string& dir, std::string& csv) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return "cannot read the folder " + dir;
  std::map<std::size_t, std::string> rows;
  std::size_t total = 0;
  std::string header;
  while (dirent* e = readdir(d)) {
    std::size_t r = 0, n = 0;
    char tail = 0;
    if (std::sscanf(e->d_name, "run-%zu-of-%zu.cs%c", &r, &n, &tail) != 3 || tail != 'v') continue;
    std::ifstream in(dir + "/" + e->d_name);
    std::string h, row;
    std::getline(in, h);
    std::getline(in, row);
    if (row.empty()) {
      closedir(d);
      return std::string(e->d_name) + " has no row";
    }
    if ((total != 0 && n != total) || (!header.empty() && h != header)) {
      closedir(d);
      return std::string(e->d_name) + " belongs to another sweep (its header or run count differs)";
    }
    total = n;
    header = h;
    rows[r] = row;
  }
  closedir(d);
  if (total == 0) return "no run-*-of-*.csv files in " + dir;
  if (rows.size() != total) {
    std::string missing;
    int shown = 0;
    for (std::size_t r = 0; r < total && shown < 10; ++r)
      if (!rows.count(r)) missing += (shown++ ? ", " : "") + std::to_string(r);
    return std::to_string(total - rows.size()) + " of " + std::to_string(total) + " runs are missing (" + missing +
           (total - rows.size() > 10 ? ", ..." : "") + ")";
  }
  csv = header + "\n";
  for (const auto& kv : rows) csv += kv.second + "\n";
  return "";
}

std::string absolute(const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  char buf[PATH_MAX];
  return getcwd(buf, sizeof buf) != nullptr ? std::string(buf) + "/" + p : p;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

int cmd_sweep(const SweepArgs& a) {
  io::SweepGrid g;
  try {
    g = io::load_sweep_grid(a.grid);
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << a.grid << ": " << e.what() << "\n";
    return 2;
  }
  const std::size_t n = g.runs();
  // Every field's values are checked once, up front (not once per run, mid-sweep).
  if (a.run < 0) {
    try {
      io::check_sweep_grid(g);
    } catch (const std::exception& e) {
      std::cerr << "cmwq-sim: " << a.grid << ": " << e.what() << "\n";
      return 2;
    }
  }
  if (a.emit_jobs || a.run >= 0) {
    if (a.out_dir.empty()) {
      std::cerr << "cmwq-sim: --emit-jobs and --run need --out-dir\n";
      return 2;
    }
    mkdir(a.out_dir.c_str(), 0777);
  }
  if (a.emit_jobs) {
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    std::string self = len > 0 ? std::string(exe, static_cast<std::size_t>(len)) : "cmwq-sim";
    std::string jobs;
    for (std::size_t r = 0; r < n; ++r)
      jobs += shell_quote(self) + " sweep " + shell_quote(absolute(a.grid)) + " --run " + std::to_string(r) +
              " --out-dir " + shell_quote(absolute(a.out_dir)) + "\n";
    return write_output(a.output, jobs);
  }
  if (a.run >= 0) {
    if (static_cast<std::size_t>(a.run) >= n) {
      std::cerr << "cmwq-sim: " << a.grid << ": --run " << a.run << ": the grid has runs 0 to " << n - 1 << "\n";
      return 2;
    }
    return run_one(g, static_cast<std::size_t>(a.run), a.out_dir);
  }
  // Locally: one forked process per run, `jobs` at a time.
  char tmpl[] = "/tmp/cmwq-sweep-XXXXXX";
  std::string dir = a.out_dir;
  if (dir.empty()) {
    if (mkdtemp(tmpl) == nullptr) {
      std::cerr << "cmwq-sim: cannot create a temporary folder\n";
      return 2;
    }
    dir = tmpl;
  } else {
    mkdir(dir.c_str(), 0777);
  }
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  const int jobs = a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1L, cores));
  int running = 0, worst = 0;
  // Each child's stderr goes to its own file, passed on whole when it ends:
  // parallel runs' messages never interleave mid-line.
  std::map<pid_t, std::size_t> run_of;
  auto reap = [&] {
    int status = 0;
    const pid_t pid = wait(&status);
    if (pid > 0) {
      --running;
      int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
      worst = std::max(worst, rc);
      relay_stderr(stderr_file(dir, run_of[pid]));
      run_of.erase(pid);
    }
  };
  for (std::size_t r = 0; r < n; ++r) {
    while (running >= jobs) reap();
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
      const int fd = open(stderr_file(dir, r).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, STDERR_FILENO);
        close(fd);
      }
      _exit(run_one(g, r, dir));
    }
    if (pid > 0) run_of[pid] = r;
    if (pid < 0) {
      std::cerr << "cmwq-sim: fork() failed\n";
      worst = 3;
      break;
    }
    ++running;
  }
  while (running > 0) reap();
  std::string csv, problem = worst == 0 ? merge(dir, csv) : "";
  if (a.out_dir.empty()) {
    for (std::size_t r = 0; r < n; ++r) std::remove(run_file(dir, r, n).c_str());
    rmdir(dir.c_str());
  }
  if (worst != 0) return worst;
  if (!problem.empty()) {
    std::cerr << "cmwq-sim: " << problem << "\n";
    return 3;
  }
  return write_output(a.output, csv);
}

int cmd_collect(const CollectArgs& a) {
  std::string csv, problem = merge(a.dir, csv);
  if (!problem.empty()) {
    std::cerr << "cmwq-sim: collect: " << problem << "\n";
    return 1;
  }
  return write_output(a.output, csv);
}

int cmd_plot_sweep(const PlotSweepArgs& a) {
  std::string svg;
  try {
    io::SweepPlotSpec spec{a.x, {}, a.series, a.title.empty() ? a.csv : a.title};
    for (std::size_t b = 0;;) {
      std::size_t e = a.y.find(',', b);
      spec.y.push_back(a.y.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    svg = io::svg_sweep(io::parse_csv(io::read_text_file(a.csv)), spec);
  } catch (const ScenarioError& e) {  // the file cannot be read
    std::cerr << "cmwq-sim: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "cmwq-sim: " << a.csv << ": " << e.what() << "\n";
    return 2;
  }
  return write_image(a.output, svg);
}

}  // namespace cmwqsim::cli
