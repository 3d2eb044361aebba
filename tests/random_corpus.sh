#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The random validation corpus is what the generator gives: each committed
# scenarios/validation/random/rand-NNNN.json is `cmwq-sim random --replayable
# --seed NNNN`, byte for byte, and has its real-kernel traces (3 runs on each
# kernel: 6.1, 6.12 and 7.3). Also: --cpus goes with --replayable and takes 2 or 4 (exit 2).
set -euo pipefail
SIM="$1"; ROOT="$2"
dir="$ROOT/scenarios/validation/random"
n=0
for f in "$dir"/rand-*.json; do
  seed=$(basename "$f" .json); seed=$((10#${seed#rand-}))
  cmp -s <("$SIM" random --replayable --seed "$seed") "$f" || { echo "FAIL: $f is not seed $seed's scenario"; exit 1; }
  name=$(basename "$f" .json)
  for k in 6.1 6.12 7.3; do
    for run in "" .run2 .run3; do
      [ -f "$dir/real/$k/$name$run.json" ] || { echo "FAIL: no $k trace $name$run.json"; exit 1; }
    done
  done
  n=$((n + 1))
done
[ "$n" -ge 100 ] || { echo "FAIL: only $n scenarios in the corpus"; exit 1; }
for bad in "random --cpus 2" "random --replayable --cpus 3"; do
  rc=0; $SIM $bad > /dev/null 2>&1 || rc=$?
  [ "$rc" -eq 2 ] || { echo "FAIL: '$bad' exited $rc, not 2"; exit 1; }
done
echo "random corpus: $n scenarios, each its seed's, each recorded 3 times on 6.1, 6.12 and 7.3"
