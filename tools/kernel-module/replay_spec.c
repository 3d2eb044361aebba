// SPDX-License-Identifier: GPL-2.0-only
// SPDX-License-Identifier: GPL-2.0
/*
 * cmwqsim_replay: the spec parameter (its format: replay_main.c) into
 * workqueues, items and issuer calls. What this kernel cannot do (WQ_BH
 * before 6.9, disable/enable before 6.10) is refused, never replayed as
 * something else.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/version.h>
#include <linux/workqueue.h>

#include "replay.h"

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define CMWQSIM_WQ_PERCPU WQ_PERCPU	/* an enum, hence the version test */
#else
#define CMWQSIM_WQ_PERCPU 0
#endif
#define HAVE_WQ_BH (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0))
#define HAVE_DISABLE_WORK (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0))
#define SPEC_WQ_BH 0x1	/* WQ_BH's value where it exists */

static int parse_wq(char **f, const char **why)
{
	unsigned long flags;
	int max_active, ordered;

	if (kstrtoul(f[2], 16, &flags) || kstrtoint(f[3], 10, &max_active) || kstrtoint(f[4], 10, &ordered))
		return -EINVAL;
	if ((flags & SPEC_WQ_BH) && !HAVE_WQ_BH) {
		*why = "WQ_BH needs Linux 6.9 or later";
		return -EINVAL;
	}
	if (!ordered && !(flags & WQ_UNBOUND))
		flags |= CMWQSIM_WQ_PERCPU;
	wqs[nwq] = ordered ? alloc_ordered_workqueue("%s", flags, f[1])
			   : alloc_workqueue("%s", flags, max_active, f[1]);
	if (!wqs[nwq]) {
		*why = "alloc_workqueue() failed";
		return -ENOMEM;
	}
	nwq++;
	return 0;
}

/* A step: kind, then a number, then for 'd' and 'm' "/<delay ns>". */
static int parse_step(char *st, struct step *s, const char **why)
{
	char *second;

	s->kind = st[0];
	s->arg2 = -1;
	if (!strchr("bsqdmcfxeFD", s->kind) || !s->kind)
		return -EINVAL;
	if (!HAVE_DISABLE_WORK && (s->kind == 'x' || s->kind == 'e')) {
		*why = "disable_work() and enable_work() need Linux 6.10 or later";
		return -EINVAL;
	}
	second = strchr(st, '/');
	if ((second != NULL) != (s->kind == 'd' || s->kind == 'm'))
		return -EINVAL;
	if (second) {
		*second++ = '\0';
		if (kstrtos64(second, 10, &s->arg2) || s->arg2 < 0)
			return -EINVAL;
	}
	return kstrtos64(st + 1, 10, &s->arg) ? -EINVAL : 0;
}

static int parse_item(char **f, const char **why)
{
	struct item *it = &items[nitems];
	char *st;
	int ret;

	if (kstrtoint(f[1], 10, &it->wq) || kstrtoint(f[2], 10, &it->cpu) || kstrtos64(f[3], 10, &it->at) ||
	    it->wq < 0 || it->wq >= nwq)
		return -EINVAL;
	while ((st = strsep(&f[4], ",")) != NULL && *st) {
		if (it->nsteps >= MAX_STEPS)
			return -EINVAL;
		ret = parse_step(st, &it->steps[it->nsteps++], why);
		if (ret)
			return ret;
	}
	INIT_DELAYED_WORK(&it->dw, work_fn);
	if (it->at >= 0) {
		if (nacts >= MAX_ACTS)
			return -EINVAL;
		acts[nacts++] = (struct act){ .at = it->at, .item = nitems, .cpu = it->cpu >= 0 ? it->cpu : 0, .op = 'q' };
	}
	nitems++;
	return 0;
}

/* a:<at>:<item>:<cpu>[:<op>], op: d<ns>, m<ns>, c, x or e. */
static int parse_act(char **f, int n, const char **why)
{
	struct act *a = &acts[nacts];

	if (kstrtos64(f[1], 10, &a->at) || kstrtoint(f[2], 10, &a->item) || kstrtoint(f[3], 10, &a->cpu))
		return -EINVAL;
	a->op = n == 5 ? f[4][0] : 'q';
	a->delay = -1;
	if (!strchr("qdmcxe", a->op) || !a->op)
		return -EINVAL;
	if (!HAVE_DISABLE_WORK && (a->op == 'x' || a->op == 'e')) {
		*why = "disable_work() and enable_work() need Linux 6.10 or later";
		return -EINVAL;
	}
	if (a->op == 'd' || a->op == 'm') {
		if (kstrtos64(f[4] + 1, 10, &a->delay) || a->delay < 0)
			return -EINVAL;
	} else if (n == 5 && f[4][1]) {
		return -EINVAL;
	}
	nacts++;
	return 0;
}

int parse_spec(char *s, const char **why)
{
	char *rec;
	int i, j, ret;

	while ((rec = strsep(&s, ";")) != NULL) {
		char *f[6] = { NULL };
		int n = 0;

		if (!*rec)
			continue;
		while (n < 6 && (f[n] = strsep(&rec, ":")) != NULL)
			n++;
		if (f[0][0] == 'w' && n == 5 && nwq < MAX_WQ)
			ret = parse_wq(f, why);
		else if (f[0][0] == 'i' && n == 5 && nitems < MAX_ITEMS)
			ret = parse_item(f, why);
		else if (f[0][0] == 'a' && (n == 4 || n == 5) && nacts < MAX_ACTS)
			ret = parse_act(f, n, why);
		else
			ret = -EINVAL;
		if (ret)
			return ret;
	}
	/* Steps and calls may name items defined later: check them now. */
	for (i = 0; i < nitems; i++)
		for (j = 0; j < items[i].nsteps; j++) {
			struct step *st = &items[i].steps[j];

			if (strchr("bs", st->kind))
				continue;
			if (st->arg < 0 || st->arg >= (strchr("FD", st->kind) ? nwq : nitems))
				return -EINVAL;
		}
	for (i = 0; i < nacts; i++)
		if (acts[i].item < 0 || acts[i].item >= nitems || acts[i].cpu < 0 || acts[i].cpu >= nr_cpu_ids)
			return -EINVAL;
	return 0;
}
