// The JSON event trace (`cmwq-sim run --format json`), both ways.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// with_events false: "events" is empty (write_trace_json() streams them).
nlohmann::json trace_to_json(const Trace& trace, bool with_events = true);
// Throws ScenarioError (with a JSON path) on a malformed trace.
Trace trace_from_json(const nlohmann::json& j);
// Whether a JSON document is a trace (it has "events") rather than a scenario.
bool is_trace_json(const nlohmann::json& j);

}  // namespace cmwqsim::io
