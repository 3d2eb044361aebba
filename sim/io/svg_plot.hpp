// SVG timelines: one panel, or several stacked on one time axis.
#pragma once
#include <string>
#include <vector>

#include "io/plot_model.hpp"

namespace cmwqsim::io {

std::string svg_timeline(const std::vector<PlotPanel>& panels);
// Text for SVG/XML content and attributes (<, >, &, ").
std::string xml_escape(const std::string& s);
inline std::string svg_timeline(const Trace& trace) { return svg_timeline({plot_panel(trace, "")}); }

}  // namespace cmwqsim::io
