// SPDX-License-Identifier: GPL-2.0-only
// The detailed timeline (run --detail, run --explain): one line per event
// and CPU, with "queued", "queued inactive" and "activated", the end of a
// sleep apart from getting the CPU back, the time a woken or preempted
// thread waits for its CPU, worker creation, wake-ups, idling and
// preemptions; under --explain each line's cause follows, indented.
#pragma once
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct DetailLine {
  Ns t = 0, t_end = -1;   // t_end >= 0: a span (a thread waiting for its CPU)
  int cpu = -1;
  std::string text;       // "w2 queued inactive"
  std::size_t event = 0;  // the trace event it shows (a span: its wake-up or preemption)
};

// The lines, in event order.
std::vector<DetailLine> detail_lines(const Trace& trace);

// The text: a header, then each line ("T  CPUn  text"), and with causes
// (the trace recorded them) each line's cause indented under it.
std::string detail_text(const Trace& trace, bool causes);

}  // namespace cmwqsim::io
