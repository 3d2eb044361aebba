#include "io/doc_tables.hpp"

#include <sstream>

namespace cmwqsim::io {

namespace {
std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}
}  // namespace

std::vector<DocTable> find_doc_tables(const std::string& rst) {
  std::vector<std::string> lines;
  std::istringstream in(rst);
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  std::vector<DocTable> tables;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]) != "TIME IN MSECS EVENT") continue;
    DocTable t;
    t.line = static_cast<int>(i + 1);
    // The intro: the last non-blank line before the header's blank line.
    for (std::size_t k = i; k-- > 0;) {
      std::string s = trim(lines[k]);
      if (!s.empty()) {
        t.intro = s;
        break;
      }
    }
    for (std::size_t k = i + 1; k < lines.size(); ++k) {
      std::string s = trim(lines[k]);
      if (s.empty() || !(s[0] >= '0' && s[0] <= '9')) break;
      t.rows.push_back(s);
    }
    tables.push_back(t);
  }
  return tables;
}

}  // namespace cmwqsim::io
