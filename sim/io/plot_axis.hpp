// SPDX-License-Identifier: GPL-2.0-only
// Plot axes: round tick steps, and the unit a time axis is shown in.
#pragma once
#include <string>

#include "cmwqsim/time.hpp"

namespace cmwqsim::io {

// 1, 2 or 5 times a power of ten: the smallest such step that cuts `span`
// into at most `max_ticks` intervals.
double nice_step(double span, int max_ticks);

// The unit a time axis reaching `max_ns` is shown in: seconds from 1 s on,
// else milliseconds.
Unit time_axis_unit(double max_ns);

// A tick value with as many decimals as the step needs ("0.5", "12", "0.02").
std::string tick_text(double value, double step);

}  // namespace cmwqsim::io
