/*
 * cron.c: fc_cron_parse() on any string, and fc_cron_next() on what it
 * accepts, in UTC.
 *
 * A refusal says why in one line.  An accepted expression has bits only
 * where its fields have values, and the next time it names after a few
 * fixed instants is a later minute that matches it; when that is within
 * two days, no minute between matches, and when there is none, no day of
 * the next eight years matches: both checked here by brute force with
 * gmtime_r(3) and crontab(5)'s rules, independently of lib/sched.c.
 */
#include <string.h>
#include <time.h>

#include "sched.h"
#include "fuzz.h"

/* crontab(5): the day fields OR, unless either starts with "*" */
static int
dayok(const struct fc_cron *c, const struct tm *tm)
{
	int dom = (c->mday >> tm->tm_mday) & 1;
	int dow = (c->wday >> tm->tm_wday) & 1;

	if (!((c->month >> (tm->tm_mon + 1)) & 1))
		return 0;
	return c->mday_star || c->wday_star ? dom && dow : dom || dow;
}

static int
matches(const struct fc_cron *c, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	CHECK(gmtime_r(&tt, &tm) != NULL);
	return t % 60 == 0 && dayok(c, &tm) && ((c->hour >> tm.tm_hour) & 1) &&
	    ((c->minute >> tm.tm_min) & 1);
}

static void
next(const struct fc_cron *c, int64_t t)
{
	struct tm tm;
	time_t tt;
	int64_t n, m;
	int day;

	n = fc_cron_next(c, t);
	if (n == -1) {
		for (day = 0; day <= 8 * 366; day++) {
			tt = (time_t)(t + (int64_t)day * 86400);
			CHECK(gmtime_r(&tt, &tm) != NULL);
			CHECK(!dayok(c, &tm));
		}
		return;
	}
	CHECK(n > t);
	CHECK(matches(c, n));
	if (n - t <= 2 * 86400)
		for (m = (t / 60 + 1) * 60; m < n; m += 60)
			CHECK(!matches(c, m));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zoned;
	char *s = fuzz_cstr(data, size), why[128];
	struct fc_cron c;

	if (!zoned) {
		setenv("TZ", "UTC", 1);
		tzset();
		zoned = 1;
	}
	memset(why, 'x', sizeof(why));
	if (fc_cron_parse(s, &c, why, sizeof(why)) == -1) {
		CHECK(memchr(why, '\0', sizeof(why)) != NULL);
		CHECK(why[0] != '\0' && fuzz_oneline(why));
		free(s);
		return 0;
	}
	CHECK((c.minute >> 60) == 0);
	CHECK((c.hour >> 24) == 0);
	CHECK((c.mday & 1) == 0);
	CHECK((c.month & 1) == 0 && (c.month >> 13) == 0);
	CHECK((c.wday >> 7) == 0);
	CHECK(c.minute && c.hour && c.mday && c.month && c.wday);
	next(&c, 1764076500);		/* 2025-11-25T13:15:00Z */
	next(&c, 4102444770);		/* 2099-12-31T23:59:30Z */
	next(&c, 951782400);		/* 2000-02-29T00:00:00Z */
	free(s);
	return 0;
}
