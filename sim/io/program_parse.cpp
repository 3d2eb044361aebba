// SPDX-License-Identifier: GPL-2.0-only
#include "io/program_parse.hpp"

#include <algorithm>

namespace cmwqsim::io {

namespace {
const std::vector<std::string> kStepKeys = {"burn",   "sleep", "queue",           "delay",
                                            "mod_delayed", "cancel", "flush", "flush_workqueue",
                                            "drain_workqueue", "disable", "enable"};
// The step (or action) keys that name a work item, and their kinds.
const std::vector<std::pair<const char*, Step::Kind>> kItemSteps = {
    {"queue", Step::Queue},     {"mod_delayed", Step::ModDelayed}, {"cancel", Step::Cancel},
    {"flush", Step::Flush},     {"disable", Step::Disable},         {"enable", Step::Enable}};

bool is_true(const ObjectReader& r, const std::string& key) {
  if (!r.at(key).is_boolean() || !r.at(key).get<bool>()) r.fail(key, "must be true");
  return true;
}
}  // namespace

std::vector<Step> parse_program(const json& arr, const std::string& path, const Scenario& sc, const Names& names) {
  if (!arr.is_array()) throw ScenarioError(path, "must be an array of steps, not " + type_name(arr));
  std::vector<Step> out;
  for (std::size_t s = 0; s < arr.size(); ++s) {
    std::string sp = index_path(path, s);
    ObjectReader r(arr[s], sp, kStepKeys);
    int kinds = 0;
    for (const char* k : {"burn", "sleep", "queue", "mod_delayed", "cancel", "flush", "flush_workqueue", "drain_workqueue",
                          "disable", "enable"})
      kinds += r.has(k);
    if (kinds != 1)
      throw ScenarioError(sp, "a step has exactly one of \"burn\", \"sleep\", \"queue\", \"mod_delayed\", \"cancel\", "
                              "\"flush\", \"flush_workqueue\", \"drain_workqueue\", \"disable\" or \"enable\"");
    Step st;
    if (r.has("burn")) {
      st.kind = Step::Burn;
      st.ns = r.time("burn", sc.unit);
    } else if (r.has("sleep")) {
      st.kind = Step::Sleep;
      st.ns = r.time("sleep", sc.unit);
    } else if (auto it = std::find_if(kItemSteps.begin(), kItemSteps.end(), [&](const auto& k) { return r.has(k.first); });
               it != kItemSteps.end()) {
      st.kind = it->second;
      st.target = lookup_name(names.work, r.string(it->first), r.path(it->first), "work item");
    } else {
      const char* key = r.has("flush_workqueue") ? "flush_workqueue" : "drain_workqueue";
      st.kind = r.has("flush_workqueue") ? Step::FlushWorkqueue : Step::DrainWorkqueue;
      st.target = lookup_name(names.wq, r.string(key), r.path(key), "workqueue");
    }
    if (r.has("delay")) {
      if (st.kind != Step::Queue && st.kind != Step::ModDelayed)
        r.fail("delay", "goes with \"queue\" or \"mod_delayed\" only");
      st.delay = r.time("delay", sc.unit);
    } else if (st.kind == Step::ModDelayed) {
      r.fail("delay", "is required with \"mod_delayed\"");
    }
    out.push_back(st);
  }
  return out;
}

void parse_actions(const ObjectReader& top, Scenario& sc, const Names& names) {
  if (!top.has("actions")) return;
  const json& arr = top.array("actions");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = index_path("actions", i);
    ObjectReader r(arr[i], p, {"at", "queue", "mod_delayed", "cancel", "freeze", "thaw", "disable", "enable", "cpu", "delay"});
    if (!r.has("at")) r.fail("at", "is required but missing");
    int kinds = r.has("queue") + r.has("mod_delayed") + r.has("cancel") + r.has("freeze") + r.has("thaw") +
                r.has("disable") + r.has("enable");
    if (kinds != 1)
      throw ScenarioError(p, "an action has exactly one of \"queue\", \"mod_delayed\", \"cancel\", \"freeze\", \"thaw\", "
                             "\"disable\" or \"enable\"");
    Action a;
    a.at = r.time("at", sc.unit);
    if (r.has("freeze") || r.has("thaw")) {
      a.kind = r.has("freeze") ? Action::Freeze : Action::Thaw;
      is_true(r, r.has("freeze") ? "freeze" : "thaw");
      for (const char* k : {"cpu", "delay"})
        if (r.has(k)) r.fail(k, "does not go with freeze or thaw");
    } else {
      const std::vector<std::pair<const char*, Action::Kind>> kinds_of = {
          {"queue", Action::Queue}, {"mod_delayed", Action::ModDelayed}, {"cancel", Action::Cancel},
          {"disable", Action::Disable}, {"enable", Action::Enable}};
      auto it = std::find_if(kinds_of.begin(), kinds_of.end(), [&](const auto& k) { return r.has(k.first); });
      const char* key = it->first;
      a.kind = it->second;
      a.work = lookup_name(names.work, r.string(key), r.path(key), "work item");
      a.cpu = static_cast<int>(r.integer("cpu", 0, sc.cpus - 1, sc.work[a.work].cpu));
      if (r.has("delay")) {
        if (a.kind != Action::Queue && a.kind != Action::ModDelayed) r.fail("delay", std::string("does not go with ") + key);
        a.delay = r.time("delay", sc.unit);
      } else if (a.kind == Action::ModDelayed) {
        r.fail("delay", "is required with \"mod_delayed\"");
      }
    }
    sc.actions.push_back(a);
  }
}

void parse_tasks(const ObjectReader& top, Scenario& sc, const Names& names) {
  if (!top.has("tasks")) return;
  const json& arr = top.array("tasks");
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = index_path("tasks", i);
    ObjectReader r(arr[i], p, {"name", "cpu", "at", "nice", "kthread", "program"});
    TaskSpec t;
    t.name = r.string("name");
    if (t.name.empty() || t.name.find_first_of(" ,") != std::string::npos)
      r.fail("name", "must be non-empty, without spaces or commas");
    if (seen.count(t.name) || names.work.count(t.name)) r.fail("name", "duplicate name \"" + t.name + "\"");
    seen[t.name] = static_cast<int>(i);
    t.cpu = static_cast<int>(r.integer("cpu", 0, sc.cpus - 1, 0));
    if (!r.has("at")) r.fail("at", "is required but missing");
    t.at = r.time("at", sc.unit);
    t.nice = static_cast<int>(r.integer("nice", -20, 19, 0));
    t.kthread = r.boolean("kthread", false);
    t.program = parse_program(r.array("program"), r.path("program"), sc, names);
    sc.tasks.push_back(t);
  }
}

void parse_background(const ObjectReader& top, Scenario& sc, const Names& names) {
  if (!top.has("background")) return;
  const json& arr = top.array("background");
  std::map<std::string, int> seen;
  for (const TaskSpec& t : sc.tasks) seen[t.name] = 0;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    ObjectReader r(arr[i], index_path("background", i), {"name", "cpu", "burn", "from", "until", "wakes"});
    BackgroundSpec b;
    b.name = r.string("name");
    if (b.name.empty() || b.name.find_first_of(" ,") != std::string::npos)
      r.fail("name", "must be non-empty, without spaces or commas");
    if (seen.count(b.name) || names.work.count(b.name)) r.fail("name", "duplicate name \"" + b.name + "\"");
    seen[b.name] = 1;
    b.cpu = static_cast<int>(r.integer("cpu", 0, sc.cpus - 1, 0));
    if (!r.has("burn")) r.fail("burn", "is required but missing (the CPU time of each wake-up)");
    b.burn = r.time("burn", sc.unit);
    if (r.has("wakes")) {  // listed wake-ups replace the ticks
      if (r.has("from") || r.has("until")) r.fail("wakes", "replaces the ticks: give \"wakes\" or \"from\"/\"until\", not both");
      const json& ws = r.array("wakes");
      for (std::size_t k = 0; k < ws.size(); ++k) {
        ObjectReader w(ws[k], index_path(r.path("wakes"), k), {"at", "cpu"});
        if (!w.has("at")) w.fail("at", "is required but missing (the time of the wake-up)");
        BackgroundWake bw{w.time("at", sc.unit), static_cast<int>(w.integer("cpu", 0, sc.cpus - 1, b.cpu))};
        if (!b.wakes.empty() && bw.at < b.wakes.back().at) w.fail("at", "must not be before the previous wake-up");
        b.wakes.push_back(bw);
      }
      sc.background.push_back(b);
      continue;
    }
    b.from = r.has("from") ? r.time("from", sc.unit) : 0;
    if (!r.has("until")) r.fail("until", "is required but missing (the tick wakes the thread until then; or list \"wakes\")");
    b.until = r.time("until", sc.unit);
    if (b.until < b.from) r.fail("until", "must not be before \"from\"");
    sc.background.push_back(b);
  }
}

}  // namespace cmwqsim::io
