/*
 * sched.c: cron expressions and when an endpoint is next due.
 *
 * Debian 12 packages no maintained C library that parses cron
 * expressions (cron itself keeps its parser private), so this is a small
 * one.  It follows crontab(5) of Debian's (Vixie) cron: five fields,
 * "*", numbers, ranges a-b, steps /n, lists, three-letter month and day
 * names in any case, 0 or 7 for Sunday, and the @ shortcuts.  Two
 * choices where crons differ: "a/n" means a-max/n (cronie, most others),
 * and a day field counts as unrestricted when it starts with "*", so
 * "*" + "MON" is every Monday but "1" + "MON" is the 1st and every
 * Monday, as crontab(5) says.
 *
 * Times are Unix seconds.  The search for a matching minute runs on the
 * wall clock of the process's time zone, TZ (see sched.h), counted as
 * seconds of a civil timeline ("wall seconds": a local time written as
 * if it were UTC), with calendar arithmetic on proleptic Gregorian days
 * rather than timegm(3): exact, and it cannot fail.  Only the two
 * conversions between an instant and its wall time ask libc, through
 * localtime_r(3) and its tm_gmtoff, so that glibc's reading of the
 * zone's TZif file is the one truth about offsets and DST.
 *
 * DST: a wall time in the spring-forward gap does not exist; it runs at
 * the first instant after the gap.  A wall time in the fall-back overlap
 * exists twice; it runs at the first, and the second is passed over,
 * so every matching wall time runs once.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "conf.h"
#include "sched.h"

/*
 * fc_cron_next() gives up after this many years.  Eight covers the
 * longest wait a valid expression can have: 29 February, from 2096 to
 * 2104.
 */
#define SEARCH_YEARS	8

struct field {
	int	 min;
	int	 max;
	const char *const *names;	/* index = value, or NULL */
};

static const char *const month_names[] = {
	"", "jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec", NULL
};

static const char *const day_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL
};

/* minute, hour, day of month, month, day of week (7 is Sunday again) */
static const struct field fields[5] = {
	{ 0, 59, NULL },
	{ 0, 23, NULL },
	{ 1, 31, NULL },
	{ 1, 12, month_names },
	{ 0, 7, day_names }
};

static const struct {
	const char *name;
	const char *expr;
} shortcuts[] = {
	{ "@yearly", "0 0 1 1 *" },
	{ "@annually", "0 0 1 1 *" },
	{ "@monthly", "0 0 1 * *" },
	{ "@weekly", "0 0 * * 0" },
	{ "@daily", "0 0 * * *" },
	{ "@midnight", "0 0 * * *" },
	{ "@hourly", "0 * * * *" }
};

static int
reason(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
reason(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A stray character; bytes that would garble the message as hex. */
static int
unexpected(char *why, size_t whylen, int fno, char ch)
{
	if (isprint((unsigned char)ch))
		return reason(why, whylen, "field %d: unexpected \"%c\"",
		    fno + 1, ch);
	return reason(why, whylen, "field %d: unexpected byte 0x%02x", fno + 1,
	    (unsigned char)ch);
}

/*
 * The first n bytes of s, at most size - 1 of them, for a message: a
 * byte that would garble the line becomes "?".
 */
static const char *
printable(const char *s, size_t n, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

/*
 * Reads a number or a name of field f at *sp into *v and advances *sp.
 * Numbers are range-checked by the caller, which knows whether it
 * reads a value or a step.
 */
static int
value(const char **sp, const struct field *f, int fno, int *v, char *why,
    size_t whylen)
{
	const char *s = *sp;
	char name[4];
	long n;
	int i, len;

	if (isdigit((unsigned char)*s)) {
		/* saturate, so a long run of digits cannot overflow */
		for (n = 0; isdigit((unsigned char)*s); s++)
			n = n < 100000000 ? n * 10 + (*s - '0') : 999999999;
		*v = (int)n;
		*sp = s;
		return 0;
	}
	for (len = 0; isalpha((unsigned char)s[len]); len++)
		;
	if (len == 0) {
		if (*s == '\0')
			return reason(why, whylen, "field %d: value missing",
			    fno + 1);
		return unexpected(why, whylen, fno, *s);
	}
	if (f->names != NULL && len == 3) {
		for (i = 0; i < 3; i++)
			name[i] = (char)tolower((unsigned char)s[i]);
		name[3] = '\0';
		for (i = 0; f->names[i] != NULL; i++) {
			if (strcmp(name, f->names[i]) == 0) {
				*v = i;
				*sp = s + len;
				return 0;
			}
		}
	}
	return reason(why, whylen, "field %d: unknown name \"%.*s\"", fno + 1,
	    len > 12 ? 12 : len, s);
}

/* The end of "*" and "a/n": in the day of week 7 would repeat Sunday. */
static int
open_end(const struct field *f)
{
	return f->max == 7 ? 6 : f->max;
}

/* Parses one list element ("*", "a", "a-b", each with an optional /n). */
static int
element(const char **sp, const struct field *f, int fno, uint64_t *bits,
    char *why, size_t whylen)
{
	const char *s = *sp;
	int lo, hi, step = 1, v, ranged = 0;

	if (*s == '*') {
		s++;
		lo = f->min;
		hi = open_end(f);
		ranged = 1;
	} else {
		if (value(&s, f, fno, &lo, why, whylen) == -1)
			return -1;
		if (lo < f->min || lo > f->max)
			return reason(why, whylen,
			    "field %d: %d out of range %d-%d", fno + 1, lo,
			    f->min, f->max);
		hi = lo;
		if (*s == '-') {
			s++;
			if (value(&s, f, fno, &hi, why, whylen) == -1)
				return -1;
			if (hi < f->min || hi > f->max)
				return reason(why, whylen,
				    "field %d: %d out of range %d-%d",
				    fno + 1, hi, f->min, f->max);
			if (hi < lo)
				return reason(why, whylen,
				    "field %d: range %d-%d runs backwards",
				    fno + 1, lo, hi);
			ranged = 1;
		}
	}
	if (*s == '/') {
		s++;
		if (!isdigit((unsigned char)*s))
			return reason(why, whylen,
			    "field %d: step must be a number", fno + 1);
		if (value(&s, f, fno, &step, why, whylen) == -1)
			return -1;
		if (step < 1 || step > f->max)
			return reason(why, whylen,
			    "field %d: step %d out of range 1-%d", fno + 1,
			    step, f->max);
		/* "a/n": from a to the end; "7/n" in the day of week is 7 */
		if (!ranged)
			hi = lo > open_end(f) ? lo : open_end(f);
	}
	if (*s != '\0' && *s != ',')
		return unexpected(why, whylen, fno, *s);
	for (v = lo; v <= hi; v += step)
		*bits |= (uint64_t)1 << (f->max == 7 ? v % 7 : v);
	*sp = s;
	return 0;
}

/* Parses field fno, NUL-terminated in s. */
static int
field(const char *s, int fno, uint64_t *bits, int *star, char *why,
    size_t whylen)
{
	const struct field *f = &fields[fno];

	*bits = 0;
	/* crontab(5): a day field is restricted unless it starts with "*" */
	*star = *s == '*';
	for (;;) {
		if (*s == ',' || *s == '\0')
			return reason(why, whylen, "field %d: empty list item",
			    fno + 1);
		if (element(&s, f, fno, bits, why, whylen) == -1)
			return -1;
		if (*s == '\0')
			return 0;
		s++;	/* the comma */
	}
}

int
fc_cron_parse(const char *expr, struct fc_cron *c, char *why, size_t whylen)
{
	char buf[256], *fv[5];
	uint64_t bits[5];
	int star[5];
	size_t i, len;
	int n;

	while (isspace((unsigned char)*expr))
		expr++;
	if (*expr == '@') {
		for (len = 0; expr[len] != '\0' &&
		    !isspace((unsigned char)expr[len]); len++)
			;
		for (i = 0; i < sizeof(shortcuts) / sizeof(shortcuts[0]); i++)
			if (strlen(shortcuts[i].name) == len &&
			    strncasecmp(expr, shortcuts[i].name, len) == 0)
				break;
		if (i == sizeof(shortcuts) / sizeof(shortcuts[0]))
			return reason(why, whylen, "unknown shortcut \"%s\"",
			    printable(expr, len, buf, 17));
		while (isspace((unsigned char)expr[len]))
			len++;
		if (expr[len] != '\0')
			return reason(why, whylen,
			    "nothing may follow %s", shortcuts[i].name);
		return fc_cron_parse(shortcuts[i].expr, c, why, whylen);
	}
	if (strlen(expr) >= sizeof(buf))
		return reason(why, whylen, "expression too long");
	memcpy(buf, expr, strlen(expr) + 1);

	n = 0;
	for (char *p = buf; *p != '\0';) {
		while (isspace((unsigned char)*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n < 5)
			fv[n] = p;
		n++;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
	}
	if (n == 0)
		return reason(why, whylen, "empty expression");
	if (n != 5)
		return reason(why, whylen, "expected 5 fields, found %d", n);
	for (i = 0; i < 5; i++)
		if (field(fv[i], (int)i, &bits[i], &star[i], why, whylen) == -1)
			return -1;

	memset(c, 0, sizeof(*c));
	c->minute = bits[0];
	c->hour = (uint32_t)bits[1];
	c->mday = (uint32_t)bits[2];
	c->month = (uint16_t)bits[3];
	c->wday = (uint8_t)bits[4];
	c->mday_star = star[2];
	c->wday_star = star[4];
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
month_days(int64_t y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int
day_matches(const struct fc_cron *c, int64_t days, int mday)
{
	/* day 0, 1970-01-01, was a Thursday */
	int wday = (int)(((days % 7) + 11) % 7);
	int dom = (c->mday >> mday) & 1;
	int dow = (c->wday >> wday) & 1;

	if (c->mday_star || c->wday_star)
		return dom && dow;
	return dom || dow;
}

/*
 * The first matching wall minute strictly after the wall time t, or -1.
 * Walks forward a month, a day or an hour at a time while the larger
 * unit does not match, so even a rare expression takes a few thousand
 * steps at most, not one per minute.
 */
static int64_t
wall_next(const struct fc_cron *c, int64_t t)
{
	int64_t days, secs, y, ylimit;
	int mo, d, h, mi;

	/* the first whole minute strictly after t */
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	secs = secs / 60 * 60 + 60;
	if (secs == 86400) {
		secs = 0;
		days++;
	}
	civil_from_days(days, &y, &mo, &d);
	h = (int)(secs / 3600);
	mi = (int)(secs % 3600 / 60);
	ylimit = y + SEARCH_YEARS;

	for (;;) {
		if (mi > 59) {
			mi = 0;
			h++;
		}
		if (h > 23) {
			h = 0;
			d++;
		}
		if (mo > 12) {		/* skipped past December */
			mo = 1;
			y++;
		}
		if (d > month_days(y, mo)) {
			d = 1;
			mo++;
		}
		if (mo > 12) {
			mo = 1;
			y++;
		}
		if (y > ylimit)
			return -1;
		if (!((c->month >> mo) & 1)) {
			mo++;
			d = 1;
			h = mi = 0;
			continue;
		}
		days = days_from_civil(y, mo, d);
		if (!day_matches(c, days, d)) {
			d++;
			h = mi = 0;
			continue;
		}
		if (!((c->hour >> h) & 1)) {
			h++;
			mi = 0;
			continue;
		}
		while (mi <= 59 && !((c->minute >> mi) & 1))
			mi++;
		if (mi > 59)
			continue;
		return days * 86400 + h * 3600 + mi * 60;
	}
}

/* The UTC offset in force at the instant t, in seconds east. */
static int
gmtoff(int64_t t, int64_t *off)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return -1;
	*off = tm.tm_gmtoff;
	return 0;
}

/*
 * The instant the wall time w first shows, or -1.  The offsets in force
 * a day either side and at w itself bracket any transition near it (no
 * zone moves twice in two days); an instant w - off whose own offset is
 * off shows w.  None does: w is in a gap, and the answer is the moment
 * the gap ends, the first instant whose wall time is past w, found by
 * bisection between the two candidates.
 */
static int64_t
wall_instant(int64_t w)
{
	int64_t off[3], o, u, best = 0, lo, hi, mid;
	int i, found = 0;

	if (gmtoff(w - 86400, &off[0]) == -1 || gmtoff(w, &off[1]) == -1 ||
	    gmtoff(w + 86400, &off[2]) == -1)
		return -1;
	lo = hi = w - off[0];
	for (i = 0; i < 3; i++) {
		u = w - off[i];
		if (gmtoff(u, &o) == -1)
			return -1;
		if (o == off[i] && (!found || u < best)) {
			best = u;
			found = 1;
		}
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	if (found)
		return best;
	/* wall time at lo is before w, at hi after it */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (gmtoff(mid, &o) == -1)
			return -1;
		if (mid + o > w)
			hi = mid;
		else
			lo = mid;
	}
	/* transitions fall on whole minutes; make sure of it */
	o = ((hi % 60) + 60) % 60;
	return o == 0 ? hi : hi + 60 - o;
}

/*
 * A wall minute whose first instant is not after t has passed: it is
 * the second showing of a fall-back hour, which does not run again.
 * The loop goes on to the next; it turns at most once per minute of
 * such an hour, and the bound only stops a zone file gone mad.
 */
int64_t
fc_cron_next(const struct fc_cron *c, int64_t t)
{
	int64_t w, u, off;
	int i;

	if (t > INT64_MAX / 2 || t < INT64_MIN / 2 || gmtoff(t, &off) == -1)
		return -1;
	w = t + off;
	for (i = 0; i < 10000; i++) {
		if ((w = wall_next(c, w)) == -1 || (u = wall_instant(w)) == -1)
			return -1;
		if (u > t)
			return u;
	}
	return -1;
}

static int64_t
interval_secs(const struct fc_endpoint *ep, int default_interval)
{
	int iv = ep->schedule.interval_minutes;

	if (iv <= 0)
		iv = default_interval > 0 ? default_interval : 60;
	return (int64_t)iv * 60;
}

int64_t
fc_sched_next(const struct fc_endpoint *ep, int default_interval,
    int64_t last_ok)
{
	struct fc_cron c;
	int64_t next;

	switch (ep->schedule.type) {
	case FC_SCHED_INTERVAL:
		if (last_ok == 0)
			return 0;
		return last_ok + interval_secs(ep, default_interval);
	case FC_SCHED_CRON:
		/* the config loader has checked the expression */
		if (ep->schedule.cron == NULL ||
		    fc_cron_parse(ep->schedule.cron, &c, NULL, 0) == -1)
			return INT64_MAX;
		if (last_ok == 0)
			return 0;
		/*
		 * The first slot after the last good sync: however many
		 * slots passed while nothing ran, this one is due once, and
		 * the sync it triggers moves last_ok past them all.
		 */
		next = fc_cron_next(&c, last_ok);
		return next == -1 ? INT64_MAX : next;
	case FC_SCHED_MANUAL:
	default:
		return INT64_MAX;
	}
}

int64_t
fc_sched_deadline(const struct fc_endpoint *ep, int default_interval,
    int64_t since)
{
	struct fc_cron c;
	int64_t first;

	if (since == 0)
		return INT64_MAX;
	switch (ep->schedule.type) {
	case FC_SCHED_INTERVAL:
		return since + 2 * interval_secs(ep, default_interval);
	case FC_SCHED_CRON:
		if (ep->schedule.cron == NULL ||
		    fc_cron_parse(ep->schedule.cron, &c, NULL, 0) == -1 ||
		    (first = fc_cron_next(&c, since)) == -1 ||
		    (first = fc_cron_next(&c, first)) == -1)
			return INT64_MAX;
		return first;
	case FC_SCHED_MANUAL:
	default:
		return INT64_MAX;
	}
}
