// SPDX-License-Identifier: GPL-2.0-only
// cmwq-sim gen: a scenario with a "workload" section, expanded into an
// ordinary scenario file whose items are all listed.
#include <iostream>

#include "cli/commands.hpp"
#include "io/scenario_doc.hpp"
#include "io/workload.hpp"

namespace cmwqsim::cli {

int cmd_gen(const GenArgs& a) {
  io::json doc;
  Scenario sc;
  try {
    doc = io::load_scenario_doc(a.file, a.sets);
    sc = parse_scenario_text(doc.dump());
  } catch (const std::exception& e) {
    std::cerr << "cmwq-sim: " << a.file << ": " << e.what() << "\n";
    return 2;
  }
  const std::size_t explicit_items = doc.contains("work") ? doc["work"].size() : 0;
  io::json work = doc.contains("work") ? doc["work"] : io::json::array();
  for (std::size_t i = explicit_items; i < sc.work.size(); ++i) {
    const WorkSpec& w = sc.work[i];
    io::json program = io::json::array();
    for (const Step& s : w.program) program.push_back(io::step_to_json(s, sc.unit));
    work.push_back({{"name", w.name}, {"queue", sc.workqueues[w.queue].name}, {"cpu", w.cpu}, {"at", io::time_to_json(*w.at, sc.unit)},
                    {"program", std::move(program)}});
  }
  doc.erase("workload");
  doc["work"] = std::move(work);
  return write_output(a.output, doc.dump(1) + "\n");
}

}  // namespace cmwqsim::cli
