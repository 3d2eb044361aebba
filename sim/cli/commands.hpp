// SPDX-License-Identifier: GPL-2.0-only
// The CLI's subcommands. Each returns the process exit code:
// 0 success, 1 a mismatch (check, doc-check), 2 bad input.
#pragma once
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cmwqsim/run.hpp"

namespace cmwqsim::cli {

// --scheduler / --kernel / --implementation override the file.
struct Overrides {
  std::string scheduler, preemption, kernel, implementation;
  std::vector<std::string> sets;  // --set PATH=VALUE, applied to the file first
};

struct RunArgs {
  std::string file;
  std::string format = "text";
  std::string output;  // "" = stdout
  Overrides over;
  std::uint64_t max_events = RunLimits{}.max_events;
  std::string until;  // in the scenario's unit
  bool check_invariants = false;
  bool to_end = false;  // keep the events after the last work event (idle-worker culling)
  bool explain = false;  // each event's cause (text: the detailed timeline with causes; json: "why")
  bool detail = false;   // text: the detailed timeline (CPUs, queueing, waits), without causes
};
int cmd_run(const RunArgs& a);
// run with --kernel A,B,...: the timelines side by side (kernel_columns.cpp).
std::vector<std::string> split_kernels(const std::string& list);
int cmd_run_kernels(const RunArgs& a, const std::vector<std::string>& kernels);

struct CheckArgs {
  std::vector<std::string> files;
  Overrides over;
};
int cmd_check(const CheckArgs& a);

struct DocCheckArgs {
  std::string rst;
  std::string scenarios_dir;
};
int cmd_doc_check(const DocCheckArgs& a);

struct PlotArgs {
  std::vector<std::string> files;       // scenarios or JSON traces, stacked
  std::string output;                   // .svg, or .png (rendered with rsvg-convert)
  std::vector<std::string> schedulers;  // each scenario under each of these
  Overrides over;
};
int cmd_plot(const PlotArgs& a);

struct PlotLatencyArgs {
  std::vector<std::string> runs;    // FILE (trace or scenario) or FILE::PATH=VALUE;... (a what-if)
  std::vector<std::string> labels;  // one per run, in order (default: the run as given)
  std::string title, output;
  Overrides over;                   // applied to every scenario
};
int cmd_plot_latency(const PlotLatencyArgs& a);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct CompareArgs {
  std::string a, b;
  std::string tolerance = "0.2ms";
  bool quiet = false;
};
int cmd_compare(const CompareArgs& a);

struct DiffArgs {
  std::string a, b;  // b "": A again, under B's settings
  std::vector<std::string> schedulers, kernels, preemptions;  // once (both) or twice (A, B)
  std::vector<std::string> sets;            // a pair: A's, then B's
  std::vector<std::string> sets_a, sets_b;  // more, per side
  std::string tolerance = "0";
  bool work_only = false, sched = false;
  bool causes = true;        // each listed event's causes too
  std::size_t max_list = 50;  // differing events listed
};
// diff.cpp
int cmd_diff(const DiffArgs& a);

struct ReportArgs {
  std::string file, output;
  Overrides over;
  std::string vs;  // a second scenario (default: the same file, under the --vs-* settings)
  std::string vs_scheduler, vs_kernel, vs_preemption;
  std::vector<std::string> vs_sets;
};
// report.cpp: the self-contained HTML report.
int cmd_report(const ReportArgs& a);

int cmd_kernel_spec(const std::string& file, const std::string& kernel);

struct KernelImportArgs {
  std::string log, scenario, source, out_prefix;
  std::string kernel;  // the guest's kernel (6.1, 6.12, 7.3): the traces' "kernel" and "preemption"
};
int cmd_kernel_import(const KernelImportArgs& a);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct FidelityArgs {
  std::string scenarios_dir;
  std::string real_dir;  // default: <scenarios_dir>/real
  std::string tolerance = "0.2ms";
  std::vector<std::string> schedulers = {"fifo"};
  std::string markdown;  // write the report here
  std::string baseline;  // fail if fewer matches than this file says
  bool random = false;   // the random corpus and its rule (any run, 0.25 ms + 1 %, no queue events)
  bool no_guest_state = false;  // simulate without each run's recorded guest state (io/recorded_guest_state.hpp)
  // Instead of scoring: print scenario `run_scenario` as simulated against
  // run `run` on `kernel` (fidelity_run_scenario.cpp).
  std::string run_scenario;
  std::string kernel = "7.3";
  int run = 1;
};
int cmd_fidelity(const FidelityArgs& a);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct StatsArgs {
  std::string file;
  Overrides over;
  std::string format = "text";  // or json
  std::string output;           // "" = stdout
};
int cmd_stats(const StatsArgs& a);

// A duration with its unit: "0.2ms", "200us", "150000ns", "0.001s".
bool parse_duration(const std::string& s, Ns& out);

// Writes to a temporary file, then renames it over the target (false on failure).
bool write_atomically(const std::string& path, const std::string& text);
bool write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// A command's output: to `output` atomically, or to stdout if it is "".
// Returns the exit code: 0, or 2 (with the message) if the file cannot be written.
int write_output(const std::string& output, const std::function<void(std::ostream&)>& write);
int write_output(const std::string& output, const std::string& text);
// A plot: SVG for .svg (or stdout), PNG for .png; other extensions exit 2.
int write_image(const std::string& output, const std::string& svg);

// Loads a scenario, applies the overrides, checks it can run (ScenarioError).
Scenario load_for_cli(const std::string& file, const Overrides& o);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct SoakArgs {
  long long runs = 100;
  std::uint64_t seed = 1;
};
int cmd_soak(const SoakArgs& a);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct GenArgs {
  std::string file;
  std::vector<std::string> sets;  // PATH=VALUE, applied before expansion
  std::string output;             // "" = stdout
};
// Expands a scenario's "workload" into explicit work items.
int cmd_gen(const GenArgs& a);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct SweepArgs {
  std::string grid;
  int jobs = 0;            // parallel runs (0: one per online CPU)
  std::string output;      // the CSV ("" = stdout), or the job list
  bool emit_jobs = false;  // print one command per run instead of running
  long long run = -1;      // run only this run (a job), into out_dir
  std::string out_dir;     // where each run writes its CSV file
};
int cmd_sweep(const SweepArgs& a);

struct CollectArgs {
  std::string dir, output;
};
int cmd_collect(const CollectArgs& a);

struct PlotSweepArgs {
  std::string csv, x, y, series, title, output;
};
// An SVG of metrics against a grid field, from a sweep's CSV.
int cmd_plot_sweep(const PlotSweepArgs& a);

}  // namespace cmwqsim::cli

namespace cmwqsim::cli {

struct ImportArgs {
  std::string trace, output, kernel, from, to;
  int run = 0;  // kernel-run's .ftrace.txt: the run's "N:" lines
  std::vector<std::string> workqueues, wq;
  bool only_workqueues = false;
};
// An ftrace (text, .xz or trace.dat) as a scenario (import.cpp).
int cmd_import(const ImportArgs& a);

struct ImportReportArgs {
  ImportArgs import;
  std::vector<std::string> sets;  // PATH=VALUE on the imported scenario
  std::string scheduler;
  bool check = false;  // exit 1 unless the round trip matches
};
// Imports, replays, and reports how close the replay comes to the trace.
int cmd_import_report(const ImportReportArgs& a);

}  // namespace cmwqsim::cli
