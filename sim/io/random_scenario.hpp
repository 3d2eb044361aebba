// SPDX-License-Identifier: GPL-2.0-only
// Small random valid scenarios for soak testing: 1-4 CPUs, random flags,
// steps, actions, tasks, schedulers and kernels; reproducible from a seed.
#pragma once
#include <cstdint>
#include <string>

namespace cmwqsim::io {

std::string random_scenario(std::uint64_t seed);

}  // namespace cmwqsim::io
