// run_isolated(): the simulation runs in a forked child; its trace comes back as JSON.
#include "cmwqsim/run.hpp"
#include "engine/isolate.hpp"
#include "io/trace_json.hpp"

namespace cmwqsim {

Trace run_isolated(const Scenario& sc, const RunLimits& limits) {
  std::string data = engine::run_in_child([&] { return io::trace_to_json(run_scenario(sc, limits)).dump(); });
  return io::trace_from_json(nlohmann::json::parse(data));
}

}  // namespace cmwqsim
