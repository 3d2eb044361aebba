#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The boot corpus (scenarios/real-world, recorded by tools/boot-trace): each
# committed scenario is what cmwq-sim import makes of its trace today, byte for
# byte, and its replay starts at least as many items within 1 ms of their real
# start as scenarios/real-world/baseline.txt says.
#   tests/import_corpus.sh CMWQ-SIM ROOT
set -uo pipefail
sim="$1" root="$2"
dir="$root/scenarios/real-world"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for trace in "$dir"/boot-*.ftrace.txt.xz; do
  k=$(basename "$trace" .ftrace.txt.xz); k=${k#boot-}
  "$sim" import "$trace" --kernel "$k" -o "$tmp/boot.json" 2>/dev/null || { echo "$k: import failed"; rc=1; continue; }
  cmp -s "$tmp/boot.json" "$dir/boot-$k.json" || { echo "$k: the import differs from boot-$k.json"; rc=1; }
  line=$("$sim" import-report "$trace" --kernel "$k" 2>/dev/null | grep '^items starting within 1 ms')
  got=$(sed 's#.*: \([0-9]*\)/.*#\1#' <<< "$line")
  want=$(awk -v k="$k" '$1 == k {print $2}' "$dir/baseline.txt")
  echo "$k: $line (baseline ${want:-none})"
  if [ -z "$want" ] || [ -z "$got" ] || [ "$got" -lt "$want" ]; then rc=1; fi
done
exit $rc
