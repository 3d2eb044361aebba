#include "io/svg_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

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

std::string svg_sweep(const CsvTable& t, const SweepPlotSpec& spec) {
  const std::size_t xc = t.column(spec.x);
  const std::size_t sc = spec.series.empty() ? 0 : t.column(spec.series);
  if (spec.y.empty()) throw std::invalid_argument("no metric to plot");
  const double W = 760, panel_h = 220, left = 90, right = 150, top = 40, gap = 60;
  const double H = top + spec.y.size() * (panel_h + gap);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(W) + "\" height=\"" + fmt(H) +
                  "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + fmt(W / 2) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" + xml_escape(spec.title) + "</text>\n";
  for (std::size_t p = 0; p < spec.y.size(); ++p) {
    const std::size_t yc = t.column(spec.y[p]);
    // series -> x -> (sum, count): the mean over the other fields.
    std::map<std::string, std::map<double, std::pair<double, int>>> lines;
    for (const auto& r : t.rows) {
      auto& acc = lines[spec.series.empty() ? "" : r[sc]][number(r[xc], spec.x)];
      acc.first += number(r[yc], spec.y[p]);
      ++acc.second;
    }
    double x0 = 1e300, x1 = -1e300, y1 = 0;
    for (const auto& [name, pts] : lines)
      for (const auto& [x, acc] : pts) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y1 = std::max(y1, acc.first / acc.second);
      }
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= 0) y1 = 1;
    const double py = top + p * (panel_h + gap), pw = W - left - right;
    auto X = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
    auto Y = [&](double y) { return py + panel_h - y / (y1 * 1.05) * panel_h; };
    s += "<rect x=\"" + fmt(left) + "\" y=\"" + fmt(py) + "\" width=\"" + fmt(pw) + "\" height=\"" + fmt(panel_h) +
         "\" fill=\"none\" stroke=\"#888\"/>\n";
    for (int k = 0; k <= 4; ++k) {  // y ticks from 0
      double v = y1 * 1.05 * k / 4;
      s += "<text x=\"" + fmt(left - 6) + "\" y=\"" + fmt(Y(v) + 4) + "\" text-anchor=\"end\">" + fmt(v) + "</text>\n";
      s += "<line x1=\"" + fmt(left) + "\" x2=\"" + fmt(left + pw) + "\" y1=\"" + fmt(Y(v)) + "\" y2=\"" + fmt(Y(v)) +
           "\" stroke=\"#eee\"/>\n";
    }
    std::map<double, bool> xs;
    for (const auto& [name, pts] : lines)
      for (const auto& kv : pts) xs[kv.first] = true;
    for (const auto& kv : xs)
      s += "<text x=\"" + fmt(X(kv.first)) + "\" y=\"" + fmt(py + panel_h + 16) + "\" text-anchor=\"middle\">" +
           fmt(kv.first) + "</text>\n";
    s += "<text x=\"" + fmt(left + pw / 2) + "\" y=\"" + fmt(py + panel_h + 34) + "\" text-anchor=\"middle\">" +
         xml_escape(spec.x) + "</text>\n";
    s += "<text x=\"" + fmt(left) + "\" y=\"" + fmt(py - 8) + "\" font-weight=\"bold\">" + xml_escape(spec.y[p]) +
         " (mean per point)</text>\n";
    std::size_t li = 0;
    for (const auto& [name, pts] : lines) {
      const char* colour = kColours[li % 8];
      std::string path;
      for (const auto& [x, acc] : pts) {
        path += (path.empty() ? "M" : " L") + fmt(X(x)) + "," + fmt(Y(acc.first / acc.second));
        s += "<circle cx=\"" + fmt(X(x)) + "\" cy=\"" + fmt(Y(acc.first / acc.second)) + "\" r=\"3\" fill=\"" + colour +
             "\"/>\n";
      }
      s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
      if (!spec.series.empty())
        s += "<text x=\"" + fmt(left + pw + 10) + "\" y=\"" + fmt(py + 16 + 16 * li) + "\" fill=\"" + colour + "\">" +
             xml_escape(spec.series + "=" + name) + "</text>\n";
      ++li;
    }
  }
  return s + "</svg>\n";
}

}  // namespace cmwqsim::io
