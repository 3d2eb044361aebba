// SPDX-License-Identifier: GPL-2.0-only
#include "io/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "io/plot_axis.hpp"

namespace cmwqsim::io {

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

namespace {

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
constexpr const char* kBurn = "#0072B2";
constexpr const char* kRun = "#56B4E9";
constexpr const char* kSleep = "#E69F00";
constexpr const char* kWait = "#D55E00";
constexpr const char* kInactive = "#f3e7a6";  // held on the inactive list
constexpr const char* kQueue = "#009E73";
constexpr const char* kActivate = "#CC79A7";
constexpr const char* kEnd = "#222222";

constexpr int kLeft = 210, kPlotW = 880, kRight = 30, kLaneH = 22, kGroupH = 16, kTitleH = 44;

struct Layout {
  std::vector<int> lane_y;  // per lane: top
  int height = 0;
};

Layout layout(const PlotPanel& p, int top) {
  Layout l;
  int y = top + kTitleH;
  std::string group;
  for (const PlotLane& lane : p.lanes) {
    if (lane.group != group) {
      group = lane.group;
      y += kGroupH;
    }
    l.lane_y.push_back(y);
    y += kLaneH;
  }
  l.height = y - top + 10;
  return l;
}

}  // namespace

std::string svg_timeline(const std::vector<PlotPanel>& panels) { return svg_timeline(panels, nullptr); }

std::string svg_timeline(const std::vector<PlotPanel>& panels, PlotScale* scale) {
  Ns last = 1;
  for (const auto& p : panels) last = std::max(last, p.end);
  // The time axis in ms or s, with round ticks; it ends on a tick.
  const Unit unit = time_axis_unit(static_cast<double>(last));
  const Ns step = std::max<Ns>(1, std::llround(nice_step(static_cast<double>(last) / unit.ns, 12) * unit.ns));
  const Ns end = (last + step - 1) / step * step;
  auto x = [&](Ns t) { return kLeft + static_cast<double>(t) * kPlotW / static_cast<double>(end); };

  std::vector<Layout> layouts;
  int top = 10;
  for (const auto& p : panels) {
    layouts.push_back(layout(p, top));
    top += layouts.back().height;
  }
  const int axis_y = top;
  const int height = axis_y + 80, width = kLeft + kPlotW + kRight;
  if (scale != nullptr) *scale = PlotScale{static_cast<double>(kLeft), static_cast<double>(kPlotW), end, height};

  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n"
    << "<defs><pattern id=\"wait\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
       "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\""
    << kWait << "\" stroke-width=\"3\"/></pattern>"
    << "<marker id=\"arrow\" viewBox=\"0 0 6 6\" refX=\"5\" refY=\"3\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\">"
       "<path d=\"M0,0 L6,3 L0,6 z\" fill=\"#666666\"/></marker></defs>\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";

  // Grid lines and the shared time axis.
  for (Ns t = 0; t <= end; t += step) {
    o << "<line x1=\"" << x(t) << "\" y1=\"10\" x2=\"" << x(t) << "\" y2=\"" << axis_y + 4 << "\" stroke=\"#e4e4e4\"/>\n";
    o << "<text x=\"" << x(t) << "\" y=\"" << axis_y + 18 << "\" text-anchor=\"middle\">" << format_time(t, unit) << "</text>\n";
  }
  o << "<text x=\"" << kLeft + kPlotW / 2 << "\" y=\"" << axis_y + 34 << "\" text-anchor=\"middle\">time (" << unit.name
    << ")</text>\n";

  for (std::size_t pi = 0; pi < panels.size(); ++pi) {
    const PlotPanel& p = panels[pi];
    const Layout& l = layouts[pi];
    int ptop = l.lane_y.empty() ? 0 : l.lane_y[0] - kTitleH - kGroupH;
    o << "<text x=\"10\" y=\"" << ptop + 18 << "\" font-size=\"14\" font-weight=\"bold\">" << xml_escape(p.title) << "</text>\n"
      << "<text x=\"10\" y=\"" << ptop + 34 << "\" fill=\"#444444\">" << xml_escape(p.subtitle) << "</text>\n";
    std::string group;
    for (std::size_t i = 0; i < p.lanes.size(); ++i) {
      int y = l.lane_y[i];
      if (p.lanes[i].group != group) {
        group = p.lanes[i].group;
        o << "<text x=\"10\" y=\"" << y - 4 << "\" font-weight=\"bold\" fill=\"#333333\">" << xml_escape(group) << "</text>\n"
          << "<line x1=\"10\" y1=\"" << y - 1 << "\" x2=\"" << kLeft + kPlotW << "\" y2=\"" << y - 1
          << "\" stroke=\"#bbbbbb\"/>\n";
      }
      if (i % 2 == 1)
        o << "<rect x=\"" << kLeft << "\" y=\"" << y << "\" width=\"" << kPlotW << "\" height=\"" << kLaneH
          << "\" fill=\"#f5f5f5\"/>\n";
      o << "<text x=\"" << kLeft - 6 << "\" y=\"" << y + kLaneH / 2 + 4 << "\" text-anchor=\"end\">" << xml_escape(p.lanes[i].label)
        << "</text>\n";
    }
    // Running under burning, then sleep and waiting.
    for (SegKind k : {SegKind::Inactive, SegKind::Run, SegKind::Burn, SegKind::Sleep, SegKind::Wait})
      for (const PlotSeg& s : p.segs) {
        if (s.kind != k) continue;
        int y = l.lane_y[s.lane];
        double x0 = x(s.t0), w = std::max(1.0, x(s.t1) - x(s.t0));
        if (k == SegKind::Burn || k == SegKind::Run) {
          o << "<rect x=\"" << x0 << "\" y=\"" << y + 3 << "\" width=\"" << w << "\" height=\"" << kLaneH - 6
            << "\" fill=\"" << (k == SegKind::Burn ? kBurn : kRun) << "\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>\n";
          if (w > 7.0 * s.label.size() + 4)
            o << "<text x=\"" << x0 + w / 2 << "\" y=\"" << y + kLaneH / 2 + 4 << "\" text-anchor=\"middle\" fill=\""
              << (k == SegKind::Burn ? "#ffffff" : "#000000") << "\">" << xml_escape(s.label) << "</text>\n";
        } else if (k == SegKind::Inactive) {
          o << "<rect x=\"" << x0 << "\" y=\"" << y + 5 << "\" width=\"" << w << "\" height=\"" << kLaneH - 10
            << "\" fill=\"" << kInactive << "\" stroke=\"#8a7a2a\" stroke-dasharray=\"3,2\"><title>" << xml_escape(s.label)
            << " held inactive</title></rect>\n";
        } else if (k == SegKind::Sleep) {
          o << "<rect x=\"" << x0 << "\" y=\"" << y + 8 << "\" width=\"" << w << "\" height=\"" << kLaneH - 16
            << "\" fill=\"" << kSleep << "\"/>\n";
          if (w > 6.5 * (s.label.size() + 7))
            o << "<text x=\"" << x0 + w / 2 << "\" y=\"" << y + 6 << "\" text-anchor=\"middle\" font-size=\"9\">"
              << xml_escape(s.label) << " sleeps</text>\n";
        } else {
          o << "<rect x=\"" << x0 << "\" y=\"" << y + 6 << "\" width=\"" << w << "\" height=\"" << kLaneH - 12
            << "\" fill=\"url(#wait)\" stroke=\"" << kWait << "\"/>\n";
        }
      }
    for (const PlotArrow& a : p.arrows) {
      if (a.from == a.to) continue;
      int y0 = l.lane_y[a.from] + kLaneH / 2, y1 = l.lane_y[a.to] + (a.to > a.from ? 3 : kLaneH - 3);
      o << "<line x1=\"" << x(a.t) << "\" y1=\"" << y0 << "\" x2=\"" << x(a.t) << "\" y2=\"" << y1
        << "\" stroke=\"#666666\" stroke-width=\"0.8\" marker-end=\"url(#arrow)\"/>\n";
    }
    for (const PlotMark& m : p.ends) {  // a dark bar closing the item's last run
      const int y = l.lane_y[m.lane];
      o << "<rect x=\"" << x(m.t) - 1.5 << "\" y=\"" << y + 1 << "\" width=\"3\" height=\"" << kLaneH - 2
        << "\" fill=\"" << kEnd << "\"><title>" << xml_escape(m.label) << " finishes</title></rect>\n";
    }
    for (const PlotMark& m : p.marks) {
      double mx = x(m.t);
      int y = l.lane_y[m.lane];
      if (m.activate)
        o << "<circle cx=\"" << mx << "\" cy=\"" << y + kLaneH - 3 << "\" r=\"2.5\" fill=\"" << kActivate << "\"><title>activate "
          << xml_escape(m.label) << "</title></circle>\n";
      else
        o << "<path d=\"M" << mx - 3.5 << "," << y + 1 << " L" << mx + 3.5 << "," << y + 1 << " L" << mx << "," << y + 6
          << " z\" fill=\"" << kQueue << "\"><title>queue " << xml_escape(m.label) << "</title></path>\n";
    }
  }

  // Legend.
  int ly = axis_y + 58, lx = 10;
  const struct { const char* fill; const char* text; } legend[] = {
      {kBurn, "burns CPU"}, {kRun, "runs (no burn known)"}, {kSleep, "sleeps"}, {"url(#wait)", "runnable, waiting"},
      {kInactive, "queued inactive"}};
  for (const auto& e : legend) {
    o << "<rect x=\"" << lx << "\" y=\"" << ly - 10 << "\" width=\"16\" height=\"11\" fill=\"" << e.fill
      << "\" stroke=\"#555555\" stroke-width=\"0.5\"/><text x=\"" << lx + 21 << "\" y=\"" << ly << "\">" << e.text << "</text>\n";
    lx += 40 + static_cast<int>(std::string(e.text).size()) * 6;
  }
  o << "<path d=\"M" << lx << "," << ly - 9 << " L" << lx + 8 << "," << ly - 9 << " L" << lx + 4 << "," << ly - 3
    << " z\" fill=\"" << kQueue << "\"/><text x=\"" << lx + 13 << "\" y=\"" << ly << "\">queued</text>\n";
  lx += 70;
  o << "<circle cx=\"" << lx + 4 << "\" cy=\"" << ly - 5 << "\" r=\"2.5\" fill=\"" << kActivate << "\"/><text x=\"" << lx + 12
    << "\" y=\"" << ly << "\">activated</text>\n";
  lx += 80;
  o << "<rect x=\"" << lx << "\" y=\"" << ly - 11 << "\" width=\"3\" height=\"12\" fill=\"" << kEnd << "\"/><text x=\""
    << lx + 8 << "\" y=\"" << ly << "\">finished</text>\n";
  lx += 70;
  o << "<line x1=\"" << lx << "\" y1=\"" << ly - 10 << "\" x2=\"" << lx << "\" y2=\"" << ly
    << "\" stroke=\"#666666\" marker-end=\"url(#arrow)\"/><text x=\"" << lx + 8 << "\" y=\"" << ly << "\">wake-up</text>\n";
  o << "</svg>\n";
  return o.str();
}

}  // namespace cmwqsim::io
