#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Compares the events of an ftrace text file with those trace-cmd report reads
# from a trace.dat: task, pid, CPU, time (us), event and fields (pointers
# compared by value). Exit 1 on the first difference.
#   tracedat_compare.py TRACE.txt TRACE.dat
import re, subprocess, sys
ftrace, dat = sys.argv[1], sys.argv[2]
norm_ptr = re.compile(r'(work struct[= ])(?:0x)?0*([0-9a-f]+)')
def norm(info):
    return norm_ptr.sub(r'\1\2', info).strip()
text = re.compile(r'^\s*(.+)-(\d+)\s+\[(\d+)\]\s+\S{5}\s+(\d+)\.(\d{6}): (\w+): (.*)$')
rep = re.compile(r'^\s*(.+)-(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d{9}): (\w+):\s+(.*)$')
def parse(lines, rx, ns):
    out = []
    for l in lines:
        m = rx.match(l)
        if not m:
            continue
        comm, pid, cpu, s, frac, ev, info = m.groups()
        us = int(s) * 1000000 + (int(frac) // 1000 if ns else int(frac))
        out.append((us, int(cpu), comm.strip(), int(pid), ev, norm(info)))
    return out
a = parse(open(ftrace).read().splitlines(), text, False)
r = subprocess.run(['trace-cmd', 'report', '-N', '-t', dat], capture_output=True, text=True)
if r.returncode != 0:
    sys.exit('trace-cmd report failed: ' + r.stderr)
b = parse(r.stdout.splitlines(), rep, True)
key = lambda x: (x[0], x[1])
a.sort(key=key); b.sort(key=key)
if a != b:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            sys.exit('event %d differs:\n ftrace:   %s\n trace.dat: %s' % (i, x, y))
    sys.exit('%d events in the ftrace text, %d in trace.dat' % (len(a), len(b)))
if not a:
    sys.exit('no events')
print('%d events agree' % len(a))
