#include "io/svg_plot.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

namespace cmwqsim::io {

namespace {

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
constexpr const char* kBurn = "#0072B2";
constexpr const char* kSleep = "#E69F00";
constexpr const char* kWait = "#D55E00";

enum class SegKind { Burn, Sleep, Wait };
struct Seg {
  int lane;
  Ns t0, t1;
  SegKind kind;
  std::string label;
};

std::string esc(const std::string& s) {
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

// A tick step of 1, 2 or 5 times a power of ten units, for about 10 ticks.
Ns tick_step(Ns span, Ns unit_ns) {
  double span_u = static_cast<double>(span) / static_cast<double>(unit_ns);
  double step = 1e-9;
  while (span_u / step > 12) {
    if (span_u / (step * 2) <= 12) return static_cast<Ns>(step * 2 * unit_ns + 0.5);
    if (span_u / (step * 5) <= 12) return static_cast<Ns>(step * 5 * unit_ns + 0.5);
    step *= 10;
  }
  return std::max<Ns>(1, static_cast<Ns>(step * unit_ns + 0.5));
}

}  // namespace

std::string svg_timeline(const Trace& tr) {
  // Lanes: the CPUs, then every thread that did anything, in order of appearance.
  std::vector<std::string> lanes;
  for (int c = 0; c < tr.cpus; ++c) lanes.push_back("CPU" + std::to_string(c));
  std::map<int, int> lane_of;  // thread id -> lane
  for (const TraceEvent& e : tr.events)
    if (e.thread >= 0 && e.kind != Ev::WorkerCreate && !lane_of.count(e.thread)) {
      lane_of[e.thread] = static_cast<int>(lanes.size());
      lanes.push_back(tr.thread_name(e.thread));
    }

  std::vector<Seg> segs;
  std::map<int, std::pair<Ns, std::string>> sleeping, waiting;  // by thread
  Ns end = 0;
  auto close_wait = [&](int th, Ns t) {
    auto it = waiting.find(th);
    if (it == waiting.end()) return;
    if (t > it->second.first) segs.push_back({lane_of[th], it->second.first, t, SegKind::Wait, it->second.second});
    waiting.erase(it);
  };
  for (const TraceEvent& e : tr.events) {
    // The time axis ends with the work (idle culling may come minutes later).
    if (e.work >= 0) end = std::max(end, e.t + (e.kind == Ev::Burn ? e.dur : 0));
    if (e.thread < 0 || !lane_of.count(e.thread)) continue;
    std::string work = e.work >= 0 ? tr.works.at(e.work) : "";
    switch (e.kind) {
      case Ev::Burn:
        close_wait(e.thread, e.t);
        segs.push_back({lane_of[e.thread], e.t, e.t + e.dur, SegKind::Burn, work});
        if (e.cpu >= 0) segs.push_back({e.cpu, e.t, e.t + e.dur, SegKind::Burn, work});
        break;
      case Ev::Sleep:
        sleeping[e.thread] = {e.t, work};
        break;
      case Ev::Wake: {
        auto it = sleeping.find(e.thread);
        if (it != sleeping.end()) {
          segs.push_back({lane_of[e.thread], it->second.first, e.t, SegKind::Sleep, work});
          sleeping.erase(it);
        }
        waiting[e.thread] = {e.t, work};
        break;
      }
      case Ev::WorkerWake:
        waiting[e.thread] = {e.t, ""};
        break;
      default:
        close_wait(e.thread, e.t);
        break;
    }
  }
  if (end == 0) end = tr.unit.ns;

  const int left = 150, top = 56, lane_h = 26, plot_w = 900, right = 30;
  const int height = top + static_cast<int>(lanes.size()) * lane_h + 90;
  const int width = left + plot_w + right;
  auto x = [&](Ns t) { return left + static_cast<double>(t) * plot_w / static_cast<double>(end); };

  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n";
  o << "<defs><pattern id=\"wait\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
       "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
       "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\""
    << kWait << "\" stroke-width=\"3\"/></pattern></defs>\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  o << "<text x=\"" << left << "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" << esc(tr.scenario)
    << "</text>\n";
  o << "<text x=\"" << left << "\" y=\"40\" fill=\"#444444\">scheduler " << to_string(tr.scheduler) << ", kernel "
    << to_string(tr.kernel) << ", " << to_string(tr.implementation) << ", " << tr.cpus << " CPU"
    << (tr.cpus > 1 ? "s" : "") << "</text>\n";

  // Lanes and their labels; a rule between the CPUs and the threads.
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    int y = top + static_cast<int>(i) * lane_h;
    if (i % 2 == 1) o << "<rect x=\"" << left << "\" y=\"" << y << "\" width=\"" << plot_w << "\" height=\"" << lane_h
                      << "\" fill=\"#f4f4f4\"/>\n";
    o << "<text x=\"" << left - 8 << "\" y=\"" << y + lane_h / 2 + 4 << "\" text-anchor=\"end\">" << esc(lanes[i])
      << "</text>\n";
  }
  int rule_y = top + tr.cpus * lane_h;
  o << "<line x1=\"" << left - 140 << "\" y1=\"" << rule_y << "\" x2=\"" << left + plot_w << "\" y2=\"" << rule_y
    << "\" stroke=\"#888888\"/>\n";

  // Time axis with grid lines.
  int axis_y = top + static_cast<int>(lanes.size()) * lane_h;
  Ns step = tick_step(end, tr.unit.ns);
  for (Ns t = 0; t <= end; t += step) {
    o << "<line x1=\"" << x(t) << "\" y1=\"" << top << "\" x2=\"" << x(t) << "\" y2=\"" << axis_y + 4
      << "\" stroke=\"#dddddd\"/>\n";
    o << "<text x=\"" << x(t) << "\" y=\"" << axis_y + 18 << "\" text-anchor=\"middle\">" << format_time(t, tr.unit)
      << "</text>\n";
  }
  o << "<text x=\"" << left + plot_w / 2 << "\" y=\"" << axis_y + 36 << "\" text-anchor=\"middle\">time ("
    << tr.unit.name << ")</text>\n";

  // The segments: burn full height, sleep and runnable-waiting thinner.
  for (const Seg& s : segs) {
    int y = top + s.lane * lane_h;
    double x0 = x(s.t0), w = std::max(1.0, x(s.t1) - x(s.t0));
    if (s.kind == SegKind::Burn) {
      o << "<rect x=\"" << x0 << "\" y=\"" << y + 3 << "\" width=\"" << w << "\" height=\"" << lane_h - 6
        << "\" fill=\"" << kBurn << "\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>\n";
      if (w > 8.0 * s.label.size())
        o << "<text x=\"" << x0 + w / 2 << "\" y=\"" << y + lane_h / 2 + 4
          << "\" text-anchor=\"middle\" fill=\"#ffffff\">" << esc(s.label) << "</text>\n";
    } else if (s.kind == SegKind::Sleep) {
      o << "<rect x=\"" << x0 << "\" y=\"" << y + 8 << "\" width=\"" << w << "\" height=\"" << lane_h - 16
        << "\" fill=\"" << kSleep << "\"/>\n";
      if (w > 7.0 * (s.label.size() + 6))
        o << "<text x=\"" << x0 + w / 2 << "\" y=\"" << y + lane_h / 2 + 4 << "\" text-anchor=\"middle\">"
          << esc(s.label) << " sleeps</text>\n";
    } else {
      o << "<rect x=\"" << x0 << "\" y=\"" << y + 6 << "\" width=\"" << w << "\" height=\"" << lane_h - 12
        << "\" fill=\"url(#wait)\" stroke=\"" << kWait << "\"/>\n";
    }
  }

  // Legend.
  int ly = axis_y + 56;
  const struct { const char* fill; const char* text; } legend[] = {
      {kBurn, "burns CPU"}, {kSleep, "sleeps (blocked)"}, {"url(#wait)", "runnable, waiting for its CPU"}};
  int lx = left;
  for (const auto& l : legend) {
    o << "<rect x=\"" << lx << "\" y=\"" << ly - 10 << "\" width=\"18\" height=\"12\" fill=\"" << l.fill
      << "\" stroke=\"#555555\" stroke-width=\"0.5\"/>\n";
    o << "<text x=\"" << lx + 24 << "\" y=\"" << ly << "\">" << l.text << "</text>\n";
    lx += 60 + static_cast<int>(std::string(l.text).size()) * 7;
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace cmwqsim::io
