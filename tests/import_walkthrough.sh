#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the ```sh block of docs/import.md's walk-through as written, with
# cmwq-sim on the PATH, from the source tree; every command must succeed.
#   tests/import_walkthrough.sh CMWQ-SIM ROOT
set -euo pipefail
sim="$1" root="$2"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$(realpath "$sim")" "$bin/cmwq-sim"
script=$(awk '/^## A what-if, step by step/{on=1} on && /^```sh$/{blk=1; next} blk && /^```$/{exit} blk' "$root/docs/import.md")
[ -n "$script" ] || { echo "no walk-through found in docs/import.md"; exit 1; }
cd "$root"
PATH="$bin:$PATH" bash -euo pipefail -c "$script" > "$bin/out.txt"
grep -q "^import-report: .*111 items" "$bin/out.txt" || { echo "no import-report output"; cat "$bin/out.txt"; exit 1; }
grep -q "^events_unbound" "$bin/out.txt" || { echo "no stats output"; exit 1; }
echo "import-walkthrough: ok"
