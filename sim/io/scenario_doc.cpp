// SPDX-License-Identifier: GPL-2.0-only
#include "io/scenario_doc.hpp"


#include "io/json_set.hpp"
#include "io/text_file.hpp"

namespace cmwqsim::io {

json load_scenario_doc(const std::string& file, const std::vector<std::string>& sets) {
  const std::string text = read_text_file(file);
  // Syntax errors get parse_scenario_text()'s line-and-column message.
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) parse_scenario_text(text);
  for (const std::string& s : sets) {
    try {
      json_set_assignment(doc, s);
    } catch (const std::exception& e) {
      throw ScenarioError("--set", e.what());
    }
  }
  return doc;
}

}  // namespace cmwqsim::io
