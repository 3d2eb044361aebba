#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# fidelity --run-scenario writes the scenario exactly as fidelity simulates it
# against one recorded run. Checked on the hand-written set and on 20 of the
# random corpus (under the hand-written rule, which reports each scenario's
# largest error against run 1), for each kernel under its own scheduler: the
# file printed for run 1, scored as written (--no-guest-state), gets the same
# verdict and the same largest error as fidelity gives the original scenario
# with run 1's guest state.
# Also its bad input: a run that was not recorded, a scenario that is not
# there (exit 2, one line).
set -euo pipefail
SIM="$1"; ROOT="$2"
SC="$ROOT/scenarios/validation"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# "<scenario> <kernel> <verdict, max error>" for each cell of the kernel's
# own scheduler (cfs on 6.1, eevdf on 6.12 and 7.3).
cells() {
  python3 -c '
import sys
own = {"6.1": "cfs", "6.12": "eevdf", "7.3": "eevdf"}
cols = None
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if cells and cells[0] == "scenario":
        cols = cells
    elif cols and len(cells) == len(cols) and cells[0] != "scenario" and not cells[0].startswith("-") and not cells[0].startswith("**"):
        for k, s in own.items():
            col = s + " vs " + k
            if col in cols and cells[cols.index(col)] not in ("", "-", "n/a"):
                print(cells[0], k, cells[cols.index(col)].split(", runs")[0].replace("**", ""))
'
}

fail=0
# check_set NAME FOLDER REAL MIN: every scenario in FOLDER against REAL.
check_set() {
  local set="$1" dir="$2" real="$3" min="$4"
  "$SIM" fidelity --scenarios "$dir" --real "$real" --scheduler cfs --scheduler eevdf | cells > "$TMP/$set-with-guest-state"
  if [ "$(wc -l < "$TMP/$set-with-guest-state")" -lt "$min" ]; then
    echo "FAIL: $set: fidelity printed too few cells"; fail=1; return
  fi
  for k in 6.1 6.12 7.3; do
    local sched=eevdf; [ "$k" = 6.1 ] && sched=cfs
    mkdir -p "$TMP/$set-$k"
    for f in "$dir"/*.json; do
      local name; name=$(basename "$f" .json)
      [ -f "$real/$k/$name.json" ] || continue
      "$SIM" fidelity --scenarios "$dir" --real "$real" --run-scenario "$name" --kernel "$k" --run 1 > "$TMP/$set-$k/$name.json"
    done
    "$SIM" fidelity --no-guest-state --scenarios "$TMP/$set-$k" --real "$real" --scheduler "$sched" 2>/dev/null |
      cells | grep " $k " > "$TMP/$set-as-written-$k" || true
    grep " $k " "$TMP/$set-with-guest-state" > "$TMP/$set-want-$k" || true
    if ! diff "$TMP/$set-want-$k" "$TMP/$set-as-written-$k"; then
      echo "FAIL: $set, $k: the printed scenarios, as written, score differently (< fidelity, > printed)"
      fail=1
    else
      echo "ok: $set, $k: $(wc -l < "$TMP/$set-want-$k") printed scenarios score as fidelity scored them"
    fi
  done
}
check_set hand-written "$SC" "$SC/real" 100
# 20 of the random corpus: every sixth, from rand-0000 (2 and 4 CPUs, 7.3's
# per-run highpri pools, forks through kthreadd).
mkdir -p "$TMP/random"
i=0
for f in "$SC"/random/rand-*.json; do
  [ $((i % 6)) = 0 ] && cp "$f" "$TMP/random/"
  i=$((i + 1))
done
check_set random "$TMP/random" "$SC/random/real" 50

# The guest state a single file cannot show by its score: rand-0030 (4 CPUs)
# run 1 on 7.3 sets each field fidelity reads off that run's ftrace.
"$SIM" fidelity --random --run-scenario rand-0030 --kernel 7.3 --run 1 > "$TMP/rand-0030.json"
if python3 - "$TMP/rand-0030.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
w = s["workers"]
rcu = [b for b in s["background"] if b["name"] == "rcu_preempt"][0]
assert s["kernel"] == "7.3" and s["scheduler"] == "eevdf", "kernel and scheduler"
assert len(s["cpu_util"]) == 4 and max(s["cpu_util"]) > 0, "cpu_util"
assert w["kthreadd"]["cpu"] in range(4) and w["unbound_initial_idle"] == {"highpri": 1}, "kthreadd, unbound_initial_idle"
assert len(w["unbound_last_cpus"]["highpri"]) == 1, "unbound_last_cpus"
assert rcu["wakes"] and "until" not in rcu and "expect" not in s, "rcu_preempt's wakes"
PY
then echo "ok: rand-0030 run 1 on 7.3 carries its guest state"; else echo "FAIL: rand-0030's guest state"; fail=1; fi

# Bad input: exit 2 and a one-line reason.
set +e
msg=$("$SIM" fidelity --run-scenario v01-doc-max-active-3 --kernel 7.3 --run 9 2>&1 >/dev/null); rc=$?
set -e
if [ "$rc" != 2 ] || [ "$(printf '%s\n' "$msg" | wc -l)" != 1 ] || [[ "$msg" != *"no run 9"* ]]; then
  echo "FAIL: --run 9: exit $rc, $msg"; fail=1
else echo "ok: --run 9: $msg"; fi
set +e
msg=$("$SIM" fidelity --run-scenario no-such-scenario 2>&1 >/dev/null); rc=$?
set -e
if [ "$rc" != 2 ] || [ "$(printf '%s\n' "$msg" | wc -l)" != 1 ]; then
  echo "FAIL: an unknown scenario: exit $rc, $msg"; fail=1
else echo "ok: an unknown scenario: $msg"; fi
# A recorded run that is not a trace: fidelity and --run-scenario name the
# file and where (the line, or the JSON path), exit 2.
mkdir -p "$TMP/bad/sc" "$TMP/bad/real/7.3"
cp "$SC/v01-doc-max-active-3.json" "$TMP/bad/sc/"
bad_run() {  # bad_run CONTENT EXPECTED-TEXT
  printf '%s\n' "$1" > "$TMP/bad/real/7.3/v01-doc-max-active-3.json"
  for args in "--scheduler eevdf" "--run-scenario v01-doc-max-active-3"; do
    set +e
    # shellcheck disable=SC2086
    msg=$("$SIM" fidelity --scenarios "$TMP/bad/sc" --real "$TMP/bad/real" $args 2>&1 >/dev/null); rc=$?
    set -e
    if [ "$rc" != 2 ] || [ "$(printf '%s\n' "$msg" | wc -l)" != 1 ] ||
       [[ "$msg" != *"real/7.3/v01-doc-max-active-3.json: $2"* ]]; then
      echo "FAIL: fidelity $args on $1: exit $rc, $msg"; fail=1
    else echo "ok: fidelity $args on $1: $msg"; fi
  done
}
bad_run '{"events": [' "invalid JSON at line 2"
bad_run '{"events": [{"event": 3}]}' "scenario: is required"
bad_run '{"scenario": "v01", "unit": "ms", "events": [{"event": "start", "t_ns": "x"}]}' "events[0]"
exit $fail
