// SPDX-License-Identifier: GPL-2.0-only
// The fast way through a scenario file that lists many work items (as
// `cmwq-sim gen` and `cmwq-sim import` write them): its top-level "work" array
// is read straight from the text, one token at a time, into the Scenario,
// with no JSON tree, no per-key maps and no path strings.
//
// It takes only what it knows to be valid: plain strings (no escapes, ASCII),
// non-negative numbers, the keys and step kinds of scenario-format items, and
// names, queues, CPUs and times that check out. Anything else, an error
// included, throws NotListed, and the caller parses the whole text the general
// way (scenario_parse.cpp), whose error message names the problem. So what it
// accepts, it reads exactly as the general way does.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "io/program_parse.hpp"

namespace cmwqsim::io {

// Thrown where the fast way gives up; never reaches the user.
struct NotListed {};

// The top-level "work" value of a scenario text: [begin, end) in the text;
// nullopt if there is none, or the top level holds anything unusual (escaped
// keys, a second "work"). Only finds the span: the value is not checked.
struct TextSpan {
  std::size_t begin = 0, end = 0;
};
std::optional<TextSpan> find_top_level_work(std::string_view text);

// Appends the items of the "work" array `text` to sc.work, as parse_work()
// does (sc.cpus, sc.unit and names.wq must be set). With fill_names, also
// names.work, which later sections read ("workload", "actions", "tasks",
// "background"). Throws NotListed.
void parse_listed_work(std::string_view text, Scenario& sc, Names& names, bool fill_names);

}  // namespace cmwqsim::io
