#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the boot-trace guest: the boot has been traced since the kernel
# command line's trace_event=; let it settle, stop tracing, and write the
# trace to the second serial port.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
T=/sys/kernel/tracing
sleep 10
echo 0 > $T/tracing_on
echo "boot-trace: release $(uname -r) cpus $(grep -c ^processor /proc/cpuinfo)"
cat $T/trace > /dev/ttyS1
echo "boot-trace: DONE"
poweroff -f
