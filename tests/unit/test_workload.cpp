// SPDX-License-Identifier: GPL-2.0-only
// Generated workloads: reproducible from the seed, shaped as asked; and the
// PATH=VALUE setter that gen --set and sweep grids use.
#include <catch2/catch.hpp>

#include "cmwqsim/scenario.hpp"
#include "io/json_set.hpp"
#include "io/rng.hpp"

using namespace cmwqsim;

namespace {
std::string spec(const std::string& arrival, int seed, int items = 2000) {
  return R"({"name": "w", "cpus": 4, "unit": "us",
    "workqueues": [{"name": "a"}, {"name": "b"}],
    "workload": {"items": )" + std::to_string(items) + R"(, "seed": )" + std::to_string(seed) +
         R"(, "cpus": [1, 3], "arrival": )" + arrival + R"(,
      "program": [{"burn": {"uniform": [10, 20]}}, {"sleep": {"exp": 100}}, {"burn": 7}]}})";
}
const char* kPoisson = R"({"poisson": {"mean_interval": 5}})";
}  // namespace

TEST_CASE("the same seed gives the same items, another seed other items") {
  Scenario a = parse_scenario_text(spec(kPoisson, 1)), b = parse_scenario_text(spec(kPoisson, 1));
  Scenario c = parse_scenario_text(spec(kPoisson, 2));
  REQUIRE(a.work.size() == 2000);
  bool all_same = true, any_differs = false;
  for (std::size_t i = 0; i < a.work.size(); ++i) {
    all_same = all_same && *a.work[i].at == *b.work[i].at && a.work[i].cpu == b.work[i].cpu &&
               a.work[i].program[1].ns == b.work[i].program[1].ns;
    any_differs = any_differs || *a.work[i].at != *c.work[i].at;
  }
  CHECK(all_same);
  CHECK(any_differs);
}

TEST_CASE("generated items follow the spec's queues, CPUs and distributions") {
  Scenario sc = parse_scenario_text(spec(kPoisson, 7));
  double sleep_sum = 0;
  Ns last_at = 0;
  for (std::size_t i = 0; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    CHECK(w.name == "g" + std::to_string(i));
    CHECK(w.queue == static_cast<int>(i % 2));  // round-robin over the workqueues
    CHECK((w.cpu == 1 || w.cpu == 3));
    REQUIRE(w.program.size() == 3);
    CHECK(w.program[0].kind == Step::Burn);
    CHECK(w.program[0].ns >= 10'000);
    CHECK(w.program[0].ns <= 20'000);
    CHECK(w.program[1].kind == Step::Sleep);
    CHECK(w.program[2].ns == 7'000);
    CHECK(*w.at >= last_at);
    last_at = *w.at;
    sleep_sum += static_cast<double>(w.program[1].ns);
  }
  // Means within 10% of the asked ones (2000 draws).
  CHECK(sleep_sum / 2000 == Approx(100'000).epsilon(0.1));
  CHECK(static_cast<double>(last_at) / 1999 == Approx(5'000).epsilon(0.1));
}

TEST_CASE("burst arrivals put each burst on one CPU at one instant") {
  Scenario sc = parse_scenario_text(spec(R"({"burst": {"size": 3, "interval": 50}})", 1, 9));
  for (std::size_t i = 0; i < 9; ++i) {
    CHECK(*sc.work[i].at == static_cast<Ns>(i / 3) * 50'000);
    CHECK(sc.work[i].cpu == (i / 3 % 2 == 0 ? 1 : 3));
  }
}

TEST_CASE("the generator's stream is fixed (a change would change every generated scenario)") {
  io::Rng r(1);
  CHECK(r.next() == io::Rng(1).next());
  io::Rng s(42);
  std::uint64_t first = s.next();
  CHECK(first != io::Rng(43).next());
  // uniform draws stay in range
  for (int i = 0; i < 1000; ++i) {
    auto v = s.between(-3, 3);
    CHECK(v >= -3);
    CHECK(v <= 3);
  }
}

TEST_CASE("json_set sets nested fields and names a bad path") {
  io::json doc = io::json::parse(R"({"cpus": 1, "workqueues": [{"name": "q"}]})");
  io::json_set(doc, "workqueues[0].max_active", 4);
  io::json_set_assignment(doc, "scheduler=cfs");
  io::json_set_assignment(doc, "workload.arrival.poisson.mean_interval=2.5");
  CHECK(doc["workqueues"][0]["max_active"] == 4);
  CHECK(doc["scheduler"] == "cfs");
  CHECK(doc["workload"]["arrival"]["poisson"]["mean_interval"] == 2.5);
  CHECK_THROWS_WITH(io::json_set(doc, "workqueues[3].max_active", 1), Catch::Contains("no element [3]"));
  CHECK_THROWS_WITH(io::json_set_assignment(doc, "cpus"), Catch::Contains("not PATH=VALUE"));
}
