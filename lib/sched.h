/*
 * sched.h: when an endpoint is due.
 *
 * interval: due once interval_minutes have passed since the last sync
 * that finished ok or partial (never synced: due now).  cron: due when a
 * time matching the expression has passed since that sync; a run missed
 * while the machine was off is due once, not once per missed slot.
 * manual: never due by itself.
 *
 * Time zones.  Cron expressions match the wall clock of the process's
 * local time zone, as localtime_r(3) sees it; interval schedules are
 * plain seconds and know no zone.  glibc has no per-call zone, and the
 * library keeps no global state and never changes the environment, so
 * the zone is the command's to set: once, in main(), after loading the
 * configuration and before the first call here, a command sets TZ to
 * ":" and conf->time_zone (a file under /usr/share/zoneinfo, checked by
 * fc_conf_load()) and calls tzset(3); see fc-auth.c.  A program that
 * sets no TZ gets the machine's zone.  Around DST changes every matching
 * wall time runs once: one in the spring-forward gap at the first
 * instant after the gap, one in the fall-back overlap at its first
 * showing only.
 */
#ifndef FC_SCHED_H
#define FC_SCHED_H

#include <stdint.h>

#include "conf.h"

/* A parsed five-field cron expression, in wall-clock units: bit sets. */
struct fc_cron {
	uint64_t minute;	/* bits 0-59 */
	uint32_t hour;		/* bits 0-23 */
	uint32_t mday;		/* bits 1-31 */
	uint16_t month;		/* bits 1-12 */
	uint8_t	 wday;		/* bits 0-6, Sunday 0 (7 accepted) */
	int	 mday_star;	/* vixie cron: day fields OR unless one is * */
	int	 wday_star;
};

/*
 * Parses expr: five fields with *, numbers, ranges a-b, steps /n, lists
 * and month and day names, or @yearly, @annually, @monthly, @weekly,
 * @daily, @midnight, @hourly.  Returns 0, or -1 with a short reason
 * ("field 2: 25 out of range 0-23") in why.
 */
int	fc_cron_parse(const char *expr, struct fc_cron *c, char *why,
	    size_t whylen);

/*
 * The first instant strictly after t whose wall time (in TZ, by the DST
 * rule above) is a matching minute, or -1 when none comes within 8 years
 * (enough for any 29 February).
 */
int64_t	fc_cron_next(const struct fc_cron *c, int64_t t);

/*
 * The time ep is next due, given the end of its last good sync (0:
 * never) and the interval used when the endpoint names none.  Returns
 * 0 for "due since forever" (never synced), INT64_MAX for manual
 * schedules, or a Unix time; the endpoint is due when that is <= now.
 */
int64_t	fc_sched_next(const struct fc_endpoint *ep, int default_interval,
	    int64_t last_ok);

/*
 * The time after which ep is overdue: a second due time has passed since
 * since (the end of its last good sync, or when it was first seen) and
 * no good sync came, so one period of grace after it fell due: last_ok
 * + 2 intervals, or the second cron slot after it.  INT64_MAX for
 * manual schedules, crons that fire no more, and since 0 (no time to
 * measure from).
 */
int64_t	fc_sched_deadline(const struct fc_endpoint *ep, int default_interval,
	    int64_t since);

#endif
