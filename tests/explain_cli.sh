#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run --explain / --detail and diff on the doc's max_active == 2 example:
# the causes the issue asks for, and diff's exit codes and first difference.
# Usage: explain_cli.sh CMWQ_SIM SOURCE_DIR
set -u
sim=$1 src=$2
sc=$src/scenarios/doc/03-cmwq-max-active-2.json
failed=0 passed=0
check() {  # check NAME COMMAND...: the command must succeed
  if "${@:2}"; then passed=$((passed + 1)); else echo "FAIL $1"; failed=$((failed + 1)); fi
}
has() { grep -qF -- "$2" <<<"$1"; }
# The line, then its cause on the next line.
line_with_cause() { grep -A1 -F -- "$2" <<<"$1" | tail -1 | grep -qF -- "$3"; }

ex=$("$sim" run "$sc" --explain --scheduler fifo)
check "queued inactive" line_with_cause "$ex" "CPU0  w2 queued inactive" "pwq nr_active 2 = max_active 2"
check "activated on dec" line_with_cause "$ex" "CPU0  w2 activated" "pwq_dec_nr_in_flight(): activated when w0 left the pwq"
check "sleep end apart" has "$ex" "w1's sleep ends; runnable"
check "waiting span" line_with_cause "$ex" "20-25          CPU0  kworker/0:1 runnable, waiting" "CPU0 runs kworker/0:0 (fifo: no preemption)"
ex=$("$sim" run "$sc" --explain)
check "woken by wq_worker_sleeping" line_with_cause "$ex" "CPU0  w1 starts on kworker/0:1" \
  "wq_worker_sleeping(): kworker/0:0 slept in w0: nr_running 0, worklist not empty"
det=$("$sim" run "$sc" --detail)
lacks() { ! grep -qF -- "$2" <<<"$1"; }
check "detail has no causes" lacks "$det" "worker_thread()"
check "detail names CPUs" has "$det" "CPU0  w0 starts on kworker/0:0 and burns CPU"
json=$("$sim" run "$sc" --explain --format json)
check "json why" has "$json" '"why": {"function": "__queue_work", "text": "__queue_work(): queued inactive: pwq nr_active 2 = max_active 2 (cpu0 pool)"'

out=$("$sim" diff "$sc" --scheduler doc --scheduler fifo); rc=$?
check "diff exit 1" test "$rc" = 1
fin=$(grep -A2 -F "  w1#1 finish: A 20 on CPU0, B 25 on CPU0" <<<"$out")
check "diff w1 finish 20 vs 25, A's cause" has "$fin" "A: process_one_work(): its function returned after its last step; <- __schedule(): kworker/0:1 gets CPU0 back, 0 ms"
check "diff w1 finish, B's cause" has "$fin" "B: process_one_work(): its function returned after its last step; <- __schedule(): kworker/0:1 gets CPU0 back, 5 ms"
check "diff first work difference" has "$out" "first work-item difference: w1#1 resume: A 20 on CPU0 (kworker/0:1), B 25 on CPU0 (kworker/0:1)"
"$sim" diff "$sc" "$sc" >/dev/null; check "diff exit 0 on the same" test $? = 0
"$sim" diff "$sc" --scheduler doc --scheduler fifo --scheduler cfs >/dev/null 2>&1; check "diff exit 2 on three schedulers" test $? = 2
"$sim" diff "$src/tests/bad/empty-file.json" "$sc" >/dev/null 2>&1; check "diff exit 2 on a bad file" test $? = 2
out=$("$sim" diff "$sc" --kernel 6.1 --kernel 6.12 --work-only); rc=$?
check "diff kernels runs" test "$rc" -le 1
cmp=$("$sim" compare "$sc" "$src/scenarios/doc/02-cmwq-max-active-3.json")
check "compare first divergence" has "$cmp" "first divergence: w2#1 start: A 20 on CPU0 (kworker/0:0), B 10 on CPU0 (kworker/0:2)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
