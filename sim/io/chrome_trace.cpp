// SPDX-License-Identifier: GPL-2.0-only
#include "io/chrome_trace.hpp"

#include <map>

namespace cmwqsim::io {

namespace {
double us(Ns t) { return static_cast<double>(t) / 1000.0; }
}  // namespace

namespace {
nlohmann::json other_data(const Trace& tr) {
  return {{"scenario", tr.scenario}, {"scheduler", to_string(tr.scheduler)},
          {"preemption", to_string(tr.preemption)}, {"kernel", to_string(tr.kernel)},
          {"implementation", to_string(tr.implementation)}, {"source", tr.source}};
}
}  // namespace

void chrome_trace_events(const Trace& tr, const std::function<void(nlohmann::json&&)>& emit) {
  using nlohmann::json;
  constexpr int kCpuPid = 1;
  // Processes: pid 1 = CPUs, then one per thread group in order of appearance.
  std::map<std::string, int> group_pid;
  std::vector<int> pid_of(tr.threads.size(), 2), tid_of(tr.threads.size(), 0);
  emit(json{{"ph", "M"}, {"name", "process_name"}, {"pid", kCpuPid}, {"tid", 0}, {"args", {{"name", "CPUs"}}}});
  emit(json{{"ph", "M"}, {"name", "process_sort_index"}, {"pid", kCpuPid}, {"tid", 0}, {"args", {{"sort_index", 0}}}});
  for (int c = 0; c < tr.cpus; ++c)
    emit(json{{"ph", "M"}, {"name", "thread_name"}, {"pid", kCpuPid}, {"tid", c}, {"args", {{"name", "CPU" + std::to_string(c)}}}});
  for (std::size_t i = 0; i < tr.threads.size(); ++i) {
    std::string group = i < tr.thread_info.size() && !tr.thread_info[i].group.empty() ? tr.thread_info[i].group : "threads";
    auto [it, added] = group_pid.emplace(group, static_cast<int>(group_pid.size()) + 2);
    if (added) {
      emit(json{{"ph", "M"}, {"name", "process_name"}, {"pid", it->second}, {"tid", 0}, {"args", {{"name", group}}}});
      emit(json{{"ph", "M"}, {"name", "process_sort_index"}, {"pid", it->second}, {"tid", 0}, {"args", {{"sort_index", it->second}}}});
    }
    pid_of[i] = it->second;
    tid_of[i] = i < tr.thread_info.size() ? tr.thread_info[i].pid : 100 + static_cast<int>(i);
    emit(json{{"ph", "M"}, {"name", "thread_name"}, {"pid", pid_of[i]}, {"tid", tid_of[i]}, {"args", {{"name", tr.threads[i]}}}});
  }
  auto label = [&](const TraceEvent& e) { return tr.works.at(e.work) + "#" + std::to_string(e.instance); };
  // The thread an event ran in (a softirq on an idle CPU: the idle task).
  auto thread_label = [&](const TraceEvent& e) {
    return e.thread == kIdleThread ? "swapper/" + std::to_string(e.cpu) : tr.threads.at(e.thread);
  };
  std::map<std::pair<int, int>, Ns> started;  // (work, instance) -> start
  std::map<std::pair<int, int>, int> flow_id;
  for (const TraceEvent& e : tr.events) {
    bool on_thread = e.thread >= 0;
    int pid = on_thread ? pid_of[e.thread] : kCpuPid;
    int tid = on_thread ? tid_of[e.thread] : e.cpu;
    auto key = std::make_pair(e.work, e.instance);
    switch (e.kind) {
      case Ev::Queue:
      case Ev::Activate: {
        std::string name = std::string(to_string(e.kind)) + " " + label(e);
        emit(json{{"ph", "i"}, {"s", "t"}, {"name", name}, {"cat", "workqueue"}, {"pid", pid}, {"tid", tid}, {"ts", us(e.t)}});
        if (e.kind == Ev::Queue) {
          int id = static_cast<int>(flow_id.size()) + 1;
          flow_id[key] = id;
          emit(json{{"ph", "s"}, {"id", id}, {"name", "queue to start"}, {"cat", "flow"}, {"pid", pid}, {"tid", tid}, {"ts", us(e.t)}});
        }
        break;
      }
      case Ev::Start:
        started[key] = e.t;
        if (flow_id.count(key))
          emit(json{{"ph", "f"}, {"bp", "e"}, {"id", flow_id[key]}, {"name", "queue to start"}, {"cat", "flow"},
                        {"pid", pid}, {"tid", tid}, {"ts", us(e.t)}});
        break;
      case Ev::Finish:
        // A BH item on an idle CPU: on the CPU's track.
        if (started.count(key) && (on_thread || e.softirq)) {
          json args = {{"workqueue", e.work < static_cast<int>(tr.work_wq.size()) ? tr.work_wq[e.work] : ""}};
          if (e.softirq) args["context"] = "softirq";
          emit(json{{"ph", "X"}, {"name", label(e)}, {"cat", "work"}, {"pid", pid}, {"tid", tid},
                        {"ts", us(started[key])}, {"dur", us(e.t - started[key])}, {"args", std::move(args)}});
        }
        break;
      case Ev::Burn:
        if ((on_thread || e.softirq) && e.dur > 0) {
          std::string name = e.work >= 0 ? "burn " + label(e) : "burn";
          if (on_thread)
            emit(json{{"ph", "X"}, {"name", name}, {"cat", "cpu"}, {"pid", pid}, {"tid", tid}, {"ts", us(e.t)}, {"dur", us(e.dur)}});
          json args = {{"thread", thread_label(e)}};
          if (e.softirq) args["context"] = "softirq";
          emit(json{{"ph", "X"}, {"name", e.work >= 0 ? label(e) : thread_label(e)}, {"cat", "cpu"},
                        {"pid", kCpuPid}, {"tid", e.cpu}, {"ts", us(e.t)}, {"dur", us(e.dur)}, {"args", std::move(args)}});
        }
        break;
      default:
        break;
    }
  }
}

nlohmann::json chrome_trace(const Trace& tr) {
  nlohmann::json ev = nlohmann::json::array();
  chrome_trace_events(tr, [&](nlohmann::json&& e) { ev.push_back(std::move(e)); });
  return {{"traceEvents", std::move(ev)}, {"displayTimeUnit", "ns"}, {"otherData", other_data(tr)}};
}

void write_chrome_trace(const Trace& tr, std::ostream& out) {
  // The bytes of chrome_trace(tr).dump(): keys in order, events one by one.
  out << "{\"displayTimeUnit\":\"ns\",\"otherData\":" << other_data(tr).dump() << ",\"traceEvents\":[";
  bool first = true;
  chrome_trace_events(tr, [&](nlohmann::json&& e) {
    out << (first ? "" : ",") << e.dump();
    first = false;
  });
  out << "]}";
}

}  // namespace cmwqsim::io
