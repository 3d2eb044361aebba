#!/usr/bin/env bash
# The kernel-schedulers issue's fidelity rule, scenario by scenario: with cfs
# for 6.1 and eevdf for 6.12, every validation scenario that fifo matches
# must match too (the fidelity test checks the totals against the baseline).
set -euo pipefail
SIM="$1"; ROOT="$2"
"$SIM" fidelity --scenarios "$ROOT/scenarios/validation" --scheduler fifo --scheduler cfs --scheduler eevdf |
python3 -c '
import sys
rows, cols = [], None
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if cells and cells[0] == "scenario":
        cols = cells
    elif cols and len(cells) == len(cols) and cells[0].startswith("v"):
        rows.append(dict(zip(cols, cells)))
assert cols and len(rows) >= 25, "no fidelity table"
bad = 0
for kernel, sched in (("6.1", "cfs"), ("6.12", "eevdf")):
    fifo_n = sched_n = 0
    for r in rows:
        fifo = r["fifo vs " + kernel].startswith("match")
        ours = r[sched + " vs " + kernel].startswith("match")
        fifo_n += fifo
        sched_n += ours
        if fifo and not ours:
            print("WORSE: %s: fifo matches %s, %s does not" % (r["scenario"], kernel, sched))
            bad = 1
    print("%s vs %s: %d/%d, fifo %d/%d" % (sched, kernel, sched_n, len(rows), fifo_n, len(rows)))
    if sched_n <= fifo_n:
        print("NOT BETTER: %s does not match more than fifo on %s" % (sched, kernel))
        bad = 1
sys.exit(bad)
'
