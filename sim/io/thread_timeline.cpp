// SPDX-License-Identifier: GPL-2.0-only
#include "io/thread_timeline.hpp"

#include <algorithm>

namespace cmwqsim::io {

Ns ThreadTimeline::runnable_after(std::size_t k) const {
  Ns out = on_cpu[k].out;
  Ns next = k + 1 < on_cpu.size() ? on_cpu[k + 1].in : out;
  auto it = std::upper_bound(wakeups.begin(), wakeups.end(), out);
  if (it != wakeups.end() && *it <= next) return *it;
  return next;
}

Ns ThreadTimeline::runnable_for(std::size_t k) const {
  Ns in = on_cpu[k].in;
  Ns prev = k > 0 ? on_cpu[k - 1].out : -1;
  auto it = std::upper_bound(wakeups.begin(), wakeups.end(), in);  // first after `in`
  if (it != wakeups.begin() && *(it - 1) > prev) return *(it - 1);
  return in;
}

namespace {
struct ProgramBuilder {
  std::vector<ImportedStep> steps;
  Ns burn = 0;
  void flush() {
    if (burn > 0) steps.push_back({ImportedStep::Burn, burn, -1});
    burn = 0;
  }
  void sleep(Ns ns) {
    flush();
    if (ns > 0) steps.push_back({ImportedStep::Sleep, ns, -1});
  }
  void queue(int target) {
    flush();
    steps.push_back({ImportedStep::Queue, 0, target});
  }
};
}  // namespace

std::vector<ImportedStep> work_program(const ThreadTimeline& th, Ns start, Ns end,
                                       const std::vector<std::pair<Ns, int>>& queues,
                                       const std::vector<std::pair<Ns, Ns>>& excluded) {
  ProgramBuilder b;
  auto own = [&](Ns a, Ns z) {  // [a, z) less the excluded time
    Ns t = std::max<Ns>(0, z - a);
    for (const auto& [x, y] : excluded) t -= std::max<Ns>(0, std::min(y, z) - std::max(x, a));
    return t;
  };
  std::size_t q = 0;
  const auto& s = th.on_cpu;
  // The first stretch still on a CPU at `start`.
  auto k = static_cast<std::size_t>(
      std::upper_bound(s.begin(), s.end(), start, [](Ns t, const OnCpu& o) { return t < o.out; }) - s.begin());
  for (; k < s.size() && s[k].in < end; ++k) {
    Ns a = std::max(s[k].in, start), z = std::min(s[k].out, end);
    for (; q < queues.size() && queues[q].first <= z; ++q) {
      Ns tq = std::clamp(queues[q].first, a, z);
      b.burn += own(a, tq);
      a = tq;
      b.queue(queues[q].second);
    }
    b.burn += own(a, z);
    if (s[k].out >= end) break;
    if (th.blocked_after(k)) b.sleep(std::min(th.runnable_after(k), end) - s[k].out);
  }
  for (; q < queues.size(); ++q) b.queue(queues[q].second);
  b.flush();
  return b.steps;
}

std::vector<ImportedStep> task_program(const ThreadTimeline& th, int cpu, Ns& at) {
  ProgramBuilder b;
  const auto& s = th.on_cpu;
  int prev = -1;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k].cpu != cpu) continue;
    if (prev < 0) {
      at = th.runnable_for(k);
    } else if (!th.blocked_after(static_cast<std::size_t>(prev)) && static_cast<std::size_t>(prev) + 1 == k) {
      // Preempted, and back on this CPU next: still the same burn.
    } else {
      b.sleep(th.runnable_for(k) - s[static_cast<std::size_t>(prev)].out);
    }
    b.burn += s[k].out - s[k].in;
    prev = static_cast<int>(k);
  }
  b.flush();
  return b.steps;
}

json us_json(Ns ns) {
  if (ns % 1000 == 0) return json(ns / 1000);
  return json(static_cast<double>(ns) / 1000.0);
}

json steps_json(const std::vector<ImportedStep>& steps, const std::vector<std::string>& names) {
  json a = json::array();
  for (const ImportedStep& st : steps) {
    if (st.kind == ImportedStep::Burn) a.push_back({{"burn", us_json(st.ns)}});
    else if (st.kind == ImportedStep::Sleep) a.push_back({{"sleep", us_json(st.ns)}});
    else a.push_back({{"queue", names.at(static_cast<std::size_t>(st.target))}});
  }
  return a;
}

}  // namespace cmwqsim::io
