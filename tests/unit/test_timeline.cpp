// SPDX-License-Identifier: GPL-2.0-only
// The doc-style timeline: phrases, merging, parsing and comparison.
#include <catch2/catch.hpp>

#include "io/timeline.hpp"

using namespace cmwqsim;
using namespace cmwqsim::io;

namespace {
Unit ms() {
  Unit u;
  unit_from_name("ms", u);
  return u;
}
}  // namespace

TEST_CASE("merged lines expand into one line per subject") {
  std::vector<TimelineLine> out;
  REQUIRE(parse_timeline_text("5 w1 and w2 start and burn CPU", ms(), out).empty());
  REQUIRE(out.size() == 2);
  CHECK(out[0].subject == "w1");
  CHECK(out[1].subject == "w2");
  CHECK(out[0].phrase == Phrase::StartsBurns);
  out.clear();
  REQUIRE(parse_timeline_text("20 a, b and c wake up and finish", ms(), out).empty());
  REQUIRE(out.size() == 3);
  CHECK(out[2].subject == "c");
  CHECK(out[2].phrase == Phrase::WakesFinishes);
}

TEST_CASE("format merges same-time same-phrase lines, in first-seen order") {
  std::vector<TimelineLine> in = {{5'000'000, "w1", Phrase::StartsBurns},
                                  {5'000'000, "w0", Phrase::Sleeps},
                                  {5'000'000, "w2", Phrase::StartsBurns}};
  auto lines = format_timeline(in, ms());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "5 w1 and w2 start and burn CPU");
  CHECK(lines[1] == "5 w0 sleeps");
}

TEST_CASE("comparison ignores order within a timestamp, and reports differences") {
  std::vector<TimelineLine> e, a;
  parse_timeline_text("20 w0 finishes", ms(), e);
  parse_timeline_text("20 w1 wakes up and finishes", ms(), e);
  parse_timeline_text("20 w1 wakes up and finishes", ms(), a);
  parse_timeline_text("20 w0 finishes", ms(), a);
  std::vector<std::string> diff;
  CHECK(compare_timelines(e, a, ms(), diff));
  CHECK(diff.empty());

  a.back().t = 25'000'000;
  CHECK_FALSE(compare_timelines(e, a, ms(), diff));
  REQUIRE(diff.size() == 2);
  CHECK(diff[0] == "- 20 w0 finishes");
  CHECK(diff[1] == "+ 25 w0 finishes");
}

TEST_CASE("unknown phrases are rejected with the known ones listed") {
  std::vector<TimelineLine> out;
  std::string err = parse_timeline_text("5 w0 naps", ms(), out);
  CHECK(err.find("unknown event") != std::string::npos);
  CHECK(err.find("sleeps") != std::string::npos);
}

#include "io/doc_tables.hpp"

TEST_CASE("doc tables are found whether their columns are separated by spaces or tabs") {
  // A kernel tree's workqueue.rst separates the columns with tabs (7.3's
  // does); our copy of the 6.3 doc uses spaces.
  const std::string tabs = "Some intro, ::\n\n TIME IN MSECS\tEVENT\n 0\t\tw0 starts and burns CPU\n 5\t\tw0 sleeps\n\nMore text.\n";
  const std::string spaces = "Some intro, ::\n\n TIME IN MSECS  EVENT\n 0              w0 starts and burns CPU\n 5              w0 sleeps\n";
  for (const std::string& rst : {tabs, spaces}) {
    std::vector<DocTable> t = find_doc_tables(rst);
    REQUIRE(t.size() == 1);
    CHECK(t[0].line == 3);
    CHECK(t[0].intro == "Some intro, ::");
    CHECK(t[0].rows == std::vector<std::string>{"0 w0 starts and burns CPU", "5 w0 sleeps"});
  }
}
