// SPDX-License-Identifier: GPL-2.0-only
// Reading a whole file as text: the one place the inputs (scenarios, grids,
// CSVs, guest logs, workqueue.rst) are read from disk.
#pragma once
#include <string>

namespace cmwqsim::io {

// Throws ScenarioError("cannot open PATH") if the file cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace cmwqsim::io
