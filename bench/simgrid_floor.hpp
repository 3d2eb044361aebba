// The SimGrid floor: what one baton hand-off between actors costs by itself.
// `actors` actors in a ring pass a baton `handoffs` times; each hand-off
// advances SimGrid's clock by 1 ns (sleep_until), releases the next actor's
// semaphore and blocks on its own, exactly as cmwq-sim's engine does.
// Call it in a process of its own (one SimGrid engine per process).
#pragma once
#include <cstdint>

namespace cmwqsim::bench {

// Returns the wall seconds the hand-offs took.
double simgrid_floor(std::uint64_t handoffs, int actors);

}  // namespace cmwqsim::bench
