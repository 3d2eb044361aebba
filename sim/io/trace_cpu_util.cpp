// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_cpu_util.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/pelt.hpp"

namespace cmwqsim::io {

namespace {
struct Task {
  engine::PeltAvg util;
  bool running = false;
  int cpu = 0;
  void catch_up(Ns now) { util.update(now, running ? engine::kPeltCapacity : 0); }
};
}  // namespace

std::vector<long> cpu_util_at(const FtraceText& run, Ns origin, int ncpus) {
  std::set<int> woken;         // pids woken so far: not forks when first switched in
  std::map<int, Task> tasks;  // by pid; 0 (the idle task) is never one
  auto cpu_util = [&tasks](int cpu, Ns now) {
    long sum = 0;
    for (auto& [pid, task] : tasks)
      if (task.cpu == cpu) {
        task.catch_up(now);
        sum += task.util.value();
      }
    return sum;
  };
  int top = std::max(ncpus, 0);
  for (const FtraceEvent& e : run.events) {
    if (e.t >= origin) break;
    if (e.kind == FtraceEvent::SchedWaking) {
      woken.insert(e.prev_pid);
      continue;
    }
    if (e.kind == FtraceEvent::SchedWakeup) {
      if (e.target_cpu < 0) continue;
      top = std::max(top, e.target_cpu + 1);
      if (auto it = tasks.find(e.prev_pid); it != tasks.end()) {
        it->second.catch_up(e.t);
        it->second.cpu = e.target_cpu;  // enqueued there: attached there
      }
      continue;
    }
    if (e.kind != FtraceEvent::SchedSwitch) continue;
    top = std::max(top, e.cpu + 1);
    if (e.prev_pid > 0) {
      auto it = tasks.find(e.prev_pid);
      if (it == tasks.end()) {  // running since before the trace
        Task p;
        p.util.last = e.t;
        it = tasks.emplace(e.prev_pid, p).first;
      }
      it->second.catch_up(e.t);
      it->second.running = false;
      it->second.cpu = e.cpu;
      if (e.prev_state == 'Z' || e.prev_state == 'X') tasks.erase(it);
    }
    if (e.next_pid > 0) {
      auto it = tasks.find(e.next_pid);
      if (it == tasks.end()) {
        Task n;
        n.cpu = e.cpu;
        n.util.last = e.t;
        if (!woken.count(e.next_pid)) {  // a fork
          const long cap = (engine::kPeltCapacity - cpu_util(e.cpu, e.t)) / 2;
          if (cap > 0) n.util.load = static_cast<std::uint64_t>(cap) << 16;
        }
        it = tasks.emplace(e.next_pid, n).first;
      }
      it->second.catch_up(e.t);
      it->second.running = true;
      it->second.cpu = e.cpu;
    }
  }
  std::vector<long> out(static_cast<std::size_t>(top), 0);
  for (int c = 0; c < top; ++c) out[static_cast<std::size_t>(c)] = std::min(cpu_util(c, origin), engine::kPeltCapacity);
  if (ncpus > 0) out.resize(static_cast<std::size_t>(ncpus), 0);
  return out;
}

}  // namespace cmwqsim::io
