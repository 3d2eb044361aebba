// Scenario JSON -> Scenario, with a one-line error naming the JSON path.
#include <fstream>
#include <map>
#include <sstream>

#include "io/json_reader.hpp"
#include "io/timeline.hpp"

namespace cmwqsim {

using io::json;
using io::ObjectReader;

namespace {

const std::vector<std::pair<std::string, unsigned>> kFlags = {
    {"WQ_UNBOUND", WQ_UNBOUND},         {"WQ_FREEZABLE", WQ_FREEZABLE},
    {"WQ_MEM_RECLAIM", WQ_MEM_RECLAIM}, {"WQ_HIGHPRI", WQ_HIGHPRI},
    {"WQ_CPU_INTENSIVE", WQ_CPU_INTENSIVE},
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

// Looks a name up in a name->index map, with a did-you-mean.
int lookup(const std::map<std::string, int>& names, const std::string& name, const std::string& path,
           const std::string& what) {
  auto it = names.find(name);
  if (it != names.end()) return it->second;
  std::vector<std::string> all;
  for (const auto& kv : names) all.push_back(kv.first);
  std::string hint = io::did_you_mean(name, all);
  throw ScenarioError(path, "no " + what + " named \"" + name + "\"" +
                                (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
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
    ObjectReader r(arr[i], p, {"name", "flags", "max_active", "ordered"});
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
    if (wq.ordered && wq.max_active > 1)
      r.fail("max_active", "an ordered workqueue has max_active 1 (alloc_ordered_workqueue()), not " +
                               std::to_string(wq.max_active));
    wq_index[wq.name] = static_cast<int>(i);
    sc.workqueues.push_back(wq);
  }
}

void parse_work(const ObjectReader& top, Scenario& sc, const std::map<std::string, int>& wq_index) {
  const json& arr = top.array("work");
  std::map<std::string, int> work_index;
  // Names first, so that queue steps may name later items.
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = io::index_path("work", i);
    ObjectReader r(arr[i], p, {"name", "queue", "cpu", "at", "program"});
    std::string n = name_field(r);
    if (work_index.count(n)) r.fail("name", "duplicate work item name \"" + n + "\"");
    work_index[n] = static_cast<int>(i);
  }
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = io::index_path("work", i);
    ObjectReader r(arr[i], p, {"name", "queue", "cpu", "at", "program"});
    WorkSpec w;
    w.name = r.string("name");
    w.queue = lookup(wq_index, r.string("queue"), r.path("queue"), "workqueue");
    w.cpu_given = r.has("cpu");
    w.cpu = static_cast<int>(r.integer("cpu", 0, sc.cpus - 1, 0));
    if (r.has("at")) w.at = r.time("at", sc.unit);
    const json& prog = r.array("program");
    for (std::size_t s = 0; s < prog.size(); ++s) {
      std::string sp = io::index_path(r.path("program"), s);
      ObjectReader step(prog[s], sp, {"burn", "sleep", "queue"});
      int kinds = step.has("burn") + step.has("sleep") + step.has("queue");
      if (kinds != 1)
        throw ScenarioError(sp, "a step has exactly one of \"burn\", \"sleep\" or \"queue\"");
      Step st;
      if (step.has("burn")) {
        st.kind = Step::Burn;
        st.ns = step.time("burn", sc.unit);
      } else if (step.has("sleep")) {
        st.kind = Step::Sleep;
        st.ns = step.time("sleep", sc.unit);
      } else {
        st.kind = Step::Queue;
        st.target = lookup(work_index, step.string("queue"), step.path("queue"), "work item");
      }
      w.program.push_back(st);
    }
    sc.work.push_back(w);
  }
}

void parse_actions(const ObjectReader& top, Scenario& sc) {
  if (!top.has("actions")) return;
  std::map<std::string, int> work_index;
  for (std::size_t i = 0; i < sc.work.size(); ++i) work_index[sc.work[i].name] = static_cast<int>(i);
  const json& arr = top.array("actions");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = io::index_path("actions", i);
    ObjectReader r(arr[i], p, {"at", "queue", "cpu"});
    if (!r.has("at")) r.fail("at", "is required but missing");
    if (!r.has("queue")) r.fail("queue", "is required but missing (queue is the only action so far)");
    Action a;
    a.at = r.time("at", sc.unit);
    a.work = lookup(work_index, r.string("queue"), r.path("queue"), "work item");
    a.cpu = static_cast<int>(r.integer("cpu", 0, sc.cpus - 1, sc.work[a.work].cpu));
    sc.actions.push_back(a);
  }
}

void check_every_item_is_queued(const Scenario& sc) {
  std::vector<bool> queued(sc.work.size(), false);
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    if (sc.work[i].at) queued[i] = true;
    for (const Step& s : sc.work[i].program)
      if (s.kind == Step::Queue) queued[s.target] = true;
  }
  for (const Action& a : sc.actions) queued[a.work] = true;
  for (std::size_t i = 0; i < sc.work.size(); ++i)
    if (!queued[i])
      throw ScenarioError(io::index_path("work", i),
                          "\"" + sc.work[i].name +
                              "\" is never queued: give it \"at\", or queue it from a program step or an action");
}

}  // namespace

Scenario parse_scenario_text(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into a line and column.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    std::size_t cut = what.rfind(": ");
    throw ScenarioError("", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) +
                                (cut == std::string::npos ? "" : ": " + what.substr(cut + 2)));
  }
  ObjectReader top(j, "",
                   {"$schema", "name", "description", "cpus", "scheduler", "implementation", "kernel", "hz", "cpu_intensive_thresh_us",
                    "unit", "workers", "overheads", "workqueues", "work", "actions", "expect"});
  Scenario sc;
  sc.name = name_field(top);
  sc.description = top.string_or("description", "");
  if (!top.has("cpus")) top.fail("cpus", "is required but missing (the number of CPUs, 1 or more)");
  sc.cpus = static_cast<int>(top.integer("cpus", 1, 4096, 1));
  sc.scheduler =
      enum_field(top, "scheduler", Scheduler::Fifo, scheduler_from_name, {"fifo", "doc", "cfs", "eevdf"});
  sc.implementation =
      enum_field(top, "implementation", Implementation::Cmwq, implementation_from_name, {"cmwq", "legacy"});
  sc.kernel = enum_field(top, "kernel", KernelVersion::V6_1, kernel_from_name, {"6.1", "6.12"});
  if (top.has("hz")) {
    sc.hz = static_cast<int>(top.integer("hz", 100, 1000, 250));
    if (sc.hz != 100 && sc.hz != 250 && sc.hz != 300 && sc.hz != 1000)
      top.fail("hz", "must be 100, 250, 300 or 1000 (CONFIG_HZ), not " + std::to_string(sc.hz));
  }
  if (!top.has("unit")) top.fail("unit", "is required but missing (\"ns\", \"us\", \"ms\" or \"s\")");
  sc.unit = enum_field<Unit>(
      top, "unit", Unit{}, [](const std::string& s, Unit& u) { return unit_from_name(s, u); },
      {"ns", "us", "ms", "s"});
  if (top.has("workers")) {
    ObjectReader w(top.at("workers"), "workers", {"initial_idle", "create_time"});
    sc.workers.initial_idle = static_cast<int>(w.integer("initial_idle", 1, 1000, 1));
    if (w.has("create_time")) sc.workers.create_time = w.time("create_time", sc.unit);
  }
  sc.cpu_intensive_thresh_us = top.integer("cpu_intensive_thresh_us", 0, 1'000'000'000, 10000);
  if (top.has("overheads")) {
    ObjectReader o(top.at("overheads"), "overheads", {"context_switch", "work_start"});
    sc.overheads.given = true;
    if (o.has("context_switch")) sc.overheads.context_switch = o.time("context_switch", sc.unit);
    if (o.has("work_start")) sc.overheads.work_start = o.time("work_start", sc.unit);
  }
  std::map<std::string, int> wq_index;
  parse_workqueues(top, sc, wq_index);
  parse_work(top, sc, wq_index);
  parse_actions(top, sc);
  check_every_item_is_queued(sc);
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

Overheads effective_overheads(const Scenario& sc) {
  if (sc.overheads.given || sc.scheduler == Scheduler::Fifo || sc.scheduler == Scheduler::Doc) return sc.overheads;
  // Measured on Debian 6.1 and 6.12 under QEMU TCG (-icount shift=0): a
  // sleeper resumes about 6 us after its timer, and the next item starts
  // about 12 us after the previous worker blocks.
  Overheads o;
  o.context_switch = 6'000;
  o.work_start = 6'000;
  return o;
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError("", "cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_scenario_text(ss.str());
}

}  // namespace cmwqsim
