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
std::string replayable_scenario(std::uint64_t seed, int cpus = 0);

}  // namespace cmwqsim::io
