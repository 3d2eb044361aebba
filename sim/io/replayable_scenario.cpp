// SPDX-License-Identifier: GPL-2.0-only
#include "io/replayable_scenario.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <vector>

#include "io/rng.hpp"

namespace cmwqsim::io {

namespace {
using json = nlohmann::ordered_json;

// --steps extended: one step of item i (on workqueue q) that may also queue
// with a delay, flush, cancel (and wait) or flush a workqueue. An item waits
// only on items of workqueues numbered above its own, and waiting inside a
// workqueue (max_active, order) goes to items ahead of it, so no draw can
// deadlock. `later` is an item after i (-1: none), k a draw in [0, 100).
void extended_step(Rng& rng, json& prog, int i, int later, std::int64_t k, int q, const std::vector<int>& wq_of,
                   int nwq, std::vector<bool>& queued_by_step, std::int64_t& span_us) {
  std::vector<int> above;  // earlier items on a workqueue numbered above q
  for (int j = 0; j < i; ++j)
    if (wq_of[static_cast<std::size_t>(j)] > q) above.push_back(j);
  auto name = [](int j) { return "w" + std::to_string(j); };
  if ((k >= 65 && k < 83 && later >= 0)) {
    json st = {{"queue", name(later)}};
    if (k >= 73) {
      st["delay"] = rng.between(0, 12000);
      span_us += st["delay"].get<std::int64_t>();
    }
    prog.push_back(st);
    queued_by_step[static_cast<std::size_t>(later)] = true;
  } else if (k >= 83 && k < 95 && !above.empty()) {
    const int j = above[static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(above.size()) - 1))];
    prog.push_back({{k < 90 ? "flush" : "cancel", name(j)}});
  } else if (k >= 95 && q + 1 < nwq) {
    prog.push_back({{"flush_workqueue", "q" + std::to_string(rng.between(q + 1, nwq - 1))}});
  } else {
    const std::int64_t us = rng.between(200, 6000);
    prog.push_back({{k < 40 || k >= 65 ? "burn" : "sleep", us}});
    span_us += us;
  }
}
}  // namespace

std::string replayable_scenario(std::uint64_t seed, int cpus, bool extended) {
  Rng rng(seed);
  auto chance = [&](int percent) { return rng.between(1, 100) <= percent; };
  if (cpus == 0) cpus = chance(75) ? 2 : 4;

  const int nwq = static_cast<int>(rng.between(1, 3));
  json wqs = json::array();
  for (int q = 0; q < nwq; ++q) {
    json wq = {{"name", "q" + std::to_string(q)}};
    json flags = json::array();
    const bool ordered = chance(15);
    if (!ordered && chance(40)) flags.push_back("WQ_UNBOUND");
    if (chance(25)) flags.push_back("WQ_HIGHPRI");
    if (chance(25)) flags.push_back("WQ_CPU_INTENSIVE");
    if (chance(10)) flags.push_back("WQ_MEM_RECLAIM");
    wq["flags"] = flags;
    if (ordered) wq["ordered"] = true;
    else wq["max_active"] = rng.between(0, 3);
    wqs.push_back(wq);
  }

  const int nwork = static_cast<int>(rng.between(3, 7));
  json work = json::array();
  std::vector<bool> queued_by_step(nwork, false);
  std::vector<int> wq_of;  // each item's workqueue, as drawn
  std::int64_t span_us = 0;  // an upper bound of the scenario's length
  for (int i = 0; i < nwork; ++i) {
    const int q = static_cast<int>(rng.between(0, nwq - 1));
    wq_of.push_back(q);
    json w = {{"name", "w" + std::to_string(i)}, {"queue", "q" + std::to_string(q)}};
    w["cpu"] = rng.between(0, cpus - 1);
    json prog = json::array();
    // A burn or sleep of a whole number of microseconds: fine enough to avoid
    // the ties a coarse grid makes, and exact in the module's nanoseconds.
    auto timed = [&](const char* kind, std::int64_t lo, std::int64_t hi) {
      const std::int64_t us = rng.between(lo, hi);
      prog.push_back({{kind, us}});
      span_us += us;
    };
    for (int s = static_cast<int>(rng.between(1, 4)); s > 0; --s) {
      const int later = i + 1 < nwork ? static_cast<int>(rng.between(i + 1, nwork - 1)) : -1;
      const std::int64_t k = rng.between(0, 99);
      if (extended) {
        extended_step(rng, prog, i, later, k, q, wq_of, nwq, queued_by_step, span_us);
        continue;
      }
      if (k < 50) {
        timed("burn", 200, 6000);
      } else if (k < 85) {
        timed("sleep", 200, 6000);
      } else if (later >= 0) {
        prog.push_back({{"queue", "w" + std::to_string(later)}});
        queued_by_step[later] = true;
      } else {
        timed("burn", 200, 2000);
      }
    }
    w["program"] = prog;
    // A queue step leaves the target's CPU to the local one, now and then.
    if (chance(20)) w.erase("cpu");
    work.push_back(w);
  }
  // Every item the issuer calls names its CPU (queue_work_on()); an item that
  // no step queues is issued at a time.
  std::int64_t last_at = 0;
  for (int i = 0; i < nwork; ++i) {
    if (queued_by_step[i] && !chance(25)) continue;
    json& w = work[i];
    w["at"] = rng.between(0, 8000);
    last_at = std::max(last_at, w["at"].get<std::int64_t>());
    if (!w.contains("cpu")) w["cpu"] = rng.between(0, cpus - 1);
  }
  json actions = json::array();
  for (int a = static_cast<int>(rng.between(0, 2)); a > 0; --a) {
    const int i = static_cast<int>(rng.between(0, nwork - 1));
    actions.push_back({{"at", rng.between(0, 10000)}, {"queue", "w" + std::to_string(i)}, {"cpu", rng.between(0, cpus - 1)}});
    last_at = std::max(last_at, actions.back()["at"].get<std::int64_t>());
  }
  if (extended)
    for (int a = static_cast<int>(rng.between(0, 2)); a > 0; --a) {
      const std::string item = "w" + std::to_string(rng.between(0, nwork - 1));
      const std::int64_t at = rng.between(0, 10000), cpu = rng.between(0, cpus - 1);
      if (chance(60)) {
        const std::int64_t delay = rng.between(0, 12000);
        actions.push_back({{"at", at}, {"queue", item}, {"cpu", cpu}, {"delay", delay}});
        span_us += delay;
      } else {
        actions.push_back({{"at", at}, {"cancel", item}, {"cpu", cpu}});
      }
      last_at = std::max(last_at, at);
    }
  // The guest's rcu_preempt, woken at every tick while the module runs (as in
  // every validation scenario); until: past the longest possible run.
  const std::int64_t until_us = ((last_at + 2 * span_us + 20000) / 1000 + 1) * 1000;
  std::string name = std::to_string(seed);
  name.insert(0, name.size() < 4 ? 4 - name.size() : 0, '0');
  const std::string steps = extended ? " --steps extended" : "";
  json sc = {{"name", (extended ? "randx-" : "rand-") + name},
             {"description", "Random replayable scenario of seed " + std::to_string(seed) +
                                 " (cmwq-sim random --replayable" + steps + " --seed " + std::to_string(seed) + ")."},
             {"cpus", cpus},
             {"scheduler", "fifo"},
             {"kernel", "6.1"},
             {"unit", "us"},
             {"workers", {{"initial_idle", 5}}},  // every pool holds 5 kworkers once warm (kernel-run's meta)
             {"background", json::array({{{"name", "rcu_preempt"}, {"cpu", 0}, {"burn", 4}, {"until", until_us}}})},
             {"workqueues", wqs},
             {"work", work}};
  if (!actions.empty()) sc["actions"] = actions;
  return sc.dump(1);
}

}  // namespace cmwqsim::io
