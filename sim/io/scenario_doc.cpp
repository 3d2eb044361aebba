#include "io/scenario_doc.hpp"

#include <fstream>
#include <sstream>

#include "io/json_set.hpp"

namespace cmwqsim::io {

json load_scenario_doc(const std::string& file, const std::vector<std::string>& sets) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError("", "cannot open " + file);
  std::stringstream ss;
  ss << in.rdbuf();
  // Syntax errors get parse_scenario_text()'s line-and-column message.
  json doc = json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded()) parse_scenario_text(ss.str());
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
