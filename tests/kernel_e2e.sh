#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# End to end: boot the real 6.12 kernel for three validation scenarios (v32:
# cancel_delayed_work_sync() and its barrier) with tools/kernel-run, then
# compare each real trace with the simulation.
# (Validation scenarios are named after their files.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=$(mktemp -d /tmp/kernel-e2e.XXXXXX)
trap 'rm -rf "$out"' EXIT
scenarios=(v01-doc-max-active-3 v05-activation-order v32-cancel-sync)
CMWQSIM_NO_BUILD=1 "$root/tools/kernel-run" --kernel 6.12 --runs 1 --out "$out" $(printf "$root/scenarios/validation/%s.json " "${scenarios[@]}")
for v in "${scenarios[@]}"; do
  "$root/build/cmwq-sim" compare "$root/scenarios/validation/$v.json" "$out/6.12/$v.json"
  # The trace records the guest's kernel and its preemption model, not the scenario's.
  python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); assert (t["kernel"], t["preemption"]) == ("6.12", "voluntary"), (t["kernel"], t["preemption"])' "$out/6.12/$v.json"
done
