// SPDX-License-Identifier: GPL-2.0-only
// 7.x's cache_shard affinity scope, the 7.3 default (wq_affn_dfl): each LLC's
// cores split into shards of about workqueue.cache_shard_size (8) cores
// (llc_calc_shard_layout(), llc_populate_cpu_shard_id()).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/run.hpp"
#include "model/pods.hpp"

using namespace cmwqsim;
using Pods = std::vector<std::vector<int>>;

namespace {
std::vector<int> range(int from, int to) {  // [from, to)
  std::vector<int> v;
  for (int c = from; c < to; ++c) v.push_back(c);
  return v;
}

Topology flat(int cpus) {  // one LLC, no SMT
  Topology t;
  t.nodes = t.llcs = {range(0, cpus)};
  for (int c = 0; c < cpus; ++c) t.smt.push_back({c});
  return t;
}
}  // namespace

TEST_CASE("cache shards: the shard count closest to the target size, larger shards first") {
  CHECK(model::cache_shard_pods(flat(4), 8) == Pods{range(0, 4)});    // a small LLC is one shard
  CHECK(model::cache_shard_pods(flat(11), 8) == Pods{range(0, 11)});  // 11/8 rounds to 1
  CHECK(model::cache_shard_pods(flat(12), 8) == Pods{range(0, 6), range(6, 12)});  // 12/8 rounds to 2
  CHECK(model::cache_shard_pods(flat(16), 8) == Pods{range(0, 8), range(8, 16)});
  // 20 cores: DIV_ROUND_CLOSEST(20, 8) = 3 shards of 6, the first 20 % 3 = 2 of them 7.
  CHECK(model::cache_shard_pods(flat(20), 8) == Pods{range(0, 7), range(7, 14), range(14, 20)});
  CHECK(model::cache_shard_pods(flat(6), 1) == Pods{{0}, {1}, {2}, {3}, {4}, {5}});
}

TEST_CASE("cache shards count cores, keep SMT siblings together, and never cross an LLC") {
  // 2 LLCs of 12 cores each, SMT pairs (c, c + 24): CPUs 0-11 and 24-35 in LLC 0.
  Topology t;
  t.nodes = {range(0, 48)};
  std::vector<int> llc0 = range(0, 12), llc1 = range(12, 24);
  for (int c = 24; c < 36; ++c) llc0.push_back(c);
  for (int c = 36; c < 48; ++c) llc1.push_back(c);
  t.llcs = {llc0, llc1};
  for (int c = 0; c < 24; ++c) t.smt.push_back({c, c + 24});
  const Pods pods = model::cache_shard_pods(t, 8);
  REQUIRE(pods.size() == 4);  // 12 cores per LLC: 2 shards of 6 cores (12 CPUs) each
  std::vector<int> first = range(0, 6);
  for (int c = 24; c < 30; ++c) first.push_back(c);
  CHECK(pods[0] == first);
  for (const auto& p : pods) CHECK(p.size() == 12);
}

TEST_CASE("cache_shard is 7.3's default scope and does not exist before 7.x") {
  CHECK(kernel_rules(KernelVersion::V7_3).default_affinity_scope == AffinityScope::CacheShard);
  CHECK(kernel_rules(KernelVersion::V6_12).default_affinity_scope == AffinityScope::Cache);
  auto scenario = [](const std::string& kernel) {
    return R"({"name": "s", "cpus": 16, "unit": "ms", "kernel": ")" + kernel +
           R"(", "workqueues": [{"name": "u", "flags": ["WQ_UNBOUND"], "affinity_scope": "cache_shard"}], "work": []})";
  };
  CHECK_THROWS_WITH(parse_scenario_text(scenario("6.12")),
                    "workqueues[0].affinity_scope: the cache_shard scope does not exist on 6.12 (7.x)");
  CHECK_NOTHROW(parse_scenario_text(scenario("7.3")));
}
