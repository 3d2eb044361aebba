# Sourced by tools/kernel-run: installs QEMU, busybox, and the Debian kernels
# (image + headers) for 6.1 (bookworm) and 6.12 (bookworm-backports).

# Adds bookworm-backports to apt, reusing the URI of the existing Debian
# source (deb822 or one-line format); no mirror host is written here.
kr_enable_backports() {
  if grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then return 0; fi
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /(^|[ \t])bookworm([ \t]|$)/) {print u; exit} }' \
      /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    echo "kernel-run: cannot find the Debian bookworm apt source to add bookworm-backports to" >&2
    return 1
  fi
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" > /etc/apt/sources.list.d/cmwqsim-backports.sources
  apt-get update -qq
}

# kr_kernel_version 6.1|6.12 -> the installed kernel release (e.g. 6.1.0-41-cloud-amd64)
kr_kernel_version() {
  local re="^${1//./\\.}\\.[0-9]+[-+].*cloud-amd64$"
  ls /lib/modules 2>/dev/null | grep -E "$re" | sort -V | tail -1
}

# kr_install_kernel 6.1|6.12
kr_install_kernel() {
  local k="$1"
  [ -n "$(kr_kernel_version "$k")" ] && [ -d "/lib/modules/$(kr_kernel_version "$k")/build" ] && return 0
  export DEBIAN_FRONTEND=noninteractive
  if [ "$k" = "6.1" ]; then
    apt-get install -y -qq --no-install-recommends linux-image-cloud-amd64 linux-headers-cloud-amd64 >/dev/null
  else
    kr_enable_backports
    apt-get install -y -qq --no-install-recommends -t bookworm-backports \
      linux-image-cloud-amd64 linux-headers-cloud-amd64 >/dev/null
  fi
}

kr_install_tools() {
  local missing=() p
  for p in qemu-system-x86 busybox-static cpio kmod gcc make python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
