// SPDX-License-Identifier: GPL-2.0-only
// Simulated time: integer nanoseconds everywhere inside the simulator.
#pragma once
#include <cstdint>
#include <string>

namespace cmwqsim {

using Ns = std::int64_t;

// A scenario's time unit ("ns", "us", "ms", "s").
struct Unit {
  std::string name = "ms";
  Ns ns = 1000000;  // nanoseconds per unit
};

// Returns false if `name` is not a known unit.
bool unit_from_name(const std::string& name, Unit& out);

// "TIME IN MSECS" and friends, as the doc's tables head them.
std::string unit_header(const Unit& u);

// Prints t in the unit: "20", "9.02", "0.000001".
std::string format_time(Ns t, const Unit& u);

// Parses a decimal time text ("20", "9.02") in the unit into exact ns.
// Returns false if it is not a non-negative decimal or not a whole number of ns.
bool parse_time_text(const std::string& text, const Unit& u, Ns& out);

}  // namespace cmwqsim
