// SPDX-License-Identifier: GPL-2.0-only
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwqsim_replay: what replay_main.c (the spec, the issuer, the work
 * function) and replay_trace.c (the workqueue tracepoint probes) share.
 */
#ifndef CMWQSIM_REPLAY_H
#define CMWQSIM_REPLAY_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#define MAX_WQ 16
#define MAX_ITEMS 64
#define MAX_STEPS 32
#define MAX_ACTS 64
#define MAX_EVENTS 4096
/* The item number printed for a flush's wq_barrier_func (the simulator's name for it). */
#define BARRIER_ITEM (-2)

enum ev_kind { EV_QUEUE, EV_START, EV_SLEEP, EV_RESUME, EV_FINISH };

/* A program step: kind (see replay_main.c), its argument (ns, an item or a
 * workqueue) and a second one (a delay in ns for 'd' and 'm'). */
struct step { char kind; s64 arg, arg2; };

struct item {
	/* Every item is a delayed_work: queue_work_on() takes its work, and the
	 * _delayed_ cancel/flush/disable calls also suit an item never delayed. */
	struct delayed_work dw;
	int wq, cpu, nsteps;
	int queued;	/* instances queued so far (workqueue_queue_work) */
	int disabled;	/* disable count, as this module has set it */
	bool armed;	/* its timer armed by us and not yet expired into a queue */
	/* Instances queued and not yet started, oldest first: at most one
	 * pending, and one more whose worker has cleared PENDING but not yet
	 * entered the function. */
	int ring[2], nring;
	s64 at;
	struct step steps[MAX_STEPS];
};

/* An issuer call: op (see replay_main.c) on item at a time, from a pinned hrtimer on cpu. */
struct act { s64 at; int item, cpu; char op; s64 delay; struct hrtimer timer; };

extern struct workqueue_struct *wqs[MAX_WQ];
extern int nwq, nitems, nacts;
extern struct item items[MAX_ITEMS];
extern struct act acts[MAX_ACTS];
extern spinlock_t replay_lock;

/* replay_spec.c: fills wqs, items and acts; *why says what is wrong. */
int parse_spec(char *s, const char **why);
void work_fn(struct work_struct *w);

void record(int item, int inst, enum ev_kind kind);

/* replay_trace.c */
int replay_trace_start(void);
void replay_trace_stop(void);
struct item *item_of(struct work_struct *work);
/* Around a call that may insert a wq_barrier on the caller's stack. */
void flusher_enter(void);
void flusher_leave(void);

#endif
