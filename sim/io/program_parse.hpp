// SPDX-License-Identifier: GPL-2.0-only
// Parsing of what threads and the issuer do: program steps, actions, tasks.
#pragma once
#include <map>
#include <string>

#include "io/json_reader.hpp"

namespace cmwqsim::io {

struct Names {
  std::map<std::string, int> work, wq;
};

std::vector<Step> parse_program(const json& arr, const std::string& path, const Scenario& sc, const Names& names);
void parse_actions(const ObjectReader& top, Scenario& sc, const Names& names);
void parse_tasks(const ObjectReader& top, Scenario& sc, const Names& names);
void parse_background(const ObjectReader& top, Scenario& sc, const Names& names);

}  // namespace cmwqsim::io
