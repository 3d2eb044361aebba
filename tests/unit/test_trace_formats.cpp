// SPDX-License-Identifier: GPL-2.0-only
// ftrace text and Chrome JSON: structure, and agreement with Perfetto's
// importer grammar and with real kernel captures.
#include <dirent.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cmwqsim/run.hpp"
#include "io/chrome_trace.hpp"
#include "io/ftrace.hpp"
#include "io/trace_json.hpp"
#include "io/trace_json_stream.hpp"

using namespace cmwqsim;

namespace {
const std::string kSrc = CMWQSIM_SOURCE_DIR;

std::vector<std::string> scenario_files() {
  std::vector<std::string> out;
  for (const char* dir : {"doc", "spec", "rules", "validation"}) {
    std::string d = kSrc + "/scenarios/" + dir;
    if (DIR* h = opendir(d.c_str())) {
      while (dirent* e = readdir(h)) {
        std::string n = e->d_name;
        if (n.size() > 5 && n.substr(n.size() - 5) == ".json") out.push_back(d + "/" + n);
      }
      closedir(h);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Perfetto's systrace_line_tokenizer.cc regex (newer, 5-char flags).
const std::regex kPerfettoLine(R"(-(\d+)\s+\(?\s*(\d+|-+)?\)?\s?\[(\d+)\]\s*[a-zA-Z0-9.]{0,5}\s*(\d+\.\d+):\s+(\S+):)");

// event name -> its field keys in order ("key=" tokens), from one line.
std::vector<std::string> keys(const std::string& args) {
  std::vector<std::string> out;
  std::regex k(R"(([a-z_]+)=)");
  for (auto it = std::sregex_iterator(args.begin(), args.end(), k); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

std::map<std::string, std::vector<std::string>> event_keys(const std::string& text, bool strip_run) {
  std::map<std::string, std::vector<std::string>> out;
  std::istringstream in(text);
  std::regex ev(R"(\d+\.\d+: (\w+): (.*)$)");
  for (std::string l; std::getline(in, l);) {
    if (strip_run) l = l.substr(l.find(':') + 1);
    std::smatch m;
    if (!l.empty() && l[0] != '#' && std::regex_search(l, m, ev)) out.emplace(m[1], keys(m[2]));
  }
  return out;
}
}  // namespace

TEST_CASE("every scenario's ftrace parses with Perfetto's systrace grammar") {
  for (const std::string& f : scenario_files()) {
    INFO(f);
    Scenario sc = load_scenario_file(f);
    std::string text = io::ftrace_text(run_isolated(sc));
    std::istringstream in(text);
    int events = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      INFO(line);
      std::smatch m;
      REQUIRE(std::regex_search(line, m, kPerfettoLine));
      ++events;
      std::string name = m[5];
      if (name == "sched_switch") {
        auto k = keys(line.substr(line.find("sched_switch:")));
        CHECK(k == std::vector<std::string>{"prev_comm", "prev_pid", "prev_prio", "prev_state", "next_comm", "next_pid",
                                            "next_prio"});
      }
      if (name == "workqueue_execute_start") CHECK(line.find(": function ") != std::string::npos);
    }
    CHECK(events > 0);
    // The header counts the lines that follow (the writer counts before it streams them).
    const std::string n = std::to_string(events);
    CHECK(text.find("# entries-in-buffer/entries-written: " + n + "/" + n + " ") != std::string::npos);
  }
}

TEST_CASE("ftrace fields are the real kernels' (against the kernel-run captures)") {
  for (const char* k : {"6.1", "6.12"}) {
    INFO(k);
    std::ifstream in(kSrc + "/scenarios/validation/real/" + k + "/v02-doc-max-active-2.ftrace.txt");
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    auto real = event_keys(ss.str(), true);
    Scenario sc = load_scenario_file(kSrc + "/scenarios/validation/v02-doc-max-active-2.json");
    kernel_from_name(k, sc.kernel);
    auto ours = event_keys(io::ftrace_text(run_isolated(sc)), false);
    for (const char* ev : {"workqueue_queue_work", "workqueue_activate_work", "workqueue_execute_start",
                           "workqueue_execute_end", "sched_waking", "sched_wakeup", "sched_switch"}) {
      INFO(ev);
      REQUIRE(real.count(ev));
      REQUIRE(ours.count(ev));
      CHECK(ours[ev] == real[ev]);
    }
  }
}

TEST_CASE("the Chrome trace names every process and thread and has a slice per execution") {
  for (const char* f : {"doc/01-original-wq.json", "doc/02-cmwq-max-active-3.json", "doc/03-cmwq-max-active-2.json",
                        "doc/04-cmwq-cpu-intensive.json"}) {
    INFO(f);
    Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/" + f));
    nlohmann::json j = nlohmann::json::parse(io::chrome_trace(tr).dump());
    REQUIRE(j["traceEvents"].is_array());
    std::set<int> named_pids;
    std::set<std::pair<int, int>> named_threads;
    std::map<int, int> flow_starts, flow_ends;
    std::map<std::string, double> slice_dur;
    for (const auto& e : j["traceEvents"]) {
      REQUIRE(e.contains("ph"));
      REQUIRE(e.contains("pid"));
      REQUIRE(e.contains("tid"));
      std::string ph = e["ph"];
      if (ph == "M" && e["name"] == "process_name") named_pids.insert(e["pid"].get<int>());
      if (ph == "M" && e["name"] == "thread_name") named_threads.insert({e["pid"].get<int>(), e["tid"].get<int>()});
      if (ph == "M") continue;
      REQUIRE(e.contains("ts"));
      CHECK(named_pids.count(e["pid"].get<int>()) == 1);
      CHECK(named_threads.count({e["pid"].get<int>(), e["tid"].get<int>()}) == 1);
      if (ph == "X") {
        CHECK(e["dur"].get<double>() >= 0);
        if (e["cat"] == "work") slice_dur[e["name"]] = e["dur"].get<double>();
      }
      if (ph == "s") flow_starts[e["id"].get<int>()]++;
      if (ph == "f") flow_ends[e["id"].get<int>()]++;
    }
    CHECK(flow_starts == flow_ends);
    // Every execution: a slice from start to finish.
    std::map<std::string, Ns> start;
    for (const TraceEvent& e : tr.events) {
      if (e.work < 0) continue;
      std::string label = tr.works[e.work] + "#" + std::to_string(e.instance);
      if (e.kind == Ev::Start) start[label] = e.t;
      if (e.kind == Ev::Finish) {
        REQUIRE(slice_dur.count(label));
        CHECK(slice_dur[label] == Approx(static_cast<double>(e.t - start[label]) / 1000.0));
      }
    }
    CHECK(slice_dur.size() == 3);
  }
}

TEST_CASE("the streamed JSON trace is the same document as trace_to_json, and reads back") {
  for (const std::string& f : {kSrc + "/tests/data/everything.json", kSrc + "/scenarios/spec/s12-rescuer-6.12.json",
                              kSrc + "/scenarios/validation/v25-cond-resched-yield.json"}) {
    Scenario sc = load_scenario_file(f);
    sc.scheduler = Scheduler::Eevdf;  // every event kind, sched_switch and sched_wakeup included
    Trace tr = run_isolated(sc);
    REQUIRE(tr.events.size() > 20);
    std::ostringstream out;
    io::write_trace_json(tr, out);
    nlohmann::json streamed = nlohmann::json::parse(out.str());
    CHECK(streamed == io::trace_to_json(tr));
    Trace back = io::trace_from_json(streamed);
    CHECK(back.events.size() == tr.events.size());
  }
  Trace empty;
  std::ostringstream out;
  io::write_trace_json(empty, out);
  CHECK(nlohmann::json::parse(out.str()) == io::trace_to_json(empty));
}
