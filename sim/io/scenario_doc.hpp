// SPDX-License-Identifier: GPL-2.0-only
// A scenario file as a JSON document, with PATH=VALUE settings applied
// (gen --set, sweep grids). Errors are one line, as ScenarioError.
#pragma once
#include <string>
#include <vector>

#include "io/json_reader.hpp"

namespace cmwqsim::io {

json load_scenario_doc(const std::string& file, const std::vector<std::string>& sets);

}  // namespace cmwqsim::io
