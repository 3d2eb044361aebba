// SPDX-License-Identifier: GPL-2.0-only
// Writing a trace as JSON without building it in memory first: the same
// document as trace_to_json() (compare them with ==), with one event per
// line. A million-item run's trace is written in seconds, not minutes.
#pragma once
#include <ostream>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

void write_trace_json(const Trace& trace, std::ostream& out);

}  // namespace cmwqsim::io
