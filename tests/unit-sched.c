/*
 * unit-sched.c: the cron parser, fc_cron_next() and fc_sched_next(),
 * table-driven, printing TAP.
 *
 * Expected times are written as RFC 3339 and converted with timegm(3),
 * so the calendar arithmetic in sched.c is checked against libc's, and a
 * minute-by-minute search over gmtime(3) cross-checks fc_cron_next() on
 * expressions that fire at least every few days.
 *
 * Cron follows the process's TZ (sched.h): the UTC cases run under
 * TZ=UTC0, the zone cases each set their zone, table-driven across the
 * DST changes of 2026, and a minute scan over localtime_r(3) that states
 * the DST rule its own way ("each wall minute runs once, at the first
 * instant the wall clock reaches or passes it") cross-checks those.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "sched.h"

static int ntest;
static int nfail;

static void
check(int cond, const char *name)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", ntest, name);
}

/* "2026-11-25T13:15:00Z" as Unix time; exits on a typo in the table. */
static int64_t
T(const char *s)
{
	struct tm tm;
	int sec = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &sec) != 6) {
		printf("Bail out! bad time %s in the table\n", s);
		exit(1);
	}
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_sec = sec;
	return (int64_t)timegm(&tm);
}

static const char *
fmt(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == -1)
		return "-1 (never)";
	if (t == INT64_MAX)
		return "INT64_MAX";
	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* The bit set of a plain list like "0,15,30-32" (no steps, no names). */
static uint64_t
bits(const char *list)
{
	uint64_t b = 0;
	long lo, hi;
	char *end;

	while (*list != '\0') {
		lo = hi = strtol(list, &end, 10);
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		for (; lo <= hi; lo++)
			b |= (uint64_t)1 << lo;
		list = *end == ',' ? end + 1 : end;
	}
	return b;
}

static const struct {
	const char *expr;
	const char *minute, *hour, *mday, *month, *wday;	/* bits() */
	int mday_star, wday_star;
} parse_ok[] = {
#define ALLMIN	"0-59"
#define ALLHR	"0-23"
#define ALLDOM	"1-31"
#define ALLMON	"1-12"
#define ALLDOW	"0-6"
	{ "* * * * *", ALLMIN, ALLHR, ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "  0\t0   * *  *  ", "0", "0", ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "*/15 * * * *", "0,15,30,45", ALLHR, ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "5-10/2 * * * *", "5,7,9", ALLHR, ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "30/10 * * * *", "30,40,50", ALLHR, ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "1,2,3-5,59 * * * *", "1,2,3,4,5,59", ALLHR, ALLDOM, ALLMON,
	    ALLDOW, 1, 1 },
	{ "0 9-17 * * MON-FRI", "0", "9-17", ALLDOM, ALLMON, "1-5", 1, 0 },
	{ "0 0 * * 7", "0", "0", ALLDOM, ALLMON, "0", 1, 0 },
	{ "0 0 * * 0", "0", "0", ALLDOM, ALLMON, "0", 1, 0 },
	{ "0 0 * * sun", "0", "0", ALLDOM, ALLMON, "0", 1, 0 },
	{ "0 0 * * 5-7", "0", "0", ALLDOM, ALLMON, "0,5,6", 1, 0 },
	{ "0 0 * * */2", "0", "0", ALLDOM, ALLMON, "0,2,4,6", 1, 1 },
	{ "0 0 * * 1/2", "0", "0", ALLDOM, ALLMON, "1,3,5", 1, 0 },
	{ "0 0 * * 7/1", "0", "0", ALLDOM, ALLMON, "0", 1, 0 },
	{ "0 0 * * 7/3", "0", "0", ALLDOM, ALLMON, "0", 1, 0 },
	{ "0 0 * jan,Jul,DEC *", "0", "0", ALLDOM, "1,7,12", ALLDOW, 1, 1 },
	{ "0 0 1 jan-dec/3 *", "0", "0", "1", "1,4,7,10", ALLDOW, 0, 1 },
	{ "0 0 1/10 * *", "0", "0", "1,11,21,31", ALLMON, ALLDOW, 0, 1 },
	{ "0 0 */2 * 1", "0", "0", "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31",
	    ALLMON, "1", 1, 0 },
	{ "0 12 13 * 5", "0", "12", "13", ALLMON, "5", 0, 0 },
	{ "59 23 31 12 6", "59", "23", "31", "12", "6", 0, 0 },
	{ "@yearly", "0", "0", "1", "1", ALLDOW, 0, 1 },
	{ "@annually", "0", "0", "1", "1", ALLDOW, 0, 1 },
	{ "@monthly", "0", "0", "1", ALLMON, ALLDOW, 0, 1 },
	{ "@weekly", "0", "0", ALLDOM, ALLMON, "0", 1, 0 },
	{ "@daily", "0", "0", ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "@midnight", "0", "0", ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ "@HOURLY", "0", ALLHR, ALLDOM, ALLMON, ALLDOW, 1, 1 },
	{ " @hourly ", "0", ALLHR, ALLDOM, ALLMON, ALLDOW, 1, 1 },
};

static const struct {
	const char *expr;
	const char *why;
} parse_bad[] = {
	{ "", "empty expression" },
	{ "   ", "empty expression" },
	{ "* * * *", "expected 5 fields, found 4" },
	{ "* * * * * *", "expected 5 fields, found 6" },
	{ "60 * * * *", "field 1: 60 out of range 0-59" },
	{ "* 25 * * *", "field 2: 25 out of range 0-23" },
	{ "* 1-24 * * *", "field 2: 24 out of range 0-23" },
	{ "* * 0 * *", "field 3: 0 out of range 1-31" },
	{ "* * 32 * *", "field 3: 32 out of range 1-31" },
	{ "* * * 13 *", "field 4: 13 out of range 1-12" },
	{ "* * * 0 *", "field 4: 0 out of range 1-12" },
	{ "* * * * 8", "field 5: 8 out of range 0-7" },
	{ "99999999 * * * *", "field 1: 99999999 out of range 0-59" },
	{ "123456789012345678901 * * * *",
	    "field 1: 999999999 out of range 0-59" },
	{ "* * * * 1\xc3\xa9", "field 5: unexpected byte 0xc3" },
	{ "5-1 * * * *", "field 1: range 5-1 runs backwards" },
	{ "* * * * FRI-SUN", "field 5: range 5-0 runs backwards" },
	{ "*/0 * * * *", "field 1: step 0 out of range 1-59" },
	{ "* */24 * * *", "field 2: step 24 out of range 1-23" },
	{ "*/ * * * *", "field 1: step must be a number" },
	{ "*/x * * * *", "field 1: step must be a number" },
	{ "1,,2 * * * *", "field 1: empty list item" },
	{ "1, * * * *", "field 1: empty list item" },
	{ ",1 * * * *", "field 1: empty list item" },
	{ "1-2-3 * * * *", "field 1: unexpected \"-\"" },
	{ "*5 * * * *", "field 1: unexpected \"5\"" },
	{ "1x * * * *", "field 1: unexpected \"x\"" },
	{ "-1 * * * *", "field 1: unexpected \"-\"" },
	{ "1- * * * *", "field 1: value missing" },
	{ "jan * * * *", "field 1: unknown name \"jan\"" },
	{ "* * * foo *", "field 4: unknown name \"foo\"" },
	{ "* * * * MONDAY", "field 5: unknown name \"MONDAY\"" },
	{ "* * * * jan", "field 5: unknown name \"jan\"" },
	{ "* * * mon *", "field 4: unknown name \"mon\"" },
	{ "@reboot", "unknown shortcut \"@reboot\"" },
	{ "@", "unknown shortcut \"@\"" },
	{ "@\x01x\x7f\xc3\xa9", "unknown shortcut \"@?x???\"" },
	{ "@hourly-and-then-some", "unknown shortcut \"@hourly-and-then\"" },
	{ "@daily 1", "nothing may follow @daily" },
};

static const struct {
	const char *expr;
	const char *from;
	const char *want;	/* NULL: never (-1) */
} next_cases[] = {
	/* strictly after, whole minutes */
	{ "* * * * *", "2026-11-25T13:15:00Z", "2026-11-25T13:16:00Z" },
	{ "* * * * *", "2026-11-25T13:15:59Z", "2026-11-25T13:16:00Z" },
	{ "0 0 * * *", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z" },
	{ "0 * * * *", "2026-11-25T13:15:00Z", "2026-11-25T14:00:00Z" },
	{ "*/15 * * * *", "2026-11-25T13:15:00Z", "2026-11-25T13:30:00Z" },
	{ "*/15 * * * *", "2026-11-25T23:50:00Z", "2026-11-26T00:00:00Z" },
	/* rollover of hour, day, month and year */
	{ "0 0 * * *", "2026-12-31T23:59:00Z", "2027-01-01T00:00:00Z" },
	{ "59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z" },
	{ "@yearly", "2026-06-15T10:00:00Z", "2027-01-01T00:00:00Z" },
	{ "@monthly", "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z" },
	{ "@hourly", "2026-11-25T23:00:00Z", "2026-11-26T00:00:00Z" },
	/* 29 February, the 31st, 30 February */
	{ "0 0 * * *", "2024-02-28T12:00:00Z", "2024-02-29T00:00:00Z" },
	{ "0 0 * * *", "2026-02-28T12:00:00Z", "2026-03-01T00:00:00Z" },
	{ "0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z" },
	{ "0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z" },
	{ "0 0 29 2 *", "2397-03-01T00:00:00Z", "2400-02-29T00:00:00Z" },
	{ "0 0 29 * *", "2027-02-01T00:00:00Z", "2027-03-29T00:00:00Z" },
	{ "0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z" },
	{ "0 0 31 * *", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z" },
	{ "0 0 31 4,6,9,11 *", "2026-01-01T00:00:00Z", NULL },
	{ "0 0 30 2 *", "2026-01-01T00:00:00Z", NULL },
	/* day of week: Sunday as 0 and 7, names, ranges across a weekend */
	{ "0 0 * * 0", "2026-11-25T13:00:00Z", "2026-11-29T00:00:00Z" },
	{ "0 0 * * 7", "2026-11-25T13:00:00Z", "2026-11-29T00:00:00Z" },
	{ "0 0 * * Sun", "2026-11-25T13:00:00Z", "2026-11-29T00:00:00Z" },
	{ "0 0 * * 7/1", "2026-11-25T13:00:00Z", "2026-11-29T00:00:00Z" },
	{ "*/20 9-17 * * MON-FRI", "2026-11-27T17:45:00Z",
	    "2026-11-30T09:00:00Z" },
	{ "*/20 9-17 * * MON-FRI", "2026-11-27T16:45:00Z",
	    "2026-11-27T17:00:00Z" },
	{ "0 0 * * 5-7", "2026-11-25T00:00:00Z", "2026-11-27T00:00:00Z" },
	{ "@weekly", "2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z" },
	/* both day fields restricted: either matches (Friday or the 13th) */
	{ "0 12 13 * 5", "2026-11-25T13:00:00Z", "2026-11-27T12:00:00Z" },
	{ "0 12 13 * 5", "2026-12-11T13:00:00Z", "2026-12-13T12:00:00Z" },
	/* one starts with "*": both must match */
	{ "0 12 13 * *", "2026-11-25T13:00:00Z", "2026-12-13T12:00:00Z" },
	{ "0 12 */31 * 5", "2026-11-25T13:00:00Z", "2027-01-01T12:00:00Z" },
	{ "0 12 13 * */1", "2026-11-25T13:00:00Z", "2026-12-13T12:00:00Z" },
	{ "0 0 1 jan-dec/3 *", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z" },
	{ "0 0 1 jan-dec/3 *", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z" },
	/* 29 February, or any Monday in February */
	{ "0 0 29 2 * ", "2016-03-01T00:00:00Z", "2020-02-29T00:00:00Z" },
	{ "0 0 29 feb mon", "2017-01-01T00:00:00Z", "2017-02-06T00:00:00Z" },
	{ "0 0 29 feb mon", "2016-02-28T00:00:00Z", "2016-02-29T00:00:00Z" },
	/* before 1970 and in the far future */
	{ "30 6 * * *", "1969-12-31T23:00:00Z", "1970-01-01T06:30:00Z" },
	{ "0 0 1 1 *", "2399-06-01T00:00:00Z", "2400-01-01T00:00:00Z" },
};

/*
 * Cron in a time zone.  London 2026: 01:00 GMT jumps to 02:00 BST on
 * 29 March, 02:00 BST falls back to 01:00 GMT on 25 October.  New York:
 * 02:00 EST to 03:00 EDT on 8 March, 02:00 EDT to 01:00 EST on 1
 * November.  Lord Howe moves by half an hour; São Paulo in 2018 skipped
 * midnight itself.
 */
static const struct {
	const char *zone;
	const char *expr;
	const char *from;
	const char *want;
} zone_cases[] = {
	/* plain days: the wall clock, whatever the offset */
	{ "Europe/London", "0 3 * * *", "2026-07-01T00:00:00Z",
	    "2026-07-01T02:00:00Z" },
	{ "Europe/London", "0 3 * * *", "2026-12-01T00:00:00Z",
	    "2026-12-01T03:00:00Z" },
	{ "Europe/London", "0 0 * * *", "2026-10-24T12:00:00Z",
	    "2026-10-24T23:00:00Z" },
	{ "Asia/Kolkata", "0 0 * * *", "2026-01-01T00:00:00Z",
	    "2026-01-01T18:30:00Z" },
	{ "America/New_York", "0 9 * * MON-FRI", "2026-11-27T15:00:00Z",
	    "2026-11-30T14:00:00Z" },
	/* the day of the week is the local one: Monday in Auckland */
	{ "Pacific/Auckland", "0 8 * * 1", "2026-01-01T00:00:00Z",
	    "2026-01-04T19:00:00Z" },
	/* spring forward: a time in the gap runs when the gap ends */
	{ "Europe/London", "30 1 * * *", "2026-03-28T12:00:00Z",
	    "2026-03-29T01:00:00Z" },
	{ "Europe/London", "30 1 * * *", "2026-03-29T01:00:00Z",
	    "2026-03-30T00:30:00Z" },
	{ "Europe/London", "0 1 * * *", "2026-03-28T12:00:00Z",
	    "2026-03-29T01:00:00Z" },
	{ "Europe/London", "0 2 * * *", "2026-03-28T12:00:00Z",
	    "2026-03-29T01:00:00Z" },
	{ "Europe/London", "*/15 * * * *", "2026-03-29T00:50:00Z",
	    "2026-03-29T01:00:00Z" },
	{ "Europe/London", "*/15 * * * *", "2026-03-29T01:00:00Z",
	    "2026-03-29T01:15:00Z" },
	{ "America/New_York", "30 2 * * *", "2026-03-08T05:00:00Z",
	    "2026-03-08T07:00:00Z" },
	{ "America/New_York", "30 2 * * *", "2026-03-08T07:00:00Z",
	    "2026-03-09T06:30:00Z" },
	{ "Australia/Lord_Howe", "15 2 * * *", "2026-10-03T12:00:00Z",
	    "2026-10-03T15:30:00Z" },
	{ "America/Sao_Paulo", "0 0 * * *", "2018-11-03T12:00:00Z",
	    "2018-11-04T03:00:00Z" },
	/* fall back: a time shown twice runs at the first showing only */
	{ "Europe/London", "30 1 * * *", "2026-10-24T12:00:00Z",
	    "2026-10-25T00:30:00Z" },
	{ "Europe/London", "30 1 * * *", "2026-10-25T00:30:00Z",
	    "2026-10-26T01:30:00Z" },
	{ "Europe/London", "30 1 * * *", "2026-10-25T01:10:00Z",
	    "2026-10-26T01:30:00Z" },
	{ "Europe/London", "*/20 * * * *", "2026-10-25T00:30:00Z",
	    "2026-10-25T00:40:00Z" },
	{ "Europe/London", "*/20 * * * *", "2026-10-25T00:50:00Z",
	    "2026-10-25T02:00:00Z" },
	{ "Europe/London", "0 2 * * *", "2026-10-24T12:00:00Z",
	    "2026-10-25T02:00:00Z" },
	{ "America/New_York", "30 1 * * *", "2026-11-01T04:00:00Z",
	    "2026-11-01T05:30:00Z" },
	{ "America/New_York", "30 1 * * *", "2026-11-01T05:30:00Z",
	    "2026-11-02T06:30:00Z" },
	{ "Australia/Lord_Howe", "45 1 * * *", "2026-04-04T12:00:00Z",
	    "2026-04-04T14:45:00Z" },
	{ "Australia/Lord_Howe", "45 1 * * *", "2026-04-04T14:45:00Z",
	    "2026-04-05T15:15:00Z" },
};

/* Zones, expressions and starts for the minute scan: around each change. */
static const char *zone_brute[][2] = {
	{ "Europe/London", "2026-03-28T22:00:00Z" },
	{ "Europe/London", "2026-10-24T22:00:00Z" },
	{ "America/New_York", "2026-03-08T03:00:00Z" },
	{ "America/New_York", "2026-11-01T03:00:00Z" },
	{ "Australia/Lord_Howe", "2026-10-03T13:00:00Z" },
	{ "Australia/Lord_Howe", "2026-04-04T12:00:00Z" },
	{ "America/Sao_Paulo", "2018-11-03T22:00:00Z" },
	{ "America/Sao_Paulo", "2019-02-16T22:00:00Z" },
};
static const char *zone_brute_exprs[] = {
	"*/15 * * * *", "30 1 * * *", "0 * * * *", "15,45 1-3 * * *",
	"0 0 * * *", "59 23 * * *", "0,30 2 * * SUN", "*/7 0-2 * * *",
};

/* Expressions the brute-force search can check from each start below. */
static const char *brute_exprs[] = {
	"* * * * *", "7,37 */5 * * *", "0 9-17 * * MON-FRI", "0 0 * * 7",
	"15 3 */3 * *", "0 0 1,15 * 3", "0 0 */2 * 3", "@daily",
	"59 23 28-31 * *", "0 12 * 2,mar,11,DEC sat",
};
static const char *brute_starts[] = {
	"2024-02-27T23:58:30Z", "2026-11-27T17:45:00Z", "2026-12-31T23:59:59Z",
	"2100-02-27T12:00:00Z",
};

static int
brute_match(const struct fc_cron *c, const struct tm *tm)
{
	int dom = (c->mday >> tm->tm_mday) & 1;
	int dow = (c->wday >> tm->tm_wday) & 1;

	if (!((c->minute >> tm->tm_min) & 1) ||
	    !((c->hour >> tm->tm_hour) & 1) ||
	    !((c->month >> (tm->tm_mon + 1)) & 1))
		return 0;
	return c->mday_star || c->wday_star ? dom && dow : dom || dow;
}

static int64_t
brute_next(const struct fc_cron *c, int64_t t)
{
	struct tm tm;
	time_t tt;
	int64_t m;

	for (m = (t / 60 + 1) * 60; m < t + 40 * 86400; m += 60) {
		tt = (time_t)m;
		gmtime_r(&tt, &tm);
		if (brute_match(c, &tm))
			return m;
	}
	return -2;	/* not found in the window: the case is no good */
}

static void
zone(const char *name)
{
	char tz[64];

	snprintf(tz, sizeof(tz), ":%s", name);
	setenv("TZ", tz, 1);
	tzset();
}

static int64_t
wall(int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	return t + tm.tm_gmtoff;
}

/* Does the wall time w (seconds, a whole minute) match c? */
static int
wall_match(const struct fc_cron *c, int64_t w)
{
	struct tm tm;
	time_t tt = (time_t)w;

	gmtime_r(&tt, &tm);
	return brute_match(c, &tm);
}

/*
 * The DST rule by brute force: scanning instants a minute apart, each
 * wall minute the clock reaches or jumps past for the first time fires
 * there.  hw is the furthest wall time shown so far (three hours back
 * covers any fall-back).
 */
static int64_t
zone_brute_next(const struct fc_cron *c, int64_t t)
{
	int64_t m, hw, w, x;

	for (hw = wall(t), m = t - 3 * 3600; m < t; m += 60)
		if (wall(m) > hw)
			hw = wall(m);
	for (m = (t / 60 + 1) * 60; m < t + 8 * 86400; m += 60) {
		w = wall(m);
		for (x = (hw / 60 + 1) * 60; x <= w; x += 60)
			if (wall_match(c, x))
				return m;
		if (w > hw)
			hw = w;
	}
	return -2;
}

static struct fc_endpoint
ep_of(enum fc_sched_type type, int minutes, const char *cron)
{
	struct fc_endpoint ep;

	memset(&ep, 0, sizeof(ep));
	ep.name = "docs";
	ep.endpoint_type = "local";
	ep.is_active = 1;
	ep.schedule.type = type;
	ep.schedule.interval_minutes = minutes;
	ep.schedule.cron = (char *)cron;
	return ep;
}

static void
test_sched(void)
{
	struct fc_endpoint ep;
	char a[32], b[32], name[160];
	int64_t last, now, next;
	const int64_t t0 = T("2026-11-25T13:15:00Z");

	ep = ep_of(FC_SCHED_INTERVAL, 30, NULL);
	check(fc_sched_next(&ep, 60, t0) == t0 + 1800,
	    "interval: last ok + interval_minutes");
	check(fc_sched_next(&ep, 60, 0) == 0,
	    "interval: never synced is due since forever");
	ep = ep_of(FC_SCHED_INTERVAL, 0, NULL);
	check(fc_sched_next(&ep, 45, t0) == t0 + 45 * 60,
	    "interval 0: the default interval");
	check(fc_sched_next(&ep, 0, t0) == t0 + 60 * 60,
	    "interval 0, no default: 60 minutes");

	ep = ep_of(FC_SCHED_MANUAL, 0, NULL);
	check(fc_sched_next(&ep, 60, t0) == INT64_MAX,
	    "manual: never due by itself");
	check(fc_sched_next(&ep, 60, 0) == INT64_MAX,
	    "manual, never synced: still not due");

	ep = ep_of(FC_SCHED_CRON, 0, "0 3 * * *");
	check(fc_sched_next(&ep, 60, 0) == 0, "cron, never synced: due now");
	check(fc_sched_next(&ep, 60, t0) == T("2026-11-26T03:00:00Z"),
	    "cron: the first slot after the last ok sync");

	/*
	 * The machine was off from the 20th to the 25th: five slots
	 * passed, the endpoint is due, once.  After the sync it is not.
	 */
	last = T("2026-11-20T03:00:40Z");
	now = T("2026-11-25T10:00:00Z");
	next = fc_sched_next(&ep, 60, last);
	snprintf(name, sizeof(name), "cron, missed slots: due at %s",
	    fmt(next, a, sizeof(a)));
	check(next == T("2026-11-21T03:00:00Z") && next <= now, name);
	last = now + 90;	/* the sync it triggered */
	next = fc_sched_next(&ep, 60, last);
	snprintf(name, sizeof(name), "cron, after the catch-up: next %s",
	    fmt(next, b, sizeof(b)));
	check(next == T("2026-11-26T03:00:00Z") && next > now + 120, name);

	ep = ep_of(FC_SCHED_INTERVAL, 60, NULL);
	last = T("2026-11-20T03:00:00Z");
	next = fc_sched_next(&ep, 60, last);
	check(next == T("2026-11-20T04:00:00Z") && next <= now,
	    "interval, missed for days: due (once: the sync moves it)");

	ep = ep_of(FC_SCHED_CRON, 0, "0 0 30 2 *");
	check(fc_sched_next(&ep, 60, t0) == INT64_MAX,
	    "cron that never fires: never due");
	ep = ep_of(FC_SCHED_CRON, 0, "not cron");
	check(fc_sched_next(&ep, 60, t0) == INT64_MAX,
	    "cron that does not parse: never due");
	ep = ep_of(FC_SCHED_CRON, 0, NULL);
	check(fc_sched_next(&ep, 60, t0) == INT64_MAX,
	    "cron without an expression: never due");

	/* overdue: one period of grace after falling due */
	ep = ep_of(FC_SCHED_INTERVAL, 30, NULL);
	check(fc_sched_deadline(&ep, 60, t0) == t0 + 3600,
	    "deadline, interval: last ok + 2 intervals");
	ep = ep_of(FC_SCHED_INTERVAL, 0, NULL);
	check(fc_sched_deadline(&ep, 45, t0) == t0 + 90 * 60,
	    "deadline, interval 0: 2 default intervals");
	check(fc_sched_deadline(&ep, 45, 0) == INT64_MAX,
	    "deadline, nothing to measure from: never overdue");
	ep = ep_of(FC_SCHED_CRON, 0, "0 3 * * *");
	check(fc_sched_deadline(&ep, 60, t0) == T("2026-11-27T03:00:00Z"),
	    "deadline, cron: the second slot after the last ok sync");
	ep = ep_of(FC_SCHED_CRON, 0, "0 0 29 2 *");
	check(fc_sched_deadline(&ep, 60, t0) == T("2032-02-29T00:00:00Z"),
	    "deadline, rare cron: two leap days on");
	ep = ep_of(FC_SCHED_CRON, 0, "0 0 30 2 *");
	check(fc_sched_deadline(&ep, 60, t0) == INT64_MAX,
	    "deadline, cron that never fires: never overdue");
	ep = ep_of(FC_SCHED_MANUAL, 0, NULL);
	check(fc_sched_deadline(&ep, 60, t0) == INT64_MAX,
	    "deadline, manual: never overdue");

	/* in a zone: cron by the wall clock, intervals by the second */
	zone("Europe/London");
	ep = ep_of(FC_SCHED_CRON, 0, "0 3 * * *");
	last = T("2026-07-01T12:00:00Z");
	check(fc_sched_next(&ep, 60, last) == T("2026-07-02T02:00:00Z"),
	    "Europe/London cron: next due at 03:00 BST");
	check(fc_sched_deadline(&ep, 60, last) == T("2026-07-03T02:00:00Z"),
	    "Europe/London cron: deadline at the second 03:00 BST");
	last = T("2026-03-20T03:00:00Z");
	now = T("2026-04-02T12:00:00Z");
	next = fc_sched_next(&ep, 60, last);
	check(next == T("2026-03-21T03:00:00Z") && next <= now,
	    "Europe/London cron, off across the change: due once");
	check(fc_sched_next(&ep, 60, now + 60) == T("2026-04-03T02:00:00Z"),
	    "and after the catch-up, 03:00 BST the next day");
	ep = ep_of(FC_SCHED_INTERVAL, 60, NULL);
	last = T("2026-03-29T00:30:00Z");
	check(fc_sched_next(&ep, 60, last) == last + 3600,
	    "Europe/London interval across the change: 3600 s, not wall time");
	zone("America/New_York");
	ep = ep_of(FC_SCHED_CRON, 0, "30 1 * * *");
	check(fc_sched_next(&ep, 60, T("2026-11-01T05:31:00Z")) ==
	    T("2026-11-02T06:30:00Z"),
	    "America/New_York: synced at the first 01:30, not due at the second");
	setenv("TZ", "UTC0", 1);
	tzset();
}

static void
test_zones(void)
{
	struct fc_cron c;
	char name[256], a[32], b[32];
	int64_t got, want, t;
	size_t i, j, k;
	int rv;

	for (i = 0; i < sizeof(zone_cases) / sizeof(zone_cases[0]); i++) {
		zone(zone_cases[i].zone);
		if (fc_cron_parse(zone_cases[i].expr, &c, NULL, 0) == -1) {
			check(0, zone_cases[i].expr);
			continue;
		}
		got = fc_cron_next(&c, T(zone_cases[i].from));
		want = T(zone_cases[i].want);
		snprintf(name, sizeof(name), "%s: next \"%s\" after %s: %s",
		    zone_cases[i].zone, zone_cases[i].expr,
		    zone_cases[i].from, fmt(want, a, sizeof(a)));
		check(got == want, name);
		if (got != want)
			printf("#   got: %s\n", fmt(got, b, sizeof(b)));
	}

	for (i = 0; i < sizeof(zone_brute) / sizeof(zone_brute[0]); i++) {
		zone(zone_brute[i][0]);
		for (j = 0; j < sizeof(zone_brute_exprs) /
		    sizeof(zone_brute_exprs[0]); j++) {
			if (fc_cron_parse(zone_brute_exprs[j], &c, NULL,
			    0) == -1) {
				check(0, zone_brute_exprs[j]);
				continue;
			}
			t = T(zone_brute[i][1]);
			for (k = 0, rv = 1; k < 12 && rv; k++) {
				want = zone_brute_next(&c, t);
				got = fc_cron_next(&c, t);
				rv = want != -2 && got == want;
				if (!rv)
					printf("#   from %s: got %s, scan %s\n",
					    fmt(t, name, sizeof(name)),
					    fmt(got, a, sizeof(a)),
					    fmt(want, b, sizeof(b)));
				t = got;
			}
			snprintf(name, sizeof(name), "%s from %s: \"%s\", "
			    "12 steps agree with a minute scan",
			    zone_brute[i][0], zone_brute[i][1],
			    zone_brute_exprs[j]);
			check(rv, name);
		}
	}
	setenv("TZ", "UTC0", 1);
	tzset();
}

int
main(void)
{
	struct fc_cron c;
	char why[128], name[256], a[32], b[32];
	size_t i, j;
	int64_t got, want;
	int rv;

	/* cron follows TZ: these tables are in UTC */
	setenv("TZ", "UTC0", 1);
	tzset();
	for (i = 0; i < sizeof(parse_ok) / sizeof(parse_ok[0]); i++) {
		memset(&c, 0xff, sizeof(c));
		rv = fc_cron_parse(parse_ok[i].expr, &c, why, sizeof(why));
		snprintf(name, sizeof(name), "parse \"%s\"", parse_ok[i].expr);
		check(rv == 0 && c.minute == bits(parse_ok[i].minute) &&
		    c.hour == bits(parse_ok[i].hour) &&
		    c.mday == bits(parse_ok[i].mday) &&
		    c.month == bits(parse_ok[i].month) &&
		    c.wday == bits(parse_ok[i].wday) &&
		    c.mday_star == parse_ok[i].mday_star &&
		    c.wday_star == parse_ok[i].wday_star, name);
		if (rv != 0)
			printf("#   error: %s\n", why);
	}

	for (i = 0; i < sizeof(parse_bad) / sizeof(parse_bad[0]); i++) {
		strcpy(why, "(unset)");
		rv = fc_cron_parse(parse_bad[i].expr, &c, why, sizeof(why));
		snprintf(name, sizeof(name), "reject \"%s\": %s",
		    parse_bad[i].expr, parse_bad[i].why);
		check(rv == -1 && strcmp(why, parse_bad[i].why) == 0, name);
		if (rv == -1 && strcmp(why, parse_bad[i].why) != 0)
			printf("#   got: %s\n", why);
	}
	check(fc_cron_parse("61 * * * *", &c, NULL, 0) == -1,
	    "no room for a reason: still fails");

	for (i = 0; i < sizeof(next_cases) / sizeof(next_cases[0]); i++) {
		if (fc_cron_parse(next_cases[i].expr, &c, why,
		    sizeof(why)) == -1) {
			check(0, next_cases[i].expr);
			continue;
		}
		got = fc_cron_next(&c, T(next_cases[i].from));
		want = next_cases[i].want ? T(next_cases[i].want) : -1;
		snprintf(name, sizeof(name), "next \"%s\" after %s: %s",
		    next_cases[i].expr, next_cases[i].from,
		    fmt(want, a, sizeof(a)));
		check(got == want, name);
		if (got != want)
			printf("#   got: %s\n", fmt(got, b, sizeof(b)));
	}

	for (i = 0; i < sizeof(brute_exprs) / sizeof(brute_exprs[0]); i++) {
		if (fc_cron_parse(brute_exprs[i], &c, why, sizeof(why)) == -1) {
			check(0, brute_exprs[i]);
			continue;
		}
		for (j = 0; j < sizeof(brute_starts) / sizeof(brute_starts[0]);
		    j++) {
			int64_t t = T(brute_starts[j]);
			int k;

			/* a few steps in a row, each from the last */
			for (k = 0, rv = 1; k < 4 && rv; k++) {
				want = brute_next(&c, t);
				got = fc_cron_next(&c, t);
				rv = want != -2 && got == want;
				t = got;
			}
			snprintf(name, sizeof(name),
			    "\"%s\" from %s: 4 steps agree with a minute scan",
			    brute_exprs[i], brute_starts[j]);
			check(rv, name);
		}
	}

	test_sched();
	test_zones();

	printf("1..%d\n", ntest);
	return nfail != 0;
}
