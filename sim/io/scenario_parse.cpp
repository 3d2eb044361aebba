// SPDX-License-Identifier: GPL-2.0-only
// Scenario JSON -> Scenario, with a one-line error naming the JSON path.
#include <functional>
#include <map>

#include "cmwqsim/kernel_rules.hpp"
#include "io/json_reader.hpp"
#include "io/listed_work.hpp"
#include "io/program_parse.hpp"
#include "io/workers_parse.hpp"
#include "io/text_file.hpp"
#include "io/topology_parse.hpp"
#include "io/workload.hpp"
#include "io/timeline.hpp"

namespace cmwqsim {

using io::json;
using io::ObjectReader;
using io::parse_json_text;

namespace {

const std::vector<std::pair<std::string, unsigned>> kFlags = {
    {"WQ_UNBOUND", WQ_UNBOUND},         {"WQ_FREEZABLE", WQ_FREEZABLE},
    {"WQ_MEM_RECLAIM", WQ_MEM_RECLAIM}, {"WQ_HIGHPRI", WQ_HIGHPRI},
    {"WQ_CPU_INTENSIVE", WQ_CPU_INTENSIVE}, {"WQ_PERCPU", WQ_PERCPU},
    {"WQ_BH", WQ_BH},
};

template <class T>
T enum_field(const ObjectReader& r, const std::string& key, T dflt, bool (*from)(const std::string&, T&),
             const std::vector<std::string>& names) {
  if (!r.has(key)) return dflt;
  if (!r.at(key).is_string()) r.fail(key, "must be a string, one of: " + [&] {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "\"" : ", \"") + n + "\"";
    return s;
  }());
  std::string v = r.at(key).get<std::string>();
  T out;
  if (!from(v, out)) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "\"" : ", \"") + n + "\"";
    std::string hint = io::did_you_mean(v, names);
    r.fail(key, "unknown value \"" + v + "\"" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") +
                    "; allowed: " + s);
  }
  return out;
}

std::string name_field(const ObjectReader& r) {
  std::string n = r.string("name");
  if (n.empty()) r.fail("name", "must not be empty");
  for (char c : n)
    if (c == ' ' || c == ',' || static_cast<unsigned char>(c) < 0x20)
      r.fail("name", "must not contain spaces, commas or control characters: \"" + n + "\"");
  return n;
}

void parse_workqueues(const ObjectReader& top, Scenario& sc, std::map<std::string, int>& wq_index) {
  const json& arr = top.array("workqueues");
  if (arr.empty()) top.fail("workqueues", "must list at least one workqueue");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = io::index_path("workqueues", i);
    ObjectReader r(arr[i], p, {"name", "flags", "max_active", "ordered", "affinity_scope", "affinity_strict"});
    WorkqueueSpec wq;
    wq.name = name_field(r);
    if (wq_index.count(wq.name)) r.fail("name", "duplicate workqueue name \"" + wq.name + "\"");
    if (r.has("flags")) {
      const json& fl = r.array("flags");
      for (std::size_t f = 0; f < fl.size(); ++f) {
        std::string fp = io::index_path(r.path("flags"), f);
        if (!fl[f].is_string()) throw ScenarioError(fp, "must be a flag name string, not " + io::type_name(fl[f]));
        std::string name = fl[f].get<std::string>();
        unsigned bit = 0;
        std::vector<std::string> names;
        for (const auto& kv : kFlags) {
          names.push_back(kv.first);
          if (kv.first == name) bit = kv.second;
        }
        if (bit == 0) {
          std::string hint = io::did_you_mean(name, names);
          std::string all;
          for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
          throw ScenarioError(fp, "unknown flag \"" + name + "\"" +
                                      (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") + "; allowed: " + all);
        }
        if (wq.flags & bit) throw ScenarioError(fp, "duplicate flag \"" + name + "\"");
        wq.flags |= bit;
      }
    }
    wq.max_active = static_cast<int>(r.integer("max_active", 0, 1 << 20, 0));
    wq.ordered = r.boolean("ordered", false);
    if (r.has("affinity_scope")) {
      std::string scope = r.string("affinity_scope");
      if (!io::affinity_scope_from_name(scope, wq.affinity_scope))
        r.fail("affinity_scope", "unknown scope \"" + scope + "\"; allowed: default, cpu, smt, cache, cache_shard (7.3), numa, system");
    }
    wq.affinity_strict = r.boolean("affinity_strict", false);
    if ((r.has("affinity_scope") || r.has("affinity_strict")) && !(wq.flags & WQ_UNBOUND) && !wq.ordered)
      r.fail(r.has("affinity_scope") ? "affinity_scope" : "affinity_strict", "applies to WQ_UNBOUND workqueues only");
    if (wq.ordered && wq.max_active > 1)
      r.fail("max_active", "an ordered workqueue has max_active 1 (alloc_ordered_workqueue()), not " +
                               std::to_string(wq.max_active));
    wq_index[wq.name] = static_cast<int>(i);
    sc.workqueues.push_back(wq);
  }
}

// listed: the text of the "work" array, read the fast way (io/listed_work.cpp);
// top's "work" is then an empty stand-in.
void parse_work(const ObjectReader& top, Scenario& sc, io::Names& names, const std::string_view* listed) {
  if (!top.has("work") && top.has("workload")) return;  // only generated items
  if (listed != nullptr) {
    if (!top.at("work").is_array() || !top.at("work").empty()) throw io::NotListed{};
    const bool later_sections_read_names =
        top.has("workload") || top.has("actions") || top.has("tasks") || top.has("background");
    io::parse_listed_work(*listed, sc, names, later_sections_read_names);
    return;
  }
  const json& arr = top.array("work");
  // Names first, so that steps may name later items.
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = io::index_path("work", i);
    ObjectReader r(arr[i], p, {"name", "queue", "cpu", "at", "program", "function"});
    std::string n = name_field(r);
    if (names.work.count(n)) r.fail("name", "duplicate work item name \"" + n + "\"");
    names.work[n] = static_cast<int>(i);
  }
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = io::index_path("work", i);
    ObjectReader r(arr[i], p, {"name", "queue", "cpu", "at", "program", "function"});
    WorkSpec w;
    w.name = r.string("name");
    if (r.has("function")) r.string("function");  // the kernel function it ran (cmwq-sim import); a note
    w.queue = io::lookup_name(names.wq, r.string("queue"), r.path("queue"), "workqueue");
    w.cpu_given = r.has("cpu");
    w.cpu = static_cast<int>(r.integer("cpu", 0, sc.cpus - 1, 0));
    if (r.has("at")) w.at = r.time("at", sc.unit);
    sc.work.push_back(w);
  }
  // Programs last: a step may check an item's fields.
  for (std::size_t i = 0; i < arr.size(); ++i) {
    ObjectReader r(arr[i], io::index_path("work", i), {"name", "queue", "cpu", "at", "program", "function"});
    sc.work[i].program = io::parse_program(r.array("program"), r.path("program"), sc, names);
  }
}

void check_every_item_is_queued(const Scenario& sc) {
  std::vector<bool> queued(sc.work.size(), false);
  auto mark = [&](const std::vector<Step>& program) {
    for (const Step& s : program)
      if (s.kind == Step::Queue || s.kind == Step::ModDelayed) queued[s.target] = true;
  };
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    if (sc.work[i].at) queued[i] = true;
    mark(sc.work[i].program);
  }
  for (const TaskSpec& t : sc.tasks) mark(t.program);
  for (const Action& a : sc.actions)
    if (a.kind == Action::Queue || a.kind == Action::ModDelayed) queued[a.work] = true;
  for (std::size_t i = 0; i < sc.work.size(); ++i)
    if (!queued[i])
      throw ScenarioError(io::index_path("work", i),
                          "\"" + sc.work[i].name +
                              "\" is never queued: give it \"at\", or queue it from a program step, a task or an action");
}

// A cycle of queue steps (a queues b queues ... a) never ends: no condition
// can stop it. Allowed only with a time limit ("until").
void check_queue_cycles(const Scenario& sc) {
  if (sc.until) return;
  const std::size_t n = sc.work.size();
  std::vector<int> state(n, 0);  // 0 new, 1 on the path, 2 done
  std::vector<std::string> path;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    state[i] = 1;
    for (std::size_t s = 0; s < sc.work[i].program.size(); ++s) {
      const Step& st = sc.work[i].program[s];
      if (st.kind != Step::Queue && st.kind != Step::ModDelayed) continue;
      auto t = static_cast<std::size_t>(st.target);
      if (state[t] == 1)
        throw ScenarioError(io::index_path(io::index_path("work", i) + ".program", s) +
                                (st.kind == Step::Queue ? ".queue" : ".mod_delayed"),
                            "\"" + sc.work[i].name + "\" queues \"" + sc.work[t].name +
                                "\", which queues it back: a cycle that never ends; give the scenario \"until\" "
                                "to run it for a while");
      if (state[t] == 0) visit(t);
    }
    state[i] = 2;
  };
  for (std::size_t i = 0; i < n; ++i)
    if (state[i] == 0) visit(i);
}

// The step key of a step that sleeps or may wait, else nullptr.
const char* waiting_step_key(Step::Kind k) {
  switch (k) {
    case Step::Sleep: return "sleep";
    case Step::Cancel: return "cancel";
    case Step::Flush: return "flush";
    case Step::FlushWorkqueue: return "flush_workqueue";
    case Step::DrainWorkqueue: return "drain_workqueue";
    case Step::Disable: return "disable";
    default: return nullptr;
  }
}

// A WQ_BH workqueue's items run in softirq context, where nothing may sleep
// or wait: only burn, queue, mod_delayed and enable steps. (The kernel lets a
// BH item cancel_work_sync() another BH item, busy-waiting; not modelled.)
void check_bh_programs(const Scenario& sc) {
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkqueueSpec& wq = sc.workqueues.at(sc.work[i].queue);
    if (!(wq.flags & WQ_BH)) continue;
    const std::vector<Step>& p = sc.work[i].program;
    for (std::size_t s = 0; s < p.size(); ++s) {
      const char* key = waiting_step_key(p[s].kind);
      if (key == nullptr) continue;
      throw ScenarioError(io::index_path(io::index_path("work", i) + ".program", s) + "." + key,
                          "\"" + sc.work[i].name + "\" is queued on the WQ_BH workqueue \"" + wq.name +
                              "\", whose items run in softirq context and cannot " +
                              (p[s].kind == Step::Sleep ? std::string("sleep") : "wait (" + std::string(key) + ")") +
                              "; only burn, queue, mod_delayed and enable steps");
    }
  }
}

// "cpu_util": one PELT average per CPU, at time 0.
std::vector<long> per_cpu_averages(const ObjectReader& top, const char* key, int cpus, long most, const char* what) {
  std::vector<long> out;
  if (!top.has(key)) return out;
  const json& a = top.array(key);
  const std::string path = top.path(key);
  if (static_cast<int>(a.size()) != cpus)
    throw ScenarioError(path, "lists " + std::to_string(a.size()) + " CPUs, but the scenario has " + std::to_string(cpus));
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_number_integer() || a[i].get<long long>() < 0 || a[i].get<long long>() > most)
      throw ScenarioError(io::index_path(path, i), std::string("must be ") + what);
    out.push_back(a[i].get<long>());
  }
  return out;
}

Scenario scenario_from_json(const json& j, const std::string_view* listed_work) {
  ObjectReader top(j, "",
                   {"$schema", "name", "description", "cpus", "cpu_util", "scheduler", "preemption", "implementation", "kernel", "hz", "cpu_intensive_thresh_us",
                    "unit", "until", "topology", "workers", "overheads", "workqueues", "work", "workload", "actions", "tasks", "background", "expect", "source"});
  Scenario sc;
  sc.name = name_field(top);
  sc.description = top.string_or("description", "");
  if (top.has("source")) {  // where an imported scenario came from (cmwq-sim import); a note
    ObjectReader src(top.at("source"), "source", {"file", "kernel", "cpus", "events", "lost_events", "origin_s"});
    if (src.has("file")) src.string("file");
    if (src.has("kernel")) src.string("kernel");
  }
  if (!top.has("cpus")) top.fail("cpus", "is required but missing (the number of CPUs, 1 or more)");
  sc.cpus = static_cast<int>(top.integer("cpus", 1, 4096, 1));
  io::parse_topology(top, sc);
  sc.cpu_util = per_cpu_averages(top, "cpu_util", sc.cpus, 1024, "a util_avg from 0 to 1024");
  sc.scheduler =
      enum_field(top, "scheduler", Scheduler::Fifo, scheduler_from_name, {"fifo", "doc", "cfs", "eevdf"});
  sc.preemption_given = top.has("preemption");
  sc.preemption = enum_field(top, "preemption", Preemption::Voluntary, preemption_from_name, {"voluntary", "full", "lazy"});
  sc.implementation =
      enum_field(top, "implementation", Implementation::Cmwq, implementation_from_name, {"cmwq", "legacy"});
  set_kernel(sc, enum_field(top, "kernel", KernelVersion::V6_1, kernel_from_name, {"6.1", "6.12", "7.3"}));
  if (top.has("hz")) {
    sc.hz = static_cast<int>(top.integer("hz", 100, 1000, 250));
    if (sc.hz != 100 && sc.hz != 250 && sc.hz != 300 && sc.hz != 1000)
      top.fail("hz", "must be 100, 250, 300 or 1000 (CONFIG_HZ), not " + std::to_string(sc.hz));
  }
  if (!top.has("unit")) top.fail("unit", "is required but missing (\"ns\", \"us\", \"ms\" or \"s\")");
  sc.unit = enum_field<Unit>(
      top, "unit", Unit{}, [](const std::string& s, Unit& u) { return unit_from_name(s, u); },
      {"ns", "us", "ms", "s"});
  io::parse_workers(top, sc);
  sc.cpu_intensive_thresh_us = top.integer("cpu_intensive_thresh_us", 0, 1'000'000'000, 10000);
  if (top.has("overheads")) {
    ObjectReader o(top.at("overheads"), "overheads", {"context_switch", "work_start", "tick", "irq"});
    sc.overheads.given = true;
    if (o.has("context_switch")) sc.overheads.context_switch = o.time("context_switch", sc.unit);
    if (o.has("work_start")) sc.overheads.work_start = o.time("work_start", sc.unit);
    if (o.has("tick")) sc.overheads.tick = o.time("tick", sc.unit);
    if (o.has("irq")) sc.overheads.irq = o.time("irq", sc.unit);
  }
  io::Names names;
  parse_workqueues(top, sc, names.wq);
  parse_work(top, sc, names, listed_work);
  io::expand_workload(top, sc, names);
  io::parse_actions(top, sc, names);
  io::parse_tasks(top, sc, names);
  io::parse_background(top, sc, names);
  if (auto [path, why] = kernel_mismatch(sc); !why.empty()) throw ScenarioError(path, why);
  check_bh_programs(sc);
  if (top.has("until")) sc.until = top.time("until", sc.unit);
  check_every_item_is_queued(sc);
  check_queue_cycles(sc);
  if (top.has("expect")) {
    sc.has_expect = true;
    const json& ex = top.array("expect");
    for (std::size_t i = 0; i < ex.size(); ++i) {
      if (!ex[i].is_string())
        throw ScenarioError(io::index_path("expect", i), "must be a string \"<time> <event>\", not " + io::type_name(ex[i]));
      std::vector<io::TimelineLine> lines;
      std::string err = io::parse_timeline_text(ex[i].get<std::string>(), sc.unit, lines);
      if (!err.empty()) throw ScenarioError(io::index_path("expect", i), err);
      sc.expect.push_back(ex[i].get<std::string>());
    }
  }
  return sc;
}

}  // namespace

// A file that lists its items ("work") has that array read the fast way, and
// only the rest of the text (small) becomes a JSON tree. Whatever the fast way
// does not take, an error included, goes the general way, which reports it.
Scenario parse_scenario_text(const std::string& text) {
  if (const auto span = io::find_top_level_work(text)) {
    try {
      const std::string rest = text.substr(0, span->begin) + "[]" + text.substr(span->end);
      const std::string_view work = std::string_view(text).substr(span->begin, span->end - span->begin);
      return scenario_from_json(json::parse(rest), &work);
    } catch (...) {  // the general way below says what is wrong
    }
  }
  return scenario_from_json(parse_json_text(text), nullptr);
}

void check_runnable(const Scenario& sc) {
  for (std::size_t i = 0; i < sc.workqueues.size(); ++i) {
    if (!(sc.workqueues[i].flags & WQ_BH)) continue;
    if (sc.implementation == Implementation::Legacy)
      throw ScenarioError(io::index_path("workqueues", i) + ".flags", "implementation legacy has no WQ_BH workqueues");
    if (sc.scheduler == Scheduler::Doc)
      throw ScenarioError(io::index_path("workqueues", i) + ".flags",
                          "scheduler doc (the 6.3 doc's idealisation) has no softirqs for WQ_BH; use fifo, cfs or eevdf");
  }
  if (sc.implementation != Implementation::Legacy) return;
  auto check = [](const std::vector<Step>& program, const std::string& path) {
    for (std::size_t i = 0; i < program.size(); ++i) {
      Step::Kind k = program[i].kind;
      if (k != Step::Burn && k != Step::Sleep && !(k == Step::Queue && program[i].delay < 0))
        throw ScenarioError(io::index_path(path, i),
                            "implementation legacy runs burn, sleep and plain queue steps only (so far)");
    }
  };
  for (std::size_t i = 0; i < sc.work.size(); ++i) check(sc.work[i].program, io::index_path("work", i) + ".program");
  for (std::size_t i = 0; i < sc.tasks.size(); ++i) check(sc.tasks[i].program, io::index_path("tasks", i) + ".program");
  for (std::size_t i = 0; i < sc.actions.size(); ++i)
    if (sc.actions[i].kind != Action::Queue || sc.actions[i].delay >= 0)
      throw ScenarioError(io::index_path("actions", i), "implementation legacy runs plain queue actions only (so far)");
}

Scenario load_scenario_file(const std::string& path) { return parse_scenario_text(io::read_text_file(path)); }

}  // namespace cmwqsim
