#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# cmwq-sim import of trace-cmd's binary trace.dat, which it reads through
# Debian's `trace-cmd report -N -l -t` (latency format: the irq flags, comms
# cut to 8 characters). The trace.dat files are cmwq-sim's own (run --format
# tracedat; tests/tracedat.sh checks that trace-cmd reads them as the ftrace
# text): no real machine's trace.dat is in the repository. Each must import
# as the same run's ftrace text does: the same items, tasks and workqueues.
# Exit 77 (skipped) without trace-cmd (tools/lib.sh installs it).
#   tests/import_tracedat.sh CMWQ-SIM ROOT
set -euo pipefail
sim="$1" root="$2"
command -v trace-cmd > /dev/null || { echo "trace-cmd not found: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
items() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(json.dumps([j["work"], j.get("tasks"), j["workqueues"], j.get("actions")]))' "$1"; }
while read -r name kernel; do
  sc="$root/scenarios/validation/$name.json"
  "$sim" run "$sc" --set "kernel=\"$kernel\"" --format ftrace -o "$tmp/run.txt"
  "$sim" run "$sc" --set "kernel=\"$kernel\"" --format tracedat -o "$tmp/run.dat"
  "$sim" import "$tmp/run.txt" --kernel "$kernel" -o "$tmp/txt.json" 2>/dev/null
  "$sim" import "$tmp/run.dat" --kernel "$kernel" -o "$tmp/dat.json" 2> "$tmp/err" || fail "$name: $(cat "$tmp/err")"
  [ "$(items "$tmp/txt.json")" = "$(items "$tmp/dat.json")" ] || fail "$name ($kernel): trace.dat imports differently from the ftrace text"
  n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["work"]))' "$tmp/dat.json")
  echo "$name ($kernel): trace.dat and ftrace text give the same $n items"
done <<LIST
v18-mixed-wqs 6.1
v06-collision 6.12
v39-bh-from-process 6.12
v17-unbound-sleepers-2cpu 7.3
LIST
# The file is told by its magic, whatever its name; a cut one is an error.
cp "$tmp/run.dat" "$tmp/run.bin"
"$sim" import "$tmp/run.bin" --kernel 7.3 -o /dev/null 2>/dev/null || fail "a trace.dat named .bin is not read"
head -c 5000 "$tmp/run.dat" > "$tmp/cut.dat"
set +e
"$sim" import "$tmp/cut.dat" --kernel 7.3 -o /dev/null 2> "$tmp/cut.err"
rc=$?
set -e
[ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/cut.err")" -eq 1 ] || fail "a cut trace.dat: exit $rc, $(cat "$tmp/cut.err")"
echo "import-tracedat: ok ($(cat "$tmp/cut.err"))"
