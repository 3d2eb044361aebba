// SPDX-License-Identifier: GPL-2.0-only
// The SimGrid floor: what one baton hand-off between actors costs by itself.
// `actors` actors in a ring pass the engine's Baton `handoffs` times, as
// cmwq-sim's engine does: give() to the next actor, wait() for our turn.
// (A sleep_until() per hand-off, as the engine once did, costs about 1.8 us
// more each on this machine; a Semaphore instead of suspend/resume 0.3 us.)
// Call it in a process of its own (one SimGrid engine per process).
#pragma once
#include <cstdint>

namespace cmwqsim::bench {

// Returns the wall seconds the hand-offs took.
double simgrid_floor(std::uint64_t handoffs, int actors);

}  // namespace cmwqsim::bench
