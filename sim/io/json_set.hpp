// SPDX-License-Identifier: GPL-2.0-only
// Setting one field of a JSON document by its path, as the error messages
// name them: "cpus", "workqueues[0].max_active", "workload.seed".
// `gen --set` and `sweep` grids use it to vary any scenario field.
#pragma once
#include <string>

#include "io/json_reader.hpp"

namespace cmwqsim::io {

// Sets doc at `path` to `value`, creating missing object keys (not array
// elements). Throws std::invalid_argument naming the path on a bad path.
void json_set(json& doc, const std::string& path, const json& value);

// "path=value": value is JSON if it parses as JSON, else a plain string
// (so --set scheduler=cfs works without quotes).
void json_set_assignment(json& doc, const std::string& assignment);

}  // namespace cmwqsim::io
