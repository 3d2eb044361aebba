// SPDX-License-Identifier: GPL-2.0-only
// A sweep's per-run numbers, on a hand-made trace.
#include <catch2/catch.hpp>

#include "io/run_metrics.hpp"
#include "io/svg_sweep.hpp"

using namespace cmwqsim;

namespace {
TraceEvent ev(Ns t, Ev kind, int work, Ns dur = 0) {
  TraceEvent e;
  e.t = t;
  e.kind = kind;
  e.work = work;
  e.instance = 1;
  if (kind == Ev::Burn) e.dur = dur;
  return e;
}
}  // namespace

TEST_CASE("run_metrics: makespan, latency percentiles, concurrency and utilisation") {
  Trace tr;
  tr.cpus = 2;
  tr.engine_events = 99;
  // a: queued 0, runs 0-10; b: queued 0, runs 5-25 (overlaps a); c: queued 30, runs 30-40.
  for (const TraceEvent& e :
       {ev(0, Ev::WorkerCreate, -1), ev(0, Ev::Queue, 0), ev(0, Ev::Queue, 1), ev(0, Ev::Start, 0), ev(0, Ev::Burn, 0, 10),
        ev(5, Ev::Start, 1), ev(5, Ev::Burn, 1, 20), ev(10, Ev::Finish, 0), ev(25, Ev::Finish, 1), ev(30, Ev::Queue, 2),
        ev(30, Ev::Start, 2), ev(30, Ev::Burn, 2, 10), ev(40, Ev::Finish, 2)})
    tr.events.push_back(e);
  io::RunMetrics m = io::run_metrics(tr);
  CHECK(m.makespan == 40);
  CHECK(m.instances == 3);
  CHECK(m.latency_p50 == 10);  // latencies 10, 10, 25
  CHECK(m.latency_p99 == 25);
  CHECK(m.latency_max == 25);
  CHECK(m.peak_concurrency == 2);
  CHECK(m.workers_created == 1);
  CHECK(m.cpu_utilization == Approx(40.0 / 80.0));
  CHECK(m.engine_events == 99);
  CHECK(io::metrics_csv_header().size() == io::metrics_csv_values(m).size());
}

TEST_CASE("parse_csv reads quoted cells and rejects ragged rows") {
  io::CsvTable t = io::parse_csv("a,\"b,c\",d\n1,\"x \"\"y\"\"\",3\n");
  REQUIRE(t.header.size() == 3);
  CHECK(t.header[1] == "b,c");
  CHECK(t.rows.at(0)[1] == "x \"y\"");
  CHECK(t.column("d") == 2);
  CHECK_THROWS_WITH(t.column("e"), Catch::Contains("no column \"e\""));
  CHECK_THROWS_WITH(io::parse_csv("a,b\n1\n"), Catch::Contains("row 1 has 1 cells"));
}
