// SPDX-License-Identifier: GPL-2.0-only
#include "io/svg_latency.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <utility>

#include "io/plot_axis.hpp"

namespace cmwqsim::io {

std::vector<Ns> queue_to_start_latencies(const Trace& t) {
  std::map<std::pair<int, int>, Ns> queued;
  std::vector<Ns> out;
  for (const TraceEvent& e : t.events) {
    if (e.work < 0 || (t.works.at(static_cast<std::size_t>(e.work)) == "wq_barrier_func")) continue;
    if (e.kind == Ev::Queue) queued.emplace(std::make_pair(e.work, e.instance), e.t);
    if (e.kind != Ev::Start) continue;
    auto q = queued.find({e.work, e.instance});
    if (q == queued.end()) continue;
    out.push_back(e.t - q->second);
    queued.erase(q);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
std::string escape(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
  return o;
}
}  // namespace

std::string svg_latency_cdf(const std::vector<LatencyCurve>& curves, const std::string& title) {
  static const char* const kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
  constexpr int kLeft = 70, kTop = 40, kW = 640, kH = 320;
  Ns max_lat = 1;
  for (const LatencyCurve& c : curves)
    if (!c.latencies.empty()) max_lat = std::max(max_lat, c.latencies.back());
  const Unit u = time_axis_unit(static_cast<double>(max_lat));
  const double span = static_cast<double>(max_lat) / static_cast<double>(u.ns);
  const double step = nice_step(span, 8);
  const double top = std::max(step, step * static_cast<double>(static_cast<long long>(span / step + 0.999999)));
  auto x = [&](double v) { return kLeft + kW * v / top; };
  auto y = [&](double share) { return kTop + kH * (1.0 - share); };
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  const int legend_h = 18 * static_cast<int>(curves.size());
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kLeft + kW + 30 << "\" height=\"" << kTop + kH + 60 + legend_h
    << "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    << "<text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">" << escape(title) << "</text>\n";
  for (double v = 0; v <= top + step / 2; v += step)
    o << "<line x1=\"" << x(v) << "\" y1=\"" << kTop << "\" x2=\"" << x(v) << "\" y2=\"" << kTop + kH
      << "\" stroke=\"#e4e4e4\"/><text x=\"" << x(v) << "\" y=\"" << kTop + kH + 16 << "\" text-anchor=\"middle\">"
      << tick_text(v, step) << "</text>\n";
  for (int pct = 0; pct <= 100; pct += 20)
    o << "<line x1=\"" << kLeft << "\" y1=\"" << y(pct / 100.0) << "\" x2=\"" << kLeft + kW << "\" y2=\"" << y(pct / 100.0)
      << "\" stroke=\"#e4e4e4\"/><text x=\"" << kLeft - 6 << "\" y=\"" << y(pct / 100.0) + 4 << "\" text-anchor=\"end\">"
      << pct << " %</text>\n";
  o << "<text x=\"" << kLeft + kW / 2 << "\" y=\"" << kTop + kH + 34 << "\" text-anchor=\"middle\">queue-to-start latency ("
    << u.name << ")</text>\n"
    << "<text x=\"14\" y=\"" << kTop + kH / 2 << "\" transform=\"rotate(-90 14 " << kTop + kH / 2
    << ")\" text-anchor=\"middle\">items started within it</text>\n";
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const LatencyCurve& c = curves[i];
    const char* color = kColors[i % (sizeof kColors / sizeof kColors[0])];
    const double n = static_cast<double>(c.latencies.size());
    std::ostringstream pts;
    pts.setf(std::ios::fixed);
    pts.precision(1);
    pts << x(0) << "," << y(0);
    for (std::size_t k = 0; k < c.latencies.size(); ++k) {  // a step at each latency
      const double v = static_cast<double>(c.latencies[k]) / static_cast<double>(u.ns);
      pts << " " << x(v) << "," << y(static_cast<double>(k) / n) << " " << x(v) << "," << y(static_cast<double>(k + 1) / n);
    }
    if (!c.latencies.empty()) pts << " " << x(top) << "," << y(1.0);
    o << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1.8\" points=\"" << pts.str() << "\"/>\n";
    const int ly = kTop + kH + 54 + 18 * static_cast<int>(i);
    o << "<line x1=\"" << kLeft << "\" y1=\"" << ly - 4 << "\" x2=\"" << kLeft + 24 << "\" y2=\"" << ly - 4 << "\" stroke=\""
      << color << "\" stroke-width=\"2\"/><text x=\"" << kLeft + 30 << "\" y=\"" << ly << "\">" << escape(c.label) << " ("
      << c.latencies.size() << " items)</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace cmwqsim::io
