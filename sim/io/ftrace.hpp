// SPDX-License-Identifier: GPL-2.0-only
// The trace as the text of /sys/kernel/tracing/trace (kernel/trace/trace.c,
// trace_output.c), with the workqueue and sched tracepoints' TP_printk
// formats of the trace's kernel (6.1 or 6.12). Perfetto imports it.
#pragma once
#include <string>

#include <ostream>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

std::string ftrace_text(const Trace& trace);
// The same text, written line by line (large traces never exist as one string).
void write_ftrace(const Trace& trace, std::ostream& out);

}  // namespace cmwqsim::io
