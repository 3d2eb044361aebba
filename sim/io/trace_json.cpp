// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_json.hpp"

#include <map>
#include <optional>

#include "io/json_reader.hpp"
#include "io/why_text.hpp"

namespace cmwqsim::io {

namespace {
// event_fields() into a JSON object.
struct ObjectOut {
  const Trace& trace;
  json o = json::object();
  void number(const char* key, long long v) { o[key] = v; }
  void text(const char* key, const std::string& s) { o[key] = s; }
  void thread(const char* key, int id, int cpu) {
    o[key] = id == kIdleThread ? "swapper/" + std::to_string(cpu) : trace.thread_name(id);
  }
  void work(const char* key, int id) { o[key] = id >= 0 ? json(trace.works.at(id)) : json(nullptr); }
};
}  // namespace

nlohmann::json trace_to_json(const Trace& trace, bool with_events, bool with_works) {
  json events = json::array();
  std::optional<WhyText> why;  // its names index every event: made only when used
  if (with_events && trace.why.on) why.emplace(trace);
  std::size_t i = 0;
  for (const TraceEvent& e : with_events ? trace.events : std::deque<TraceEvent>{}) {
    ObjectOut out{trace};
    event_fields(e, out);
    if (why) out.o["why"] = why->json_of_event(i);
    ++i;
    events.push_back(std::move(out.o));
  }
  json threads = json::array();
  for (std::size_t i = 0; i < trace.thread_info.size(); ++i)
    threads.push_back({{"name", trace.threads[i]}, {"pid", trace.thread_info[i].pid},
                       {"nice", trace.thread_info[i].nice}, {"group", trace.thread_info[i].group}});
  json j = {{"source", trace.source},
            {"scenario", trace.scenario},
            {"unit", trace.unit.name},
            {"cpus", trace.cpus},
            {"scheduler", to_string(trace.scheduler)},
            {"preemption", to_string(trace.preemption)},
            {"kernel", to_string(trace.kernel)},
            {"implementation", to_string(trace.implementation)},
            {"works", with_works ? json(trace.works) : json::array()},
            {"workqueues_of_works", with_works ? json(trace.work_wq) : json::array()},
            {"threads", std::move(threads)},
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
                 {"source", "scenario", "unit", "cpus", "scheduler", "preemption", "kernel", "implementation", "events", "stopped",
                  "workqueue_stats", "works", "workqueues_of_works", "threads"});
  Trace t;
  t.source = r.string_or("source", "cmwq-sim");
  std::vector<std::string> wq_of;
  if (r.has("workqueues_of_works"))
    for (const json& w : r.array("workqueues_of_works")) wq_of.push_back(w.is_string() ? w.get<std::string>() : "");
  t.scenario = r.string("scenario");
  if (!unit_from_name(r.string("unit"), t.unit)) r.fail("unit", "unknown unit");
  t.cpus = static_cast<int>(r.integer("cpus", 1, 4096, 1));
  if (!scheduler_from_name(r.string_or("scheduler", "fifo"), t.scheduler)) r.fail("scheduler", "unknown scheduler");
  if (!preemption_from_name(r.string_or("preemption", "voluntary"), t.preemption))
    r.fail("preemption", "unknown preemption model");
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
  if (r.has("threads")) {  // a simulated trace: thread ids in their order
    const json& ts = r.array("threads");
    for (std::size_t i = 0; i < ts.size(); ++i) {
      ObjectReader tr(ts[i], index_path("threads", i), {"name", "pid", "nice", "group"});
      std::string n = tr.string("name");
      threads[n] = static_cast<int>(t.threads.size());
      t.threads.push_back(n);
      t.thread_info.push_back(ThreadInfo{static_cast<int>(tr.integer("pid", 0, 1 << 30, 0)),
                                         static_cast<int>(tr.integer("nice", -20, 19, 0)), tr.string_or("group", "")});
    }
  }
  if (r.has("works"))  // in their simulation order, so that workqueues_of_works lines up
    for (const json& w : r.array("works"))
      if (w.is_string() && !works.count(w.get<std::string>())) {
        works[w.get<std::string>()] = static_cast<int>(t.works.size());
        t.works.push_back(w.get<std::string>());
        t.work_wq.push_back("");
      }
  auto thread_id = [&](const std::string& n) {
    if (n == "issuer") return -1;
    if (n.rfind("swapper/", 0) == 0) return kIdleThread;
    auto it = threads.find(n);
    if (it == threads.end()) {
      it = threads.emplace(n, static_cast<int>(t.threads.size())).first;
      t.threads.push_back(n);
    }
    return it->second;
  };
  const json& evs = r.array("events");
  for (std::size_t i = 0; i < evs.size(); ++i) {
    ObjectReader er(evs[i], index_path("events", i),
                    {"t_ns", "cpu", "thread", "work", "event", "instance", "dur_ns", "next", "pid", "prev",
                     "prev_state", "waker", "req_cpu", "pool_cpu", "context", "why"});
    TraceEvent e;
    e.t = er.integer("t_ns", 0, 9'000'000'000'000'000LL, 0);
    e.cpu = static_cast<int>(er.integer("cpu", -1, 4095, 0));
    e.thread = thread_id(er.string("thread"));
    if (!ev_from_name(er.string("event"), e.kind)) er.fail("event", "unknown event kind");
    // dur, other and req_cpu/pool_cpu share storage: each is read for its kinds only.
    if (e.kind == Ev::SchedSwitch && er.has("prev")) e.other = thread_id(er.string("prev"));
    if (e.kind == Ev::SchedWakeup && er.has("waker")) e.other = thread_id(er.string("waker"));
    if (er.has("prev_state")) e.state = er.string("prev_state").c_str()[0];
    if (e.kind == Ev::Queue) {
      e.req_cpu = static_cast<std::int16_t>(er.integer("req_cpu", -1, 32767, -1));
      e.pool_cpu = static_cast<std::int16_t>(er.integer("pool_cpu", -1, 32767, -1));
    }
    if (er.has("work") && !er.at("work").is_null()) {
      std::string w = er.string("work");
      auto it = works.find(w);
      if (it == works.end()) {
        it = works.emplace(w, static_cast<int>(t.works.size())).first;
        t.works.push_back(w);
        t.work_wq.push_back("");
      }
      e.work = it->second;
    }
    e.instance = static_cast<int>(er.integer("instance", 0, 1 << 30, e.work >= 0 ? 1 : 0));
    if (e.kind == Ev::Burn) e.dur = er.integer("dur_ns", 0, 9'000'000'000'000'000LL, 0);
    e.pid = static_cast<int>(er.integer("pid", -1, 1 << 30, -1));
    if (er.has("context")) {
      if (er.string("context") != "softirq") er.fail("context", "must be \"softirq\" (or absent: task or hardirq context)");
      e.softirq = true;
    }
    std::string next = er.string_or("next", "none");
    e.next = next == "burn" ? Next::Burn : next == "sleep" ? Next::Sleep : next == "end" ? Next::End : Next::None;
    t.events.push_back(e);
  }
  for (std::size_t i = 0; i < t.works.size() && i < wq_of.size(); ++i) t.work_wq[i] = wq_of[i];
  return t;
}

bool is_trace_json(const nlohmann::json& j) { return j.is_object() && j.contains("events"); }

}  // namespace cmwqsim::io
