#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A 100-run sweep gives the same CSV locally and through --emit-jobs + GNU
# parallel + collect; its numbers behave (a larger max_active never hurts
# this workload much); bad grids fail with exit code 2 and a path.
set -euo pipefail
SIM="$1"; ROOT="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
grid="$ROOT/bench/sweeps/max-active.json"
"$SIM" sweep "$grid" -j 2 -o "$tmp/local.csv"
[ "$(wc -l < "$tmp/local.csv")" -eq 101 ] || { echo "expected 100 rows"; exit 1; }
"$SIM" sweep "$grid" --emit-jobs --out-dir "$tmp/runs" > "$tmp/jobs.txt"
[ "$(wc -l < "$tmp/jobs.txt")" -eq 100 ]
if command -v parallel >/dev/null; then
  parallel --will-cite --joblog "$tmp/joblog" -j 2 < "$tmp/jobs.txt"
  [ "$(awk 'NR > 1 && $7 != 0' "$tmp/joblog" | wc -l)" -eq 0 ] || { echo "a job failed"; exit 1; }
else
  echo "GNU parallel missing (tools/test installs it): running the jobs with sh" >&2
  sh "$tmp/jobs.txt"
fi
"$SIM" collect "$tmp/runs" -o "$tmp/collected.csv"
cmp "$tmp/local.csv" "$tmp/collected.csv"
# Real behaviour: for each seed, max_active 1 has a longer makespan and p99
# latency than max_active 32 (the items sleep; more of them overlap).
python3 - "$tmp/local.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {(r["workload.seed"], r["workqueues[0].max_active"]): r for r in rows}
for seed in range(1, 11):
    lo, hi = by[(str(seed), "1")], by[(str(seed), "32")]
    assert int(lo["makespan_ns"]) > int(hi["makespan_ns"]), (seed, lo["makespan_ns"], hi["makespan_ns"])
    assert int(lo["latency_p99_ns"]) > int(hi["latency_p99_ns"])
    assert int(lo["instances"]) == 400 and int(hi["instances"]) == 400
    assert int(lo["peak_concurrency"]) <= 4 < int(hi["peak_concurrency"])  # 4 CPUs x max_active 1
print("sweep metrics behave")
PY
# A missing run makes collect fail.
rm "$tmp/runs/run-0000007-of-0000100.csv"
if "$SIM" collect "$tmp/runs" >/dev/null 2>"$tmp/err"; then echo "collect accepted a missing run"; exit 1; fi
grep -q "1 of 100 runs are missing (7)" "$tmp/err"
# Bad grids: exit code 2, with the path.
printf '{"scenario": "%s", "grid": {"workqueues[0].max_active": [1, -4]}}' "$ROOT/bench/sweeps/doc-scaled.json" > "$tmp/bad.json"
set +e; "$SIM" sweep "$tmp/bad.json" -o "$tmp/x.csv" 2>"$tmp/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "workqueues\[0\].max_active" "$tmp/err" || { echo "bad value: rc=$rc"; cat "$tmp/err"; exit 1; }
printf '{"scenario": "x.json", "grid": []}' > "$tmp/bad2.json"
set +e; "$SIM" sweep "$tmp/bad2.json" 2>"$tmp/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "grid: must be an object" "$tmp/err" || { echo "bad grid: rc=$rc"; cat "$tmp/err"; exit 1; }
echo "sweep: local and GNU parallel CSVs identical"
