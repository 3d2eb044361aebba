// SPDX-License-Identifier: GPL-2.0-only
// Finds the "TIME IN MSECS EVENT" example tables in workqueue.rst.
#pragma once
#include <string>
#include <vector>

namespace cmwqsim::io {

struct DocTable {
  int line = 0;                    // 1-based line of the header
  std::string intro;               // the sentence that introduces it
  std::vector<std::string> rows;   // "0 w0 starts and burns CPU", ...
};

std::vector<DocTable> find_doc_tables(const std::string& rst);

}  // namespace cmwqsim::io
