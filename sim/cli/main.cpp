// SPDX-License-Identifier: GPL-2.0-only
// cmwq-sim: a discrete-event simulator of the Linux kernel's Concurrency
// Managed Workqueue. CLI11 owns argv; SimGrid never sees it.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "io/json_reader.hpp"
#include "io/random_scenario.hpp"
#include "io/replayable_scenario.hpp"

using namespace cmwqsim::cli;

namespace {
// A parse error in the user's words: an unknown command or option is named,
// with the nearest known one ("did you mean").
std::string parse_error_text(CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  std::vector<std::string> commands;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) commands.push_back(sub->get_name());
  if (argc > 1 && argv[1][0] != '-' && std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
    std::string hint = cmwqsim::io::did_you_mean(argv[1], commands);
    return std::string("unknown command \"") + argv[1] + "\"" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)");
  }
  for (CLI::App* sub : app.get_subcommands()) {  // the command given: its options
    std::vector<std::string> options;
    for (const CLI::Option* o : sub->get_options())
      for (const std::string& n : o->get_lnames()) options.push_back("--" + n);
    for (int i = 2; i < argc; ++i) {
      std::string arg = argv[i];
      arg = arg.substr(0, arg.find('='));
      if (arg.size() > 2 && arg.compare(0, 2, "--") == 0 && std::find(options.begin(), options.end(), arg) == options.end()) {
        std::string hint = cmwqsim::io::did_you_mean(arg, options);
        return sub->get_name() + ": unknown option " + arg + (hint.empty() ? "" : " (did you mean " + hint + "?)");
      }
    }
  }
  return e.what();
}

void add_overrides(CLI::App* cmd, Overrides& o) {
  cmd->add_option("--scheduler", o.scheduler, "Override the file's scheduler")
      ->check(CLI::IsMember({"fifo", "doc", "cfs", "eevdf"}));
  cmd->add_option("--preemption", o.preemption,
                  "Override the file's preemption model: voluntary (CONFIG_PREEMPT_VOLUNTARY; 6.1, 6.12), full "
                  "(CONFIG_PREEMPT) or lazy (CONFIG_PREEMPT_LAZY; 7.3); matters under cfs and eevdf. Default: "
                  "the kernel's own (voluntary on 6.x, lazy on 7.3)")
      ->check(CLI::IsMember({"voluntary", "full", "lazy"}));
  cmd->add_option("--kernel,--kernels", o.kernel,
                  "Override the file's kernel rules: 6.1, 6.12 or 7.3; run and plot also take a list (6.1,6.12,7.3; "
                  "--kernels is the same option): run prints the timelines side by side and plot stacks them, each "
                  "kernel under its own scheduler and preemption model unless --scheduler or --preemption is given")
      ->check([](const std::string& v) -> std::string {
        for (const std::string& k : cmwqsim::cli::split_kernels(v))
          if (k != "6.1" && k != "6.12" && k != "7.3") return "unknown kernel \"" + k + "\" (6.1, 6.12, 7.3)";
        return "";
      });
  cmd->add_option("--set", o.sets, "Set a field first, e.g. --set workqueues[0].max_active=1 (repeatable)");
  cmd->add_option("--implementation", o.implementation, "Override the file's implementation")
      ->check(CLI::IsMember({"cmwq", "legacy"}));
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "cmwq-sim: simulate the Linux kernel's Concurrency Managed Workqueue (cmwq).\n"
      "Exit codes: 0 success, 1 a mismatch (check, doc-check, compare, fidelity), 2 bad input,\n"
      "3 a simulation that cannot complete (a deadlock, or a broken invariant)."};
  app.set_version_flag("--version", std::string("cmwq-sim ") + CMWQSIM_VERSION +
                                        (std::string(CMWQSIM_GIT_COMMIT).empty() ? "" : " (git " CMWQSIM_GIT_COMMIT ")"));
  app.require_subcommand(1);

  RunArgs run;
  auto* c_run = app.add_subcommand("run", "Simulate a scenario and print its timeline");
  c_run->add_option("file", run.file, "Scenario JSON file")->required();
  c_run->add_option("--format", run.format,
                    "Output: text (the doc's timeline), json (the event trace), ftrace (/sys/kernel/tracing/trace "
                    "text, for Perfetto), tracedat (trace-cmd's binary trace.dat, for trace-cmd report and KernelShark) "
                    "or chrome (Trace Event JSON, for chrome://tracing and Perfetto)")
      ->check(CLI::IsMember({"text", "json", "ftrace", "tracedat", "chrome"}));
  c_run->add_option("-o,--output", run.output, "Write to this file instead of stdout");
  c_run->add_option("--max-events", run.max_events, "Stop after this many engine events")->capture_default_str();
  c_run->add_option("--until", run.until, "Stop at this time, in the scenario's unit (the trace goes on to it)");
  c_run->add_flag("--to-end", run.to_end,
                  "Keep the events after the machine goes idle once the work is done (the idle-worker culling, "
                  "~300 s on); by default the trace ends there");
  c_run->add_flag("--explain", run.explain,
                  "Record why each event happened, in the kernel's terms (the function and the values it read): "
                  "the text timeline becomes the detailed one with each cause indented under its line; the JSON "
                  "trace gets a \"why\" per event");
  c_run->add_flag("--detail", run.detail,
                  "Text: the detailed timeline (the CPU of every line, queued / queued inactive / activated, the "
                  "end of a sleep apart from getting the CPU back, the time spent waiting for a CPU), without causes");
  c_run->add_flag("--check-invariants", run.check_invariants,
                  "Check the model's invariants after every event; a violation stops the run with the state dumped");
  add_overrides(c_run, run.over);

  CheckArgs check;
  auto* c_check = app.add_subcommand("check", "Compare each scenario's \"expect\" with its simulation");
  c_check->add_option("files", check.files, "Scenario JSON files")->required();
  add_overrides(c_check, check.over);

  DocCheckArgs doc;
  auto* c_doc = app.add_subcommand(
      "doc-check", "Check the four TIME IN MSECS EVENT tables of a kernel tree's workqueue.rst");
  c_doc->add_option("rst", doc.rst, "Path to Documentation/core-api/workqueue.rst")->required();
  doc.scenarios_dir = std::string(CMWQSIM_SOURCE_DIR) + "/scenarios/doc";
  c_doc->add_option("--scenarios", doc.scenarios_dir, "Folder of the doc scenarios")->capture_default_str();

  PlotArgs plot;
  auto* c_plot = app.add_subcommand("plot", "Draw timelines as SVG (or PNG), several stacked on one time axis");
  c_plot->add_option("files", plot.files, "Scenario or trace JSON files")->required();
  c_plot->add_option("-o,--output", plot.output, "File to write: .svg, or .png (rendered with rsvg-convert)")->required();
  std::string plot_schedulers;
  c_plot->add_option("--schedulers", plot_schedulers, "Plot each scenario under each of these, e.g. doc,fifo");
  add_overrides(c_plot, plot.over);

  CompareArgs cmp;
  auto* c_cmp = app.add_subcommand("compare", "Compare two traces (or scenarios) event by event");
  c_cmp->add_option("a", cmp.a, "Trace JSON (run --format json, kernel-import) or scenario JSON")->required();
  c_cmp->add_option("b", cmp.b, "Trace JSON or scenario JSON")->required();
  c_cmp->add_option("--tolerance", cmp.tolerance, "Largest time error of a match, e.g. 0.2ms, 150us")
      ->capture_default_str();
  c_cmp->add_flag("-q,--quiet", cmp.quiet, "Print only the verdict");

  DiffArgs dif;
  auto* c_dif = app.add_subcommand(
      "diff", "Line up two runs (two scenarios, or one under two settings) and say where and why they part");
  c_dif->add_option("a", dif.a, "Scenario JSON (run with its causes recorded) or trace JSON")->required();
  c_dif->add_option("b", dif.b, "Scenario or trace JSON (default: A again, under B's settings)");
  c_dif->add_option("--scheduler", dif.schedulers, "Once (both runs) or twice (A's, then B's)")
      ->check(CLI::IsMember({"fifo", "doc", "cfs", "eevdf"}));
  c_dif->add_option("--kernel", dif.kernels, "Once or twice: 6.1, 6.12 or 7.3")
      ->check(CLI::IsMember({"6.1", "6.12", "7.3"}));
  c_dif->add_option("--preemption", dif.preemptions, "Once or twice: voluntary, full or lazy")
      ->check(CLI::IsMember({"voluntary", "full", "lazy"}));
  c_dif->add_option("--set", dif.sets, "A pair: --set PATH=A's --set PATH=B's");
  c_dif->add_option("--set-a", dif.sets_a, "Set a field of A's run (repeatable)");
  c_dif->add_option("--set-b", dif.sets_b, "Set a field of B's run (repeatable)");
  c_dif->add_option("--tolerance", dif.tolerance, "Largest time difference of the same event, e.g. 10us (default 0)");
  c_dif->add_flag("--work-only", dif.work_only, "Only the work items' events (queue to finish, CPU-intensive marks, cancels)");
  c_dif->add_flag("--sched", dif.sched, "Also the scheduler's sched_switch and sched_wakeup events");
  c_dif->add_flag("!--no-causes", dif.causes, "List the differing events without their causes");
  c_dif->add_option("--max", dif.max_list, "List at most this many differing events")->capture_default_str();

  ReportArgs rep;
  auto* c_rep = app.add_subcommand(
      "report", "Write one self-contained HTML file: the scenario, its timeline plot, the explained events, the "
                "per-workqueue stats; with --vs a second run and its diff");
  c_rep->add_option("file", rep.file, "Scenario JSON file")->required();
  c_rep->add_option("-o,--output", rep.output, "The HTML file to write (default: stdout)");
  c_rep->add_option("--vs", rep.vs, "A second scenario to run and compare (default: the same one, with --vs-*)");
  c_rep->add_option("--vs-scheduler", rep.vs_scheduler, "The second run's scheduler")
      ->check(CLI::IsMember({"fifo", "doc", "cfs", "eevdf"}));
  c_rep->add_option("--vs-kernel", rep.vs_kernel, "The second run's kernel")->check(CLI::IsMember({"6.1", "6.12", "7.3"}));
  c_rep->add_option("--vs-preemption", rep.vs_preemption, "The second run's preemption model")
      ->check(CLI::IsMember({"voluntary", "full", "lazy"}));
  c_rep->add_option("--vs-set", rep.vs_sets, "Set a field of the second run (repeatable)");
  add_overrides(c_rep, rep.over);

  std::string kspec_file, kspec_kernel;
  auto* c_kspec = app.add_subcommand("kernel-spec", "Print a scenario as the replay module's spec parameter");
  c_kspec->add_option("file", kspec_file, "Scenario JSON file")->required();
  c_kspec->add_option("--kernel", kspec_kernel, "6.1, 6.12 or 7.3: also refuse what that kernel lacks");

  KernelImportArgs kimp;
  auto* c_kimp = app.add_subcommand("kernel-import", "Turn a kernel-run guest log into JSON traces");
  c_kimp->add_option("log", kimp.log, "The guest's console log")->required();
  c_kimp->add_option("--scenario", kimp.scenario, "The scenario that ran")->required();
  c_kimp->add_option("--source", kimp.source, "What produced it, e.g. 'linux 6.12.57 (QEMU TCG)'")->required();
  c_kimp->add_option("--kernel", kimp.kernel,
                     "The guest's kernel (6.1, 6.12, 7.3): the traces record it and its preemption model "
                     "(default: the scenario's)");
  c_kimp->add_option("--out-prefix", kimp.out_prefix, "Write PREFIX.json (or PREFIX.runN.json per run)")
      ->required();

  StatsArgs stats;
  auto* c_stats = app.add_subcommand("stats", "Per-workqueue counters (wq_monitor.py's columns) and item latencies");
  c_stats->add_option("file", stats.file, "Scenario JSON file")->required();
  c_stats->add_option("--format", stats.format, "Output: text (a table) or json (times in ns)")
      ->check(CLI::IsMember({"text", "json"}));
  c_stats->add_option("-o,--output", stats.output, "Write to this file instead of stdout");
  add_overrides(c_stats, stats.over);

  SoakArgs soak;
  auto* c_soak = app.add_subcommand("soak", "Run random scenarios twice each, with invariants; report failures");
  c_soak->add_option("--runs", soak.runs, "How many scenarios")->capture_default_str()->check(CLI::Range(1LL, 100000000LL));
  c_soak->add_option("--seed", soak.seed, "The first scenario's seed")->capture_default_str();
  std::uint64_t random_seed = 1;
  bool random_replayable = false;
  int random_cpus = 0;
  auto* c_random = app.add_subcommand("random", "Print the random scenario of a seed (as soak runs it)");
  c_random->add_option("--seed", random_seed, "Seed")->capture_default_str();
  c_random->add_flag("--replayable", random_replayable,
                     "Only what tools/kernel-run replays on a real kernel (the random validation corpus)");
  c_random->add_option("--cpus", random_cpus, "With --replayable: 2 or 4 CPUs (default: drawn, 4 in a quarter of seeds)")
      ->check(CLI::IsMember({2, 4}));
  std::string random_steps = "basic";
  auto* random_steps_opt = c_random->add_option(
      "--steps", random_steps,
      "With --replayable: basic (burn, sleep, queue) or extended (also delayed queueing, flush, cancel)")
      ->check(CLI::IsMember({"basic", "extended"}));

  GenArgs gen;
  auto* c_gen = app.add_subcommand(
      "gen", "Expand a scenario's \"workload\" (generated items, from a seed) into a scenario listing every item");
  c_gen->add_option("file", gen.file, "Scenario JSON file with a \"workload\" section")->required();
  c_gen->add_option("--set", gen.sets, "Set a field first, e.g. --set workload.seed=7 --set cpus=16 (repeatable)");
  c_gen->add_option("-o,--output", gen.output, "Write to this file instead of stdout");

  SweepArgs sweep;
  auto* c_sweep = app.add_subcommand(
      "sweep", "Run a parameter grid, one process per run, and write one CSV row per run (or a job list)");
  c_sweep->add_option("grid", sweep.grid, "Grid JSON: {\"scenario\": FILE, \"grid\": {\"field.path\": [values]}}")
      ->required();
  c_sweep->add_option("-j,--jobs", sweep.jobs, "Runs at a time (default: one per online CPU)")->check(CLI::Range(1, 4096));
  c_sweep->add_option("-o,--output", sweep.output, "Write the CSV (or the job list) here instead of stdout");
  c_sweep->add_flag("--emit-jobs", sweep.emit_jobs,
                    "Print one command per run (for GNU parallel or a Slurm array) instead of running; then collect");
  c_sweep->add_option("--run", sweep.run, "Run only this run number, into --out-dir (what each job does)")
      ->check(CLI::NonNegativeNumber);
  c_sweep->add_option("--out-dir", sweep.out_dir, "Folder for the per-run CSV files (needed by --emit-jobs and --run)");
  CollectArgs collect;
  auto* c_collect = app.add_subcommand("collect", "Merge the per-run CSV files of a sweep, in run order");
  c_collect->add_option("dir", collect.dir, "The sweep's --out-dir")->required();
  c_collect->add_option("-o,--output", collect.output, "Write the CSV here instead of stdout");

  PlotSweepArgs psweep;
  auto* c_psweep = app.add_subcommand("plot-sweep", "Plot a sweep's CSV: metrics against a grid field (SVG)");
  c_psweep->add_option("csv", psweep.csv, "The CSV of sweep or collect")->required();
  c_psweep->add_option("-x", psweep.x, "The column on the x axis, e.g. workqueues[0].max_active")->required();
  c_psweep->add_option("-y", psweep.y, "Metric columns, one panel each, e.g. makespan_ns,latency_p99_ns")->required();
  c_psweep->add_option("--series", psweep.series, "One line per value of this column (else one line)");
  c_psweep->add_option("--title", psweep.title, "The title (default: the CSV's name)");
  c_psweep->add_option("-o,--output", psweep.output, "The SVG file to write")->required();

  PlotLatencyArgs plat;
  auto* c_plat = app.add_subcommand("plot-latency", "The queue-to-start latency CDFs of several runs on one axis (SVG or PNG)");
  c_plat->add_option("runs", plat.runs,
                     "Trace JSON (run --format json, kernel-run) or scenario files, each a curve; FILE::PATH=VALUE;... "
                     "runs a scenario with those changes (a what-if)")
      ->required();
  c_plat->add_option("--label", plat.labels, "A curve's name, once per run in order (default: the run as given)");
  c_plat->add_option("--title", plat.title, "The title");
  c_plat->add_option("-o,--output", plat.output, "File to write: .svg, or .png (rendered with rsvg-convert)")->required();
  add_overrides(c_plat, plat.over);

  ImportReportArgs imp_report;
  ImportArgs& imp = imp_report.import;
  auto* c_imp = app.add_subcommand("import", "Turn a real machine's ftrace into a replayable scenario");
  auto* c_imprep = app.add_subcommand(
      "import-report", "Import an ftrace, replay it, and compare the replay's start times and latencies with it");
  for (CLI::App* c : {c_imp, c_imprep}) {
    c->add_option("trace", imp.trace, "tracefs trace text, trace-cmd report output, .xz of either, or trace.dat")
        ->required();
    c->add_option("--kernel", imp.kernel, "The traced kernel: 6.1, 6.12 or 7.3 (default: guessed from the formats)")
        ->check(CLI::IsMember({"6.1", "6.12", "7.3"}));
    c->add_option("--run", imp.run, "kernel-run's .ftrace.txt: import run N (its \"N:\" lines)")->check(CLI::Range(1, 1000000));
    c->add_option("--from", imp.from, "Start of the window, in trace time: 2.5 (s) or 2500ms");
    c->add_option("--to", imp.to, "End of the window, in trace time");
    c->add_option("--workqueue", imp.workqueues, "Import only the items of this workqueue (repeatable)");
    c->add_option("--wq", imp.wq, "NAME:FLAGS:MAX: set a workqueue's flags (UNBOUND|HIGHPRI|..., ordered, none; "
                                  "empty keeps) and max_active (empty keeps), e.g. events_unbound::1 (repeatable)");
    c->add_flag("--only-workqueues", imp.only_workqueues, "No tasks: leave out the threads that are no kworkers");
  }
  c_imp->add_option("-o,--output", imp.output, "Write the scenario here instead of stdout");
  c_imprep->add_option("--set", imp_report.sets, "Set a field of the imported scenario first (repeatable)");
  c_imprep->add_option("--scheduler", imp_report.scheduler, "Replay under this scheduler (default: the kernel's own)")
      ->check(CLI::IsMember({"fifo", "doc", "cfs", "eevdf"}));
  c_imprep->add_flag("--check", imp_report.check, "Exit 1 unless the round trip matches");

  FidelityArgs fid;
  auto* c_fid = app.add_subcommand("fidelity", "Compare the validation scenarios with their real-kernel traces");
  fid.scenarios_dir = std::string(CMWQSIM_SOURCE_DIR) + "/scenarios/validation";
  c_fid->add_option("--scenarios", fid.scenarios_dir, "Folder of validation scenarios")->capture_default_str();
  c_fid->add_option("--real", fid.real_dir, "Folder of real traces (default: SCENARIOS/real)");
  auto* fid_tol = c_fid->add_option("--tolerance", fid.tolerance,
                                    "Largest time error of a match, e.g. 0.2ms, 150us (default 0.2ms; 0.25ms with --random)");
  c_fid->add_flag("--random", fid.random,
                  "Score the random corpus (default folder scenarios/validation/random): a scenario matches if any "
                  "recorded run agrees on starts, sleeps, resumes and finishes within the tolerance + 1 %");
  c_fid->add_option("--scheduler", fid.schedulers, "Schedulers to score (repeatable)")
      ->check(CLI::IsMember({"fifo", "doc", "cfs", "eevdf"}));
  c_fid->add_flag("--no-guest-state", fid.no_guest_state,
                  "Simulate each scenario once, as written, instead of once per recorded run with that run's guest "
                  "state, read from its ftrace (the CPUs its idle unbound workers last ran on, rcu_preempt's "
                  "wake-ups, the unbound pools its setup created, kthreadd's CPU, each CPU's util_avg)");
  c_fid->add_option("--markdown", fid.markdown, "Also write the report to this file");
  c_fid->add_option("--baseline", fid.baseline, "JSON {kernel: {scheduler: matches}}; exit 1 below it");
  auto* fid_run_sc = c_fid->add_option("--run-scenario", fid.run_scenario,
                    "Instead of scoring, print this scenario (a file name in the folder, without .json) as it is "
                    "simulated against one recorded run: with that run's guest state, the kernel's threshold, "
                    "--kernel and the one --scheduler (default: the kernel's own). Then `run --explain` it, or "
                    "`diff` it with the recorded run's JSON");
  c_fid->add_option("--kernel", fid.kernel, "With --run-scenario: the kernel whose recorded run to use")
      ->check(CLI::IsMember({"6.1", "6.12", "7.3"}))
      ->capture_default_str()
      ->needs(fid_run_sc);
  c_fid->add_option("--run", fid.run, "With --run-scenario: which recorded run (from 1)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->needs(fid_run_sc);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "cmwq-sim: " << parse_error_text(app, argc, argv, e) << " (see --help)\n";
    return 2;
  }
  auto dispatch = [&]() -> int {
    if (c_run->parsed()) return cmd_run(run);
    if (c_check->parsed()) return cmd_check(check);
    if (c_doc->parsed()) return cmd_doc_check(doc);
    if (c_plot->parsed()) {
      for (std::size_t b = 0; !plot_schedulers.empty();) {
        std::size_t e = plot_schedulers.find(',', b);
        std::string s = plot_schedulers.substr(b, e == std::string::npos ? std::string::npos : e - b);
        if (s != "fifo" && s != "doc" && s != "cfs" && s != "eevdf") {
          std::cerr << "cmwq-sim: --schedulers: unknown scheduler \"" << s << "\" (fifo, doc, cfs, eevdf)\n";
          return 2;
        }
        plot.schedulers.push_back(s);
        if (e == std::string::npos) break;
        b = e + 1;
      }
      return cmd_plot(plot);
    }
    if (c_cmp->parsed()) return cmd_compare(cmp);
    if (c_dif->parsed()) return cmd_diff(dif);
    if (c_rep->parsed()) return cmd_report(rep);
    if (c_kspec->parsed()) return cmd_kernel_spec(kspec_file, kspec_kernel);
    if (c_kimp->parsed()) return cmd_kernel_import(kimp);
    if (c_fid->parsed()) {
      if (fid.random && c_fid->get_option("--scenarios")->count() == 0) fid.scenarios_dir += "/random";
      if (fid.random && fid_tol->count() == 0) fid.tolerance = "0.25ms";
      if (!fid.run_scenario.empty() && c_fid->get_option("--scheduler")->count() == 0) fid.schedulers.clear();
      return cmd_fidelity(fid);
    }
    if (c_imp->parsed()) return cmd_import(imp);
    if (c_imprep->parsed()) return cmd_import_report(imp_report);
    if (c_gen->parsed()) return cmd_gen(gen);
    if (c_sweep->parsed()) return cmd_sweep(sweep);
    if (c_collect->parsed()) return cmd_collect(collect);
    if (c_psweep->parsed()) return cmd_plot_sweep(psweep);
    if (c_plat->parsed()) return cmd_plot_latency(plat);
    if (c_stats->parsed()) return cmd_stats(stats);
    if (c_soak->parsed()) return cmd_soak(soak);
    if (c_random->parsed()) {
      if ((random_cpus != 0 || random_steps_opt->count() > 0) && !random_replayable) {
        std::cerr << "cmwq-sim: random: " << (random_cpus != 0 ? "--cpus" : "--steps") << " goes with --replayable\n";
        return 2;
      }
      std::cout << (random_replayable ? cmwqsim::io::replayable_scenario(random_seed, random_cpus,
                                                                         random_steps == "extended")
                                      : cmwqsim::io::random_scenario(random_seed))
                << "\n";
      return 0;
    }
    return 2;
  };
  try {
    return dispatch();
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << e.what() << "\n";
    return 3;
  }
}
