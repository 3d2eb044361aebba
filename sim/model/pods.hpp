// SPDX-License-Identifier: GPL-2.0-only
// Affinity-scope pods (workqueue_init_topology(): init_pod_type()).
#pragma once
#include <algorithm>
#include <utility>
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::model {

// 7.x's cache shards (precompute_cache_shard_ids()): each LLC's cores, in
// CPU order, split into llc_calc_shard_layout()'s nr_shards =
// max(1, DIV_ROUND_CLOSEST(cores, shard_size)) shards, the first
// cores % nr_shards of them one core larger; SMT siblings stay with their
// core's first CPU (llc_populate_cpu_shard_id()).
inline std::vector<std::vector<int>> cache_shard_pods(const Topology& t, int shard_size) {
  std::vector<std::vector<int>> pods;
  for (const std::vector<int>& llc : t.llcs) {
    auto leader = [&](int c) {  // the first CPU of c's SMT group (c itself without SMT)
      const int g = Topology::group_of(t.smt, c);
      return g < 0 || t.smt[static_cast<std::size_t>(g)].empty() ? c : t.smt[static_cast<std::size_t>(g)].front();
    };
    int cores = 0;
    for (int c : llc) cores += leader(c) == c;
    const int nr_shards = std::max(1, (cores + shard_size / 2) / shard_size);
    const int per_shard = cores / nr_shards, large = cores % nr_shards;
    const std::size_t first = pods.size();
    pods.resize(first + static_cast<std::size_t>(nr_shards));
    int shard = 0, in_shard = 0;
    std::vector<std::pair<int, int>> leader_shard;  // (leader cpu, shard)
    for (int c : llc) {
      if (leader(c) == c) {
        if (in_shard == per_shard + (shard < large ? 1 : 0)) {  // llc_shard_is_full()
          ++shard;
          in_shard = 0;
        }
        ++in_shard;
        leader_shard.push_back({c, shard});
        pods[first + static_cast<std::size_t>(shard)].push_back(c);
      } else {
        for (const auto& [l, s] : leader_shard)
          if (l == leader(c)) pods[first + static_cast<std::size_t>(s)].push_back(c);
      }
    }
  }
  for (auto& p : pods) std::sort(p.begin(), p.end());
  return pods;
}

// The pods of a scope, in CPU order: cpu -> one pod each; smt -> siblings;
// cache -> LLCs; cache_shard -> LLC shards; numa -> nodes; system -> all
// CPUs. Default is resolved by the caller (the kernel's wq_affn_dfl).
inline std::vector<std::vector<int>> pods_of(const Topology& t, AffinityScope scope, int ncpus, int shard_size = 8) {
  switch (scope) {
    case AffinityScope::Cpu: {
      std::vector<std::vector<int>> pods;
      for (int c = 0; c < ncpus; ++c) pods.push_back({c});
      return pods;
    }
    case AffinityScope::Smt: return t.smt;
    case AffinityScope::CacheShard: return cache_shard_pods(t, shard_size);
    case AffinityScope::Numa: return t.nodes;
    case AffinityScope::System: {
      std::vector<int> all;
      for (int c = 0; c < ncpus; ++c) all.push_back(c);
      return {all};
    }
    default: return t.llcs;  // cache, the 6.12 default
  }
}

}  // namespace cmwqsim::model
