// Affinity-scope pods (6.12 workqueue_init_topology(): init_pod_type()).
#pragma once
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::model {

// The pods of a scope, in CPU order: cpu -> one pod each; smt -> siblings;
// cache -> LLCs; numa -> nodes; system -> all CPUs. (Default: cache.)
inline std::vector<std::vector<int>> pods_of(const Topology& t, AffinityScope scope, int ncpus) {
  switch (scope) {
    case AffinityScope::Cpu: {
      std::vector<std::vector<int>> pods;
      for (int c = 0; c < ncpus; ++c) pods.push_back({c});
      return pods;
    }
    case AffinityScope::Smt: return t.smt;
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
