// SPDX-License-Identifier: GPL-2.0-only
#include "io/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cmwqsim::io {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& choices) {
  std::string best;
  std::size_t best_d = std::numeric_limits<std::size_t>::max();
  for (const auto& c : choices) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // Close enough, and not a wholesale replacement of a short word.
  return best_d <= std::max<std::size_t>(2, word.size() / 3) && best_d < word.size() ? best : "";
}

std::string type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    default: return "a number";
  }
}

ObjectReader::ObjectReader(const json& j, std::string path, std::vector<std::string> allowed)
    : j_(j), path_(std::move(path)) {
  if (!j.is_object()) throw ScenarioError(path_, "must be an object, not " + type_name(j));
  for (const auto& item : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
    std::string hint = did_you_mean(item.key(), allowed);
    throw ScenarioError(child_path(path_, item.key()),
                        "unknown key" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") +
                            "; allowed: " + join(allowed));
  }
}

void ObjectReader::fail(const std::string& key, const std::string& problem) const {
  throw ScenarioError(path(key), problem);
}

std::string ObjectReader::string(const std::string& key) const {
  if (!has(key)) fail(key, "is required but missing");
  const json& v = at(key);
  if (!v.is_string()) fail(key, "must be a string, not " + type_name(v));
  return v.get<std::string>();
}

std::string ObjectReader::string_or(const std::string& key, const std::string& dflt) const {
  return has(key) ? string(key) : dflt;
}

long long ObjectReader::integer(const std::string& key, long long min, long long max, long long dflt) const {
  if (!has(key)) return dflt;
  const json& v = at(key);
  bool whole = v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                         std::floor(v.get<double>()) == v.get<double>());
  if (!v.is_number() || !whole)
    fail(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  double d = v.get<double>();
  if (d < static_cast<double>(min) || d > static_cast<double>(max))
    fail(key, "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", not " + v.dump());
  return v.is_number_float() ? static_cast<long long>(d) : v.get<long long>();
}

bool ObjectReader::boolean(const std::string& key, bool dflt) const {
  if (!has(key)) return dflt;
  const json& v = at(key);
  if (!v.is_boolean()) fail(key, "must be true or false, not " + type_name(v));
  return v.get<bool>();
}

const json& ObjectReader::array(const std::string& key) const {
  if (!has(key)) fail(key, "is required but missing");
  const json& v = at(key);
  if (!v.is_array()) fail(key, "must be an array, not " + type_name(v));
  return v;
}

Ns ObjectReader::time(const std::string& key, const Unit& u) const { return read_time(at(key), path(key), u); }

int lookup_name(const std::map<std::string, int>& names, const std::string& name, const std::string& path,
                const std::string& what) {
  auto it = names.find(name);
  if (it != names.end()) return it->second;
  std::vector<std::string> all;
  for (const auto& kv : names) all.push_back(kv.first);
  std::string hint = did_you_mean(name, all);
  throw ScenarioError(path, "no " + what + " named \"" + name + "\"" +
                                (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
}

Ns read_time(const json& v, const std::string& path, const Unit& u) {
  const std::string what = "must be a non-negative number (a time in " + u.name + ")";
  if (!v.is_number()) throw ScenarioError(path, what + ", not " + type_name(v));
  constexpr double kMax = 9.0e15;  // ~104 days in ns: exact in SimGrid's double clock
  if (v.is_number_unsigned() || v.is_number_integer()) {
    if (v.is_number_integer() && !v.is_number_unsigned() && v.get<long long>() < 0)
      throw ScenarioError(path, what + ", not " + v.dump());
    unsigned long long x = v.get<unsigned long long>();
    if (static_cast<double>(x) * static_cast<double>(u.ns) > kMax)
      throw ScenarioError(path, "is too large: at most 9e15 ns (about 104 days), not " + v.dump() + " " + u.name);
    return static_cast<Ns>(x) * u.ns;
  }
  double d = v.get<double>();
  if (!std::isfinite(d) || d < 0) throw ScenarioError(path, what + ", not " + v.dump());
  double ns = d * static_cast<double>(u.ns);
  if (ns > kMax) throw ScenarioError(path, "is too large: at most 9e15 ns (about 104 days), not " + v.dump() + " " + u.name);
  double r = std::round(ns);
  if (std::fabs(ns - r) > 1e-3 * std::max(1.0, ns * 1e-12) + 1e-6)
    throw ScenarioError(path, "must be a whole number of nanoseconds, not " + v.dump() + " " + u.name);
  return static_cast<Ns>(r);
}

// json::parse() with its errors as ScenarioErrors: "invalid JSON at line L,
// column C: ...".
json parse_json_text(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into a line and column.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    std::size_t cut = what.rfind(": ");
    throw ScenarioError("", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) +
                                (cut == std::string::npos ? "" : ": " + what.substr(cut + 2)));
  } catch (const json::exception& e) {  // e.g. out_of_range 406: a number too large for a double
    std::string what = e.what();
    std::size_t cut = what.find("] ");
    throw ScenarioError("", "invalid JSON: " + (cut == std::string::npos ? what : what.substr(cut + 2)));
  }
  return j;
}

}  // namespace cmwqsim::io
