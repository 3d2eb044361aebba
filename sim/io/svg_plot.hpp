// SVG timelines: one panel, or several stacked on one time axis.
#pragma once
#include <string>
#include <vector>

#include "io/plot_model.hpp"

namespace cmwqsim::io {

std::string svg_timeline(const std::vector<PlotPanel>& panels);
inline std::string svg_timeline(const Trace& trace) { return svg_timeline({plot_panel(trace, "")}); }

}  // namespace cmwqsim::io
