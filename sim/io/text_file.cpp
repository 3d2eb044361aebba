#include "io/text_file.hpp"

#include <fstream>
#include <sstream>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::io {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError("", "cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cmwqsim::io
