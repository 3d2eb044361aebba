// SPDX-License-Identifier: GPL-2.0
/*
 * cmwqsim_replay: replays one cmwq-sim scenario on a real kernel.
 *
 * The scenario comes as the module parameter "spec" (written by
 * `cmwq-sim kernel-spec`), ';'-separated records:
 *   w:<name>:<flags hex>:<max_active>:<ordered 0|1>
 *   i:<wq index>:<cpu>:<at ns or -1>:<steps>   steps = b<ns>,s<ns>,q<item> joined by ','
 *   a:<at ns>:<item>:<cpu>                      an extra queue_work_on() at a time
 * Issuer calls are pinned hrtimers on the requested CPU. A burn is a
 * ktime_get_ns() busy loop counting only time on the CPU; a sleep blocks in TASK_UNINTERRUPTIBLE on an
 * hrtimer, exact to the ns (what usleep_range() does). Events are printed as
 *   cmwqsim: E <run> <t ns> <cpu> <pid> <comm> <item> <instance> <kind>
 * with t relative to the start of the run, then "cmwqsim: END <run> <status>".
 * The run starts on a scheduler tick (a jiffies change), one tick after the
 * module loads, so that the guest's ticks fall where the simulator's do:
 * at whole multiples of 1/HZ.
 *
 * Builds for 6.1, 6.12 and 7.3: hrtimer_setup() replaces hrtimer_init()
 * (gone in 7.x), and bound workqueues get WQ_PERCPU where it exists (7.x
 * warns about, and then sets, a workqueue with neither it nor WQ_UNBOUND).
 */
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/version.h>
#include <linux/workqueue.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define CMWQSIM_WQ_PERCPU WQ_PERCPU	/* an enum, hence the version test */
#else
#define CMWQSIM_WQ_PERCPU 0
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cmwq-sim scenario replay");

static char *spec = "";
module_param(spec, charp, 0444);
static int run;
module_param(run, int, 0444);
static int timeout_ms = 20000;
module_param(timeout_ms, int, 0444);

#define MAX_WQ 16
#define MAX_ITEMS 64
#define MAX_STEPS 32
#define MAX_ACTS 64
#define MAX_EVENTS 4096

enum ev_kind { EV_QUEUE, EV_START, EV_SLEEP, EV_RESUME, EV_FINISH };
static const char *const ev_names[] = { "queue", "start", "sleep", "resume", "finish" };

struct step { char kind; s64 arg; };
struct item {
	struct work_struct work;
	int wq, cpu, nsteps, queued, started;
	s64 at;
	struct step steps[MAX_STEPS];
};
struct act { s64 at; int item, cpu; struct hrtimer timer; };
struct event { u64 t; int cpu, pid, item, inst; enum ev_kind kind; char comm[TASK_COMM_LEN]; };

static struct workqueue_struct *wqs[MAX_WQ];
static int nwq, nitems, nacts;
static struct item items[MAX_ITEMS];
static struct act acts[MAX_ACTS];
static struct event *events;
static int nevents;
static DEFINE_SPINLOCK(lock);
static u64 t0;
static int outstanding, timers_left;
static DECLARE_COMPLETION(all_done);

static void record(int item, int inst, enum ev_kind kind)
{
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
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
	spin_unlock_irqrestore(&lock, flags);
}

static void check_done_locked(void)
{
	if (outstanding == 0 && timers_left == 0)
		complete(&all_done);
}

/* queue_work_on() and, if it was not pending, a queue event. */
static void issue(int idx, int cpu)
{
	unsigned long flags;
	int inst;

	spin_lock_irqsave(&lock, flags);
	outstanding++;
	spin_unlock_irqrestore(&lock, flags);
	if (queue_work_on(cpu, wqs[items[idx].wq], &items[idx].work)) {
		spin_lock_irqsave(&lock, flags);
		inst = ++items[idx].queued;
		spin_unlock_irqrestore(&lock, flags);
		record(idx, inst, EV_QUEUE);
	} else {
		spin_lock_irqsave(&lock, flags);
		outstanding--;
		check_done_locked();
		spin_unlock_irqrestore(&lock, flags);
	}
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

static void work_fn(struct work_struct *w)
{
	struct item *it = container_of(w, struct item, work);
	int idx = it - items, inst, i;
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	inst = ++it->started;
	spin_unlock_irqrestore(&lock, flags);
	record(idx, inst, EV_START);
	for (i = 0; i < it->nsteps; i++) {
		struct step *s = &it->steps[i];

		if (s->kind == 'b') {
			burn(s->arg);
		} else if (s->kind == 's') {
			record(idx, inst, EV_SLEEP);
			nap(s->arg);
			record(idx, inst, EV_RESUME);
		} else {
			struct item *t = &items[s->arg];

			issue(s->arg, t->cpu >= 0 ? t->cpu : raw_smp_processor_id());
		}
	}
	record(idx, inst, EV_FINISH);
	spin_lock_irqsave(&lock, flags);
	outstanding--;
	check_done_locked();
	spin_unlock_irqrestore(&lock, flags);
}

static enum hrtimer_restart act_fire(struct hrtimer *t)
{
	struct act *a = container_of(t, struct act, timer);
	unsigned long flags;

	issue(a->item, a->cpu);
	spin_lock_irqsave(&lock, flags);
	timers_left--;
	check_done_locked();
	spin_unlock_irqrestore(&lock, flags);
	return HRTIMER_NORESTART;
}

/* Runs on the act's CPU so that the pinned timer fires there. */
static void arm_on_cpu(void *data)
{
	struct act *a = data;

	hrtimer_start(&a->timer, ns_to_ktime(t0 + a->at), HRTIMER_MODE_ABS_PINNED);
}

static int parse_spec(char *s)
{
	char *rec;

	while ((rec = strsep(&s, ";")) != NULL) {
		char *f[6] = { NULL };
		int n = 0;

		if (!*rec)
			continue;
		while (n < 6 && (f[n] = strsep(&rec, ":")) != NULL)
			n++;
		if (f[0][0] == 'w' && n == 5 && nwq < MAX_WQ) {
			unsigned long flags;
			int max_active, ordered;

			if (kstrtoul(f[2], 16, &flags) || kstrtoint(f[3], 10, &max_active) ||
			    kstrtoint(f[4], 10, &ordered))
				return -EINVAL;
			if (!ordered && !(flags & WQ_UNBOUND))
				flags |= CMWQSIM_WQ_PERCPU;
			wqs[nwq] = ordered ? alloc_ordered_workqueue("%s", flags, f[1])
					   : alloc_workqueue("%s", flags, max_active, f[1]);
			if (!wqs[nwq])
				return -ENOMEM;
			nwq++;
		} else if (f[0][0] == 'i' && n == 5 && nitems < MAX_ITEMS) {
			struct item *it = &items[nitems];
			char *st;

			if (kstrtoint(f[1], 10, &it->wq) || kstrtoint(f[2], 10, &it->cpu) ||
			    kstrtos64(f[3], 10, &it->at) || it->wq >= nwq)
				return -EINVAL;
			while ((st = strsep(&f[4], ",")) != NULL && *st) {
				if (it->nsteps >= MAX_STEPS || kstrtos64(st + 1, 10, &it->steps[it->nsteps].arg))
					return -EINVAL;
				it->steps[it->nsteps++].kind = st[0];
			}
			INIT_WORK(&it->work, work_fn);
			if (it->at >= 0 && nacts < MAX_ACTS)
				acts[nacts++] = (struct act){ .at = it->at, .item = nitems, .cpu = it->cpu >= 0 ? it->cpu : 0 };
			nitems++;
		} else if (f[0][0] == 'a' && n == 4 && nacts < MAX_ACTS) {
			struct act *a = &acts[nacts];

			if (kstrtos64(f[1], 10, &a->at) || kstrtoint(f[2], 10, &a->item) ||
			    kstrtoint(f[3], 10, &a->cpu))
				return -EINVAL;
			nacts++;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static int __init replay_init(void)
{
	char *copy;
	int i, ret;
	bool finished;

	events = kcalloc(MAX_EVENTS, sizeof(*events), GFP_KERNEL);
	copy = kstrdup(spec, GFP_KERNEL);
	if (!events || !copy)
		return -ENOMEM;
	ret = parse_spec(copy);
	kfree(copy);
	if (ret) {
		pr_err("cmwqsim: END %d bad-spec\n", run);
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
	for (i = 0; i < nwq; i++)
		flush_workqueue(wqs[i]);
	for (i = 0; i < nevents; i++) {
		struct event *e = &events[i];

		pr_info("cmwqsim: E %d %llu %d %d %s %d %d %s\n", run, e->t, e->cpu, e->pid, e->comm,
			e->item, e->inst, ev_names[e->kind]);
	}
	pr_info("cmwqsim: END %d %s\n", run, finished ? "ok" : "timeout");
out:
	for (i = 0; i < nacts; i++)
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
