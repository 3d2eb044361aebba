// SPDX-License-Identifier: GPL-2.0-only
// run_isolated(): the simulation runs in a forked child; its trace comes back
// as JSON, followed (under --explain) by its cause table, as numbers.
#include "cmwqsim/run.hpp"
#include "engine/isolate.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim {

namespace {
constexpr char kWhySeparator = '\x1e';

nlohmann::json because_json(const Because& b) {
  return {static_cast<int>(b.cause), b.v[0], b.v[1], b.v[2]};
}
Because because_of(const nlohmann::json& j) {
  return Because{static_cast<Cause>(j.at(0).get<int>()), {j.at(1).get<std::int64_t>(), j.at(2).get<std::int64_t>(),
                                                          j.at(3).get<std::int64_t>()}};
}
}  // namespace

Trace run_isolated(const Scenario& sc, const RunLimits& limits) {
  std::string data = engine::run_in_child([&] {
    Trace t = run_scenario(sc, limits);
    std::string out = io::trace_to_json(t).dump();
    if (t.why.on) {
      nlohmann::json table = nlohmann::json::array();
      for (const Why& w : t.why.by_event) table.push_back({because_json(w.what), because_json(w.via)});
      out += kWhySeparator + table.dump();
    }
    return out;
  });
  const std::size_t sep = data.find(kWhySeparator);
  Trace t = io::trace_from_json(nlohmann::json::parse(data.substr(0, sep)));
  if (sep != std::string::npos) {
    t.why.on = true;
    for (const nlohmann::json& w : nlohmann::json::parse(data.substr(sep + 1)))
      t.why.by_event.push_back(Why{because_of(w.at(0)), because_of(w.at(1))});
  }
  return t;
}

}  // namespace cmwqsim
