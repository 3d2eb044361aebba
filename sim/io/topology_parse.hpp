// SPDX-License-Identifier: GPL-2.0-only
// "topology": {"nodes": [[0,1],[2,3]], "llc": [...], "smt": [...]}
#pragma once
#include "io/json_reader.hpp"

namespace cmwqsim::io {

// Fills sc.topology (defaults when absent); sc.cpus must be set.
void parse_topology(const ObjectReader& top, Scenario& sc);
bool affinity_scope_from_name(const std::string& s, AffinityScope& out);

}  // namespace cmwqsim::io
