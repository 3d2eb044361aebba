// SPDX-License-Identifier: GPL-2.0-only
#include "io/plot_axis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cmwqsim::io {

double nice_step(double span, int max_ticks) {
  if (!(span > 0)) return 1;
  double step = std::pow(10.0, std::floor(std::log10(span / max_ticks)));
  for (;;) {
    for (double m : {1.0, 2.0, 5.0})
      if (span / (step * m) <= max_ticks + 1e-9) return step * m;
    step *= 10;
  }
}

Unit time_axis_unit(double max_ns) {
  Unit u;
  if (max_ns >= 1e9) {
    u.name = "s";
    u.ns = 1000000000;
  } else {
    u.name = "ms";
    u.ns = 1000000;
  }
  return u;
}

std::string tick_text(double value, double step) {
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  char b[48];
  std::snprintf(b, sizeof b, "%.*f", decimals, std::fabs(value) < step * 1e-6 ? 0.0 : value);
  return b;
}

}  // namespace cmwqsim::io
