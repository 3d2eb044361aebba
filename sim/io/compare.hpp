// SPDX-License-Identifier: GPL-2.0-only
// Event-by-event comparison of two traces (simulation vs real kernel, or
// two simulations): events of the same item instance and kind are paired.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct ComparedEvent {
  std::string key;  // "w0#1 start", "w0#1 sleep 2" for the 2nd sleep
  Ns ta = 0, tb = 0;
  int cpu_a = -1, cpu_b = -1;
  Ev kind = Ev::Queue;
};

// When two events are the same: within `tolerance` plus `percent` % of the
// later of the two times (times from the start of the run). Queue events
// are compared unless `queue` is false.
struct MatchRule {
  Ns tolerance = 0;
  int percent = 0;
  bool queue = true;
  Ns allowed(Ns ta, Ns tb) const { return tolerance + std::max(ta, tb) * percent / 100; }
};

struct Comparison {
  std::vector<ComparedEvent> pairs;       // in A's order
  std::vector<std::string> only_a, only_b;
  std::vector<std::string> inversions;    // pairs ordered one way in A, the other in B
  std::vector<ComparedEvent> differing;   // over the tolerance, unpaired (tb or ta -1), or the earlier of an inverted pair
  Ns max_error = 0;
  int over_tolerance = 0;
  bool match = false;
};

// Compares queue, start, sleep, resume and finish events.
Comparison compare_traces(const Trace& a, const Trace& b, Ns tolerance);
Comparison compare_traces(const Trace& a, const Trace& b, const MatchRule& rule);

// The first event where A and B part (the earliest time at which they
// disagree): a pair over the rule's tolerance, an event only one side has, or
// a pair ordered otherwise. For an event only one side has, the other side's
// time and CPU are -1.
std::optional<ComparedEvent> first_divergence(const Comparison& c);

// A readable report, in `u`.
std::vector<std::string> comparison_report(const Comparison& c, Ns tolerance, const Unit& u);

}  // namespace cmwqsim::io
