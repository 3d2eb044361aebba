// SPDX-License-Identifier: GPL-2.0-only
#include "io/listed_work.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

namespace cmwqsim::io {

namespace {

// A strict reader of a subset of JSON: whitespace, punctuation, plain strings
// and numbers (RFC 8259's grammar). Throws NotListed on anything else.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void skip_ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool at_end() {
    skip_ws();
    return p_ == end_;
  }
  void expect(char c) {
    skip_ws();
    if (p_ == end_ || *p_ != c) throw NotListed{};
    ++p_;
  }
  // Skips c if it comes next.
  bool take(char c) {
    skip_ws();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // ',' then more, or `close`.
  bool more(char close) {
    if (take(',')) return true;
    expect(close);
    return false;
  }
  // A string without escapes, ASCII only (nlohmann checks UTF-8; we leave that to it).
  std::string_view string() {
    expect('"');
    const char* start = p_;
    while (p_ < end_ && *p_ != '"') {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '\\' || c < 0x20 || c >= 0x80) throw NotListed{};
      ++p_;
    }
    if (p_ == end_) throw NotListed{};
    return {start, static_cast<std::size_t>(p_++ - start)};
  }
  // A JSON number's text; a leading minus is left to the general way.
  std::string_view number() {
    skip_ws();
    const char* start = p_;
    if (p_ < end_ && *p_ == '0') {
      ++p_;
    } else {
      if (p_ == end_ || *p_ < '1' || *p_ > '9') throw NotListed{};
      digits();
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (digits() == 0) throw NotListed{};
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (digits() == 0) throw NotListed{};
    }
    return {start, static_cast<std::size_t>(p_ - start)};
  }

 private:
  std::size_t digits() {
    const char* start = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return static_cast<std::size_t>(p_ - start);
  }

  const char* p_;
  const char* end_;
};

// A number as nlohmann reads it: an unsigned integer (strtoull) or a double (strtod).
struct Number {
  bool integer = false;
  unsigned long long u = 0;
  double d = 0;
};

Number to_number(std::string_view tok) {
  Number n;
  if (tok.find_first_of(".eE") == std::string_view::npos) {
    if (tok.size() > 19) throw NotListed{};  // may not fit: nlohmann would read a double
    n.integer = true;
    for (char c : tok) n.u = n.u * 10 + static_cast<unsigned>(c - '0');
    return n;
  }
  const auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), n.d);  // correctly rounded, as strtod
  if (ec != std::errc() || end != tok.data() + tok.size() || !std::isfinite(n.d)) throw NotListed{};
  return n;
}

// read_time() for a value it accepts; NotListed where it would complain.
Ns time_of(std::string_view tok, const Unit& u) {
  constexpr double kMax = 9.0e15;
  const Number n = to_number(tok);
  if (n.integer) {
    if (static_cast<double>(n.u) * static_cast<double>(u.ns) > kMax) throw NotListed{};
    return static_cast<Ns>(n.u) * u.ns;
  }
  const double ns = n.d * static_cast<double>(u.ns);
  if (n.d < 0 || ns > kMax) throw NotListed{};
  const double r = std::round(ns);
  if (std::fabs(ns - r) > 1e-3 * std::max(1.0, ns * 1e-12) + 1e-6) throw NotListed{};
  return static_cast<Ns>(r);
}

// ObjectReader::integer() for a plain integer from 0 to max.
int small_integer(std::string_view tok, int max) {
  const Number n = to_number(tok);
  if (!n.integer || n.u > static_cast<unsigned long long>(max)) throw NotListed{};
  return static_cast<int>(n.u);
}

// Keys seen in one object: each at most once (the general way keeps the last of a repeated key).
class Seen {
 public:
  void add(unsigned bit) {
    if (bits_ & bit) throw NotListed{};
    bits_ |= bit;
  }
  bool has(unsigned bit) const { return (bits_ & bit) != 0; }

 private:
  unsigned bits_ = 0;
};

// A step that names a work item, resolved once every name is known.
struct ItemRef {
  std::size_t work, step;
  std::string_view name;
};

int workqueue_index(const Names& names, std::string_view name) {
  for (const auto& [n, i] : names.wq)
    if (n == name) return i;
  throw NotListed{};
}

// One step object (parse_program()).
Step read_step(Scanner& in, const Scenario& sc, const Names& names, std::size_t work, std::size_t index,
               std::vector<ItemRef>& refs) {
  static constexpr std::pair<std::string_view, Step::Kind> kItem[] = {
      {"queue", Step::Queue}, {"mod_delayed", Step::ModDelayed}, {"cancel", Step::Cancel},
      {"flush", Step::Flush}, {"disable", Step::Disable},         {"enable", Step::Enable}};
  Step st;
  Seen seen;
  constexpr unsigned kKind = 1, kDelay = 2;
  in.expect('{');
  if (in.take('}')) throw NotListed{};
  do {
    const std::string_view key = in.string();
    in.expect(':');
    if (key == "delay") {
      seen.add(kDelay);
      st.delay = time_of(in.number(), sc.unit);
      continue;
    }
    seen.add(kKind);
    if (key == "burn" || key == "sleep") {
      st.kind = key == "burn" ? Step::Burn : Step::Sleep;
      st.ns = time_of(in.number(), sc.unit);
    } else if (key == "flush_workqueue" || key == "drain_workqueue") {
      st.kind = key == "flush_workqueue" ? Step::FlushWorkqueue : Step::DrainWorkqueue;
      st.target = workqueue_index(names, in.string());
    } else {
      bool found = false;
      for (const auto& [k, kind] : kItem)
        if (key == k) {
          st.kind = kind;
          found = true;
        }
      if (!found) throw NotListed{};
      refs.push_back({work, index, in.string()});
    }
  } while (in.more('}'));
  if (!seen.has(kKind)) throw NotListed{};
  const bool delayed = st.kind == Step::Queue || st.kind == Step::ModDelayed;
  if (seen.has(kDelay) ? !delayed : st.kind == Step::ModDelayed) throw NotListed{};
  return st;
}

// One item object (parse_work()'s three passes in one).
WorkSpec read_item(Scanner& in, const Scenario& sc, const Names& names, std::size_t work, std::vector<ItemRef>& refs) {
  constexpr unsigned kName = 1, kQueue = 2, kCpu = 4, kAt = 8, kProgram = 16, kFunction = 32;
  WorkSpec w;
  Seen seen;
  in.expect('{');
  if (in.take('}')) throw NotListed{};
  do {
    const std::string_view key = in.string();
    in.expect(':');
    if (key == "name") {
      seen.add(kName);
      const std::string_view n = in.string();
      if (n.empty() || n.find_first_of(" ,") != std::string_view::npos) throw NotListed{};
      w.name.assign(n);
    } else if (key == "queue") {
      seen.add(kQueue);
      w.queue = workqueue_index(names, in.string());
    } else if (key == "cpu") {
      seen.add(kCpu);
      w.cpu_given = true;
      w.cpu = small_integer(in.number(), sc.cpus - 1);
    } else if (key == "at") {
      seen.add(kAt);
      w.at = time_of(in.number(), sc.unit);
    } else if (key == "function") {  // a note (cmwq-sim import)
      seen.add(kFunction);
      in.string();
    } else if (key == "program") {
      seen.add(kProgram);
      in.expect('[');
      if (!in.take(']')) do
          w.program.push_back(read_step(in, sc, names, work, w.program.size(), refs));
        while (in.more(']'));
    } else {
      throw NotListed{};
    }
  } while (in.more('}'));
  if (!seen.has(kName) || !seen.has(kQueue) || !seen.has(kProgram)) throw NotListed{};
  return w;
}

// Skips one JSON value, trusting it to be valid (the JSON parser checks the rest of the text).
void skip_value(std::string_view text, std::size_t& i) {
  int depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') {
        in_string = false;
        if (depth == 0) {
          ++i;
          return;
        }
      }
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (depth == 0) return;  // a scalar ended at its container's end
      if (--depth == 0) {
        ++i;
        return;
      }
    } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
      return;
    }
  }
}

}  // namespace

std::optional<TextSpan> find_top_level_work(std::string_view text) {
  std::optional<TextSpan> work;
  std::size_t i = 0;
  auto ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  };
  ws();
  if (i == text.size() || text[i] != '{') return std::nullopt;
  ++i;
  for (;;) {
    ws();
    if (i == text.size() || text[i] != '"') return std::nullopt;
    const std::size_t key_begin = ++i;
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\') return std::nullopt;
      ++i;
    }
    if (i == text.size()) return std::nullopt;
    const std::string_view key = text.substr(key_begin, i - key_begin);
    ++i;
    ws();
    if (i == text.size() || text[i] != ':') return std::nullopt;
    ++i;
    ws();
    const std::size_t value_begin = i;
    skip_value(text, i);
    if (key == "work") {
      if (work) return std::nullopt;  // twice: the general way decides
      work = TextSpan{value_begin, i};
    }
    ws();
    if (i == text.size()) return std::nullopt;
    if (text[i] == '}') return work;
    if (text[i] != ',') return std::nullopt;
    ++i;
  }
}

void parse_listed_work(std::string_view text, Scenario& sc, Names& names, bool fill_names) {
  Scanner in(text);
  std::vector<ItemRef> refs;
  const std::size_t first = sc.work.size();
  in.expect('[');
  if (!in.take(']')) do
      sc.work.push_back(read_item(in, sc, names, sc.work.size(), refs));
    while (in.more(']'));
  if (!in.at_end()) throw NotListed{};
  // Names: unique, then the steps' targets.
  std::unordered_map<std::string_view, int> index;
  index.reserve(sc.work.size() - first);
  for (std::size_t i = first; i < sc.work.size(); ++i)
    if (!index.emplace(sc.work[i].name, static_cast<int>(i)).second) throw NotListed{};
  for (const ItemRef& r : refs) {
    auto it = index.find(r.name);
    if (it == index.end()) throw NotListed{};
    sc.work[r.work].program[r.step].target = it->second;
  }
  if (fill_names)
    for (std::size_t i = first; i < sc.work.size(); ++i) names.work.emplace(sc.work[i].name, static_cast<int>(i));
}

}  // namespace cmwqsim::io
