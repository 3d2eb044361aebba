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
