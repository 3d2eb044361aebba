#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# cmake --install into a scratch prefix, then the installed tree in use: the
# CLI and its man page, and examples/ built against the installed library,
# once with find_package(cmwqsim) and once with pkg-config, each running the
# doc's max_active == 2 example.
# Usage: tests/install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/usr
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
"$prefix/bin/cmwq-sim" --version | grep -q '^cmwq-sim [0-9]' || fail "installed cmwq-sim --version"
zcat "$prefix/share/man/man1/cmwq-sim.1.gz" | grep -q '^\.TH CMWQ-SIM "1"' || fail "no man page"
for h in run scenario trace time kernel_rules; do
  [ -f "$prefix/include/cmwqsim/$h.hpp" ] || fail "header cmwqsim/$h.hpp not installed"
done
# Nothing of the build or source tree leaks into the installed package files.
pkgfiles=$(find "$prefix" -path '*/cmake/cmwqsim/*' -o -name cmwqsim.pc)
[ "$(wc -l <<< "$pkgfiles")" -ge 4 ] || fail "package files missing: $pkgfiles"
if grep -l -e "$src" -e "$build" $pkgfiles; then fail "installed package files name the build or source tree"; fi

scenario=$src/scenarios/doc/03-cmwq-max-active-2.json
expected='0 w0 starts
5 w1 starts
20 w0 finishes
20 w2 starts
20 w1 finishes
35 w2 finishes'

# find_package(cmwqsim) from the installed tree only.
# The build's own compile and link flags (the CI's sanitizer build installs an
# instrumented library, which only links into instrumented code).
cxxflags=$(sed -n 's/^CMAKE_CXX_FLAGS:STRING=//p' "$build/CMakeCache.txt")
ldflags=$(sed -n 's/^CMAKE_EXE_LINKER_FLAGS:STRING=//p' "$build/CMakeCache.txt")
cmake -S "$src/examples" -B "$tmp/ex" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
  > "$tmp/ex-configure.log" || { cat "$tmp/ex-configure.log"; fail "configuring the example"; }
grep -q "cmwqsim_DIR:PATH=$prefix/" "$tmp/ex/CMakeCache.txt" || fail "find_package did not take the installed cmwqsim"
cmake --build "$tmp/ex" > "$tmp/ex-build.log" 2>&1 || { cat "$tmp/ex-build.log"; fail "building the example"; }
out=$("$tmp/ex/run_scenario" "$scenario")
[ "$(tail -n +2 <<< "$out")" = "$expected" ] || { echo "$out"; fail "example (find_package) output"; }
rc=0; "$tmp/ex/run_scenario" "$tmp/missing.json" 2> /dev/null || rc=$?
[ $rc -eq 2 ] || fail "example on a missing file: exit $rc, expected 2"

# pkg-config.
pcdir=$(dirname "$(find "$prefix" -name cmwqsim.pc)")
flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs cmwqsim)
g++ -O1 $cxxflags -o "$tmp/ex-pc" "$src/examples/run_scenario.cpp" $flags $ldflags || fail "building the example with pkg-config"
out=$("$tmp/ex-pc" "$scenario")
[ "$(tail -n +2 <<< "$out")" = "$expected" ] || { echo "$out"; fail "example (pkg-config) output"; }
echo "install: CLI, man page, headers, find_package(cmwqsim) and pkg-config all work"
