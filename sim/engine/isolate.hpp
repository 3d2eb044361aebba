// SPDX-License-Identifier: GPL-2.0-only
// One SimGrid simulation per process: run a function in a forked child and
// bring back the string it returns.
#pragma once
#include <functional>
#include <string>

namespace cmwqsim::engine {

// Throws std::runtime_error if the child fails (exception, crash, non-zero exit).
std::string run_in_child(const std::function<std::string()>& fn);

}  // namespace cmwqsim::engine
