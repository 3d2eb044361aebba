#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# cmwq-sim report: one self-contained HTML file. Without a browser: every
# event of the detailed timeline has its row (run A's and, with --vs-*, run
# B's), the diff names w1's finish, nothing is loaded from elsewhere. With
# --browser (the opt-in "browser" test; Debian's chromium, headless): the
# DOM after the script ran has every row, #hover=N marks the row's time in
# the plot; --screenshot FILE keeps a picture of it.
# Usage: report_html.sh CMWQ_SIM SOURCE_DIR [--browser] [--screenshot FILE]
set -u
sim=$1 src=$2
shift 2
browser=0 shot=""
while [ $# -gt 0 ]; do
  case $1 in --browser) browser=1 ;; --screenshot) shot=$2; shift ;; esac
  shift
done
sc=$src/scenarios/doc/03-cmwq-max-active-2.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
check() { if "${@:2}"; then passed=$((passed + 1)); else echo "FAIL $1"; failed=$((failed + 1)); fi; }
rows() { grep -o "<tr class=\"ev\" data-plot=\"plot-$2\"" "$1" | wc -l; }
detail_lines() { "$sim" run "$sc" --detail "$@" | tail -n +2 | wc -l; }

"$sim" report "$sc" --vs-scheduler fifo -o "$tmp/r.html" || { echo "FAIL report"; exit 1; }
n_doc=$(detail_lines) n_fifo=$(detail_lines --scheduler fifo)
check "A's rows ($n_doc)" test "$(grep -c 'data-plot="plot-a" data-t=' "$tmp/r.html")" -ge "$n_doc"
check "every event of A has its row" test "$(sed -n '/id="events-a"/,/<\/table>/p' "$tmp/r.html" | grep -c '<tr class="ev"')" = "$n_doc"
check "every event of B has its row" test "$(sed -n '/id="events-b"/,/<\/table>/p' "$tmp/r.html" | grep -c '<tr class="ev"')" = "$n_fifo"
check "diff names w1's finish" grep -qF "w1#1 finish: A 20 on CPU0, B 25 on CPU0" "$tmp/r.html"
check "inline SVG" grep -q "<svg xmlns=" "$tmp/r.html"
check "no network" bash -c "! grep -Eq '(src|href)=\"|<link|@import|url\\(http' '$tmp/r.html'"
"$sim" report "$src/tests/bad/empty-file.json" -o "$tmp/bad.html" 2>/dev/null
check "bad input exits 2" test $? = 2

if [ "$browser" = 1 ]; then
  if ! command -v chromium >/dev/null; then
    echo "SKIP: no chromium (tools/lib.sh: cmwqsim_install_browser)"
    exit 77
  fi
  run_chromium() { timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=3000 "$@" 2>/dev/null; }
  run_chromium --dump-dom "file://$tmp/r.html" >"$tmp/dom.html"
  check "DOM: A's rows" test "$(sed -n '/id="events-a"/,/<\/table>/p' "$tmp/dom.html" | grep -c '<tr class="ev"')" = "$n_doc"
  check "DOM: B's rows" test "$(sed -n '/id="events-b"/,/<\/table>/p' "$tmp/dom.html" | grep -c '<tr class="ev"')" = "$n_fifo"
  "$sim" report "$sc" --scheduler fifo -o "$tmp/fifo.html"
  # The row of kworker/0:1's wait from 20 to 25: hovered, it marks 20-25 on the plot.
  k=$(grep -o '<tr class="ev"[^>]*>[^\n]*' "$tmp/fifo.html" | grep -n '<td>20-25</td>' | head -1 | cut -d: -f1)
  k=$((k - 1))
  run_chromium --dump-dom "file://$tmp/fifo.html#hover=$k" >"$tmp/hover.html"
  check "hover marks the plot" grep -q '<rect class="hover"' "$tmp/hover.html"
  check "hover shows the cause" grep -q 'id="tip" style="[^"]*display: block' "$tmp/hover.html"
  out=${shot:-$tmp/shot.png}
  run_chromium --window-size=1200,1500 --screenshot="$out" "file://$tmp/fifo.html#hover=$k" >/dev/null
  check "screenshot" test -s "$out"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
