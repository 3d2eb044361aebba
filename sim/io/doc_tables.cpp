// SPDX-License-Identifier: GPL-2.0-only
#include "io/doc_tables.hpp"

#include <sstream>

namespace cmwqsim::io {

namespace {
// The line without leading and trailing blanks, each run of spaces and tabs
// inside made one space: a kernel tree's workqueue.rst separates the
// tables' columns with tabs, our copy of the 6.3 doc with spaces.
std::string normalise(const std::string& s) {
  std::string out;
  bool blank = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}
}  // namespace

std::vector<DocTable> find_doc_tables(const std::string& rst) {
  std::vector<std::string> lines;
  std::istringstream in(rst);
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  std::vector<DocTable> tables;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (normalise(lines[i]) != "TIME IN MSECS EVENT") continue;
    DocTable t;
    t.line = static_cast<int>(i + 1);
    // The intro: the last non-blank line before the header's blank line.
    for (std::size_t k = i; k-- > 0;) {
      std::string s = normalise(lines[k]);
      if (!s.empty()) {
        t.intro = s;
        break;
      }
    }
    for (std::size_t k = i + 1; k < lines.size(); ++k) {
      std::string s = normalise(lines[k]);
      if (s.empty() || !(s[0] >= '0' && s[0] <= '9')) break;
      t.rows.push_back(s);
    }
    tables.push_back(t);
  }
  return tables;
}

}  // namespace cmwqsim::io
