// SPDX-License-Identifier: GPL-2.0-only
// Plots that read well: round ticks, time in ms or s, metric names in words,
// the spread across seeds, and an end marker for every finished item.
#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "cmwqsim/run.hpp"
#include "io/plot_axis.hpp"
#include "io/svg_plot.hpp"
#include "io/svg_sweep.hpp"

using namespace cmwqsim;

namespace {
int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("plot axes: ticks are 1, 2 or 5 times a power of ten") {
  CHECK(io::nice_step(35, 12) == Approx(5));
  CHECK(io::nice_step(1.82, 5) == Approx(0.5));
  CHECK(io::nice_step(1300, 5) == Approx(500));
  CHECK(io::nice_step(0.0042, 10) == Approx(0.0005));
  CHECK(io::tick_text(1.5, 0.5) == "1.5");
  CHECK(io::tick_text(2, 0.5) == "2.0");
  CHECK(io::tick_text(400, 200) == "400");
  CHECK(io::tick_text(0.02, 0.01) == "0.02");
  CHECK(io::time_axis_unit(1.82e9).name == "s");
  CHECK(io::time_axis_unit(3.5e7).name == "ms");
}

TEST_CASE("sweep plot: time metrics in s or ms with words, round ticks, a min-max band") {
  // Two x values, three seeds each: makespans around 1.8 s and 0.7 s.
  const std::string csv =
      "run,max_active,seed,makespan_ns,peak_concurrency\n"
      "0,1,1,1700000000,1\n1,1,2,1820000000,1\n2,1,3,1750000000,1\n"
      "3,4,1,690000000,4\n4,4,2,700000000,4\n5,4,3,720000000,4\n";
  const std::string svg = io::svg_sweep(io::parse_csv(csv), {"max_active", {"makespan_ns", "peak_concurrency"}, "", "t"});
  CHECK(svg.find("makespan, until the last item finished (s)") != std::string::npos);
  CHECK(svg.find("most items executing at once<") != std::string::npos);
  CHECK(svg.find("e+09") == std::string::npos);
  // The y ticks of the makespan: 0.0 to 2.0 s in steps of 0.5.
  for (const char* tick : {">0.0<", ">0.5<", ">1.0<", ">1.5<", ">2.0<"}) CHECK(svg.find(tick) != std::string::npos);
  CHECK(svg.find("band: their minimum to maximum") != std::string::npos);
  CHECK(count(svg, "fill-opacity=\"0.25\"") == 2);  // a band per panel
}

TEST_CASE("sweep plot: a long title wraps instead of running off the image") {
  const std::string csv = "x,makespan_ns\n1,5\n2,6\n";
  const std::string title(40, 'a');
  const std::string svg =
      io::svg_sweep(io::parse_csv(csv), {"x", {"makespan_ns"}, "", title + " " + title + " " + title});
  CHECK(count(svg, "font-size=\"15\"") == 2);
  CHECK(svg.find("one run at each point") != std::string::npos);
}

TEST_CASE("timeline plot: a time axis in ms on round ticks, and an end marker per finished item") {
  const Trace tr = run_isolated(load_scenario_file(std::string(CMWQSIM_SOURCE_DIR) +
                                                   "/scenarios/doc/03-cmwq-max-active-2.json"));
  const std::string svg = io::svg_timeline(tr);
  CHECK(svg.find(">time (ms)<") != std::string::npos);
  for (const char* tick : {">0<", ">5<", ">35<"}) CHECK(svg.find(tick) != std::string::npos);
  CHECK(svg.find(">40<") == std::string::npos);  // 35 ms is on a tick: the axis stops there
  for (const char* item : {"w0", "w1", "w2"}) CHECK(count(svg, std::string(">") + item + " finishes</title>") == 1);
}

TEST_CASE("timeline plot: an item held by max_active gets its own lane, from queueing to activation") {
  Scenario sc = load_scenario_file(std::string(CMWQSIM_SOURCE_DIR) + "/scenarios/doc/03-cmwq-max-active-2.json");
  const io::PlotPanel p = io::plot_panel(run_isolated(sc), "");
  int held = 0;
  for (const io::PlotSeg& s : p.segs) {
    if (s.kind != io::SegKind::Inactive) continue;
    ++held;
    CHECK(s.label == "w2");  // max_active 2: w2 waits for w0 to finish
    CHECK(s.t0 == 0);
    CHECK(s.t1 == 20'000'000);
    CHECK(p.lanes.at(static_cast<std::size_t>(s.lane)).group == "held by max_active");
  }
  CHECK(held == 1);
  CHECK(count(io::svg_timeline({p}), "w2 held inactive") == 1);
}
