// An SVG timeline of a trace: a lane per CPU and per kernel thread.
#pragma once
#include <string>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

std::string svg_timeline(const Trace& trace);

}  // namespace cmwqsim::io
