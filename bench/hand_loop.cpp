// SPDX-License-Identifier: GPL-2.0-only
#include "hand_loop.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

namespace cmwqsim::bench {

namespace {

struct Ev {
  Ns t;
  std::uint64_t seq;
  std::uint32_t item;
  bool operator>(const Ev& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

constexpr std::uint32_t kNone = UINT32_MAX;

struct Cpu {
  std::uint32_t owner = kNone;
  std::deque<std::uint32_t> ready;
};

// One pass over the items; returns the events processed. An event of item i
// means "i wants to go on": it arrived, its burn or sleep ended, or it was
// handed the CPU.
std::uint64_t one_pass(const Scenario& sc, std::uint64_t& checksum) {
  std::priority_queue<Ev, std::vector<Ev>, std::greater<Ev>> q;
  std::vector<Cpu> cpus(static_cast<std::size_t>(sc.cpus));
  std::vector<std::uint32_t> pc(sc.work.size(), 0);  // next step of each item
  std::uint64_t seq = 0, events = 0;
  for (std::uint32_t i = 0; i < sc.work.size(); ++i)
    if (sc.work[i].at) q.push({*sc.work[i].at, seq++, i});
  while (!q.empty()) {
    const Ev e = q.top();
    q.pop();
    ++events;
    checksum += static_cast<std::uint64_t>(e.t);
    const WorkSpec& w = sc.work[e.item];
    Cpu& c = cpus[static_cast<std::size_t>(w.cpu)];
    if (c.owner != e.item) {
      if (c.owner != kNone) {  // the CPU is taken: wait in FIFO order
        c.ready.push_back(e.item);
        continue;
      }
      c.owner = e.item;
    }
    if (pc[e.item] < w.program.size()) {
      const Step& s = w.program[pc[e.item]++];
      q.push({e.t + s.ns, seq++, e.item});
      if (s.kind == Step::Burn) continue;  // keeps the CPU
    }
    // Sleeps or ends: the next ready item gets the CPU.
    c.owner = kNone;
    if (!c.ready.empty()) {
      c.owner = c.ready.front();
      c.ready.pop_front();
      q.push({e.t, seq++, c.owner});
    }
  }
  return events;
}

}  // namespace

HandLoopResult hand_loop(const Scenario& sc, std::uint64_t min_events) {
  HandLoopResult r;
  std::uint64_t checksum = 0;
  auto t0 = std::chrono::steady_clock::now();
  do {
    std::uint64_t n = one_pass(sc, checksum);
    if (n == 0) break;
    r.events += n;
  } while (r.events < min_events);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.checksum = checksum;
  return r;
}

}  // namespace cmwqsim::bench
