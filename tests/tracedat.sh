#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# run --format tracedat: Debian's trace-cmd report reads our trace.dat, and its
# events are the ftrace text's, one by one: one CPU and the idle-worker culling
# 311 s later (TIME_EXTEND deltas), 7.3's activate event with its function, a
# rescuer, and 2,000 items on 64 CPUs (many pages per CPU). Exit 77 (skipped)
# without trace-cmd (tools/lib.sh installs it).
# Usage: tests/tracedat.sh CMWQ_SIM SOURCE_DIR
set -euo pipefail
SIM="$1"; ROOT="$2"
command -v trace-cmd > /dev/null || { echo "trace-cmd not found: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$SIM" gen "$ROOT/bench/headline.json" --set workload.items=2000 -o "$t/headline.json"
i=0
while read -r file extra; do
  i=$((i + 1))
  "$SIM" run "$file" $extra --format ftrace -o "$t/$i.txt"
  "$SIM" run "$file" $extra --format tracedat -o "$t/$i.dat"
  echo -n "$(basename "$file") $extra: "
  python3 "$ROOT/tests/tracedat_compare.py" "$t/$i.txt" "$t/$i.dat"
done <<LIST
$ROOT/scenarios/doc/03-cmwq-max-active-2.json --to-end
$ROOT/scenarios/sched/eevdf-7.3-lazy-kthread.json
$ROOT/scenarios/spec/s12-rescuer-6.12.json
$t/headline.json
LIST
# With trace-cmd's plugins too (sched_switch's own layout), it reads every event.
n=$(trace-cmd report "$t/4.dat" 2> "$t/err" | grep -c ': workqueue_execute_end:')
[ "$n" -eq 2000 ] || { cat "$t/err"; echo "FAIL: trace-cmd report (plugins) shows $n execute_end events, not 2000"; exit 1; }
[ ! -s "$t/err" ] || { cat "$t/err"; echo "FAIL: trace-cmd report complained"; exit 1; }
echo "tracedat: trace-cmd report reads the same events as the ftrace text"
