// SPDX-License-Identifier: GPL-2.0-only
// "workload": a generated set of work items, reproducible from a seed.
//
// A scenario may describe many items by their statistics instead of listing
// them: how many, how they arrive (Poisson, periodic or in bursts on chosen
// CPUs), which workqueues and CPUs they use, and a program whose burn and
// sleep lengths are drawn from distributions (rt-app style). The parser
// expands it into ordinary WorkSpecs, so the model never sees the difference.
// `cmwq-sim gen` writes the expanded scenario as a file.
#pragma once
#include <string>

#include "io/program_parse.hpp"

namespace cmwqsim::io {

// Appends the items that top["workload"] describes to sc.work (names
// "<prefix><n>"). `names`: the parser's workqueue and work item names;
// throws ScenarioError naming the JSON path.
void expand_workload(const ObjectReader& top, Scenario& sc, const Names& names);

// A time as a JSON number in the unit (an integer when it is whole).
json time_to_json(Ns t, const Unit& u);

// The JSON of a step the workload can generate (burn or sleep), in the unit.
json step_to_json(const Step& s, const Unit& u);

}  // namespace cmwqsim::io
