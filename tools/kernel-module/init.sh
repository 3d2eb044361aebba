#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the kernel-run guest: warm the pools, then run every spec in
# /specs RUNS times, printing the module's events and the ftrace of each run.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
T=/sys/kernel/tracing
# Online the CPUs that were kept offline at boot (6.1 under -icount boots with maxcpus=1).
for c in /sys/devices/system/cpu/cpu[0-9]*/online; do
  [ "$(cat $c)" = 1 ] || echo 1 > $c
done
RUNS=$(cat /runs)
echo "cmwqsim: META release $(uname -r)"
echo "cmwqsim: META cpus $(grep -c ^processor /proc/cpuinfo)"
echo "cmwqsim: META cpu_intensive_thresh_us $(cat /sys/module/workqueue/parameters/cpu_intensive_thresh_us 2>/dev/null || echo none)"
# Warm the pools so that worker creation does not dominate the runs.
insmod /cmwqsim_replay.ko spec="$(cat /warm.txt)" run=0 && rmmod cmwqsim_replay
dmesg -c > /dev/null
sleep 1  # let the boot settle
# The kworkers each pool has once warm (the simulation's workers.initial_idle*).
echo "cmwqsim: META kworkers $(cat /proc/[0-9]*/comm | grep '^kworker/' | sed 's/-.*//' | sort | tr '\n' ' ')"
: > $T/set_event
for e in workqueue:workqueue_queue_work workqueue:workqueue_activate_work workqueue:workqueue_execute_start \
         workqueue:workqueue_execute_end sched:sched_switch sched:sched_wakeup sched:sched_waking; do
  echo $e >> $T/set_event
done
for s in /specs/*.txt; do
  n=$(basename $s .txt)
  r=1
  while [ $r -le $RUNS ]; do
    echo 0 > $T/tracing_on
    : > $T/trace
    echo 1 > $T/tracing_on
    insmod /cmwqsim_replay.ko spec="$(cat $s)" run=$r
    echo 0 > $T/tracing_on
    rmmod cmwqsim_replay
    echo "cmwqsim: BEGIN $n $r"
    dmesg -c | grep 'cmwqsim: '
    grep -v '^#' $T/trace | sed "s/^/cmwqsim-ftrace $n $r: /"
    r=$((r + 1))
  done
done
echo "cmwqsim: DONE"
poweroff -f
