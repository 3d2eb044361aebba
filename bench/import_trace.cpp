// SPDX-License-Identifier: GPL-2.0-only
#include "import_trace.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "io/ftrace_reader.hpp"

namespace cmwqsim::bench {

namespace {
// An event line cut around its timestamp ("SECONDS.MICROS: " after the flags).
struct Line {
  std::string before, after;
  long long us = 0;
};

bool split_line(const std::string& s, Line& out) {
  const std::size_t cpu_end = s.find("] ");
  if (cpu_end == std::string::npos) return false;
  const std::size_t colon = s.find(": ", cpu_end);
  if (colon == std::string::npos) return false;
  std::size_t start = s.rfind(' ', colon);
  if (start == std::string::npos) return false;
  ++start;
  const std::size_t dot = s.find('.', start);
  if (dot == std::string::npos || dot > colon || colon - dot != 7) return false;
  try {
    out.us = std::stoll(s.substr(start, dot - start)) * 1'000'000 + std::stoll(s.substr(dot + 1, 6));
  } catch (const std::exception&) {
    return false;
  }
  out.before = s.substr(0, start);
  out.after = s.substr(colon);
  return true;
}
}  // namespace

std::string write_repeated_trace(const std::string& source, std::size_t min_events) {
  std::istringstream in(io::load_trace_text(source));
  std::string header, s;
  std::vector<Line> lines;
  while (std::getline(in, s)) {
    if (s.empty()) continue;
    if (s[0] == '#') {
      header += s + "\n";
      continue;
    }
    Line l;
    if (!split_line(s, l)) throw std::runtime_error(source + ": no timestamp in: " + s);
    lines.push_back(std::move(l));
  }
  if (lines.empty()) throw std::runtime_error(source + ": no events");
  const long long span = lines.back().us + 1'000'000;
  const std::string path = "/tmp/cmwq-bench-trace-" + std::to_string(getpid()) + ".txt";
  std::ofstream out(path);
  out << header;
  char stamp[32];
  for (std::size_t written = 0, copy = 0; written < min_events; ++copy) {
    for (const Line& l : lines) {
      const long long us = l.us + static_cast<long long>(copy) * span;
      std::snprintf(stamp, sizeof stamp, "%lld.%06lld", us / 1'000'000, us % 1'000'000);
      out << l.before << stamp << l.after << '\n';
    }
    written += lines.size();
  }
  if (!out) throw std::runtime_error(path + ": cannot write");
  return path;
}

}  // namespace cmwqsim::bench
