#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The import round trip (issue 15): each validation scenario's recorded guest
# ftrace (run 1) is imported with cmwq-sim import, replayed under the same
# kernel (its own scheduler and preemption model, the guest's recorded
# cpu_intensive_thresh_us), and must reproduce every recorded start and
# finish within 0.25 ms + 1 %. Fails if fewer scenarios match on a kernel
# than tests/data/import_roundtrip_baseline.txt says.
#   tests/import_roundtrip.sh CMWQ-SIM ROOT
set -u
sim="$1" root="$2"
real="$root/scenarios/validation/real"
baseline="$root/tests/data/import_roundtrip_baseline.txt"
rc=0
for k in 6.1 6.12 7.3; do
  match=0 total=0 misses=""
  for f in "$real/$k"/*.ftrace.txt; do
    name=$(basename "$f" .ftrace.txt)
    cpus=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["cpus"])' "$root/scenarios/validation/$name.json")
    thresh=$(sed -n 's/^cpu_intensive_thresh_us //p' "$real/$k/meta-${cpus}cpu.txt")
    set_thresh=()
    [[ "$thresh" =~ ^[0-9]+$ ]] && set_thresh=(--set "cpu_intensive_thresh_us=$thresh")
    out=$("$sim" import-report "$f" --run 1 --kernel "$k" "${set_thresh[@]}" 2>/dev/null)
    total=$((total + 1))
    if grep -q "^round trip .*: match" <<< "$out"; then
      match=$((match + 1))
    else
      misses+=" $name($(grep '^round trip' <<< "$out" | sed 's/.*largest error //'))"
    fi
  done
  want=$(awk -v k="$k" '$1 == k {print $2}' "$baseline")
  echo "$k: $match/$total round trips match (baseline ${want:-none})${misses:+; misses:$misses}"
  if [ -z "$want" ] || [ "$match" -lt "$want" ]; then rc=1; fi
done
exit $rc
