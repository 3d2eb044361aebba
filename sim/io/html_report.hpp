// SPDX-License-Identifier: GPL-2.0-only
// cmwq-sim report: one self-contained HTML file (no network): the scenario,
// the timeline plot as inline SVG, the explained event table, the
// per-workqueue stats, and optionally a second run with its diff. Hovering
// an event row marks its time in the plot and shows its cause (a little
// inline JavaScript).
#pragma once
#include <optional>
#include <string>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

struct ReportRun {
  std::string label;     // "doc scheduler, kernel 6.1"
  std::string scenario;  // the scenario's JSON text
  const Trace* trace = nullptr;
};

std::string html_report(const ReportRun& a, const std::optional<ReportRun>& b);

}  // namespace cmwqsim::io
