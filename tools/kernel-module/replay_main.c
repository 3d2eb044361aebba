// SPDX-License-Identifier: GPL-2.0-only
// SPDX-License-Identifier: GPL-2.0
/*
 * cmwqsim_replay: replays one cmwq-sim scenario on a real kernel.
 *
 * The scenario comes as the module parameter "spec" (written by
 * `cmwq-sim kernel-spec`), ';'-separated records:
 *   w:<name>:<flags hex>:<max_active>:<ordered 0|1>
 *   i:<wq index>:<cpu>:<at ns or -1>:<steps joined by ','>
 *   a:<at ns>:<item>:<cpu>[:<op>]              an issuer call at a time
 * Steps (run by the item's work function, in process context):
 *   b<ns> burn, s<ns> sleep, q<item> queue_work_on(),
 *   d<item>/<ns> queue_delayed_work_on(), m<item>/<ns> mod_delayed_work_on(),
 *   c<item> cancel_delayed_work_sync(), f<item> flush_delayed_work(),
 *   x<item> disable_delayed_work_sync(), e<item> enable_delayed_work() (6.10+),
 *   F<wq> flush_workqueue(), D<wq> drain_workqueue().
 * An issuer call's op (in hardirq context, from a pinned hrtimer on <cpu>):
 *   none queue_work_on(), d<ns> queue_delayed_work_on(),
 *   m<ns> mod_delayed_work_on(), c cancel_delayed_work(),
 *   x disable_delayed_work(), e enable_delayed_work() (6.10+).
 * A queue or flush step targets the item's CPU, or the local CPU if it
 * names none (cpu -1). A delay is given in ns and passed in jiffies rounded
 * up, as msecs_to_jiffies() rounds and as the simulator's delay_to_jiffies().
 * A burn is a ktime_get_ns() busy loop counting only time on the CPU; a sleep
 * blocks in TASK_UNINTERRUPTIBLE on an hrtimer, exact to the ns (what
 * usleep_range() does). Events are printed as
 *   cmwqsim: E <run> <t ns> <cpu> <pid> <comm> <item> <instance> <kind>
 * with t relative to the start of the run (item -2: a flush's
 * wq_barrier_func), then "cmwqsim: END <run> <status>". Queue events and
 * barriers come from the workqueue tracepoints (replay_trace.c).
 * The run starts on a scheduler tick (a jiffies change), one tick after the
 * module loads, so that the guest's ticks fall where the simulator's do:
 * at whole multiples of 1/HZ.
 *
 * Builds for 6.1, 6.12 and 7.3: hrtimer_setup() replaces hrtimer_init()
 * (gone in 7.x); replay_spec.c adds WQ_PERCPU and refuses what a kernel
 * lacks.
 */
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/version.h>

#include "replay.h"

#define HAVE_DISABLE_WORK (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0))

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cmwq-sim scenario replay");

static char *spec = "";
module_param(spec, charp, 0444);
static int run;
module_param(run, int, 0444);
static int timeout_ms = 20000;
module_param(timeout_ms, int, 0444);

static const char *const ev_names[] = { "queue", "start", "sleep", "resume", "finish" };

struct event { u64 t; int cpu, pid, item, inst; enum ev_kind kind; char comm[TASK_COMM_LEN]; };

struct workqueue_struct *wqs[MAX_WQ];
int nwq, nacts;
struct item items[MAX_ITEMS];
int nitems;
struct act acts[MAX_ACTS];
static struct event *events;
static int nevents;
DEFINE_SPINLOCK(replay_lock);
static u64 t0;
/* Instances queued (or armed) and not yet finished, and issuer timers left. */
static int outstanding, timers_left;
static DECLARE_COMPLETION(all_done);

void record(int item, int inst, enum ev_kind kind)
{
	unsigned long flags;

	spin_lock_irqsave(&replay_lock, flags);
	if (nevents < MAX_EVENTS) {
		struct event *e = &events[nevents++];

		e->t = ktime_get_ns() - t0;
		e->cpu = raw_smp_processor_id();
		e->pid = in_task() ? current->pid : -1;
		strscpy(e->comm, in_task() ? current->comm : "irq", sizeof(e->comm));
		e->item = item;
		e->inst = inst;
		e->kind = kind;
	}
	spin_unlock_irqrestore(&replay_lock, flags);
}

static void adjust_outstanding(int d)
{
	unsigned long flags;

	spin_lock_irqsave(&replay_lock, flags);
	outstanding += d;
	if (outstanding == 0 && timers_left == 0)
		complete(&all_done);
	spin_unlock_irqrestore(&replay_lock, flags);
}

/*
 * A cancel, disable or mod_delayed_work_on() took a pending instance away:
 * an armed timer (no instance queued yet), or the instance last queued,
 * which will never start. `armed` and `nring` are the item's before the call.
 */
static void forget_grabbed(struct item *it, bool armed, int nring)
{
	unsigned long flags;

	spin_lock_irqsave(&replay_lock, flags);
	if (armed) {
		it->armed = false;
	} else if (nring > 0 && nring <= it->nring) {
		if (nring == 1 && it->nring == 2)
			it->ring[0] = it->ring[1];
		it->nring--;
	}
	spin_unlock_irqrestore(&replay_lock, flags);
	adjust_outstanding(-1);
}

/*
 * One call on item idx: op as in a step ('q', 'd', 'm', 'c', 'f', 'x', 'e');
 * sync: the step's sleeping variant (cancel and disable), else the action's.
 */
static void item_op(char op, int idx, int cpu, s64 delay_ns, bool sync)
{
	struct item *it = &items[idx];
	struct workqueue_struct *wq = wqs[it->wq];
	unsigned long dj = delay_ns > 0 ? (unsigned long)div64_u64(delay_ns + TICK_NSEC - 1, TICK_NSEC) : 0;
	unsigned long flags;
	bool armed, ret = false, disabled;
	int nring;

	spin_lock_irqsave(&replay_lock, flags);
	armed = it->armed;
	nring = it->nring;
	disabled = it->disabled > 0;
	spin_unlock_irqrestore(&replay_lock, flags);
	switch (op) {
	case 'q':
	case 'd':
		adjust_outstanding(1);
		ret = op == 'q' ? queue_work_on(cpu, wq, &it->dw.work) : queue_delayed_work_on(cpu, wq, &it->dw, dj);
		if (!ret)
			adjust_outstanding(-1);
		else if (op == 'd' && dj)
			it->armed = true;
		return;
	case 'm':
		if (!disabled)
			adjust_outstanding(1);
		ret = mod_delayed_work_on(cpu, wq, &it->dw, dj);
		if (ret)
			forget_grabbed(it, armed, nring);
		if (!disabled && dj)
			it->armed = true;
		return;
	case 'c':
		if (sync)
			flusher_enter();
		ret = sync ? cancel_delayed_work_sync(&it->dw) : cancel_delayed_work(&it->dw);
		if (sync)
			flusher_leave();
		break;
	case 'f':
		flusher_enter();
		flush_delayed_work(&it->dw);
		flusher_leave();
		return;
#if HAVE_DISABLE_WORK
	case 'x':
		if (sync)
			flusher_enter();
		ret = sync ? disable_delayed_work_sync(&it->dw) : disable_delayed_work(&it->dw);
		if (sync)
			flusher_leave();
		spin_lock_irqsave(&replay_lock, flags);
		it->disabled++;
		spin_unlock_irqrestore(&replay_lock, flags);
		break;
	case 'e':
		enable_delayed_work(&it->dw);
		spin_lock_irqsave(&replay_lock, flags);
		if (it->disabled > 0)
			it->disabled--;
		spin_unlock_irqrestore(&replay_lock, flags);
		return;
#endif
	}
	if (ret)
		forget_grabbed(it, armed, nring);
}

/*
 * Uses ns of CPU time, as the simulator's burn does: a gap in the loop longer
 * than BURN_GAP_NS is time off the CPU (a preemption, which 7.x's lazy
 * preemption and HRTICK make common, or an interrupt) and does not count.
 * One pass of the loop takes well under a microsecond.
 */
#define BURN_GAP_NS 2000

static void burn(s64 ns)
{
	u64 last = ktime_get_ns(), now;
	s64 done = 0;

	while (done < ns) {
		cpu_relax();
		now = ktime_get_ns();
		if (now - last < BURN_GAP_NS)
			done += now - last;
		last = now;
	}
}

static void nap(s64 ns)
{
	ktime_t kt = ns_to_ktime(ns);

	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule_hrtimeout_range(&kt, 0, HRTIMER_MODE_REL);
}

void work_fn(struct work_struct *w)
{
	struct item *it = container_of(w, struct item, dw.work);
	int idx = it - items, inst = 0, i;
	unsigned long flags;

	spin_lock_irqsave(&replay_lock, flags);
	if (it->nring > 0) {
		inst = it->ring[0];
		it->ring[0] = it->ring[1];
		it->nring--;
	}
	spin_unlock_irqrestore(&replay_lock, flags);
	record(idx, inst, EV_START);
	for (i = 0; i < it->nsteps; i++) {
		struct step *s = &it->steps[i];

		switch (s->kind) {
		case 'b':
			burn(s->arg);
			break;
		case 's':
			record(idx, inst, EV_SLEEP);
			nap(s->arg);
			record(idx, inst, EV_RESUME);
			break;
		case 'F':
			flush_workqueue(wqs[s->arg]);
			break;
		case 'D':
			drain_workqueue(wqs[s->arg]);
			break;
		default: {
			struct item *t = &items[s->arg];

			item_op(s->kind, s->arg, t->cpu >= 0 ? t->cpu : raw_smp_processor_id(), s->arg2, true);
		}
		}
	}
	record(idx, inst, EV_FINISH);
	adjust_outstanding(-1);
}

static enum hrtimer_restart act_fire(struct hrtimer *t)
{
	struct act *a = container_of(t, struct act, timer);
	unsigned long flags;

	item_op(a->op, a->item, a->cpu, a->delay, false);
	spin_lock_irqsave(&replay_lock, flags);
	timers_left--;
	if (outstanding == 0 && timers_left == 0)
		complete(&all_done);
	spin_unlock_irqrestore(&replay_lock, flags);
	return HRTIMER_NORESTART;
}

/* Runs on the act's CPU so that the pinned timer fires there. */
static void arm_on_cpu(void *data)
{
	struct act *a = data;

	hrtimer_start(&a->timer, ns_to_ktime(t0 + a->at), HRTIMER_MODE_ABS_PINNED);
}

static int __init replay_init(void)
{
	char *copy;
	const char *why = NULL;
	int i, ret;
	bool finished, timers_set = false;

	events = kcalloc(MAX_EVENTS, sizeof(*events), GFP_KERNEL);
	copy = kstrdup(spec, GFP_KERNEL);
	if (!events || !copy)
		return -ENOMEM;
	ret = parse_spec(copy, &why);
	kfree(copy);
	if (ret) {
		pr_err("cmwqsim: bad spec: %s\n", why ? why : "malformed");
		pr_err("cmwqsim: END %d bad-spec\n", run);
		goto out;
	}
	ret = replay_trace_start();
	if (ret) {
		pr_err("cmwqsim: END %d no-tracepoints\n", run);
		goto out;
	}
	for (i = 0; i < nacts; i++) {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
		hrtimer_setup(&acts[i].timer, act_fire, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED);
#else
		hrtimer_init(&acts[i].timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED);
		acts[i].timer.function = act_fire;
#endif
	}
	timers_set = true;
	timers_left = nacts;
	/* Start on a tick, one tick from now, so that every timer is armed first. */
	{
		unsigned long j = jiffies;

		while (jiffies == j)
			cpu_relax();
	}
	t0 = ktime_get_ns() + TICK_NSEC;
	for (i = 0; i < nacts; i++)
		smp_call_function_single(acts[i].cpu, arm_on_cpu, &acts[i], 1);
	finished = wait_for_completion_timeout(&all_done, msecs_to_jiffies(timeout_ms));
	for (i = 0; i < nacts; i++)
		hrtimer_cancel(&acts[i].timer);
	/* Timers still armed after a timeout must not outlive the module. */
	for (i = 0; i < nitems; i++)
		cancel_delayed_work_sync(&items[i].dw);
	for (i = 0; i < nwq; i++)
		flush_workqueue(wqs[i]);
	replay_trace_stop();
	for (i = 0; i < nevents; i++) {
		struct event *e = &events[i];

		pr_info("cmwqsim: E %d %llu %d %d %s %d %d %s\n", run, e->t, e->cpu, e->pid, e->comm,
			e->item, e->inst, ev_names[e->kind]);
	}
	pr_info("cmwqsim: END %d %s\n", run, finished ? "ok" : "timeout");
out:
	for (i = 0; i < nacts && timers_set; i++)
		hrtimer_cancel(&acts[i].timer);
	for (i = 0; i < nwq; i++)
		destroy_workqueue(wqs[i]);
	kfree(events);
	return ret;
}

static void __exit replay_exit(void)
{
}

module_init(replay_init);
module_exit(replay_exit);
