// SPDX-License-Identifier: GPL-2.0-only
#include "io/text_file.hpp"

#include <fstream>
#include <sstream>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::io {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError("", "cannot open " + path);
  // A regular file is read in one go, into a string of its size.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size > 0) {
    std::string text(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (in.read(text.data(), size) && in.gcount() == size && in.peek() == std::ifstream::traits_type::eof()) return text;
  }
  in.clear();
  in.seekg(0);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cmwqsim::io
