#include "io/trace_json.hpp"

#include <map>

#include "io/json_reader.hpp"

namespace cmwqsim::io {

nlohmann::json trace_to_json(const Trace& trace) {
  json events = json::array();
  for (const TraceEvent& e : trace.events) {
    json o = {{"t_ns", e.t},
              {"cpu", e.cpu},
              {"thread", trace.thread_name(e.thread)},
              {"work", e.work >= 0 ? json(trace.works.at(e.work)) : json(nullptr)},
              {"event", to_string(e.kind)}};
    if (e.work >= 0) o["instance"] = e.instance;
    if (e.kind == Ev::Burn) o["dur_ns"] = e.dur;
    if ((e.kind == Ev::Start || e.kind == Ev::Resume) && e.next != Next::None) o["next"] = to_string(e.next);
    if (e.pid >= 0) o["pid"] = e.pid;
    events.push_back(std::move(o));
  }
  json j = {{"source", trace.source},
            {"scenario", trace.scenario},
            {"unit", trace.unit.name},
            {"cpus", trace.cpus},
            {"scheduler", to_string(trace.scheduler)},
            {"kernel", to_string(trace.kernel)},
            {"implementation", to_string(trace.implementation)},
            {"events", std::move(events)}};
  if (trace.truncated) j["stopped"] = trace.stop_reason;
  if (!trace.wq_stats.empty()) {
    json st = json::array();
    for (const WqStats& w : trace.wq_stats)
      st.push_back({{"name", w.name}, {"unbound", w.unbound}, {"mem_reclaim", w.mem_reclaim},
                    {"started", w.started}, {"completed", w.completed}, {"cpu_time_ns", w.cpu_time},
                    {"cpu_intensive", w.cpu_intensive}, {"cm_wakeup", w.cm_wakeup},
                    {"repatriated", w.repatriated}, {"mayday", w.mayday}, {"rescued", w.rescued}});
    j["workqueue_stats"] = std::move(st);
  }
  return j;
}

Trace trace_from_json(const nlohmann::json& j) {
  ObjectReader r(j, "",
                 {"source", "scenario", "unit", "cpus", "scheduler", "kernel", "implementation", "events", "stopped",
                  "workqueue_stats"});
  Trace t;
  t.source = r.string_or("source", "cmwq-sim");
  t.scenario = r.string("scenario");
  if (!unit_from_name(r.string("unit"), t.unit)) r.fail("unit", "unknown unit");
  t.cpus = static_cast<int>(r.integer("cpus", 1, 4096, 1));
  if (!scheduler_from_name(r.string_or("scheduler", "fifo"), t.scheduler)) r.fail("scheduler", "unknown scheduler");
  if (!kernel_from_name(r.string_or("kernel", "6.1"), t.kernel)) r.fail("kernel", "unknown kernel");
  if (!implementation_from_name(r.string_or("implementation", "cmwq"), t.implementation))
    r.fail("implementation", "unknown implementation");
  if (r.has("stopped")) {
    t.truncated = true;
    t.stop_reason = r.string("stopped");
  }
  if (r.has("workqueue_stats")) {
    const json& st = r.array("workqueue_stats");
    for (std::size_t i = 0; i < st.size(); ++i) {
      ObjectReader w(st[i], index_path("workqueue_stats", i),
                     {"name", "unbound", "mem_reclaim", "started", "completed", "cpu_time_ns", "cpu_intensive",
                      "cm_wakeup", "repatriated", "mayday", "rescued"});
      WqStats s;
      s.name = w.string("name");
      s.unbound = w.boolean("unbound", false);
      s.mem_reclaim = w.boolean("mem_reclaim", false);
      constexpr long long kMax = 1LL << 62;
      s.started = w.integer("started", 0, kMax, 0);
      s.completed = w.integer("completed", 0, kMax, 0);
      s.cpu_time = w.integer("cpu_time_ns", 0, kMax, 0);
      s.cpu_intensive = w.integer("cpu_intensive", 0, kMax, 0);
      s.cm_wakeup = w.integer("cm_wakeup", 0, kMax, 0);
      s.repatriated = w.integer("repatriated", 0, kMax, 0);
      s.mayday = w.integer("mayday", 0, kMax, 0);
      s.rescued = w.integer("rescued", 0, kMax, 0);
      t.wq_stats.push_back(s);
    }
  }
  std::map<std::string, int> threads, works;
  const json& evs = r.array("events");
  for (std::size_t i = 0; i < evs.size(); ++i) {
    ObjectReader er(evs[i], index_path("events", i),
                    {"t_ns", "cpu", "thread", "work", "event", "instance", "dur_ns", "next", "pid"});
    TraceEvent e;
    e.t = er.integer("t_ns", 0, 9'000'000'000'000'000LL, 0);
    e.cpu = static_cast<int>(er.integer("cpu", -1, 4095, 0));
    std::string th = er.string("thread");
    if (th != "issuer") {
      auto it = threads.find(th);
      if (it == threads.end()) {
        it = threads.emplace(th, static_cast<int>(t.threads.size())).first;
        t.threads.push_back(th);
      }
      e.thread = it->second;
    }
    if (er.has("work") && !er.at("work").is_null()) {
      std::string w = er.string("work");
      auto it = works.find(w);
      if (it == works.end()) {
        it = works.emplace(w, static_cast<int>(t.works.size())).first;
        t.works.push_back(w);
      }
      e.work = it->second;
    }
    if (!ev_from_name(er.string("event"), e.kind)) er.fail("event", "unknown event kind");
    e.instance = static_cast<int>(er.integer("instance", 0, 1 << 30, e.work >= 0 ? 1 : 0));
    e.dur = er.integer("dur_ns", 0, 9'000'000'000'000'000LL, 0);
    e.pid = static_cast<int>(er.integer("pid", -1, 1 << 30, -1));
    std::string next = er.string_or("next", "none");
    e.next = next == "burn" ? Next::Burn : next == "sleep" ? Next::Sleep : next == "end" ? Next::End : Next::None;
    t.events.push_back(e);
  }
  return t;
}

}  // namespace cmwqsim::io
