#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Output regressions: traces end when the work is done (not at the idle-worker
# culling ~311 s later) unless --to-end or --until asks for more; stats names
# its units and has --format json; sweep checks a grid before any run and
# passes each run's messages on whole.
# Usage: tests/outputs.sh CMWQ_SIM SOURCE_DIR
set -uo pipefail
SIM="$1"; ROOT="$2"
S="$ROOT/scenarios/doc/03-cmwq-max-active-2.json"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
last_ftrace_time() { tail -1 "$1" | sed -E 's/.* ([0-9]+\.[0-9]{6}): .*/\1/'; }

# Trace end: the doc's example finishes at 35 ms.
"$SIM" run "$S" --format ftrace > "$t/default.txt"
check "ftrace ends at the last finish (0.035000)" test "$(last_ftrace_time "$t/default.txt")" = 0.035000
check "ftrace has no idle-worker culling" bash -c "! grep -q ' 311\.' '$t/default.txt'"
"$SIM" run "$S" --format ftrace --to-end > "$t/to-end.txt"
check "--to-end keeps the culling at 311.296" test "$(last_ftrace_time "$t/to-end.txt")" = 311.296000
check "the default is a prefix of --to-end (past the header's counts)" \
  bash -c "cmp -s <(tail -n +4 '$t/default.txt') <(tail -n +4 '$t/to-end.txt' | head -n $(($(wc -l < "$t/default.txt") - 3)))"
"$SIM" run "$S" --format ftrace --until 320000 > "$t/until.txt"
check "--until 320000 (ms) goes on to the culling" grep -q ' 311\.296000: ' "$t/until.txt"
"$SIM" run "$S" --format json -o "$t/t.json"
mkfifo "$t/fifo"
cat "$t/fifo" > "$t/from-fifo.json" &
"$SIM" run "$S" --format json -o "$t/fifo"
wait
check "-o onto a FIFO writes into it (no rename over it)" bash -c "test -p '$t/fifo' && cmp -s '$t/t.json' '$t/from-fifo.json'"
check "json trace ends at 35 ms" python3 -c "import json,sys; e=json.load(open(sys.argv[1]))['events']; assert max(x['t_ns'] for x in e) == 35000000" "$t/t.json"
"$SIM" run "$S" --format chrome -o "$t/c.json"
check "chrome trace ends at 35 ms" python3 -c "import json,sys; d=json.load(open(sys.argv[1])); e=d['traceEvents'] if isinstance(d, dict) else d; assert max(x.get('ts', 0) + x.get('dur', 0) for x in e) <= 35000, max(x.get('ts', 0) for x in e)" "$t/c.json"
# Under cfs the CPU's switch to idle after the last item stays in.
"$SIM" run "$ROOT/scenarios/sched/cfs-kthread-voluntary.json" --format ftrace > "$t/cfs.txt"
check "cfs trace ends with the switch to idle" bash -c "tail -1 '$t/cfs.txt' | grep -q 'next_comm=swapper/0'"
check "text timeline unchanged by the trace end" bash -c "diff <('$SIM' run '$S') <('$SIM' run '$S' --to-end)"

# stats names its units, and --format json gives the same numbers in ns.
"$SIM" stats "$S" > "$t/stats.txt"
check "stats heads CPU time with its unit" grep -q 'CPUtime(s)' "$t/stats.txt"
check "stats heads latencies with the scenario's unit" grep -q '^per item: latency in ms' "$t/stats.txt"
"$SIM" stats "$S" --format json -o "$t/stats.json"
check "stats --format json" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
q = d['workqueues'][0]
assert (q['name'], q['started'], q['completed'], q['cpu_time_ns']) == ('q0', 3, 3, 20000000), q
w2 = [i for i in d['items'] if i['item'] == 'w2'][0]
assert w2['queue_to_start_ns'] == {'min': 20000000, 'median': 20000000, 'max': 20000000}, w2
assert w2['queue_to_finish_ns']['max'] == 35000000, w2" "$t/stats.json"
rc=0; "$SIM" stats "$S" --format csv > /dev/null 2>&1 || rc=$?
check "stats --format csv is refused (exit 2)" test $rc -eq 2
# sweep: a bad grid key is reported once, before any run starts (no run file written).
printf '{"scenario": "%s", "grid": {"workqueues[0].max_activ": [1, 2], "workload.seed": [1, 2, 3]}}' \
  "$ROOT/bench/sweeps/doc-scaled.json" > "$t/badkey.json"
rc=0; "$SIM" sweep "$t/badkey.json" -j 2 --out-dir "$t/badruns" 2> "$t/badkey.err" > /dev/null || rc=$?
check "sweep: a bad key exits 2" test $rc -eq 2
check "sweep: the bad key is reported once" test "$(grep -c 'max_activ' "$t/badkey.err")" -eq 1
check "sweep: the message names the grid path" grep -q 'grid.workqueues\[0\].max_activ\[0\] (1): workqueues\[0\].max_activ: unknown key' "$t/badkey.err"
check "sweep: no run started" test -z "$(ls -A "$t/badruns" 2> /dev/null)"
rc=0; "$SIM" sweep "$t/badkey.json" --emit-jobs --out-dir "$t/badjobs" > /dev/null 2>&1 || rc=$?
check "sweep --emit-jobs checks the grid too (exit 2)" test $rc -eq 2
# sweep: each child's messages reach stderr whole. 12 runs that deadlock, 6 at a time:
# each prints a 6-line state, which must stay together.
printf '{"scenario": "%s", "grid": {"workqueues[0].max_active": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}}' \
  "$ROOT/tests/data/deadlock-self-flush.json" > "$t/deadlocks.json"
rc=0; "$SIM" sweep "$t/deadlocks.json" -j 6 2> "$t/deadlocks.err" > /dev/null || rc=$?
check "sweep: deadlocked runs exit 3" test $rc -eq 3
check "sweep: each run's message is whole" python3 -c "
import re, sys
lines = open(sys.argv[1]).read().split('\n')
blocks, runs = [], []
for l in lines:
    if l.startswith('cmwq-sim: '):
        m = re.search(r': run (\d+) \(workqueues\[0\]\.max_active=(\d+)\): deadlock: ', l)
        assert m and int(m.group(2)) == int(m.group(1)) + 1, l
        runs.append(int(m.group(1)))
        blocks.append([])
    else:
        assert blocks, l
        blocks[-1].append(l)
assert sorted(runs) == list(range(12)), runs
for b in blocks:
    assert b[:4] == ['  w#1', '  a flush barrier (inactive)', 'blocked threads:', '  kworker/0:0 (executing a work item of q)'], b
" "$t/deadlocks.err"
exit $fail
