// SPDX-License-Identifier: GPL-2.0-only
// A sweep plot: metrics (y) against one grid field (x), one line per value
// of a series field, averaged over the other fields (seeds, say). One panel
// per metric, stacked.
#pragma once
#include <string>
#include <vector>

namespace cmwqsim::io {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // The column's index; throws std::invalid_argument naming the columns.
  std::size_t column(const std::string& name) const;
};

// Parses CSV text (quoted cells allowed); throws std::invalid_argument.
CsvTable parse_csv(const std::string& text);

struct SweepPlotSpec {
  std::string x;               // a numeric column
  std::vector<std::string> y;  // numeric columns, one panel each
  std::string series;          // "" = one line
  std::string title;
};

// Throws std::invalid_argument on a missing or non-numeric column.
std::string svg_sweep(const CsvTable& t, const SweepPlotSpec& spec);

}  // namespace cmwqsim::io
