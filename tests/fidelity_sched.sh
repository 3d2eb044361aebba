#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel-schedulers issue's checks, from one fidelity run (each recorded
# run compared as `cmwq-sim compare` does, with the guest's own CPU-intensive
# threshold):
#  - its two effects, in every recorded run: v24 (a freshly woken worker runs
#    before one already waiting) under cfs vs 6.1; v25 (the yield at
#    cond_resched() after an item) under cfs vs 6.1 and eevdf vs 6.12; fifo
#    reproduces neither in any run;
#  - scenario by scenario, whatever fifo matches, cfs (6.1) and eevdf (6.12)
#    match too, and each matches more in total (the fidelity test checks the
#    totals against the baseline).
set -euo pipefail
SIM="$1"; ROOT="$2"
"$SIM" fidelity --scenarios "$ROOT/scenarios/validation" --scheduler fifo --scheduler cfs --scheduler eevdf |
python3 -c '
import re, sys
rows, cols = {}, None
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if cells and cells[0] == "scenario":
        cols = cells
    elif cols and len(cells) == len(cols) and cells[0].startswith("v"):
        rows[cells[0]] = dict(zip(cols, cells))
assert cols and len(rows) >= 25, "no fidelity table"
bad = 0

def runs(scenario, sched, kernel):
    m = re.search(r"runs (\d+)/(\d+)", rows[scenario][sched + " vs " + kernel])
    return int(m.group(1)), int(m.group(2))

for scenario, sched, kernel, want in (("v24-placement", "cfs", "6.1", "all"),
                                      ("v24-placement", "fifo", "6.1", "none"),
                                      ("v25-cond-resched-yield", "cfs", "6.1", "all"),
                                      ("v25-cond-resched-yield", "fifo", "6.1", "none"),
                                      ("v25-cond-resched-yield", "eevdf", "6.12", "all"),
                                      ("v25-cond-resched-yield", "fifo", "6.12", "none")):
    got, n = runs(scenario, sched, kernel)
    ok = n == 3 and got == (n if want == "all" else 0)
    print("%s: %s %s vs %s matches %d of %d recorded runs (expected %s)" % ("ok" if ok else "FAIL", scenario, sched, kernel, got, n, want))
    bad |= not ok

for kernel, sched in (("6.1", "cfs"), ("6.12", "eevdf")):
    fifo_n = sched_n = 0
    for name, r in sorted(rows.items()):
        fifo = r["fifo vs " + kernel].startswith("match")
        ours = r[sched + " vs " + kernel].startswith("match")
        fifo_n += fifo
        sched_n += ours
        if fifo and not ours:
            print("WORSE: %s: fifo matches %s, %s does not" % (name, kernel, sched))
            bad = 1
    print("%s vs %s: %d/%d, fifo %d/%d" % (sched, kernel, sched_n, len(rows), fifo_n, len(rows)))
    if sched_n <= fifo_n:
        print("NOT BETTER: %s does not match more than fifo on %s" % (sched, kernel))
        bad = 1
sys.exit(bad)
'
