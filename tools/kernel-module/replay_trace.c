// SPDX-License-Identifier: GPL-2.0-only
// SPDX-License-Identifier: GPL-2.0
/*
 * cmwqsim_replay: probes on the workqueue tracepoints.
 *
 * workqueue_queue_work gives the queue events: the moment __queue_work()
 * puts an item on a pwq, whoever called it (queue_work_on(), the
 * delayed_work timer, flush_delayed_work(), mod_delayed_work_on()), which is
 * the simulator's queue event.
 *
 * workqueue_execute_start/_end give the flushes' barriers: flush_work(),
 * cancel_work_sync() and disable_work_sync() insert a struct wq_barrier that
 * lives on the flusher's stack (__flush_work() in 6.1, 6.12 and 7.3), and
 * the simulator traces its wq_barrier_func as an item of that name. A work
 * that starts on the stack of a task this module has marked as flushing is
 * such a barrier; barriers are numbered in the order they start (the
 * simulator numbers them as they are inserted: the same order unless two
 * flushes race).
 */
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "replay.h"

struct pool_workqueue;

#define MAX_FLUSHERS 16
static struct task_struct *flushers[MAX_FLUSHERS];
/* Barriers started and not yet ended, by the task running them. */
static struct { struct task_struct *task; struct work_struct *work; int n; } running[MAX_FLUSHERS];
static int nbarriers;

struct item *item_of(struct work_struct *work)
{
	uintptr_t base = (uintptr_t)&items[0].dw.work, p = (uintptr_t)work;
	size_t i;

	if (p < base)
		return NULL;
	i = (p - base) / sizeof(struct item);
	if (i >= (size_t)nitems || &items[i].dw.work != work)
		return NULL;
	return &items[i];
}

void flusher_enter(void)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&replay_lock, flags);
	for (i = 0; i < MAX_FLUSHERS; i++)
		if (!flushers[i]) {
			flushers[i] = current;
			break;
		}
	spin_unlock_irqrestore(&replay_lock, flags);
}

void flusher_leave(void)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&replay_lock, flags);
	for (i = 0; i < MAX_FLUSHERS; i++)
		if (flushers[i] == current) {
			flushers[i] = NULL;
			break;
		}
	spin_unlock_irqrestore(&replay_lock, flags);
}

static void probe_queue(void *data, int req_cpu, struct pool_workqueue *pwq, struct work_struct *work)
{
	struct item *it = item_of(work);
	unsigned long flags;
	int inst;

	if (!it)
		return;
	spin_lock_irqsave(&replay_lock, flags);
	inst = ++it->queued;
	it->armed = false;
	if (it->nring < 2)
		it->ring[it->nring++] = inst;
	spin_unlock_irqrestore(&replay_lock, flags);
	record(it - items, inst, EV_QUEUE);
}

static void probe_start(void *data, struct work_struct *work)
{
	unsigned long flags;
	int i, n = 0;

	if (item_of(work))
		return;
	spin_lock_irqsave(&replay_lock, flags);
	for (i = 0; i < MAX_FLUSHERS && !n; i++) {
		void *stack = flushers[i] ? task_stack_page(flushers[i]) : NULL;

		if (stack && (void *)work >= stack && (void *)work < stack + THREAD_SIZE)
			n = ++nbarriers;
	}
	for (i = 0; i < MAX_FLUSHERS && n; i++)
		if (!running[i].task) {
			running[i].task = current;
			running[i].work = work;
			running[i].n = n;
			break;
		}
	spin_unlock_irqrestore(&replay_lock, flags);
	if (n)
		record(BARRIER_ITEM, n, EV_START);
}

static void probe_end(void *data, struct work_struct *work, work_func_t func)
{
	unsigned long flags;
	int i, n = 0;

	spin_lock_irqsave(&replay_lock, flags);
	for (i = 0; i < MAX_FLUSHERS; i++)
		if (running[i].task == current && running[i].work == work) {
			n = running[i].n;
			running[i].task = NULL;
			break;
		}
	spin_unlock_irqrestore(&replay_lock, flags);
	if (n)
		record(BARRIER_ITEM, n, EV_FINISH);
}

static struct {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool on;
} tps[] = {
	{ "workqueue_queue_work", probe_queue },
	{ "workqueue_execute_start", probe_start },
	{ "workqueue_execute_end", probe_end },
};

static void find_tp(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tps); i++)
		if (!strcmp(tp->name, tps[i].name))
			tps[i].tp = tp;
}

int replay_trace_start(void)
{
	int i, ret;

	for_each_kernel_tracepoint(find_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(tps); i++) {
		if (!tps[i].tp) {
			pr_err("cmwqsim: no tracepoint %s\n", tps[i].name);
			replay_trace_stop();
			return -ENOENT;
		}
		ret = tracepoint_probe_register(tps[i].tp, tps[i].probe, NULL);
		if (ret) {
			pr_err("cmwqsim: cannot probe %s (%d)\n", tps[i].name, ret);
			replay_trace_stop();
			return ret;
		}
		tps[i].on = true;
	}
	return 0;
}

void replay_trace_stop(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tps); i++)
		if (tps[i].on) {
			tracepoint_probe_unregister(tps[i].tp, tps[i].probe, NULL);
			tps[i].on = false;
		}
	tracepoint_synchronize_unregister();
}
