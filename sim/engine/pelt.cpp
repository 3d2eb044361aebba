// SPDX-License-Identifier: GPL-2.0-only
#include "engine/pelt.hpp"

#include <array>
#include <cmath>

namespace cmwqsim::engine {

namespace {
constexpr Ns kPeriod = 1024 * 1024;  // 1024 "us" of 1024 ns, PELT's period
constexpr int kHalfLife = 32;        // y^32 = 1/2 (LOAD_AVG_PERIOD)

struct Tables {
  std::array<std::uint32_t, 32> periods{};  // y^n, n < 32 (runnable_avg_yN_inv[])
  std::array<std::uint32_t, 1024> parts{};  // y^(k/1024), a part of a period in 1024 ns steps
  Tables() {
    for (int n = 0; n < 32; ++n)
      periods[static_cast<std::size_t>(n)] =
          static_cast<std::uint32_t>(std::llround(std::ldexp(std::exp2(-n / double(kHalfLife)), 32) - 1));
    for (int k = 0; k < 1024; ++k)
      parts[static_cast<std::size_t>(k)] =
          static_cast<std::uint32_t>(std::llround(std::ldexp(std::exp2(-k / (1024.0 * kHalfLife)), 32) - 1));
  }
};
const Tables& tables() {
  static const Tables t;
  return t;
}
}  // namespace

std::uint64_t pelt_decay(Ns dt) {
  const Tables& t = tables();
  const Ns n = dt / kPeriod;
  if (n >= 64 * kHalfLife) return 0;  // under 2^-64
  const std::size_t part = static_cast<std::size_t>((dt % kPeriod) >> 10);
  std::uint64_t d = (std::uint64_t{t.parts[part]} * t.periods[static_cast<std::size_t>(n % kHalfLife)]) >> 32;
  return d >> (n / kHalfLife);
}

}  // namespace cmwqsim::engine
