// SPDX-License-Identifier: GPL-2.0-only
// SVG timelines: one panel, or several stacked on one time axis.
#pragma once
#include <string>
#include <vector>

#include "io/plot_model.hpp"

namespace cmwqsim::io {

std::string svg_timeline(const std::vector<PlotPanel>& panels);
// Where time t lands: x = x0 + t * width / end_ns (the HTML report's hover
// marks use it); the plot's height.
struct PlotScale {
  double x0 = 0, width = 0;
  Ns end_ns = 1;
  int height = 0;
};
std::string svg_timeline(const std::vector<PlotPanel>& panels, PlotScale* scale);
// Text for SVG/XML content and attributes (<, >, &, ").
std::string xml_escape(const std::string& s);
inline std::string svg_timeline(const Trace& trace) { return svg_timeline({plot_panel(trace, "")}); }

}  // namespace cmwqsim::io
