// SPDX-License-Identifier: GPL-2.0-only
#include "io/sweep_grid.hpp"

#include <stdexcept>

#include "io/json_set.hpp"
#include "io/scenario_doc.hpp"
#include "io/text_file.hpp"

namespace cmwqsim::io {

std::size_t SweepGrid::runs() const {
  std::size_t n = 1;
  for (const auto& f : fields) n *= f.second.size();
  return n;
}

std::vector<std::pair<std::string, json>> SweepGrid::settings(std::size_t r) const {
  std::vector<std::pair<std::string, json>> out(fields.size());
  for (std::size_t i = fields.size(); i-- > 0;) {
    const auto& values = fields[i].second;
    out[i] = {fields[i].first, values[r % values.size()]};
    r /= values.size();
  }
  return out;
}

SweepGrid load_sweep_grid(const std::string& file) {
  json j = json::parse(read_text_file(file), nullptr, false);
  if (j.is_discarded()) throw ScenarioError("", "invalid JSON");
  ObjectReader top(j, "", {"scenario", "grid"});
  SweepGrid g;
  g.file = file;
  g.scenario = top.string("scenario");
  if (!g.scenario.empty() && g.scenario[0] != '/') {
    std::size_t slash = file.rfind('/');
    if (slash != std::string::npos) g.scenario = file.substr(0, slash + 1) + g.scenario;
  }
  if (!top.has("grid") || !top.at("grid").is_object() || top.at("grid").empty())
    top.fail("grid", "must be an object of \"field path\": [values], with at least one field");
  for (const auto& [path, values] : top.at("grid").items()) {
    std::string p = top.path("grid") + "." + path;
    if (!values.is_array() || values.empty()) throw ScenarioError(p, "must be a non-empty array of values");
    g.fields.emplace_back(path, std::vector<json>(values.begin(), values.end()));
  }
  if (g.runs() > 10'000'000) top.fail("grid", "has " + std::to_string(g.runs()) + " runs; at most 10,000,000");
  return g;
}

void check_sweep_grid(const SweepGrid& g) {
  json base;
  try {
    base = load_scenario_doc(g.scenario, {});
  } catch (const std::exception& e) {
    throw ScenarioError("scenario", g.scenario + ": " + e.what());
  }
  for (const auto& [path, values] : g.fields) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string where = "grid." + path + "[" + std::to_string(i) + "]";
      try {
        json doc = base;
        json_set(doc, path, values[i]);
        check_runnable(parse_scenario_text(doc.dump()));
      } catch (const ScenarioError& e) {
        throw ScenarioError(where + " (" + values[i].dump() + ")", e.what());
      } catch (const std::invalid_argument& e) {
        throw ScenarioError(where + " (" + values[i].dump() + ")", e.what());
      }
    }
  }
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_cell(const json& v) { return csv_cell(v.is_string() ? v.get<std::string>() : v.dump()); }

}  // namespace cmwqsim::io
