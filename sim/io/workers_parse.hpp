// SPDX-License-Identifier: GPL-2.0-only
#pragma once
#include "io/json_reader.hpp"

namespace cmwqsim::io {

// "workers" (initial_idle, create_time, create_stall, kthreadd, the unbound
// pools' starting workers and their last CPUs) into sc.workers; sc.unit and
// sc.cpus must be set.
void parse_workers(const ObjectReader& top, Scenario& sc);

}  // namespace cmwqsim::io
