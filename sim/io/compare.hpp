// Event-by-event comparison of two traces (simulation vs real kernel, or
// two simulations): events of the same item instance and kind are paired.
#pragma once
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct ComparedEvent {
  std::string key;  // "w0#1 start", "w0#1 sleep 2" for the 2nd sleep
  Ns ta = 0, tb = 0;
};

struct Comparison {
  std::vector<ComparedEvent> pairs;       // in A's order
  std::vector<std::string> only_a, only_b;
  std::vector<std::string> inversions;    // pairs ordered one way in A, the other in B
  Ns max_error = 0;
  int over_tolerance = 0;
  bool match = false;
};

// Compares queue, start, sleep, resume and finish events.
Comparison compare_traces(const Trace& a, const Trace& b, Ns tolerance);

// A readable report, in `u`.
std::vector<std::string> comparison_report(const Comparison& c, Ns tolerance, const Unit& u);

}  // namespace cmwqsim::io
