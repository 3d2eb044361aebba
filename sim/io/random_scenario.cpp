// SPDX-License-Identifier: GPL-2.0-only
#include "io/random_scenario.hpp"

#include <nlohmann/json.hpp>
#include <random>

namespace cmwqsim::io {

std::string random_scenario(std::uint64_t seed) {
  using nlohmann::json;
  std::mt19937_64 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](int percent) { return pick(1, 100) <= percent; };
  const int cpus = pick(1, 4);
  const bool v612 = chance(50);
  json sc = {{"name", "random-" + std::to_string(seed)},
             {"cpus", cpus},
             {"scheduler", std::vector<std::string>{"fifo", "doc", "cfs", "eevdf"}[pick(0, 3)]},
             {"kernel", v612 ? "6.12" : "6.1"},
             {"hz", std::vector<int>{100, 250, 1000}[pick(0, 2)]},
             {"unit", "us"},
             {"workers", {{"initial_idle", pick(1, 4)}, {"create_time", pick(0, 200)}}}};
  if (chance(20)) sc["workers"]["create_stall"] = {{"from", 0}, {"until", pick(100, 3000)}};
  if (chance(30)) sc["cpu_intensive_thresh_us"] = pick(0, 3000);
  if (cpus == 4 && chance(50)) sc["topology"] = {{"nodes", {{0, 1}, {2, 3}}}, {"smt", {{0, 1}, {2, 3}}}};
  const int nwq = pick(1, 4);
  json wqs = json::array();
  for (int q = 0; q < nwq; ++q) {
    json wq = {{"name", "q" + std::to_string(q)}};
    json flags = json::array();
    for (const char* f : {"WQ_UNBOUND", "WQ_HIGHPRI", "WQ_CPU_INTENSIVE", "WQ_MEM_RECLAIM", "WQ_FREEZABLE"})
      if (chance(25)) flags.push_back(f);
    wq["flags"] = flags;
    if (chance(15) && !flags.empty() && flags[0] == "WQ_UNBOUND") flags.erase(0);
    if (chance(15)) wq["ordered"] = true;
    else wq["max_active"] = pick(0, 3);
    bool unbound = std::find(flags.begin(), flags.end(), "WQ_UNBOUND") != flags.end();
    if (v612 && unbound && !wq.contains("ordered") && chance(50)) {
      wq["affinity_scope"] = std::vector<std::string>{"cpu", "smt", "cache", "numa", "system"}[pick(0, 4)];
      wq["affinity_strict"] = chance(50);
    }
    wqs.push_back(wq);
  }
  sc["workqueues"] = wqs;
  const int nwork = pick(1, 8);
  json work = json::array();
  for (int i = 0; i < nwork; ++i) {
    json w = {{"name", "w" + std::to_string(i)}, {"queue", "q" + std::to_string(pick(0, nwq - 1))}};
    if (chance(70)) w["cpu"] = pick(0, cpus - 1);
    if (i == 0 || chance(60)) w["at"] = pick(0, 5000);
    json prog = json::array();
    for (int s = pick(0, 4); s > 0; --s) {
      int later = i + 1 < nwork ? pick(i + 1, nwork - 1) : -1;  // forward references only: no queue cycles
      int k = pick(0, 9);
      if (k <= 3) prog.push_back({{"burn", pick(0, 3000)}});
      else if (k <= 5) prog.push_back({{"sleep", pick(0, 3000)}});
      else if (later < 0) prog.push_back({{"burn", pick(1, 500)}});
      else if (k == 6) prog.push_back({{"queue", "w" + std::to_string(later)}});
      else if (k == 7) prog.push_back({{"queue", "w" + std::to_string(later)}, {"delay", pick(0, 5000)}});
      else if (k == 8) prog.push_back({{"mod_delayed", "w" + std::to_string(later)}, {"delay", pick(0, 5000)}});
      else prog.push_back({{chance(50) ? "flush" : "cancel", "w" + std::to_string(later)}});
    }
    w["program"] = prog;
    work.push_back(w);
  }
  // Items nobody queues get a time.
  for (int i = 0; i < nwork; ++i) {
    bool queued = work[i].contains("at");
    for (const auto& w : work)
      for (const auto& s : w["program"])
        if ((s.contains("queue") && s["queue"] == work[i]["name"]) ||
            (s.contains("mod_delayed") && s["mod_delayed"] == work[i]["name"]))
          queued = true;
    if (!queued) work[i]["at"] = pick(0, 5000);
  }
  sc["work"] = work;
  json actions = json::array();
  for (int a = pick(0, 3); a > 0; --a) {
    std::string w = "w" + std::to_string(pick(0, nwork - 1));
    int k = pick(0, 3);
    if (k == 0) actions.push_back({{"at", pick(0, 8000)}, {"queue", w}, {"cpu", pick(0, cpus - 1)}});
    else if (k == 1) actions.push_back({{"at", pick(0, 8000)}, {"queue", w}, {"delay", pick(0, 4000)}});
    else if (k == 2) actions.push_back({{"at", pick(0, 8000)}, {"cancel", w}});
    else actions.push_back({{"at", pick(0, 8000)}, {"mod_delayed", w}, {"delay", pick(0, 4000)}});
  }
  if (chance(20)) {
    int t = pick(0, 6000);
    actions.push_back({{"at", t}, {"freeze", true}});
    actions.push_back({{"at", t + pick(0, 6000)}, {"thaw", true}});
  }
  if (!actions.empty()) sc["actions"] = actions;
  if (chance(40)) {
    json prog = json::array();
    for (int s = pick(1, 3); s > 0; --s) {
      int k = pick(0, 4);
      std::string w = "w" + std::to_string(pick(0, nwork - 1));
      if (k == 0) prog.push_back({{"burn", pick(0, 2000)}});
      else if (k == 1) prog.push_back({{"flush", w}});
      else if (k == 2) prog.push_back({{"cancel", w}});
      else if (k == 3) prog.push_back({{"flush_workqueue", "q" + std::to_string(pick(0, nwq - 1))}});
      else prog.push_back({{"queue", w}});
    }
    sc["tasks"] = json::array({{{"name", "T"}, {"cpu", pick(0, cpus - 1)}, {"at", pick(0, 5000)}, {"nice", pick(-5, 5)},
                                {"program", prog}}});
  }
  // Drawn last, so that the scenarios of earlier seeds keep their other parts.
  if (chance(15))
    sc["background"] = json::array({{{"name", "rcu_preempt"}, {"cpu", pick(0, cpus - 1)}, {"burn", pick(1, 50)},
                                     {"from", pick(0, 1000)}, {"until", pick(1000, 8000)}}});
  if (chance(30)) sc["preemption"] = "full";
  if (sc.contains("tasks") && chance(50)) sc["tasks"][0]["kthread"] = true;
  // 7.3 (lazy preemption unless full was drawn, HRTICK), drawn last as well.
  if (chance(20)) sc["kernel"] = "7.3";
  // disable_work()/enable_work() (6.10 and later): an issuer disable, maybe
  // an enable after it, and a task's disable_work_sync(); drawn last too.
  if (sc["kernel"] != "6.1" && chance(20)) {
    const std::string w = "w" + std::to_string(pick(0, nwork - 1));
    const int t = pick(0, 6000);
    if (!sc.contains("actions")) sc["actions"] = json::array();
    sc["actions"].push_back({{"at", t}, {"disable", w}});
    if (chance(70)) sc["actions"].push_back({{"at", t + pick(0, 4000)}, {"enable", w}});
    if (sc.contains("tasks") && chance(50)) sc["tasks"][0]["program"].push_back({{"disable", w}});
  }
  return sc.dump(1);
}

}  // namespace cmwqsim::io
