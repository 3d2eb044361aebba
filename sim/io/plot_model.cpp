// SPDX-License-Identifier: GPL-2.0-only
#include "io/plot_model.hpp"

#include <algorithm>
#include <map>

namespace cmwqsim::io {

PlotPanel plot_panel(const Trace& tr, const std::string& label) {
  PlotPanel p;
  p.unit = tr.unit;
  p.cpus = tr.cpus;
  p.title = label.empty() ? tr.scenario : label + ": " + tr.scenario;
  if (tr.source != "cmwq-sim") p.title = "real kernel: " + tr.scenario;
  p.subtitle = tr.source == "cmwq-sim" ? "simulated: scheduler " + std::string(to_string(tr.scheduler)) +
                                             (tr.preemption == Preemption::Full ? " (full preemption)" : "") +
                                             ", kernel " + to_string(tr.kernel) + ", " + to_string(tr.implementation)
                                       : tr.source;
  p.subtitle += ", " + std::to_string(tr.cpus) + " CPU" + (tr.cpus > 1 ? "s" : "");
  for (int c = 0; c < tr.cpus; ++c) p.lanes.push_back({"CPU" + std::to_string(c), "CPUs"});

  auto group_of = [&](std::size_t i) {
    return i < tr.thread_info.size() && !tr.thread_info[i].group.empty() ? tr.thread_info[i].group : "threads";
  };
  // The plot ends with the last work event or the last burn of a scenario task
  // (not with background threads, which may run long after).
  for (const TraceEvent& e : tr.events) {
    bool task_burn = e.kind == Ev::Burn && e.thread >= 0 && group_of(static_cast<std::size_t>(e.thread)) == "tasks";
    if (e.work >= 0 || task_burn) p.end = std::max(p.end, e.t + (e.kind == Ev::Burn ? e.dur : 0));
  }
  // Threads that did something, grouped by pool (groups in order of appearance).
  // Threads with work, or woken while there was work (culling comes minutes later).
  std::vector<bool> active(tr.threads.size(), false);
  for (const TraceEvent& e : tr.events)
    if (e.thread >= 0 && (e.work >= 0 || ((e.kind == Ev::SchedWakeup || e.kind == Ev::WorkerWake) && e.t <= p.end)))
      active[e.thread] = true;
  std::vector<std::string> groups;
  for (std::size_t i = 0; i < tr.threads.size(); ++i)
    if (active[i] && std::find(groups.begin(), groups.end(), group_of(i)) == groups.end()) groups.push_back(group_of(i));
  // Items held inactive (queued, activated later): a lane each, after the threads.
  std::map<std::pair<int, int>, Ns> queued_at;  // (work, instance) -> queue time
  std::vector<PlotSeg> held;
  for (const TraceEvent& e : tr.events) {
    if (e.work < 0) continue;
    if (e.kind == Ev::Queue) queued_at[{e.work, e.instance}] = e.t;
    if (e.kind != Ev::Activate) continue;
    auto q = queued_at.find({e.work, e.instance});
    if (q != queued_at.end() && e.t > q->second)
      held.push_back({0, q->second, e.t, SegKind::Inactive, tr.works.at(e.work)});
  }
  std::map<int, int> lane;
  for (const auto& g : groups)
    for (std::size_t i = 0; i < tr.threads.size(); ++i)
      if (active[i] && group_of(i) == g) {
        lane[static_cast<int>(i)] = static_cast<int>(p.lanes.size());
        p.lanes.push_back({tr.threads[i], g});
      }

  for (PlotSeg& s : held) {
    s.lane = static_cast<int>(p.lanes.size());
    p.lanes.push_back({s.label + " inactive", "held by max_active"});
    p.segs.push_back(s);
  }

  bool have_burns = false;
  for (const TraceEvent& e : tr.events) have_burns = have_burns || e.kind == Ev::Burn;
  std::map<int, std::pair<Ns, std::string>> running, sleeping, waiting;  // per thread: since, label
  auto close = [&](std::map<int, std::pair<Ns, std::string>>& m, int th, Ns t, SegKind k) {
    auto it = m.find(th);
    if (it == m.end()) return;
    if (t > it->second.first && lane.count(th)) p.segs.push_back({lane[th], it->second.first, t, k, it->second.second});
    m.erase(it);
  };
  for (const TraceEvent& e : tr.events) {
    if (e.t > p.end && e.work < 0) continue;
    std::string work = e.work >= 0 ? tr.works.at(e.work) : "";
    const int th = e.thread;
    switch (e.kind) {
      case Ev::Burn:
        if (lane.count(th)) p.segs.push_back({lane[th], e.t, e.t + e.dur, SegKind::Burn, work});
        if (e.cpu >= 0 && e.cpu < tr.cpus) p.segs.push_back({e.cpu, e.t, e.t + e.dur, SegKind::Burn, work});
        break;
      case Ev::Start:
      case Ev::Resume:
        close(waiting, th, e.t, SegKind::Wait);
        close(sleeping, th, e.t, SegKind::Sleep);  // real traces have no wake events
        if (!have_burns) running[th] = {e.t, work};
        break;
      case Ev::Sleep:
        close(running, th, e.t, SegKind::Run);
        sleeping[th] = {e.t, work};
        break;
      case Ev::Finish:
        close(running, th, e.t, SegKind::Run);
        if (lane.count(th)) p.ends.push_back({lane[th], e.t, false, work});
        break;
      case Ev::Wake:
        close(sleeping, th, e.t, SegKind::Sleep);
        waiting[th] = {e.t, ""};
        break;
      case Ev::SchedWakeup:
        // Under the doc scheduler a woken thread's bookkeeping runs at once: no wait.
        if (!waiting.count(th) && tr.scheduler != Scheduler::Doc) waiting[th] = {e.t, ""};
        if (lane.count(th)) p.arrows.push_back({e.other >= 0 && lane.count(e.other) ? lane[e.other] : e.cpu, lane[th], e.t});
        break;
      case Ev::SchedSwitch:
        close(waiting, th, e.t, SegKind::Wait);
        // Preempted, or yielding at cond_resched(): runnable, waiting for the CPU.
        if (e.state == 'R' && e.other >= 0) waiting[e.other] = {e.t, ""};
        break;
      case Ev::Queue:
      case Ev::Activate:
        p.marks.push_back({th >= 0 && lane.count(th) ? lane[th] : std::max(0, std::min<int>(e.cpu, tr.cpus - 1)), e.t,
                           e.kind == Ev::Activate, work});
        break;
      default:
        break;
    }
  }
  if (p.end == 0) p.end = tr.unit.ns;
  return p;
}

}  // namespace cmwqsim::io
