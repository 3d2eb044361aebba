// SPDX-License-Identifier: GPL-2.0-only
// Kernel rules that no spec scenario shows on its own: the max_active
// default and limits of each kernel (KernelRules::wq_dfl_active,
// wq_max_active, unbound_max_active_scales_with_cpus), seen as how many of a
// burst of items are activated at once.
#include <catch2/catch.hpp>

#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/run.hpp"

using namespace cmwqsim;

namespace {
// n sleeping items queued at 0 on one workqueue; returns how many are
// activated at 0 (the rest wait on the inactive list).
int active_at_start(const char* kernel, int cpus, const char* flags, int max_active, int n) {
  std::string work;
  for (int i = 0; i < n; ++i)
    work += std::string(i ? "," : "") + R"({"name": "w)" + std::to_string(i) + R"(", "queue": "q", "at": 0, "program": [{"sleep": 1}]})";
  Scenario sc = parse_scenario_text(R"({"name": "burst", "cpus": )" + std::to_string(cpus) + R"(, "unit": "ms", "kernel": ")" +
                                    kernel + R"(", "workqueues": [{"name": "q", "flags": [)" + flags +
                                    R"(], "max_active": )" + std::to_string(max_active) + R"(}], "work": [)" + work + "]}");
  Trace tr = run_isolated(sc);
  int active = 0;
  for (const TraceEvent& e : tr.events) active += e.kind == Ev::Activate && e.t == 0;
  return active;
}
}  // namespace

TEST_CASE("max_active 0 is the kernel's WQ_DFL_ACTIVE") {
  for (KernelVersion k : {KernelVersion::V6_1, KernelVersion::V6_12}) {
    INFO(to_string(k));
    CHECK(active_at_start(to_string(k), 1, "", 0, 300) == kernel_rules(k).wq_dfl_active);
    CHECK(kernel_rules(k).wq_dfl_active == 256);
  }
}

TEST_CASE("max_active is clamped to WQ_MAX_ACTIVE, and 6.1 lets unbound workqueues have 4 per CPU") {
  // A bound workqueue: 512 on both kernels.
  CHECK(active_at_start("6.1", 1, "", 600, 600) == 512);
  CHECK(active_at_start("6.12", 1, "", 600, 600) == 512);
  // Unbound on 256 CPUs: v6.3's WQ_UNBOUND_MAX_ACTIVE is max(512, 4 x 256) = 1024; 6.12's is 512.
  CHECK(active_at_start("6.1", 256, R"("WQ_UNBOUND")", 600, 600) == 600);
  CHECK(active_at_start("6.12", 256, R"("WQ_UNBOUND")", 600, 600) == 512);
}

namespace {
WorkqueueSpec wq_with(unsigned flags, bool ordered = false) {
  WorkqueueSpec w;
  w.name = "q";
  w.flags = flags;
  w.ordered = ordered;
  return w;
}
}  // namespace

TEST_CASE("WQ_BH exists from 6.9 on with WQ_HIGHPRI only (7.x: and WQ_PERCPU)") {
  const KernelRules &k61 = kernel_rules(KernelVersion::V6_1), &k612 = kernel_rules(KernelVersion::V6_12),
                    &k73 = kernel_rules(KernelVersion::V7_3);
  CHECK_FALSE(k61.has_wq_bh);
  CHECK(k612.has_wq_bh);
  CHECK(k73.has_wq_bh);
  // __WQ_BH_ALLOWS
  CHECK(wq_bh_disallowed_flags(k612, wq_with(WQ_BH | WQ_HIGHPRI)) == 0);
  CHECK(wq_bh_disallowed_flags(k612, wq_with(WQ_BH | WQ_PERCPU)) == WQ_PERCPU);
  CHECK(wq_bh_disallowed_flags(k73, wq_with(WQ_BH | WQ_PERCPU | WQ_HIGHPRI)) == 0);
  for (unsigned f : {WQ_UNBOUND, WQ_FREEZABLE, WQ_MEM_RECLAIM, WQ_CPU_INTENSIVE}) {
    CHECK(wq_bh_disallowed_flags(k612, wq_with(WQ_BH | f)) == f);
    CHECK(wq_bh_disallowed_flags(k73, wq_with(WQ_BH | f)) == f);
  }
  // alloc_ordered_workqueue() adds WQ_UNBOUND; a workqueue without WQ_BH is not concerned.
  CHECK(wq_bh_disallowed_flags(k73, wq_with(WQ_BH, true)) == WQ_UNBOUND);
  CHECK(wq_bh_disallowed_flags(k73, wq_with(WQ_UNBOUND | WQ_CPU_INTENSIVE)) == 0);
}

TEST_CASE("7.3 warns once about a workqueue with neither WQ_PERCPU nor WQ_UNBOUND and once about both") {
  Scenario sc;
  sc.workqueues = {wq_with(WQ_HIGHPRI), wq_with(0), wq_with(WQ_PERCPU | WQ_UNBOUND), wq_with(WQ_PERCPU, true),
                   wq_with(WQ_UNBOUND), wq_with(WQ_BH)};
  set_kernel(sc, KernelVersion::V7_3);
  auto w = wq_percpu_warnings(sc);
  REQUIRE(w.size() == 2);
  CHECK(w[0].first == "workqueues[0].flags");  // WARN_ONCE: the first only
  CHECK(w[0].second.find("sets WQ_PERCPU") != std::string::npos);
  CHECK(w[1].first == "workqueues[2].flags");
  CHECK(w[1].second.find("keeps it unbound") != std::string::npos);
  // Per-CPU or unbound, one of the two: nothing to say; nor on kernels without WQ_PERCPU.
  sc.workqueues = {wq_with(WQ_PERCPU), wq_with(WQ_UNBOUND), wq_with(0, true), wq_with(WQ_BH | WQ_PERCPU)};
  CHECK(wq_percpu_warnings(sc).empty());
  sc.workqueues = {wq_with(0)};
  set_kernel(sc, KernelVersion::V6_12);
  CHECK(wq_percpu_warnings(sc).empty());
}
