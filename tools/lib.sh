# SPDX-License-Identifier: GPL-2.0-only
# Shared by tools/demo and tools/test: install what is missing, then build.
# Debian bookworm, as root (or with sudo).

CMWQSIM_PACKAGES=(cmake g++ make pkg-config libsimgrid-dev nlohmann-json3-dev libcli11-dev catch2 librsvg2-bin python3-jsonschema parallel help2man trace-cmd)

cmwqsim_install_missing() {
  local missing=() p
  for p in "${CMWQSIM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The opt-in browser test's headless Chromium (Debian's chromium, a few
# hundred MB): installed only by tools/report-screenshot or when asked,
# cmwqsim_install_missing "${CMWQSIM_BROWSER_PACKAGES[@]}".
CMWQSIM_BROWSER_PACKAGES=(chromium)

# cmwqsim_build [TARGET]: configure build/ (tests included) and build TARGET (default: all).
cmwqsim_build() {
  cmake -S "$CMWQSIM_ROOT" -B "$CMWQSIM_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
  # Progress lines dropped; with the callers' pipefail a failed build still fails.
  cmake --build "$CMWQSIM_ROOT/build" -j"$(nproc)" ${1:+--target "$1"} 2>&1 | sed '/^\[ *[0-9]*%\]/d'
}
