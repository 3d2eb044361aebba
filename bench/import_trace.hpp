// SPDX-License-Identifier: GPL-2.0-only
// The import case's input: a large ftrace text made from a recorded one, its
// events repeated one copy after another in time, as a longer recording of a
// machine that does the same again and again would be.
#pragma once
#include <cstddef>
#include <string>

namespace cmwqsim::bench {

// Writes the trace at `source` (text or .xz) to a temporary file: its
// header once, then its event lines again and again, each copy's timestamps
// moved past the copy before (by its span + 1 s), until at least
// `min_events` event lines are written. Returns the path. The same source
// gives the same file.
std::string write_repeated_trace(const std::string& source, std::size_t min_events);

}  // namespace cmwqsim::bench
