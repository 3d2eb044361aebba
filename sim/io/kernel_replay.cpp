#include "io/kernel_replay.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "io/json_reader.hpp"

namespace cmwqsim::io {

std::string kernel_spec(const Scenario& sc) {
  if (sc.implementation != Implementation::Cmwq)
    throw ScenarioError("implementation", "only cmwq scenarios can run on a real kernel");
  if (sc.workqueues.size() > 16) throw ScenarioError("workqueues", "the replay module takes at most 16");
  if (sc.work.size() > 64) throw ScenarioError("work", "the replay module takes at most 64 items");
  // What the replay module cannot do is refused, never replayed as something else.
  if (!sc.tasks.empty()) throw ScenarioError("tasks", "the replay module has no tasks; only work items and queue actions");
  std::size_t acts = sc.actions.size();
  for (const auto& w : sc.work) acts += w.at.has_value();
  if (acts > 64) throw ScenarioError("actions", "the replay module takes at most 64 issuer calls");
  std::ostringstream o;
  for (std::size_t i = 0; i < sc.workqueues.size(); ++i) {
    const WorkqueueSpec& wq = sc.workqueues[i];
    if (wq.name.size() > 23)
      throw ScenarioError(index_path("workqueues", i) + ".name", "a kernel wq name has at most 23 characters");
    for (char c : wq.name)
      if (c == ':' || c == ';' || c == '"')
        throw ScenarioError(index_path("workqueues", i) + ".name", "must not contain ':', ';' or '\"' here");
    // WQ_PERCPU is the module's to add, where the kernel has it.
    o << "w:" << wq.name << ":" << std::hex << (wq.flags & ~WQ_PERCPU) << std::dec << ":" << wq.max_active << ":"
      << (wq.ordered ? 1 : 0) << ";";
  }
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    if (w.program.size() > 32) throw ScenarioError(index_path("work", i) + ".program", "at most 32 steps here");
    // cpu -1: a queue step targets the local CPU (the item names no CPU).
    o << "i:" << w.queue << ":" << (w.cpu_given ? w.cpu : -1) << ":"
      << (w.at ? *w.at : -1) << ":";
    for (std::size_t s = 0; s < w.program.size(); ++s) {
      const Step& st = w.program[s];
      o << (s ? "," : "");
      if (st.kind == Step::Burn) o << "b" << st.ns;
      else if (st.kind == Step::Sleep) o << "s" << st.ns;
      else if (st.kind == Step::Queue && st.delay < 0) o << "q" << st.target;
      else
        throw ScenarioError(index_path(index_path("work", i) + ".program", s),
                            "the replay module runs only burn, sleep and (undelayed) queue steps");
    }
    o << ";";
  }
  for (std::size_t i = 0; i < sc.actions.size(); ++i) {
    const Action& a = sc.actions[i];
    if (a.kind != Action::Queue || a.delay >= 0)
      throw ScenarioError(index_path("actions", i), "the replay module runs only (undelayed) queue actions");
    o << "a:" << a.at << ":" << a.work << ":" << a.cpu << ";";
  }
  return o.str();
}

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
    if (item < 0 || item >= static_cast<int>(sc.work.size())) continue;
    Trace& tr = out[run];
    if (tr.works.empty()) tr = Trace::of(sc, source);
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
