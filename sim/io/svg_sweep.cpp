// SPDX-License-Identifier: GPL-2.0-only
#include "io/svg_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <vector>

#include "io/plot_axis.hpp"
#include "io/run_metrics.hpp"
#include "io/svg_plot.hpp"

namespace cmwqsim::io {

namespace {
// Okabe-Ito, as the timeline plots.
const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"};

double number(const std::string& cell, const std::string& col) {
  char* end = nullptr;
  double v = std::strtod(cell.c_str(), &end);
  if (cell.empty() || *end != '\0' || !std::isfinite(v))
    throw std::invalid_argument("column \"" + col + "\" has a non-numeric value \"" + cell + "\"");
  return v;
}

std::string fmt(double v) {
  char b[32];
  if (std::fabs(v) >= 1e6 || (std::fabs(v) < 1e-2 && v != 0)) std::snprintf(b, sizeof b, "%.3g", v);
  else std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

}  // namespace

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  std::string all;
  for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
  throw std::invalid_argument("no column \"" + name + "\" (columns: " + all + ")");
}

CsvTable parse_csv(const std::string& text) {
  CsvTable t;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  auto end_row = [&] {
    row.push_back(cell);
    cell.clear();
    if (t.header.empty()) t.header = row;
    else if (row.size() != t.header.size())
      throw std::invalid_argument("row " + std::to_string(t.rows.size() + 1) + " has " + std::to_string(row.size()) +
                                  " cells, the header " + std::to_string(t.header.size()));
    else t.rows.push_back(row);
    row.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += text[++i];
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\n') {
      end_row();
    } else if (c != '\r') {
      cell += c;
      any = true;
    }
  }
  if (any || !cell.empty()) end_row();
  if (t.header.empty()) throw std::invalid_argument("an empty CSV");
  return t;
}

namespace {

// A title cut into lines of at most `chars` characters, at spaces.
std::vector<std::string> wrap(const std::string& text, std::size_t chars) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t b = 0;
  while (b <= text.size()) {
    std::size_t e = text.find(' ', b);
    if (e == std::string::npos) e = text.size();
    const std::string word = text.substr(b, e - b);
    if (!line.empty() && line.size() + 1 + word.size() > chars) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    b = e + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Series values in numeric order when both are numbers ("2" before "12").
struct SeriesOrder {
  bool operator()(const std::string& a, const std::string& b) const {
    char *ea = nullptr, *eb = nullptr;
    const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
    if (!a.empty() && !b.empty() && *ea == '\0' && *eb == '\0' && x != y) return x < y;
    return a < b;
  }
};

// One point of a line: every run's value at this x (the other fields vary).
struct Point {
  double sum = 0, lo = 0, hi = 0;
  int n = 0;
  void add(double v) {
    lo = n == 0 ? v : std::min(lo, v);
    hi = n == 0 ? v : std::max(hi, v);
    sum += v;
    ++n;
  }
  double mean() const { return sum / n; }
};

}  // namespace

std::string svg_sweep(const CsvTable& t, const SweepPlotSpec& spec) {
  const std::size_t xc = t.column(spec.x);
  const std::size_t sc = spec.series.empty() ? 0 : t.column(spec.series);
  if (spec.y.empty()) throw std::invalid_argument("no metric to plot");
  const double right = spec.series.empty() ? 40 : 200;  // room for the series' names
  const double W = 820, panel_h = 220, left = 80, gap = 96, pw = W - left - right;
  const std::vector<std::string> title = wrap(spec.title, 92);  // 15 px type: ~8 px a character
  const double head = 14 + 20.0 * title.size() + 18;           // the title, then the note on lines and bands
  const double top = head + 34;                                 // the first panel's title above its plot
  const double H = top + spec.y.size() * (panel_h + gap) - gap + 50;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(W) + "\" height=\"" + fmt(H) +
                  "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n"
                  "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (std::size_t i = 0; i < title.size(); ++i)
    s += "<text x=\"" + fmt(W / 2) + "\" y=\"" + fmt(28 + 20.0 * i) + "\" text-anchor=\"middle\" font-size=\"15\">" +
         xml_escape(title[i]) + "</text>\n";
  for (std::size_t p = 0; p < spec.y.size(); ++p) {
    const std::size_t yc = t.column(spec.y[p]);
    // series -> x -> the runs' values there.
    std::map<std::string, std::map<double, Point>, SeriesOrder> lines;
    double raw_max = 0;
    for (const auto& r : t.rows) {
      const double v = number(r[yc], spec.y[p]);
      lines[spec.series.empty() ? "" : r[sc]][number(r[xc], spec.x)].add(v);
      raw_max = std::max(raw_max, v);
    }
    // Times (columns in ns) in ms or s; other metrics as they are.
    const bool is_time = spec.y[p].size() > 3 && spec.y[p].compare(spec.y[p].size() - 3, 3, "_ns") == 0;
    const Unit unit = time_axis_unit(raw_max);
    const double scale = is_time ? static_cast<double>(unit.ns) : 1.0;
    double x0 = 1e300, x1 = -1e300;
    int runs_per_point = 0;
    for (const auto& [name, pts] : lines)
      for (const auto& [x, pt] : pts) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        runs_per_point = std::max(runs_per_point, pt.n);
      }
    if (x1 <= x0) x1 = x0 + 1;
    const double step = nice_step(raw_max / scale > 0 ? raw_max / scale : 1, 5);
    const double y1 = std::max(step, std::ceil(raw_max / scale / step - 1e-9) * step);
    const double py = top + p * (panel_h + gap);
    auto X = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
    auto Y = [&](double raw) { return py + panel_h - raw / scale / y1 * panel_h; };
    s += "<text x=\"" + fmt(left) + "\" y=\"" + fmt(py - 12) + "\" font-weight=\"bold\">" +
         xml_escape(metric_words(spec.y[p]) + (is_time ? " (" + unit.name + ")" : "")) +
         "</text><text x=\"" + fmt(left + pw) + "\" y=\"" + fmt(py - 12) + "\" text-anchor=\"end\" fill=\"#777\">" +
         xml_escape(spec.y[p]) + "</text>\n";
    for (int k = 0; k * step <= y1 + step * 1e-9; ++k) {  // y ticks from 0, round values
      const double v = k * step, yy = py + panel_h - v / y1 * panel_h;
      s += "<text x=\"" + fmt(left - 6) + "\" y=\"" + fmt(yy + 4) + "\" text-anchor=\"end\">" + tick_text(v, step) +
           "</text>\n<line x1=\"" + fmt(left) + "\" x2=\"" + fmt(left + pw) + "\" y1=\"" + fmt(yy) + "\" y2=\"" +
           fmt(yy) + "\" stroke=\"#eee\"/>\n";
    }
    s += "<rect x=\"" + fmt(left) + "\" y=\"" + fmt(py) + "\" width=\"" + fmt(pw) + "\" height=\"" + fmt(panel_h) +
         "\" fill=\"none\" stroke=\"#888\"/>\n";
    std::map<double, bool> xs;
    for (const auto& [name, pts] : lines)
      for (const auto& kv : pts) xs[kv.first] = true;
    double last_label = -1e300;
    for (const auto& kv : xs) {  // each grid value, unless it would overlap the one before
      const std::string text = fmt(kv.first);
      if (X(kv.first) - last_label < 8.0 * text.size() + 4) continue;
      last_label = X(kv.first);
      s += "<text x=\"" + fmt(X(kv.first)) + "\" y=\"" + fmt(py + panel_h + 16) + "\" text-anchor=\"middle\">" + text +
           "</text>\n";
    }
    s += "<text x=\"" + fmt(left + pw / 2) + "\" y=\"" + fmt(py + panel_h + 34) + "\" text-anchor=\"middle\">" +
         xml_escape(spec.x) + "</text>\n";
    std::size_t li = 0;
    for (const auto& [name, pts] : lines) {
      const char* colour = kColours[li % 8];
      std::string band, back, path;
      for (const auto& [x, pt] : pts) {
        band += (band.empty() ? "M" : " L") + fmt(X(x)) + "," + fmt(Y(pt.hi));
        back = " L" + fmt(X(x)) + "," + fmt(Y(pt.lo)) + back;
      }
      if (runs_per_point > 1)  // the spread over the runs at each point: min to max
        s += "<path d=\"" + band + back + " Z\" fill=\"" + colour + "\" fill-opacity=\"0.25\" stroke=\"none\"/>\n";
      for (const auto& [x, pt] : pts) {
        path += (path.empty() ? "M" : " L") + fmt(X(x)) + "," + fmt(Y(pt.mean()));
        s += "<circle cx=\"" + fmt(X(x)) + "\" cy=\"" + fmt(Y(pt.mean())) + "\" r=\"3\" fill=\"" + colour + "\"/>\n";
      }
      s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
      if (!spec.series.empty()) {  // the series field once, then each line's value
        if (li == 0)
          s += "<text x=\"" + fmt(left + pw + 10) + "\" y=\"" + fmt(py + 12) + "\" font-size=\"11\">" +
               xml_escape(spec.series) + "</text>\n";
        s += "<line x1=\"" + fmt(left + pw + 10) + "\" x2=\"" + fmt(left + pw + 30) + "\" y1=\"" +
             fmt(py + 28 + 16 * li) + "\" y2=\"" + fmt(py + 28 + 16 * li) + "\" stroke=\"" + colour +
             "\" stroke-width=\"2\"/><text x=\"" + fmt(left + pw + 36) + "\" y=\"" + fmt(py + 32 + 16 * li) + "\">" +
             xml_escape(name) + "</text>\n";
      }
      ++li;
    }
    if (p == 0)
      s += "<text x=\"" + fmt(W / 2) + "\" y=\"" + fmt(head) + "\" text-anchor=\"middle\" fill=\"#444\">" +
           (runs_per_point > 1 ? "line: the mean of the " + std::to_string(runs_per_point) +
                                     " runs at each point; band: their minimum to maximum"
                               : std::string("one run at each point")) +
           "</text>\n";
  }
  return s + "</svg>\n";
}

}  // namespace cmwqsim::io
