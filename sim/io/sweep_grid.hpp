// SPDX-License-Identifier: GPL-2.0-only
// A sweep grid: a base scenario and, for any of its fields, the values to try.
//
//   {"scenario": "doc-scaled.json",              (relative to the grid file)
//    "grid": {"workqueues[0].max_active": [1, 2, 4],
//             "scheduler": ["fifo", "eevdf"],
//             "workload.seed": [1, 2, 3]}}
//
// Runs are the cartesian product, numbered from 0 with the fields in name
// order and the last one varying fastest, so a run number means the same
// run on every machine.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "io/json_reader.hpp"

namespace cmwqsim::io {

struct SweepGrid {
  std::string file;      // the grid file
  std::string scenario;  // the base scenario's path (resolved)
  std::vector<std::pair<std::string, std::vector<json>>> fields;  // in name order
  std::size_t runs() const;
  // Run r's (field, value) settings.
  std::vector<std::pair<std::string, json>> settings(std::size_t r) const;
};

// Throws ScenarioError naming the JSON path.
SweepGrid load_sweep_grid(const std::string& file);

// Checks, before any run starts, that the base scenario loads and that each
// value of each field, set alone on it, gives a scenario that parses and can
// run. Throws ScenarioError at the value's path in the grid
// ("grid.workqueues[0].max_active[1]"). A value that only fails combined with
// another still fails its runs.
void check_sweep_grid(const SweepGrid& g);

// A value as a CSV cell: strings bare, other JSON as written; quoted if needed.
std::string csv_cell(const json& v);
std::string csv_cell(const std::string& s);

}  // namespace cmwqsim::io
