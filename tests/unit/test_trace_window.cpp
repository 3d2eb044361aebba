// SPDX-License-Identifier: GPL-2.0-only
// cut_at_default_end() cuts where cut_after(default_trace_end()) does, on a
// simulated trace (its events in time order: the fast way) and on the same
// events out of order (the general way).
#include <catch2/catch.hpp>

#include <algorithm>

#include "cmwqsim/run.hpp"
#include "io/trace_window.hpp"

using namespace cmwqsim;

namespace {
bool same_events(const Trace& a, const Trace& b) {
  if (a.events.size() != b.events.size()) return false;
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const TraceEvent &x = a.events[i], &y = b.events[i];
    if (x.t != y.t || x.kind != y.kind || x.cpu != y.cpu || x.thread != y.thread || x.work != y.work) return false;
  }
  return true;
}

// Both ways of cutting give the same events; returns how many were dropped.
std::size_t check_cut(const Trace& t) {
  Trace a = t, b = t;
  const std::size_t dropped = io::cut_after(a, io::default_trace_end(a));
  CHECK(io::cut_at_default_end(b) == dropped);
  CHECK(same_events(a, b));
  return dropped;
}
}  // namespace

TEST_CASE("trace window: cut_at_default_end is cut_after at default_trace_end") {
  std::size_t dropped = 0;
  for (const char* file : {"doc/03-cmwq-max-active-2.json", "doc/04-cmwq-cpu-intensive.json"}) {
    for (Scheduler s : {Scheduler::Fifo, Scheduler::Eevdf}) {
      Scenario sc = load_scenario_file(std::string(CMWQSIM_SOURCE_DIR) + "/scenarios/" + file);
      sc.scheduler = s;
      RunLimits to_end;
      to_end.until = 400'000'000'000;  // past the idle-worker culling: something to cut
      Trace t = run_isolated(sc, to_end);
      REQUIRE(std::is_sorted(t.events.begin(), t.events.end(),
                             [](const TraceEvent& x, const TraceEvent& y) { return x.t < y.t; }));
      dropped += check_cut(t);
      // Out of order: the last events first.
      std::rotate(t.events.begin(), t.events.begin() + static_cast<std::ptrdiff_t>(t.events.size() * 3 / 4), t.events.end());
      check_cut(t);
    }
  }
  CHECK(dropped > 0);
}
