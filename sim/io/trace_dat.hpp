// SPDX-License-Identifier: GPL-2.0-only
// The trace as trace-cmd's binary trace.dat (version 6, trace-cmd.dat.v6(5)),
// with the same records as the ftrace text (ftrace_events.hpp): what
// `trace-cmd report` and KernelShark open. The event formats, kallsyms (the
// work functions) and saved_cmdlines are written as a 64-bit little-endian
// kernel with 4 KiB pages would give them; event IDs are our own.
#pragma once
#include <ostream>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

void write_trace_dat(const Trace& trace, std::ostream& out);

}  // namespace cmwqsim::io
