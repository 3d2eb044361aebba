#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The command line in the user's words: an unknown command or option is named
# with the nearest known one, plots refuse formats they cannot write and
# render PNG without a shell (a quote in the path is fine), and a fair class
# the kernel does not have is pointed out. --version prints the version.
set -uo pipefail
SIM="$1"; ROOT="$2"
S="$ROOT/scenarios/doc/03-cmwq-max-active-2.json"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
expect() {  # expect RC PATTERN -- command...
  local rc_want=$1 pat=$2; shift 3
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" -ne "$rc_want" ] || ! grep -q -- "$pat" <<< "$out"; then
    echo "FAIL: $* -> exit $rc, output: $out (wanted exit $rc_want and /$pat/)"; fail=1
  else
    echo "ok: $*"
  fi
}
expect 2 'unknown command "runn" (did you mean "run"?)' -- "$SIM" runn "$S"
expect 2 'run: unknown option --schedular (did you mean --scheduler?)' -- "$SIM" run "$S" --schedular fifo
expect 2 'plots are written as SVG (.svg) or PNG (.png)' -- "$SIM" plot "$S" -o "$t/x.pdf"
[ ! -e "$t/x.pdf" ] || { echo "FAIL: x.pdf was written"; fail=1; }
expect 0 '' -- "$SIM" plot "$S" -o "$t/it's.png"
head -c 8 "$t/it's.png" | od -An -c | grep -q 'P   N   G' || { echo "FAIL: it's.png is not a PNG"; fail=1; }
expect 0 "kernel 6.1's fair class is cfs, not eevdf" -- "$SIM" run "$S" --kernel 6.1 --scheduler eevdf
expect 0 '^cmwq-sim [0-9][0-9.]*' -- "$SIM" --version
# plot --kernels (the issue's spelling) is --kernel: the same stacked panels.
expect 0 '' -- "$SIM" plot "$S" --kernels 6.1,6.12 -o "$t/kernels.svg"
"$SIM" plot "$S" --kernel 6.1,6.12 -o "$t/kernel.svg" 2> /dev/null
cmp -s "$t/kernels.svg" "$t/kernel.svg" && grep -q '6.12' "$t/kernels.svg" || { echo "FAIL: --kernels differs from --kernel"; fail=1; }
exit $fail
