// SPDX-License-Identifier: GPL-2.0-only
#include "io/json_set.hpp"

#include <stdexcept>

namespace cmwqsim::io {

void json_set(json& doc, const std::string& path, const json& value) {
  if (path.empty()) throw std::invalid_argument("an empty field path");
  json* cur = &doc;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      std::size_t close = path.find(']', i);
      if (close == std::string::npos) throw std::invalid_argument(path + ": a '[' without its ']'");
      std::string num = path.substr(i + 1, close - i - 1);
      if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument(path + ": \"" + num + "\" is not an array index");
      std::size_t idx = std::stoul(num);
      if (!cur->is_array() || idx >= cur->size())
        throw std::invalid_argument(path + ": no element [" + num + "] (" +
                                    (cur->is_array() ? std::to_string(cur->size()) + " elements" : "not an array") + ")");
      cur = &(*cur)[idx];
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    std::size_t end = path.find_first_of(".[", i);
    std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (key.empty()) throw std::invalid_argument(path + ": an empty key");
    if (cur->is_null()) *cur = json::object();
    if (!cur->is_object()) throw std::invalid_argument(path + ": \"" + key + "\" is inside something that is not an object");
    cur = &(*cur)[key];
    i = end == std::string::npos ? path.size() : end;
    if (i < path.size() && path[i] == '.') ++i;
  }
  *cur = value;
}

void json_set_assignment(json& doc, const std::string& assignment) {
  std::size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument("\"" + assignment + "\" is not PATH=VALUE");
  std::string text = assignment.substr(eq + 1);
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) value = text;
  json_set(doc, assignment.substr(0, eq), value);
}

}  // namespace cmwqsim::io
