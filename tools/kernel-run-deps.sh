# SPDX-License-Identifier: GPL-2.0-only
# Sourced by tools/kernel-run: installs QEMU, busybox, debootstrap, and the
# Debian kernels (image + headers) for 6.1 (bookworm), 6.12 (bookworm-backports)
# and 7.3 (trixie-backports, inside a trixie chroot: see kr_trixie_chroot).

# The trixie chroot that 7.3's module is built in and its kernel taken from;
# kept outside the repo so that later runs reuse it.
KR_TRIXIE_ROOT="${CMWQSIM_TRIXIE_ROOT:-/var/cache/cmwqsim/trixie}"

# kr_debian_uri: the URI of the host's Debian bookworm apt source (deb822 or
# one-line format); no mirror host is written here.
kr_debian_uri() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /(^|[ \t])bookworm([ \t]|$)/) {print u; exit} }' \
      /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    echo "kernel-run: cannot find the Debian bookworm apt source (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list)" >&2
    return 1
  fi
  echo "$uri"
}

# Adds bookworm-backports to apt, reusing the URI of the existing Debian source.
kr_enable_backports() {
  if grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then return 0; fi
  local uri
  uri=$(kr_debian_uri) || return 1
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" > /etc/apt/sources.list.d/cmwqsim-backports.sources
  apt-get update -qq
}

# kr_chroot CMD...: runs CMD in the trixie chroot with a clean environment.
kr_chroot() {
  chroot "$KR_TRIXIE_ROOT" /usr/bin/env -i HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# kr_chroot_proc CMD...: kr_chroot with /proc mounted (objtool and the kernel
# packages' scripts read it), unmounted again afterwards, also on failure.
KR_PROC_MOUNTED=0
kr_chroot_proc() {
  local rc=0
  if ! mountpoint -q "$KR_TRIXIE_ROOT/proc"; then
    mount -t proc proc "$KR_TRIXIE_ROOT/proc" && KR_PROC_MOUNTED=1
  fi
  kr_chroot "$@" || rc=$?
  kr_umount_proc
  return $rc
}

# kr_umount_proc: unmounts the chroot's /proc if kr_chroot_proc mounted it
# (also called from kernel-run's exit trap).
kr_umount_proc() {
  if [ "$KR_PROC_MOUNTED" = 1 ]; then
    umount "$KR_TRIXIE_ROOT/proc" 2>/dev/null || umount -l "$KR_TRIXIE_ROOT/proc" 2>/dev/null || true
    KR_PROC_MOUNTED=0
  fi
}

# kr_trixie_chroot: makes the minimal trixie chroot (gcc-14, make, libc6-dev,
# libelf-dev) with trixie-backports in its apt sources, once. Trixie's packages
# go there and never onto the bookworm host, whose apt sources stay as they are.
kr_trixie_chroot() {
  local root="$KR_TRIXIE_ROOT" uri
  [ -f "$root/.cmwqsim-ready" ] && return 0
  uri=$(kr_debian_uri) || return 1
  command -v debootstrap >/dev/null || { echo "kernel-run: debootstrap is missing" >&2; return 1; }
  echo "kernel-run: making a trixie chroot in $root (once; later runs reuse it)" >&2
  local m
  for m in proc sys dev/pts dev; do mountpoint -q "$root/$m" && umount "$root/$m"; done
  rm -rf "$root"
  mkdir -p "$root"
  if ! debootstrap --variant=minbase --include=gcc-14,make,libc6-dev,libelf-dev trixie "$root" "$uri" \
      > "$root.debootstrap.log" 2>&1; then
    echo "kernel-run: debootstrap of trixie into $root failed; the end of $root.debootstrap.log:" >&2
    tail -15 "$root.debootstrap.log" >&2
    for m in proc sys dev/pts dev; do mountpoint -q "$root/$m" && umount "$root/$m"; done
    return 1
  fi
  for m in proc sys dev/pts dev; do mountpoint -q "$root/$m" && umount "$root/$m"; done  # left by debootstrap, if any
  printf 'Types: deb\nURIs: %s\nSuites: trixie-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" > "$root/etc/apt/sources.list.d/backports.sources"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  kr_chroot apt-get update -qq || { echo "kernel-run: apt-get update in the trixie chroot $root failed" >&2; return 1; }
  touch "$root/.cmwqsim-ready"
}

# kr_kernel_version 6.1|6.12|7.3 -> the installed kernel release (e.g.
# 6.1.0-41-cloud-amd64); 7.3's is the one installed in the trixie chroot.
kr_kernel_version() {
  local re="^${1//./\\.}\\.[0-9]+[-+].*cloud-amd64$" dir=/lib/modules
  [ "$1" = "7.3" ] && dir="$KR_TRIXIE_ROOT/usr/lib/modules"
  ls "$dir" 2>/dev/null | grep -E "$re" | sort -V | tail -1 || true
}

# kr_kernel_file 6.1|6.12|7.3 RELEASE vmlinuz|config -> the path of that file
# of the kernel. 7.3's packages keep them in /usr/lib/modules/<release>/.
kr_kernel_file() {
  local k="$1" rel="$2" f="$3" p
  if [ "$k" = "7.3" ]; then
    for p in "$KR_TRIXIE_ROOT/usr/lib/modules/$rel/$f" "$KR_TRIXIE_ROOT/boot/$f-$rel"; do
      [ -f "$p" ] && { echo "$p"; return 0; }
    done
  else
    for p in "/boot/$f-$rel" "/usr/lib/modules/$rel/$f"; do
      [ -f "$p" ] && { echo "$p"; return 0; }
    done
  fi
  echo "kernel-run: no $f found for kernel $rel" >&2
  return 1
}

# kr_build_module 6.1|6.12|7.3 RELEASE DIR: builds the module whose sources
# are in DIR against the kernel's headers (for 7.3, in the trixie chroot),
# leaving DIR/cmwqsim_replay.ko and DIR/build.log.
kr_build_module() {
  local k="$1" rel="$2" dir="$3" cdir rc=0
  if [ "$k" != "7.3" ]; then
    make -s -C "/lib/modules/$rel/build" M="$dir" modules > "$dir/build.log" 2>&1
    return
  fi
  cdir=$(mktemp -d "$KR_TRIXIE_ROOT/tmp/cmwqsim-mod.XXXXXX")
  cp "$dir"/* "$cdir/"
  kr_chroot_proc make -s -C "/usr/lib/modules/$rel/build" M="/tmp/${cdir##*/}" modules > "$dir/build.log" 2>&1 || rc=$?
  [ $rc -eq 0 ] && cp "$cdir/cmwqsim_replay.ko" "$dir/"
  rm -rf "$cdir"
  return $rc
}

# kr_install_kernel 6.1|6.12|7.3
kr_install_kernel() {
  local k="$1" rel
  if [ "$k" = "7.3" ]; then
    kr_trixie_chroot || return 1
    rel=$(kr_kernel_version 7.3)
    [ -n "$rel" ] && [ -d "$KR_TRIXIE_ROOT/usr/lib/modules/$rel/build" ] && return 0
    # The newest 7.3 cloud image in trixie-backports, and its headers.
    rel=$(kr_chroot apt-cache pkgnames linux-image-7.3. |
      sed -n 's/^linux-image-\(7\.3\.[0-9]*[-+].*cloud-amd64\)$/\1/p' | sort -V | tail -1)
    if [ -z "$rel" ]; then
      kr_chroot apt-get update -qq || true
      rel=$(kr_chroot apt-cache pkgnames linux-image-7.3. |
        sed -n 's/^linux-image-\(7\.3\.[0-9]*[-+].*cloud-amd64\)$/\1/p' | sort -V | tail -1)
    fi
    [ -n "$rel" ] || { echo "kernel-run: no linux-image-7.3.*-cloud-amd64 in trixie-backports" >&2; return 1; }
    echo "kernel-run: installing linux-image-$rel and its headers in the trixie chroot" >&2
    kr_chroot_proc apt-get install -y -qq --no-install-recommends -t trixie-backports \
      "linux-image-$rel" "linux-headers-$rel" > "$KR_TRIXIE_ROOT.install.log" 2>&1 ||
      { echo "kernel-run: installing 7.3 in the trixie chroot failed; the end of $KR_TRIXIE_ROOT.install.log:" >&2
        tail -15 "$KR_TRIXIE_ROOT.install.log" >&2; return 1; }
    return 0
  fi
  rel=$(kr_kernel_version "$k")
  [ -n "$rel" ] && [ -d "/lib/modules/$rel/build" ] && return 0
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
  for p in qemu-system-x86 busybox-static cpio kmod gcc make python3 debootstrap; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
