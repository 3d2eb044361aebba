// SPDX-License-Identifier: GPL-2.0-only
// The doc's timeline: "TIME IN MSECS EVENT" tables with phrases such as
// "w0 starts and burns CPU"; same-time, same-phrase lines merge
// ("w1 and w2 start and burn CPU").
#pragma once
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

enum class Phrase { StartsBurns, Starts, Sleeps, WakesBurns, WakesFinishes, Wakes, Finishes };

// One subject, one phrase.
struct TimelineLine {
  Ns t = 0;
  std::string subject;
  Phrase phrase = Phrase::Starts;
  bool operator<(const TimelineLine& o) const;
  bool operator==(const TimelineLine& o) const;
};

const char* phrase_text(Phrase p, bool plural);

// The trace's timeline, one line per subject, in event order.
std::vector<TimelineLine> timeline_of(const Trace& trace);

// Merged text lines "T phrase", without the header.
std::vector<std::string> format_timeline(const std::vector<TimelineLine>& lines, const Unit& u);

// Parses one "T phrase" line (merged subjects allowed) into single lines.
// Returns an error message, or "" on success.
std::string parse_timeline_text(const std::string& text, const Unit& u, std::vector<TimelineLine>& out);

// Compares as multisets per timestamp. Returns true on a match; `diff`
// gets "- T ..." (expected only) and "+ T ..." (simulated only) lines.
bool compare_timelines(const std::vector<TimelineLine>& expected, const std::vector<TimelineLine>& actual,
                       const Unit& u, std::vector<std::string>& diff);

}  // namespace cmwqsim::io
