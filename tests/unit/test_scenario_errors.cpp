// SPDX-License-Identifier: GPL-2.0-only
// Scenario parsing: defaults, references, and errors that name the path.
#include <catch2/catch.hpp>

#include "cmwqsim/scenario.hpp"

using namespace cmwqsim;

namespace {
const char* kMinimal = R"({
  "name": "m", "cpus": 2, "unit": "us",
  "workqueues": [{"name": "q", "flags": ["WQ_HIGHPRI", "WQ_CPU_INTENSIVE"]}],
  "work": [
    {"name": "a", "queue": "q", "at": 1.5, "program": [{"burn": 2}, {"queue": "b"}]},
    {"name": "b", "queue": "q", "cpu": 1, "program": [{"sleep": 0.001}]}
  ]
})";

std::string error_of(const std::string& text) {
  try {
    parse_scenario_text(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a minimal scenario gets the documented defaults") {
  Scenario sc = parse_scenario_text(kMinimal);
  CHECK(sc.scheduler == Scheduler::Fifo);
  CHECK(sc.kernel == KernelVersion::V6_1);
  CHECK(sc.implementation == Implementation::Cmwq);
  CHECK(sc.workers.initial_idle == 1);
  CHECK(sc.workers.create_time == 0);
  CHECK(sc.workqueues[0].flags == (WQ_HIGHPRI | WQ_CPU_INTENSIVE));
  CHECK(sc.workqueues[0].max_active == 0);
  CHECK(*sc.work[0].at == 1500);  // 1.5 us in ns
  CHECK_FALSE(sc.work[0].cpu_given);
  CHECK(sc.work[0].program[1].kind == Step::Queue);
  CHECK(sc.work[0].program[1].target == 1);  // a later item may be named
  CHECK_FALSE(sc.work[1].at.has_value());
  CHECK(sc.work[1].cpu == 1);
  CHECK(sc.work[1].program[0].ns == 1);
}

TEST_CASE("errors name the JSON path") {
  std::string t = kMinimal;
  CHECK(error_of(std::string(t).replace(t.find("\"sleep\": 0.001"), 14, "\"sleep\": -1")) ==
        "work[1].program[0].sleep: must be a non-negative number (a time in us), not -1");
  CHECK(error_of(std::string(t).replace(t.find("\"cpu\": 1"), 8, "\"cpu\": 7")) ==
        "work[1].cpu: must be from 0 to 1, not 7");
  CHECK(error_of(std::string(t).replace(t.find("{\"queue\": \"b\"}"), 14, "{\"queue\": \"c\"}")) ==
        "work[0].program[1].queue: no work item named \"c\"");
}

TEST_CASE("an item nobody queues is an error, not a silent no-op") {
  std::string t = kMinimal;
  t.replace(t.find(", {\"queue\": \"b\"}"), 16, "");
  CHECK(error_of(t).rfind("work[1]: \"b\" is never queued", 0) == 0);
}
