// SPDX-License-Identifier: GPL-2.0-only
#include "io/topology_parse.hpp"

namespace cmwqsim::io {

namespace {
// Each CPU exactly once.
std::vector<std::vector<int>> read_partition(const ObjectReader& r, const std::string& key, int cpus) {
  const json& arr = r.array(key);
  std::vector<std::vector<int>> groups;
  std::vector<int> seen(cpus, -1);
  for (std::size_t g = 0; g < arr.size(); ++g) {
    std::string gp = index_path(r.path(key), g);
    if (!arr[g].is_array() || arr[g].empty()) throw ScenarioError(gp, "must be a non-empty array of CPU numbers");
    std::vector<int> group;
    for (std::size_t i = 0; i < arr[g].size(); ++i) {
      const json& v = arr[g][i];
      std::string cp = index_path(gp, i);
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= cpus)
        throw ScenarioError(cp, "must be a CPU number from 0 to " + std::to_string(cpus - 1));
      int c = v.get<int>();
      if (seen[c] >= 0) throw ScenarioError(cp, "CPU " + std::to_string(c) + " is in two groups");
      seen[c] = static_cast<int>(g);
      group.push_back(c);
    }
    groups.push_back(group);
  }
  for (int c = 0; c < cpus; ++c)
    if (seen[c] < 0) r.fail(key, "must hold every CPU once; CPU " + std::to_string(c) + " is missing");
  return groups;
}

// Every group of `inner` lies inside one group of `outer`.
void check_nested(const ObjectReader& r, const std::string& key, const std::vector<std::vector<int>>& inner,
                  const std::vector<std::vector<int>>& outer, const std::string& what) {
  for (std::size_t g = 0; g < inner.size(); ++g) {
    int o = Topology::group_of(outer, inner[g][0]);
    for (int c : inner[g])
      if (Topology::group_of(outer, c) != o)
        throw ScenarioError(index_path(r.path(key), g), "spans two " + what);
  }
}
}  // namespace

bool affinity_scope_from_name(const std::string& s, AffinityScope& out) {
  if (s == "default") out = AffinityScope::Default;
  else if (s == "cpu") out = AffinityScope::Cpu;
  else if (s == "smt") out = AffinityScope::Smt;
  else if (s == "cache") out = AffinityScope::Cache;
  else if (s == "cache_shard") out = AffinityScope::CacheShard;
  else if (s == "numa") out = AffinityScope::Numa;
  else if (s == "system") out = AffinityScope::System;
  else return false;
  return true;
}

void parse_topology(const ObjectReader& top, Scenario& sc) {
  std::vector<int> all;
  for (int c = 0; c < sc.cpus; ++c) all.push_back(c);
  Topology t;
  t.nodes = {all};
  t.llcs = {all};
  for (int c = 0; c < sc.cpus; ++c) t.smt.push_back({c});
  if (top.has("topology")) {
    ObjectReader r(top.at("topology"), "topology", {"nodes", "llc", "smt"});
    if (r.has("nodes")) t.nodes = read_partition(r, "nodes", sc.cpus);
    if (r.has("llc")) t.llcs = read_partition(r, "llc", sc.cpus);
    else t.llcs = t.nodes;  // one LLC per node
    if (r.has("smt")) t.smt = read_partition(r, "smt", sc.cpus);
    check_nested(r, r.has("llc") ? "llc" : "nodes", t.llcs, t.nodes, "NUMA nodes");
    check_nested(r, r.has("smt") ? "smt" : "llc", t.smt, t.llcs, "LLCs");
  }
  sc.topology = t;
}

}  // namespace cmwqsim::io
