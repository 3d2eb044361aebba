// SPDX-License-Identifier: GPL-2.0-only
// PELT's load average (engine/pelt.hpp) and wake_affine_weight(), which
// compares the CPUs' loads with it.
#include <catch2/catch.hpp>
#include <string>

#include "cmwqsim/run.hpp"
#include "engine/pelt.hpp"

using namespace cmwqsim;
using engine::PeltAvg;
using engine::pelt_decay;

namespace {
constexpr Ns kPeriod = 1024 * 1024;
constexpr std::uint64_t kOne = std::uint64_t{1} << 32;
}  // namespace

TEST_CASE("PELT decays by half every 32 periods of 1024 us") {
  CHECK(pelt_decay(0) >= kOne - 2);
  CHECK(pelt_decay(32 * kPeriod) == Approx(kOne / 2).epsilon(1e-6));
  CHECK(pelt_decay(64 * kPeriod) == Approx(kOne / 4).epsilon(1e-6));
  CHECK(pelt_decay(16 * kPeriod) == Approx(kOne * 0.70710678).epsilon(1e-6));
  CHECK(pelt_decay(5 * kPeriod + 300 * 1024) < pelt_decay(5 * kPeriod));
  CHECK(pelt_decay(64 * 32 * kPeriod) == 0);
}

TEST_CASE("a task's load average goes halfway to its weight in 32 periods, and decays back asleep") {
  PeltAvg a;
  a.update(32 * kPeriod, 1024);  // runnable since 0
  CHECK(a.value() == Approx(512).margin(1));
  a.update(64 * kPeriod, 0);  // asleep for as long
  CHECK(a.value() == Approx(256).margin(1));
  a.update(64 * kPeriod, 1024);  // no time: no change
  CHECK(a.value() == Approx(256).margin(1));
}

TEST_CASE("wake_affine_weight() keeps the previous CPU when the waking CPU's load is heavier") {
  // b0 burns on CPU0 from 0, b1 on CPU1 from 7.5 ms; at 8 ms u is queued
  // from CPU0's interrupt and its idle worker last ran on CPU1. Both CPUs
  // are busy: CPU0's load (8 ms runnable, about 150) is far above CPU1's
  // (0.5 ms, about 10), so the worker wakes on CPU1. Counting runnable tasks
  // (one each) would have taken the waking CPU0.
  Scenario sc = parse_scenario_text(R"({"name": "p", "cpus": 2, "unit": "us", "scheduler": "eevdf", "kernel": "6.12",
    "workers": {"initial_idle": 2, "unbound_last_cpus": {"normal": [1]}},
    "workqueues": [{"name": "B"}, {"name": "U", "flags": ["WQ_UNBOUND"]}],
    "work": [{"name": "b0", "queue": "B", "cpu": 0, "at": 0, "program": [{"burn": 12000}]},
             {"name": "b1", "queue": "B", "cpu": 1, "at": 7500, "program": [{"burn": 6000}]},
             {"name": "u", "queue": "U", "cpu": 0, "at": 8000, "program": [{"burn": 100}]}]})");
  Trace tr = run_isolated(sc);
  int wakes = 0;
  for (const auto& e : tr.events)
    if (e.kind == Ev::SchedWakeup && e.t == 8'000'000 && tr.threads.at(static_cast<std::size_t>(e.thread)).rfind("kworker/u", 0) == 0) {
      ++wakes;
      CHECK(e.cpu == 1);
    }
  CHECK(wakes == 1);
}
