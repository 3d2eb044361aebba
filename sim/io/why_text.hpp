// SPDX-License-Identifier: GPL-2.0-only
// Renders the causes of a trace's events (run --explain) as text and JSON,
// with the trace's names and unit.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

class WhyText {
 public:
  explicit WhyText(const Trace& trace);
  // "function(): text" for one cause ("" for none).
  std::string text(const Because& b) const;
  // The event's cause, then "; <- " and the decision it was part of.
  std::string of_event(std::size_t event) const;
  // {"function", "text", "values": {...}, "via": {...}} (null: none).
  nlohmann::json json_of_event(std::size_t event) const;
  nlohmann::json json_of(const Because& b) const;
  // JSON on one line, spaced as the trace's events are ({"a": 1, "b": 2}).
  static std::string one_line(const nlohmann::json& j);
  // A work instance as the timelines name it: "w0", or "w0#2" for an item
  // that ran more than once.
  std::string work_name(std::int64_t ref) const;
  std::string thread_name(std::int64_t id) const;
  std::string pool_name(std::int64_t id) const;

 private:
  std::string value(char kind, std::int64_t v) const;
  const Trace& trace_;
  std::map<int, int> max_instance_;
};

}  // namespace cmwqsim::io
