// SPDX-License-Identifier: GPL-2.0-only
// The scenario's "workers": the pools' starting workers and how workers are
// created (docs/scenario-format.md).
#include "io/workers_parse.hpp"

namespace cmwqsim::io {

void parse_workers(const ObjectReader& top, Scenario& sc) {
  if (!top.has("workers")) return;
  ObjectReader w(top.at("workers"), "workers",
                 {"initial_idle", "create_time", "create_stall", "unbound_last_cpus", "unbound_initial_idle", "kthreadd"});
  sc.workers.initial_idle = static_cast<int>(w.integer("initial_idle", 1, 1000, 1));
  if (w.has("unbound_initial_idle")) {
    ObjectReader u(w.at("unbound_initial_idle"), "workers.unbound_initial_idle", {"normal", "highpri"});
    sc.workers.unbound_initial_idle[0] = static_cast<int>(u.integer("normal", 1, 1000, 0));
    sc.workers.unbound_initial_idle[1] = static_cast<int>(u.integer("highpri", 1, 1000, 0));
  }
  if (w.has("unbound_last_cpus")) {
    ObjectReader l(w.at("unbound_last_cpus"), "workers.unbound_last_cpus", {"normal", "highpri"});
    const char* keys[2] = {"normal", "highpri"};
    for (int k = 0; k < 2; ++k) {
      if (!l.has(keys[k])) continue;
      const json& a = l.array(keys[k]);
      const std::string path = l.path(keys[k]);
      const int start = sc.workers.unbound_start(k == 1);
      if (static_cast<int>(a.size()) > start)
        throw ScenarioError(path, "lists " + std::to_string(a.size()) + " workers, but a pool starts with " +
                                      std::to_string(start) +
                                      (sc.workers.unbound_initial_idle[k] > 0 ? " (workers.unbound_initial_idle)"
                                                                              : " (workers.initial_idle)"));
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_number_integer() || a[i].get<long long>() < 0 || a[i].get<long long>() >= sc.cpus)
          throw ScenarioError(io::index_path(path, i), "must be a CPU number from 0 to " + std::to_string(sc.cpus - 1));
        sc.workers.unbound_last_cpus[k].push_back(a[i].get<int>());
      }
    }
  }
  if (w.has("create_time")) sc.workers.create_time = w.time("create_time", sc.unit);
  if (w.has("kthreadd")) {
    if (w.has("create_time")) w.fail("kthreadd", "cannot be given with workers.create_time (kthreadd's costs time the creation)");
    ObjectReader kt(w.at("kthreadd"), "workers.kthreadd", {"create", "start", "cpu"});
    sc.workers.kthreadd_cpu = static_cast<int>(kt.integer("cpu", 0, sc.cpus - 1, 0));
    sc.workers.kthreadd = true;
    if (kt.has("create")) sc.workers.kthreadd_create = kt.time("create", sc.unit);
    if (kt.has("start")) sc.workers.kthread_start = kt.time("start", sc.unit);
  }
  if (w.has("create_stall")) {
    ObjectReader st(w.at("create_stall"), "workers.create_stall", {"from", "until"});
    if (!st.has("until")) st.fail("until", "is required but missing");
    sc.workers.stall_from = st.has("from") ? st.time("from", sc.unit) : 0;
    sc.workers.stall_until = st.time("until", sc.unit);
    if (sc.workers.stall_until <= sc.workers.stall_from) st.fail("until", "must be after \"from\"");
  }
}

}  // namespace cmwqsim::io
