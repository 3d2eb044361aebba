// SPDX-License-Identifier: GPL-2.0-only
// Random scenarios that tools/kernel-run can replay on a real kernel: the
// random validation corpus (scenarios/validation/random/). Only what the
// replay module runs (workqueues with flags, max_active and ordering; items
// that burn, sleep and queue later items; issuer queue calls on any CPU),
// with the guest set-up the validation scenarios carry (warm pools, the
// tick-woken rcu_preempt). Reproducible from the seed with any compiler.
#pragma once
#include <cstdint>
#include <string>

namespace cmwqsim::io {

// cpus: 2 or 4, or 0 to draw it (2 in three seeds of four, 4 otherwise).
// extended (--steps extended, opt-in): items may also queue with a delay,
// flush, cancel or flush a workqueue, and the issuer may queue with a delay or
// cancel; named randx-NNNN. Without it the output is that of earlier versions.
std::string replayable_scenario(std::uint64_t seed, int cpus = 0, bool extended = false);

}  // namespace cmwqsim::io
