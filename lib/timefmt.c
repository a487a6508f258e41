/*
 * timefmt.c: RFC 3339 UTC times.  timegm(3) and gmtime_r(3) do the
 * calendar; this file only formats and checks the shape.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

/* Writes v as n digits, from the right. */
static void
put(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * The digits are written by hand: strftime(3) goes through the locale
 * and cost more than the calendar, and fc-ingest formats a time or two
 * per file line.
 */
char *
fc_time_fmt(int64_t t, char *buf)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		memcpy(buf, "1970-01-01T00:00:00Z", FC_TIMELEN);
		return buf;
	}
	memcpy(buf, "0000-00-00T00:00:00Z", FC_TIMELEN);
	put(buf, tm.tm_year + 1900, 4);
	put(buf + 5, tm.tm_mon + 1, 2);
	put(buf + 8, tm.tm_mday, 2);
	put(buf + 11, tm.tm_hour, 2);
	put(buf + 14, tm.tm_min, 2);
	put(buf + 17, tm.tm_sec, 2);
	return buf;
}

/* Reads exactly n digits; returns -1 on anything else. */
static int
digits(const char **sp, int n)
{
	const char *s = *sp;
	int v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	*sp = s;
	return v;
}

int
fc_time_parse(const char *s, int64_t *t)
{
	struct tm tm;
	int off = 0, sign, oh, om;
	time_t v;

	memset(&tm, 0, sizeof(tm));
	if ((tm.tm_year = digits(&s, 4)) < 0 || *s++ != '-' ||
	    (tm.tm_mon = digits(&s, 2)) < 1 || tm.tm_mon > 12 ||
	    *s++ != '-' ||
	    (tm.tm_mday = digits(&s, 2)) < 1 || tm.tm_mday > 31 ||
	    (*s != 'T' && *s != 't' && *s != ' '))
		return -1;
	s++;
	if ((tm.tm_hour = digits(&s, 2)) < 0 || tm.tm_hour > 23 ||
	    *s++ != ':' ||
	    (tm.tm_min = digits(&s, 2)) < 0 || tm.tm_min > 59 ||
	    *s++ != ':' ||
	    /* 60 is a leap second; timegm folds it into the next minute */
	    (tm.tm_sec = digits(&s, 2)) < 0 || tm.tm_sec > 60)
		return -1;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if ((oh = digits(&s, 2)) < 0 || oh > 23 || *s++ != ':' ||
		    (om = digits(&s, 2)) < 0 || om > 59)
			return -1;
		off = sign * (oh * 3600 + om * 60);
	} else if (*s != '\0')
		return -1;
	if (*s != '\0')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((v = timegm(&tm)) == (time_t)-1)
		return -1;
	*t = (int64_t)v - off;
	return 0;
}

int64_t
fc_time_now(void)
{
	const char *s;
	int64_t t;

	if ((s = getenv("FC_NOW")) != NULL && fc_time_parse(s, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

char *
fc_time_age(int64_t secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, len, "%llds", (long long)secs);
	else if (secs < 3600)
		snprintf(buf, len, "%lldm", (long long)(secs / 60));
	else if (secs < 2 * 86400)
		snprintf(buf, len, "%lldh", (long long)(secs / 3600));
	else
		snprintf(buf, len, "%lldd", (long long)(secs / 86400));
	return buf;
}

int64_t
fc_time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
