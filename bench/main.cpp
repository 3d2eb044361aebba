// SPDX-License-Identifier: GPL-2.0-only
// cmwq-bench: the performance benchmark (not a test). Each case runs in its
// own forked process (one SimGrid simulation per process) and reports wall
// time, engine events per second, peak RSS and events per work item, next to
// a minimal hand-written event loop that processes as many events. The
// simulation keeps what `stats` reads of the trace (queue, start and finish
// events); the "json" case keeps it all and writes it as `run --format json`
// does, the "file" case loads a scenario that lists every item, and the
// "import" case imports a large ftrace text as `cmwq-sim import` does.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "io/ftrace_reader.hpp"
#include "io/scenario_doc.hpp"
#include "cmwqsim/run.hpp"
#include "engine/isolate.hpp"
#include "io/run_metrics.hpp"
#include "io/trace_json_stream.hpp"
#include "io/trace_import.hpp"
#include "io/trace_window.hpp"
#include "io/workload.hpp"
#include "targets.hpp"
#include "hand_loop.hpp"
#include "import_trace.hpp"
#include "simgrid_floor.hpp"

using namespace cmwqsim;
using nlohmann::json;

namespace {

struct Case {
  std::string group, label;
  std::vector<std::string> sets;  // applied to the base scenario
  long long items = 0;
  int cpus = 0;
  // Simulate: the generated items, the trace as stats needs it; Json: the
  // whole trace, written as JSON; File: the items written out one by one
  // first (untimed), then loaded from that file and simulated; Import: a
  // recorded boot trace repeated to `items` events (untimed), then read,
  // imported and its scenario printed (timed as loading; nothing simulated).
  enum Kind { Simulate, Json, File, Import } kind = Simulate;
  std::string target;  // the issue's target this case measures (bench::Targets), if any
};

struct Sample {
  double parse_s = 0, sim_s = 0, hand_s = 0, rss_mb = 0, out_s = 0;
  std::uint64_t events = 0, handoffs = 0, hand_events = 0, trace_events = 0;
  double floor_s = 0;  // SimGrid alone, for as many hand-offs
};

// An output that drops what it is given (the JSON case times making the text, not a disk).
class Discard : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The generated items of the base scenario as a scenario file that lists
// each one (as `cmwq-sim gen` does), one item a line.
std::string write_listed_items(const std::string& base, const std::vector<std::string>& sets) {
  json doc = io::load_scenario_doc(base, sets);
  const Scenario sc = parse_scenario_text(doc.dump());
  doc.erase("workload");
  doc["work"] = "@items@";
  const std::string whole = doc.dump(), mark = "\"@items@\"";
  const std::size_t at = whole.find(mark);
  std::string text = whole.substr(0, at) + "[\n";
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    json program = json::array();
    for (const Step& st : w.program) program.push_back(io::step_to_json(st, sc.unit));
    text += json{{"name", w.name}, {"queue", sc.workqueues[w.queue].name}, {"cpu", w.cpu},
                 {"at", io::time_to_json(*w.at, sc.unit)}, {"program", std::move(program)}}
                .dump();
    text += i + 1 < sc.work.size() ? ",\n" : "\n";
  }
  text += "]" + whole.substr(at + mark.size()) + "\n";
  const std::string path = "/tmp/cmwq-bench-items-" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << text;
  return path;
}

// The import case in a child process: the seconds `cmwq-sim import` takes
// from reading the file to the scenario's text, and the events read.
Sample measure_import(const Case& c) {
  const std::string out = engine::run_in_child([&] {
    const std::string source = std::string(CMWQSIM_SOURCE_DIR) + "/scenarios/real-world/boot-7.3.ftrace.txt.xz";
    const std::string file = bench::write_repeated_trace(source, static_cast<std::size_t>(c.items));
    const auto t0 = std::chrono::steady_clock::now();
    io::FtraceText ft = io::read_ftrace_text(io::load_trace_text(file));
    io::ImportOptions opt;
    opt.file = file;
    const io::ImportResult r = io::import_ftrace(ft, opt);
    volatile std::size_t bytes = (r.scenario.dump(2) + "\n").size();  // as import prints it
    (void)bytes;
    const double s = seconds_since(t0);
    std::remove(file.c_str());
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return json{{"s", s}, {"rss_kb", ru.ru_maxrss}, {"events", ft.events.size()}}.dump();
  });
  const json j = json::parse(out);
  Sample s;
  s.parse_s = j["s"];
  s.rss_mb = j["rss_kb"].get<double>() / 1024.0;
  s.events = j["events"];
  s.trace_events = s.events;
  return s;
}

// One run of a case, in a child process.
Sample measure(const std::string& base, const Case& c) {
  if (c.kind == Case::Import) return measure_import(c);
  std::string out = engine::run_in_child([&] {
    const std::string file = c.kind == Case::File ? write_listed_items(base, c.sets) : "";
    auto t0 = std::chrono::steady_clock::now();
    Scenario sc = c.kind == Case::File ? load_scenario_file(file)
                                       : parse_scenario_text(io::load_scenario_doc(base, c.sets).dump());
    double parse_s = seconds_since(t0);
    if (!file.empty()) std::remove(file.c_str());
    t0 = std::chrono::steady_clock::now();
    RunLimits limits;
    if (c.kind != Case::Json) limits.record = kInstanceEvents;
    Trace tr = run_scenario(sc, limits);
    double out_s = 0;
    if (c.kind == Case::Json) {  // as run --format json: the trace cut at the end of the work, streamed out
      auto t1 = std::chrono::steady_clock::now();
      io::cut_at_default_end(tr);
      Discard discard;
      std::ostream sink(&discard);
      io::write_trace_json(tr, sink);
      out_s = seconds_since(t1);
    } else {
      volatile std::size_t n = io::instance_times(tr).size();  // what stats computes from the trace
      (void)n;
    }
    double sim_s = seconds_since(t0) - out_s;
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    bench::HandLoopResult h = bench::hand_loop(sc, tr.engine_events);
    return json{{"parse_s", parse_s},         {"sim_s", sim_s},         {"rss_kb", ru.ru_maxrss},
                {"events", tr.engine_events}, {"handoffs", tr.engine_handoffs}, {"trace", tr.events.size()},
                {"hand_events", h.events},    {"hand_s", h.seconds},    {"hand_checksum", h.checksum},
                {"out_s", out_s}}
        .dump();
  });
  json j = json::parse(out);
  // SimGrid by itself, in a fresh process, for the same number of hand-offs.
  const auto handoffs = j["handoffs"].get<std::uint64_t>();
  j["floor_s"] = c.kind != Case::Simulate ? 0.0 : std::stod(engine::run_in_child([&] {
    return std::to_string(bench::simgrid_floor(handoffs, std::max(2, c.cpus * 2)));
  }));
  Sample s;
  s.parse_s = j["parse_s"];
  s.sim_s = j["sim_s"];
  s.rss_mb = j["rss_kb"].get<double>() / 1024.0;
  s.events = j["events"];
  s.handoffs = j["handoffs"];
  s.floor_s = j["floor_s"];
  s.trace_events = j["trace"];
  s.hand_events = j["hand_events"];
  s.hand_s = j["hand_s"];
  s.out_s = j["out_s"];
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::vector<Case> cases(const std::string& only, bool quick) {
  std::vector<Case> out;
  auto want = [&](const std::string& g) { return only.empty() || only == g; };
  if (want("headline")) {
    out.push_back({"headline", "1e6 items, 64 CPUs, 8 wqs, fifo", {"scheduler=fifo"}, 1'000'000, 64, Case::Simulate, "fifo"});
    if (!quick)
      out.push_back({"headline", "1e6 items, 64 CPUs, 8 wqs, eevdf", {"scheduler=eevdf"}, 1'000'000, 64,
                     Case::Simulate, "eevdf"});
    if (!quick)
      out.push_back({"headline", "1e6 items, fifo, run json", {"scheduler=fifo"}, 1'000'000, 64, Case::Json, "json"});
  }
  if (want("file")) {
    const long long n = quick ? 20'000 : 200'000;
    out.push_back({"file", std::to_string(n) + " listed items, 64 CPUs", {"workload.items=" + std::to_string(n)}, n, 64,
                   Case::File, quick ? "" : "file"});
  }
  if (want("import")) {
    const long long n = quick ? 100'000 : 1'000'000;
    out.push_back({"import", std::to_string(n / 1000) + " k-event ftrace text, import", {}, n, 0, Case::Import,
                   quick ? "" : "import"});
  }
  if (want("items"))
    for (long long n : {1'000LL, 10'000LL, 100'000LL, 1'000'000LL}) {
      if (quick && n > 100'000) break;
      out.push_back({"items", std::to_string(n) + " items, 64 CPUs", {"workload.items=" + std::to_string(n)}, n, 64,
                     Case::Simulate, ""});
    }
  if (want("cpus"))
    for (int c : {1, 4, 16, 64, 256}) {
      // The same load per CPU (about 50%): the arrival rate scales with the CPUs.
      long long n = quick ? 10'000 : 100'000;
      std::string interval = std::to_string(4.0 * 64 / c);
      out.push_back({"cpus", "1e5 items, " + std::to_string(c) + " CPUs",
                     {"cpus=" + std::to_string(c), "workload.items=" + std::to_string(n),
                      "workload.arrival.poisson.mean_interval=" + interval},
                     n, c, Case::Simulate, ""});
    }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cmwq-bench: the cmwq-sim performance benchmark (wall time, events/s, peak RSS), each case in its own process"};
  std::string base = std::string(CMWQSIM_SOURCE_DIR) + "/bench/headline.json";
  int repeat = 5;
  std::string only, csv;
  bool quick = false;
  app.add_option("--scenario", base, "Base scenario (a \"workload\" scenario)")->capture_default_str();
  app.add_option("--repeat", repeat, "Runs per case; the table shows medians")->capture_default_str()->check(CLI::Range(1, 100));
  app.add_option("--only", only, "Run one group: headline, file, import, items or cpus")
      ->check(CLI::IsMember({"headline", "file", "import", "items", "cpus"}));
  app.add_flag("--quick", quick, "Smaller cases (a smoke run)");
  app.add_option("--csv", csv, "Also write one row per case to this CSV file");
  CLI11_PARSE(app, argc, argv);

  std::printf("%-34s %9s %6s %8s %8s %8s %7s %7s %9s %7s %8s %7s\n", "case", "events", "ev/item", "wall s",
              "parse s", "sim s", "M ev/s", "RSS MB", "hand M/s", "ratio", "switches", "floor s");
  FILE* out = csv.empty() ? nullptr : std::fopen(csv.c_str(), "w");
  if (!csv.empty() && out == nullptr) {
    std::cerr << "cmwq-bench: cannot write " << csv << "\n";
    return 2;
  }
  if (out) std::fprintf(out, "group,case,items,cpus,events,trace_events,parse_s,sim_s,mevents_per_s,rss_mb,hand_mevents_per_s,ratio,handoffs,simgrid_floor_s\n");
  std::vector<std::pair<const Case*, double>> series;  // the items series: (case, sim s)
  const std::vector<Case> all = cases(only, quick);
  bench::Targets targets;
  for (const Case& c : all) {
    std::vector<double> parse, sim, rss, hand, floor, wall, outs;
    Sample last;
    try {
      for (int r = 0; r < repeat; ++r) {
        last = measure(base, c);
        parse.push_back(last.parse_s);
        sim.push_back(last.sim_s);
        rss.push_back(last.rss_mb);
        hand.push_back(last.hand_s > 0 ? static_cast<double>(last.hand_events) / last.hand_s / 1e6 : 0);
        floor.push_back(last.floor_s);
        wall.push_back(last.parse_s + last.sim_s + last.out_s);
        outs.push_back(last.out_s);
      }
    } catch (const std::exception& e) {
      std::cerr << "cmwq-bench: " << c.label << ": " << e.what() << "\n";
      return 3;
    }
    if (c.kind == Case::Import) {  // no simulation: the import's time (as parse s) and RSS
      std::printf("%-34s %9llu %6s %8.3f %8.3f %8s %7s %7.0f %9s %7s %8s %7s\n", c.label.c_str(),
                  static_cast<unsigned long long>(last.events), "-", median(wall), median(parse), "-", "-", median(rss),
                  "-", "-", "-", "-");
      std::fflush(stdout);
      if (!c.target.empty()) targets.add(c.target, c.items, parse, wall, rss);
      if (out)
        std::fprintf(out, "%s,\"%s\",%lld,%d,%llu,%llu,%.4f,0,0,%.1f,0,0,0,0\n", c.group.c_str(), c.label.c_str(),
                     c.items, c.cpus, static_cast<unsigned long long>(last.events),
                     static_cast<unsigned long long>(last.trace_events), median(parse), median(rss));
      continue;
    }
    const double sim_s = median(sim);
    if (c.group == "items") series.emplace_back(&c, sim_s);
    const double mevs = static_cast<double>(last.events) / sim_s / 1e6, hand_mevs = median(hand);
    std::printf("%-34s %9llu %6.2f %8.3f %8.3f %8.3f %7.3f %7.0f %9.2f %6.1fx %8llu %7.3f\n", c.label.c_str(),
                static_cast<unsigned long long>(last.events), static_cast<double>(last.events) / c.items,
                median(wall), median(parse), sim_s, mevs, median(rss), hand_mevs, hand_mevs / mevs,
                static_cast<unsigned long long>(last.handoffs), median(floor));
    std::fflush(stdout);
    if (!c.target.empty()) targets.add(c.target, c.items, parse, wall, rss);
    if (out)
      std::fprintf(out, "%s,\"%s\",%lld,%d,%llu,%llu,%.4f,%.4f,%.4f,%.1f,%.3f,%.2f,%llu,%.4f\n", c.group.c_str(),
                   c.label.c_str(), c.items, c.cpus, static_cast<unsigned long long>(last.events),
                   static_cast<unsigned long long>(last.trace_events), median(parse), sim_s, mevs, median(rss),
                   hand_mevs, hand_mevs / mevs, static_cast<unsigned long long>(last.handoffs), median(floor));
  }
  if (out) std::fclose(out);
  targets.print();
  // Growth across the items series, against n log n.
  for (std::size_t i = 1; i < series.size(); ++i) {
    const double n0 = static_cast<double>(series[i - 1].first->items), n1 = static_cast<double>(series[i].first->items);
    const double grew = series[i].second / series[i - 1].second, nlogn = n1 * std::log(n1) / (n0 * std::log(n0));
    std::printf("growth %.0e -> %.0e items: simulation time x%.1f; n log n predicts x%.1f: %s\n", n0, n1, grew, nlogn,
                grew <= nlogn * 1.1 ? "within n log n" : "WORSE than n log n");
  }
  return 0;
}
