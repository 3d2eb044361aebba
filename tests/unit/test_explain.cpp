// SPDX-License-Identifier: GPL-2.0-only
// run --explain records causes without changing the run, and they stay with
// their events when a trace is cut.
#include <catch2/catch.hpp>

#include "cmwqsim/run.hpp"
#include "io/trace_window.hpp"
#include "io/why_text.hpp"

using namespace cmwqsim;

namespace {
Scenario doc_example(const char* file) { return load_scenario_file(std::string(CMWQSIM_SOURCE_DIR) + "/scenarios/doc/" + file); }

bool same_events(const Trace& a, const Trace& b) {
  if (a.events.size() != b.events.size()) return false;
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const TraceEvent &x = a.events[i], &y = b.events[i];
    if (x.t != y.t || x.kind != y.kind || x.cpu != y.cpu || x.thread != y.thread || x.work != y.work ||
        x.instance != y.instance)
      return false;
  }
  return true;
}
}  // namespace

TEST_CASE("explain: the same events with and without causes, each with one") {
  for (const char* file : {"03-cmwq-max-active-2.json", "04-cmwq-cpu-intensive.json"}) {
    for (Scheduler s : {Scheduler::Doc, Scheduler::Fifo, Scheduler::Eevdf}) {
      Scenario sc = doc_example(file);
      sc.scheduler = s;
      RunLimits explain;
      explain.explain = true;
      const Trace plain = run_isolated(sc), why = run_isolated(sc, explain);
      CHECK_FALSE(plain.why.on);
      REQUIRE(why.why.on);
      CHECK(same_events(plain, why));
      for (std::size_t i = 0; i < why.events.size(); ++i) CHECK(why.why.of(i) != nullptr);
    }
  }
}

TEST_CASE("explain: cut_after keeps each cause with its event") {
  RunLimits explain;
  explain.explain = true;
  Trace t = run_isolated(doc_example("03-cmwq-max-active-2.json"), explain);
  const io::WhyText before(t);
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].t <= 10'000'000) kept.push_back(before.of_event(i));
  io::cut_after(t, 10'000'000);
  REQUIRE(t.events.size() == kept.size());
  const io::WhyText after(t);
  for (std::size_t i = 0; i < t.events.size(); ++i) CHECK(after.of_event(i) == kept[i]);
}

TEST_CASE("explain: the catalogue has one row per cause, in order") {
  for (int c = 0; c < static_cast<int>(Cause::Count); ++c) CHECK_NOTHROW(cause_info(static_cast<Cause>(c)));
}
