// SPDX-License-Identifier: GPL-2.0-only
// The bridge to tools/kernel-run: a scenario as the replay module's "spec"
// parameter, and the guest's log back as traces.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "cmwqsim/scenario.hpp"
#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// The module parameter (see tools/kernel-module/replay_main.c). Throws
// ScenarioError for what the module cannot replay; with a kernel, also for
// what that kernel lacks (disable_work() on 6.1, WQ_BH on 6.1, ...).
std::string kernel_spec(const Scenario& sc, std::optional<KernelVersion> kernel = std::nullopt);

// Parses "cmwqsim: E <run> <t> <cpu> <pid> <comm> <item> <inst> <kind>" lines
// of one scenario's runs into one trace per run. `source` names the kernel.
std::map<int, Trace> traces_from_kernel_log(const std::string& log, const Scenario& sc, const std::string& source);

}  // namespace cmwqsim::io
