// SPDX-License-Identifier: GPL-2.0-only
#include <catch2/catch.hpp>

#include "cmwqsim/time.hpp"

using namespace cmwqsim;

TEST_CASE("format_time prints exact decimals in the unit") {
  Unit ms;
  REQUIRE(unit_from_name("ms", ms));
  CHECK(format_time(20'000'000, ms) == "20");
  CHECK(format_time(9'020'000, ms) == "9.02");
  CHECK(format_time(1, ms) == "0.000001");
  CHECK(unit_header(ms) == "TIME IN MSECS");
  Unit us;
  REQUIRE(unit_from_name("us", us));
  CHECK(unit_header(us) == "TIME IN USECS");
  Unit bogus;
  CHECK_FALSE(unit_from_name("msec", bogus));
}

TEST_CASE("parse_time_text is exact and rejects sub-ns and junk") {
  Unit ms;
  unit_from_name("ms", ms);
  Ns t = 0;
  REQUIRE(parse_time_text("9.02", ms, t));
  CHECK(t == 9'020'000);
  REQUIRE(parse_time_text("0.000001", ms, t));
  CHECK(t == 1);
  CHECK_FALSE(parse_time_text("0.0000001", ms, t));
  CHECK(parse_time_text("0.0000010", ms, t));
  CHECK_FALSE(parse_time_text("-1", ms, t));
  CHECK_FALSE(parse_time_text("5.", ms, t));
  CHECK_FALSE(parse_time_text("five", ms, t));
}
