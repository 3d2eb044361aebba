// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_cpu_util.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/pelt.hpp"

namespace cmwqsim::io {

namespace {
// The integer after " key=" in the line, or -1.
int int_field(const std::string& line, const char* key) {
  const std::string k = std::string(" ") + key + "=";
  const std::size_t at = line.find(k);
  if (at == std::string::npos) return -1;
  int v = -1;
  for (std::size_t i = at + k.size(); i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i)
    v = (v < 0 ? 0 : v * 10) + (line[i] - '0');
  return v;
}

// "[003]" -> 3 and "... 5.820086: event:" -> ns; false if the line is not that event.
bool cpu_and_time(const std::string& line, const std::string& event, int& cpu, Ns& t) {
  const std::size_t e = line.find(": " + event + ":");
  const std::size_t b = line.find('[');
  if (e == std::string::npos || b == std::string::npos || b > e) return false;
  cpu = 0;
  for (std::size_t i = b + 1; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) cpu = cpu * 10 + (line[i] - '0');
  const std::size_t s = line.rfind(' ', e);
  if (s == std::string::npos || cpu > 4095) return false;
  try {
    t = static_cast<Ns>(std::llround(std::stod(line.substr(s + 1, e - s - 1)) * 1e9));
  } catch (...) {
    return false;
  }
  return true;
}

struct Task {
  engine::PeltAvg util;
  bool running = false;
  int cpu = 0;
  void catch_up(Ns now) { util.update(now, running ? engine::kPeltCapacity : 0); }
};
}  // namespace

void TraceCpuUtil::feed(const std::string& line) {
  Event s;
  if (cpu_and_time(line, "sched_waking", s.cpu, s.t)) {
    s.kind = Kind::Waking;
    s.next = int_field(line, "pid");
    if (s.next <= 0) return;
  } else if (cpu_and_time(line, "sched_wakeup", s.cpu, s.t)) {
    s.kind = Kind::Wakeup;
    s.next = int_field(line, "pid");
    const int target = int_field(line, "target_cpu");
    if (s.next <= 0 || target < 0 || target > 4095) return;
    s.cpu = target;
  } else if (cpu_and_time(line, "sched_switch", s.cpu, s.t)) {
    s.prev = int_field(line, "prev_pid");
    s.next = int_field(line, "next_pid");
    const std::size_t st = line.find(" prev_state=");
    if (st != std::string::npos && st + 12 < line.size()) s.exits = line[st + 12] == 'Z' || line[st + 12] == 'X';
    if (s.prev < 0 || s.next < 0) return;
  } else {
    return;
  }
  events_.push_back(s);
}

std::vector<long> TraceCpuUtil::at(Ns origin, int ncpus) const {
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
  for (const Event& s : events_) {
    if (s.t >= origin) break;
    top = std::max(top, s.cpu + 1);
    if (s.kind == Kind::Waking) {
      woken.insert(s.next);
      continue;
    }
    if (s.kind == Kind::Wakeup) {
      if (auto it = tasks.find(s.next); it != tasks.end()) {
        it->second.catch_up(s.t);
        it->second.cpu = s.cpu;  // enqueued there: attached there
      }
      continue;
    }
    if (s.prev > 0) {
      auto it = tasks.find(s.prev);
      if (it == tasks.end()) {  // running since before the trace
        Task p;
        p.util.last = s.t;
        it = tasks.emplace(s.prev, p).first;
      }
      it->second.catch_up(s.t);
      it->second.running = false;
      it->second.cpu = s.cpu;
      if (s.exits) tasks.erase(it);
    }
    if (s.next > 0) {
      auto it = tasks.find(s.next);
      if (it == tasks.end()) {
        Task n;
        n.cpu = s.cpu;
        n.util.last = s.t;
        if (!woken.count(s.next)) {  // a fork
          const long cap = (engine::kPeltCapacity - cpu_util(s.cpu, s.t)) / 2;
          if (cap > 0) n.util.load = static_cast<std::uint64_t>(cap) << 16;
        }
        it = tasks.emplace(s.next, n).first;
      }
      it->second.catch_up(s.t);
      it->second.running = true;
      it->second.cpu = s.cpu;
    }
  }
  std::vector<long> out(static_cast<std::size_t>(top), 0);
  for (int c = 0; c < top; ++c) out[static_cast<std::size_t>(c)] = std::min(cpu_util(c, origin), engine::kPeltCapacity);
  if (ncpus > 0) out.resize(static_cast<std::size_t>(ncpus), 0);
  return out;
}

}  // namespace cmwqsim::io
