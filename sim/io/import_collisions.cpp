// SPDX-License-Identifier: GPL-2.0-only
#include "io/import_collisions.hpp"

#include <algorithm>
#include <map>

namespace cmwqsim::io::import_rules {

namespace {

// The stretch of `th` on a CPU that began last at or before t (-1: none).
int stretch_at(const ThreadTimeline& th, Ns t) {
  auto it = std::upper_bound(th.on_cpu.begin(), th.on_cpu.end(), t,
                             [](Ns v, const OnCpu& s) { return v < s.in; });
  return static_cast<int>(it - th.on_cpu.begin()) - 1;
}

// Counted in its pool's nr_running at t: on a CPU, or preempted (R) and not
// yet back; a worker that blocked counts again only once it runs
// (wq_worker_running()).
bool running_at(const ThreadTimeline& th, Ns t) {
  int k = stretch_at(th, t);
  if (k < 0) return false;
  const OnCpu& s = th.on_cpu[static_cast<std::size_t>(k)];
  return t < s.out || s.state == 'R' || s.state == 0;
}

}  // namespace

void WorklistWatch::switched_out(int pid, const std::string& comm, char state, Ns t, std::vector<Queued>& queued,
                                 const std::map<int, bool>& wq_highpri,
                                 const std::unordered_map<int, ThreadTimeline>& threads) {
  PoolName pool = pool_of(comm);
  if (!pool.kworker || pool.unbound) return;
  std::vector<int>& mine = workers_[pool.key()];
  if (std::find(mine.begin(), mine.end(), pid) == mine.end()) mine.push_back(pid);
  if (state != 'I') return;
  for (int v : mine) {
    if (v == pid) continue;
    const ThreadTimeline& th = threads.at(v);
    if (th.open >= 0 || (!th.on_cpu.empty() && th.on_cpu.back().state == 'R')) return;  // in nr_running
  }
  while (first_open_ < queued.size() && (queued[first_open_].taken || queued[first_open_].off_worklist)) ++first_open_;
  for (std::size_t i = first_open_; i < queued.size(); ++i) {
    Queued& q = queued[i];
    if (q.taken || q.off_worklist || q.activated < 0 || q.activated >= t || q.pool_cpu != pool.id) continue;
    auto hp = wq_highpri.find(q.wq);
    if ((hp != wq_highpri.end() && hp->second) == pool.highpri) q.off_worklist = true;
  }
}

void find_collisions(std::vector<Exec>& execs, const std::vector<Queued>& queued,
                     const std::unordered_map<int, ThreadTimeline>& threads, const std::vector<std::string>& names) {
  auto pool_key = [&](int pid) {
    auto it = threads.find(pid);
    if (it == threads.end() || it->second.comm < 0) return std::string();
    PoolName p = pool_of(names[static_cast<std::size_t>(it->second.comm)]);
    return p.kworker && !p.unbound ? p.key() : std::string();
  };
  // Per bound pool: its workers, and their executions in time order.
  std::map<std::string, std::vector<int>> workers;
  std::map<int, std::vector<int>> by_worker;
  for (std::size_t i = 0; i < execs.size(); ++i)
    if (!execs[i].bh) by_worker[execs[i].pid].push_back(static_cast<int>(i));
  for (const auto& [pid, list] : by_worker)
    if (std::string key = pool_key(pid); !key.empty()) workers[key].push_back(pid);

  // A worker W of the pool ended an item at t and went idle, with no other worker running.
  auto went_idle_alone = [&](const std::string& key, int w, Ns t) {
    const ThreadTimeline& th = threads.at(w);
    int k = stretch_at(th, t);
    if (k < 0) return false;
    const OnCpu& s = th.on_cpu[static_cast<std::size_t>(k)];
    if (s.state != 'I') return false;
    for (int x : by_worker[w])
      if (execs[static_cast<std::size_t>(x)].start >= t && execs[static_cast<std::size_t>(x)].start <= s.out) return false;
    for (int v : workers[key])
      if (v != w && running_at(threads.at(v), t)) return false;
    return true;
  };

  for (auto& [pid, list] : by_worker) {
    std::string key = pool_key(pid);
    if (key.empty()) continue;
    const ThreadTimeline& th = threads.at(pid);
    for (std::size_t j = 1; j < list.size(); ++j) {
      Exec& x = execs[static_cast<std::size_t>(list[j])];
      const Exec& p = execs[static_cast<std::size_t>(list[j - 1])];
      if (x.queued < 0 || p.end < 0 || p.function != x.function) continue;
      int k0 = stretch_at(th, p.end), k1 = stretch_at(th, x.start);
      bool blocked = k0 < 0;  // between them: preempted at most
      for (int k = std::max(k0, 0); k < k1 && !blocked; ++k) blocked = th.on_cpu[static_cast<std::size_t>(k)].state != 'R';
      if (blocked) continue;
      const Queued& q = queued[static_cast<std::size_t>(x.queued)];
      if (q.t < p.start || q.t >= p.end || q.activated < 0) continue;
      bool evidence = false;
      for (int w : workers[key]) {
        if (w == pid || evidence) continue;
        for (int y : by_worker[w]) {
          Ns t = execs[static_cast<std::size_t>(y)].end;
          if (t > q.activated && t < x.start && went_idle_alone(key, w, t)) {
            evidence = true;
            break;
          }
        }
      }
      if (evidence) x.reruns = p.reruns >= 0 ? p.reruns : list[j - 1];
    }
  }
}

}  // namespace cmwqsim::io::import_rules
