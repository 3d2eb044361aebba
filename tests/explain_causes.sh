#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run --explain: every event of every scenario in scenarios/ has a cause
# (a "why" in the JSON trace that is not null, with a function or a text).
# Usage: explain_causes.sh CMWQ_SIM SOURCE_DIR
set -u
sim=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=0 events=0 failed=0
while IFS= read -r f; do
  rel=${f#"$src"/}
  if ! "$sim" run "$f" --explain --format json -o "$tmp/t.json" 2>"$tmp/err"; then
    echo "FAIL $rel: run --explain failed: $(head -1 "$tmp/err")"
    failed=$((failed + 1))
    continue
  fi
  read -r n missing < <(python3 - "$tmp/t.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
bad = [e for e in ev if not e.get("why") or not e["why"].get("text")]
print(len(ev), len(bad))
for e in bad[:3]:
    print(e, file=sys.stderr)
PY
  )
  files=$((files + 1)) events=$((events + n))
  if [ "$missing" != 0 ]; then
    echo "FAIL $rel: $missing of $n events have no cause"
    failed=$((failed + 1))
  fi
done < <(find "$src/scenarios" -name '*.json' ! -path '*/real/*' ! -name schema.json | sort)
echo "explain-causes: $files scenarios, $events events"
echo "$((files - failed)) passed, $failed failed"
[ "$failed" = 0 ]
