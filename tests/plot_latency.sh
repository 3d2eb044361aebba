#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# plot-latency: the queue-to-start latency CDFs of a real trace, the
# simulation of the same scenario, and a what-if, on one axis; bad input.
#   tests/plot_latency.sh CMWQ-SIM ROOT
set -u
sim="$1" root="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
real="$root/scenarios/validation/real/6.12/v02-doc-max-active-2.json"
sc="$root/scenarios/validation/v02-doc-max-active-2.json"
"$sim" plot-latency "$real" "$sc" "$sc::workqueues[0].max_active=1" --label real --label simulated --label "max_active 1" \
  -o "$tmp/l.svg" || fail "plot-latency exit $?"
[ "$(grep -c '<polyline' "$tmp/l.svg")" = 3 ] || fail "three curves expected"
for l in 'real (3 items)' 'simulated (3 items)' 'max_active 1 (3 items)'; do
  grep -q ">$l<" "$tmp/l.svg" || fail "legend $l missing"
done
# max_active 1 holds w1 behind w0: its curve ends later than the simulated one.
python3 - "$tmp/l.svg" <<'PY' || fail "the what-if does not move the latencies"
import re, sys
lines = re.findall(r'points="([^"]*)"', open(sys.argv[1]).read())
def last_step_x(pts):  # x where the curve reaches 100 %: the last latency
    xs = [float(p.split(",")[0]) for p in pts.split()]
    return xs[-3]
assert last_step_x(lines[2]) > last_step_x(lines[1]) + 50, lines
PY
rc=0; "$sim" plot-latency "$real::cpus=2" -o "$tmp/x.svg" 2> "$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -q "a trace cannot take PATH=VALUE changes" "$tmp/err" || fail "a trace with changes: exit $rc, $(cat "$tmp/err")"
rc=0; "$sim" plot-latency "$tmp/missing.json" -o "$tmp/x.svg" 2> /dev/null || rc=$?
[ $rc -eq 2 ] || fail "a missing file: exit $rc"
echo "plot-latency: ok"
