// SPDX-License-Identifier: GPL-2.0-only
// The util_avg each CPU of a recorded guest carried when its run began
// (cfs_rq->avg.util_avg, PELT's running signal): what the tasks that ran
// before the run left behind. The guest's insmod, which loads the replay
// module and then waits in D through the run, leaves about 500-600 of 1024
// on its CPU; 7.3's new unbound pool's first kworker, about 450 on its own.
// A fork goes to the idle CPU with the least of it (find_idlest_cpu()).
//
// Worked out from the run's sched_switch and sched_wakeup events before the
// run's origin, task by task, as PELT does: a task's util_avg moves towards
// 1024 while it runs and decays while it does not; it stays attached to the
// CPU it last ran on or was woken onto; a task that exits (prev_state Z or
// X) takes its share away; a task switched in for the first time without a
// wake-up (the traces have no sched_wakeup_new) is a fork, and starts at
// half the spare capacity of its CPU (post_init_entity_util_avg()). Tasks
// from before the trace start at 0: their history is not known.
#pragma once
#include <vector>

#include "cmwqsim/time.hpp"
#include "io/ftrace_reader.hpp"

namespace cmwqsim::io {

// Each CPU's util_avg (0-1024) at `origin` (trace clock, ns), from the
// events of one run (read_ftrace_text() with that run) before it; as many
// CPUs as the highest seen, or `ncpus`.
std::vector<long> cpu_util_at(const FtraceText& run, Ns origin, int ncpus = 0);

}  // namespace cmwqsim::io
