// SPDX-License-Identifier: GPL-2.0-only
// Path-aware reading of JSON objects: every problem becomes a ScenarioError
// that names the JSON path ("work[2].program[1].sleep").
#pragma once
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::io {

using nlohmann::json;

// Parses a JSON document; a syntax error throws a ScenarioError naming its
// line and column.
json parse_json_text(const std::string& text);

std::string child_path(const std::string& parent, const std::string& key);
std::string index_path(const std::string& parent, std::size_t i);
// The closest of `choices` to `word` ("" if none is close).
std::string did_you_mean(const std::string& word, const std::vector<std::string>& choices);
// "a JSON string", "an array", ... for error messages.
std::string type_name(const json& j);

// An object whose keys must come from a known list.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string path, std::vector<std::string> allowed);

  bool has(const std::string& key) const { return j_.contains(key); }
  const json& at(const std::string& key) const { return j_.at(key); }
  std::string path(const std::string& key) const { return child_path(path_, key); }
  const std::string& path() const { return path_; }

  std::string string(const std::string& key) const;  // required
  std::string string_or(const std::string& key, const std::string& dflt) const;
  long long integer(const std::string& key, long long min, long long max, long long dflt) const;
  bool boolean(const std::string& key, bool dflt) const;
  const json& array(const std::string& key) const;  // required
  // A non-negative time in the unit, as exact ns.
  Ns time(const std::string& key, const Unit& u) const;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  const json& j_;
  std::string path_;
};

// Looks a name up (with a did-you-mean in the error); `what`: "work item", ...
int lookup_name(const std::map<std::string, int>& names, const std::string& name, const std::string& path,
                const std::string& what);

// A time value (number in the unit) at `path`.
Ns read_time(const json& v, const std::string& path, const Unit& u);

}  // namespace cmwqsim::io
