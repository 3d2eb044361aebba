#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# cmwq-sim import on a recorded validation trace: the scenario is the
# committed one, byte for byte; the same trace as .xz, in trace-cmd's sched
# plugin format, or with a LOST line gives the same items; --wq, --from/--to,
# --workqueue and --only-workqueues do what they say; WQ_HIGHPRI and
# WQ_CPU_INTENSIVE are inferred, a collision, a BH work; run takes --set on it.
#   tests/import_cli.sh CMWQ-SIM ROOT
set -euo pipefail
sim="$1" root="$2"
trace="$root/scenarios/validation/real/6.12/v01-doc-max-active-3.ftrace.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$sim" import "$trace" --run 1 --kernel 6.12 -o "$tmp/v01.json" 2>/dev/null
cmp "$tmp/v01.json" "$root/tests/data/import-v01-6.12.json" || fail "the import differs from tests/data/import-v01-6.12.json"
items() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(json.dumps([j["work"], j.get("tasks"), j["workqueues"]]))' "$1"; }
want=$(items "$tmp/v01.json")
# .xz, through xz -dc
grep '^1:' "$trace" | sed 's/^1://' > "$tmp/run1.txt"
xz -c "$tmp/run1.txt" > "$tmp/run1.txt.xz"
"$sim" import "$tmp/run1.txt.xz" --kernel 6.12 -o "$tmp/xz.json" 2>/dev/null
[ "$(items "$tmp/xz.json")" = "$want" ] || fail ".xz import differs"
# trace-cmd report with its sched plugin: "prev:pid [prio] S ==> next:pid [prio]", "comm:pid [prio] CPU:000"
sed -E 's/prev_comm=(.*) prev_pid=([0-9]+) prev_prio=([0-9]+) prev_state=([^ ]+) ==> next_comm=(.*) next_pid=([0-9]+) next_prio=([0-9]+)$/\1:\2 [\3] \4 ==> \5:\6 [\7]/;
        s/(sched_wak[a-z]+): comm=(.*) pid=([0-9]+) prio=([0-9]+) target_cpu=([0-9]+)$/\1: \2:\3 [\4] CPU:\5/' "$tmp/run1.txt" > "$tmp/plugin.txt"
grep -Eq ' ==> kworker/0:[0-9]+:[0-9]+ \[120\]' "$tmp/plugin.txt" || fail "the plugin-format fixture was not made"
"$sim" import "$tmp/plugin.txt" --kernel 6.12 -o "$tmp/plugin.json" 2>/dev/null
[ "$(items "$tmp/plugin.json")" = "$want" ] || fail "trace-cmd plugin format import differs"
# LOST events are reported, and the import goes on
{ head -40 "$tmp/run1.txt"; echo "CPU:0 [LOST 12 EVENTS]"; tail -n +41 "$tmp/run1.txt"; } > "$tmp/lost.txt"
"$sim" import "$tmp/lost.txt" --kernel 6.12 -o "$tmp/lost.json" 2> "$tmp/lost.err"
grep -q "the trace lost 12 events" "$tmp/lost.err" || fail "LOST not reported: $(cat "$tmp/lost.err")"
# --wq NAME:FLAGS:MAX, --only-workqueues, --workqueue, --from/--to
"$sim" import "$tmp/run1.txt" --kernel 6.12 --wq q0:UNBOUND:1 --only-workqueues --workqueue q0 -o "$tmp/wq.json" 2>/dev/null
python3 - "$tmp/wq.json" <<'PY' || fail "--wq/--only-workqueues/--workqueue"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["workqueues"] == [{"name": "q0", "flags": ["WQ_UNBOUND"], "max_active": 1}], j["workqueues"]
assert "tasks" not in j and len(j["work"]) == 3 and all(w["queue"] == "q0" for w in j["work"])
PY
# A window where every q0 item ends after --to keeps no item: an error.
# Windows are in the trace's seconds, from its first q0 queueing (t0).
t0=$(grep -m1 'workqueue_queue_work:.*workqueue=q0 ' "$tmp/run1.txt" | grep -Eo ' [0-9]+\.[0-9]+: ' | tr -d ' :')
at() { python3 -c 'import sys; print("%.6f" % (float(sys.argv[1]) + float(sys.argv[2])))' "$t0" "$1"; }
if "$sim" import "$tmp/run1.txt" --kernel 6.12 --from "$(at -0.0001)" --to "$(at 0.0077)" -o /dev/null 2> "$tmp/w.err"; then fail "empty window accepted"; fi
grep -q "no work item is both queued and executed in the --from/--to window" "$tmp/w.err" || fail "window message: $(cat "$tmp/w.err")"
"$sim" import "$tmp/run1.txt" --kernel 6.12 --from "$(at -0.0023)" --to "$(at 0.1077)" -o "$tmp/window.json" 2>/dev/null
[ "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["work"]))' "$tmp/window.json")" = 3 ] || fail "--from/--to window"
# Flags seen in the trace: v18's H woke an H kworker (WQ_HIGHPRI); C's kworker
# kicked an idle sibling before starting it (WQ_CPU_INTENSIVE); N neither.
for k in 6.1 6.12 7.3; do
  "$sim" import "$root/scenarios/validation/real/$k/v18-mixed-wqs.ftrace.txt" --run 1 --kernel "$k" -o "$tmp/v18.json" 2>/dev/null
  python3 - "$tmp/v18.json" <<'PY' || fail "v18 on $k: workqueue flags"
import json, sys
flags = {w["name"]: w.get("flags", []) for w in json.load(open(sys.argv[1]))["workqueues"]}
assert [flags.get(q) for q in "NCH"] == [[], ["WQ_CPU_INTENSIVE"], ["WQ_HIGHPRI"]], flags
PY
done
# A collision: v06's w, queued again while it runs, is one item queued twice
# (an action), not two items (three executions on Q, two items).
for k in 6.1 6.12 7.3; do
  "$sim" import "$root/scenarios/validation/real/$k/v06-collision.ftrace.txt" --run 1 --kernel "$k" -o "$tmp/v06.json" 2>/dev/null
  python3 - "$tmp/v06.json" <<'PY' || fail "v06 on $k: the collision"
import json, sys
j = json.load(open(sys.argv[1]))
q = [w["name"] for w in j["work"] if w["queue"] == "Q"]
assert len(q) == 2 and [a["queue"] for a in j.get("actions", [])] == [q[0]], (q, j.get("actions"))
PY
done
# A BH work (v39: h, queued by w, run in a softirq on top of w's kworker):
# its workqueue is WQ_BH, and its 1 ms is not in w's program (1 + 5 ms).
for k in 6.12 7.3; do
  "$sim" import "$root/scenarios/validation/real/$k/v39-bh-from-process.ftrace.txt" --run 1 --kernel "$k" -o "$tmp/v39.json" 2>/dev/null
  python3 - "$tmp/v39.json" <<'PY' || fail "v39 on $k: the BH work"
import json, sys
j = json.load(open(sys.argv[1]))
assert {w["name"]: w.get("flags") for w in j["workqueues"]}["b"] == ["WQ_BH"], j["workqueues"]
w = [x for x in j["work"] if x["queue"] == "q"][0]
burn = sum(s.get("burn", 0) for s in w["program"])
assert 5900 < burn < 6100 and any("queue" in s for s in w["program"]), w
PY
done
# What-if on the imported scenario: run and stats take --set
"$sim" run "$tmp/v01.json" --set 'workqueues[1].max_active=1' > "$tmp/ma1.txt"
"$sim" run "$tmp/v01.json" > "$tmp/ma0.txt"
cmp -s "$tmp/ma1.txt" "$tmp/ma0.txt" && fail "--set max_active=1 changed nothing"
"$sim" stats "$tmp/v01.json" --set 'kernel="7.3"' > /dev/null
echo "import-cli: ok"
