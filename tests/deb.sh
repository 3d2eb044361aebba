#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# cpack -G DEB builds cmwq-sim and libcmwqsim-dev; dpkg-deb checks their
# fields and contents (lintian too, when installed, failing on errors); both
# are extracted into a scratch root, where cmwq-sim runs a scenario as the
# build tree's does, and examples/ builds against the extracted library.
# Exit 77 (skipped) without dpkg-deb.
# Usage: tests/deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
command -v dpkg-deb > /dev/null || { echo "dpkg-deb not found: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" > "$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
version=$("$build/cmwq-sim" --version | awk '{print $2}')
cli=$tmp/out/cmwq-sim_${version}_amd64.deb
dev=$tmp/out/libcmwqsim-dev_${version}_amd64.deb
[ -f "$cli" ] && [ -f "$dev" ] || { ls "$tmp/out"; fail "expected cmwq-sim and libcmwqsim-dev $version"; }

# Fields. The CLI's Depends come from dpkg-shlibdeps: each must be an
# installed package here (they name what the binary was linked against).
[ "$(dpkg-deb -f "$cli" Package)" = cmwq-sim ] || fail "Package of $cli"
depends=$(dpkg-deb -f "$cli" Depends)
grep -q 'libsimgrid3.32' <<< "$depends" || fail "cmwq-sim does not depend on libsimgrid3.32: $depends"
for p in $(tr ',' '\n' <<< "$depends" | sed 's/(.*)//; s/ //g'); do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || fail "Depends names $p, not installed here"
done
dev_depends=$(dpkg-deb -f "$dev" Depends)
for p in libsimgrid-dev nlohmann-json3-dev; do
  grep -q "$p" <<< "$dev_depends" || fail "libcmwqsim-dev does not depend on $p: $dev_depends"
done
cli_files=$(dpkg-deb -c "$cli") dev_files=$(dpkg-deb -c "$dev")
grep -q ' \./usr/bin/cmwq-sim$' <<< "$cli_files" || fail "no /usr/bin/cmwq-sim in $cli"
grep -q ' \./usr/share/man/man1/cmwq-sim\.1\.gz$' <<< "$cli_files" || fail "no man page in $cli"
grep -q ' \./usr/include/cmwqsim/run\.hpp$' <<< "$dev_files" || fail "no headers in $dev"
grep -Eq ' \./usr/lib/(.*/)?libcmwqsim\.a$' <<< "$dev_files" || fail "no library in $dev"

if command -v lintian > /dev/null; then
  rc=0; report=$(lintian --fail-on error "$cli" "$dev" 2>&1) || rc=$?
  grep -v 'running with root privileges' <<< "$report" || true
  [ $rc -eq 0 ] || fail "lintian reports errors"
fi

# Extracted into a scratch root: the CLI runs (the library is static, no LD_LIBRARY_PATH).
root=$tmp/root
dpkg-deb -x "$cli" "$root"
dpkg-deb -x "$dev" "$root"
"$root/usr/bin/cmwq-sim" --version | grep -q "^cmwq-sim $version" || fail "extracted cmwq-sim --version"
scenario=$src/scenarios/doc/03-cmwq-max-active-2.json
diff <("$root/usr/bin/cmwq-sim" run "$scenario") <("$build/cmwq-sim" run "$scenario") \
  || fail "the packaged cmwq-sim prints another timeline than the build's"
cxxflags=$(sed -n 's/^CMAKE_CXX_FLAGS:STRING=//p' "$build/CMakeCache.txt")  # the sanitizer build's, in CI
ldflags=$(sed -n 's/^CMAKE_EXE_LINKER_FLAGS:STRING=//p' "$build/CMakeCache.txt")
cmake -S "$src/examples" -B "$tmp/ex" -DCMAKE_PREFIX_PATH="$root/usr" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
  > "$tmp/ex.log" 2>&1 && cmake --build "$tmp/ex" >> "$tmp/ex.log" 2>&1 || { cat "$tmp/ex.log"; fail "example against the package"; }
[ "$("$tmp/ex/run_scenario" "$scenario" | tail -1)" = "35 w2 finishes" ] || fail "example built against the package"
echo "deb: cmwq-sim ($depends) and libcmwqsim-dev ($dev_depends) build, check and run"
