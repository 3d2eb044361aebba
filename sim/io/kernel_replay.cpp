// SPDX-License-Identifier: GPL-2.0-only
#include "io/kernel_replay.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "cmwqsim/kernel_rules.hpp"
#include "io/json_reader.hpp"

namespace cmwqsim::io {

namespace {

// A step or action that waits (sleeps) in the kernel.
bool waits(Step::Kind k) {
  return k == Step::Sleep || k == Step::Cancel || k == Step::Flush || k == Step::Disable ||
         k == Step::FlushWorkqueue || k == Step::DrainWorkqueue;
}

// The module's code for a step (see tools/kernel-module/replay_main.c).
std::string step_code(const Step& st) {
  const std::string t = std::to_string(st.target);
  switch (st.kind) {
    case Step::Burn: return "b" + std::to_string(st.ns);
    case Step::Sleep: return "s" + std::to_string(st.ns);
    case Step::Queue: return st.delay < 0 ? "q" + t : "d" + t + "/" + std::to_string(st.delay);
    case Step::ModDelayed: return "m" + t + "/" + std::to_string(st.delay);
    case Step::Cancel: return "c" + t;
    case Step::Flush: return "f" + t;
    case Step::Disable: return "x" + t;
    case Step::Enable: return "e" + t;
    case Step::FlushWorkqueue: return "F" + t;
    case Step::DrainWorkqueue: return "D" + t;
  }
  return "";
}

// An action's op field ("" for an undelayed queue); throws for freeze/thaw.
std::string action_code(const Action& a, std::size_t i) {
  switch (a.kind) {
    case Action::Queue: return a.delay < 0 ? "" : ":d" + std::to_string(a.delay);
    case Action::ModDelayed: return ":m" + std::to_string(a.delay);
    case Action::Cancel: return ":c";
    case Action::Disable: return ":x";
    case Action::Enable: return ":e";
    case Action::Freeze:
    case Action::Thaw: break;
  }
  throw ScenarioError(index_path("actions", i),
                      "the replay module cannot freeze or thaw (freeze_workqueues_begin() is not exported to modules)");
}
}  // namespace

std::string kernel_spec(const Scenario& sc, std::optional<KernelVersion> kernel) {
  if (sc.implementation != Implementation::Cmwq)
    throw ScenarioError("implementation", "only cmwq scenarios can run on a real kernel");
  if (sc.workqueues.size() > 16) throw ScenarioError("workqueues", "the replay module takes at most 16");
  if (sc.work.size() > 64) throw ScenarioError("work", "the replay module takes at most 64 items");
  // What the replay module cannot do is refused, never replayed as something else.
  if (!sc.tasks.empty()) throw ScenarioError("tasks", "the replay module has no tasks; only work items and actions");
  std::size_t acts = sc.actions.size();
  for (const auto& w : sc.work) acts += w.at.has_value();
  if (acts > 64) throw ScenarioError("actions", "the replay module takes at most 64 issuer calls");
  if (kernel) {
    // What this kernel lacks (disable_work() before 6.10, WQ_PERCPU before 7.x, WQ_BH before 6.9).
    Scenario on = sc;
    on.preemption_given = false;  // the guest runs its own preemption model
    set_kernel(on, *kernel);
    auto [path, problem] = kernel_mismatch(on);  // also WQ_BH where it does not exist, or with other flags
    if (!path.empty()) throw ScenarioError(path, problem);
  }
  std::ostringstream o;
  for (std::size_t i = 0; i < sc.workqueues.size(); ++i) {
    const WorkqueueSpec& wq = sc.workqueues[i];
    if (wq.name.size() > 23)
      throw ScenarioError(index_path("workqueues", i) + ".name", "a kernel wq name has at most 23 characters");
    for (char c : wq.name)
      if (c == ':' || c == ';' || c == '"')
        throw ScenarioError(index_path("workqueues", i) + ".name", "must not contain ':', ';' or '\"' here");
    // WQ_BH (6.9 on): alloc_workqueue() takes it with WQ_HIGHPRI (and 7.x's
    // WQ_PERCPU) only, max_active 0, unordered (__WQ_BH_ALLOWS).
    if ((wq.flags & WQ_BH) && ((wq.flags & ~(WQ_BH | WQ_HIGHPRI | WQ_PERCPU)) || wq.max_active != 0 || wq.ordered))
      throw ScenarioError(index_path("workqueues", i),
                          "alloc_workqueue() takes WQ_BH only with WQ_HIGHPRI, max_active 0 and unordered");
    // WQ_PERCPU is the module's to add, where the kernel has it.
    o << "w:" << wq.name << ":" << std::hex << (wq.flags & ~WQ_PERCPU) << std::dec << ":" << wq.max_active << ":"
      << (wq.ordered ? 1 : 0) << ";";
  }
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    if (w.program.size() > 32) throw ScenarioError(index_path("work", i) + ".program", "at most 32 steps here");
    const bool bh = sc.workqueues.at(w.queue).flags & WQ_BH;  // its items run in softirq context
    // cpu -1: a queue step targets the local CPU (the item names no CPU).
    o << "i:" << w.queue << ":" << (w.cpu_given ? w.cpu : -1) << ":"
      << (w.at ? *w.at : -1) << ":";
    for (std::size_t s = 0; s < w.program.size(); ++s) {
      if (bh && waits(w.program[s].kind))
        throw ScenarioError(index_path(index_path("work", i) + ".program", s),
                            "a WQ_BH item runs in softirq context: it cannot sleep, flush, cancel or disable and wait");
      o << (s ? "," : "") << step_code(w.program[s]);
    }
    o << ";";
  }
  for (std::size_t i = 0; i < sc.actions.size(); ++i) {
    const Action& a = sc.actions[i];
    std::string op = action_code(a, i);
    o << "a:" << a.at << ":" << a.work << ":" << a.cpu << op << ";";
  }
  return o.str();
}

// The module's item number for a flush's barrier (replay.h BARRIER_ITEM).
constexpr int kBarrierItem = -2;

std::map<int, Trace> traces_from_kernel_log(const std::string& log, const Scenario& sc, const std::string& source) {
  std::map<int, Trace> out;
  std::map<int, std::map<std::string, int>> thread_ids;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::size_t p = line.find("cmwqsim: E ");
    if (p == std::string::npos) continue;
    std::istringstream f(line.substr(p + 11));
    int run = 0, cpu = 0, pid = 0, item = 0, inst = 0;
    long long t = 0;
    std::string comm, kind;
    if (!(f >> run >> t >> cpu >> pid >> comm >> item >> inst >> kind)) continue;
    if ((item < 0 && item != kBarrierItem) || item >= static_cast<int>(sc.work.size())) continue;
    Trace& tr = out[run];
    if (tr.works.empty()) tr = Trace::of(sc, source);
    if (item == kBarrierItem) {
      // A flush's wq_barrier_func: one more work after the scenario's, as the
      // model's flush_work() adds it (Cmwq::flush_work()).
      if (tr.works.size() == sc.work.size()) {
        tr.works.push_back("wq_barrier_func");
        tr.work_wq.push_back("");
      }
      item = static_cast<int>(sc.work.size());
    }
    TraceEvent e;
    e.t = t;
    e.cpu = cpu;
    e.work = item;
    e.instance = inst;
    e.pid = pid;
    if (!ev_from_name(kind, e.kind)) continue;
    if (pid >= 0) {
      std::string name = comm;
      auto [it, added] = thread_ids[run].emplace(name, static_cast<int>(tr.threads.size()));
      if (added) tr.threads.push_back(name);
      e.thread = it->second;
    }
    tr.events.push_back(e);
  }
  for (auto& [run, tr] : out)
    std::stable_sort(tr.events.begin(), tr.events.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.t < b.t; });
  return out;
}

}  // namespace cmwqsim::io
