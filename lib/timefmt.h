/*
 * timefmt.h: times as fc stores and prints them: RFC 3339 in UTC with a
 * Z and whole seconds ("2026-11-25T13:15:00Z").  Such strings sort as
 * the times they name, which the SQLite schema relies on.
 */
#ifndef FC_TIMEFMT_H
#define FC_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define FC_TIMELEN	sizeof("2026-11-25T13:15:00Z")

/* Formats t into buf (at least FC_TIMELEN bytes); returns buf. */
char	*fc_time_fmt(int64_t t, char *buf);

/*
 * Parses RFC 3339 ("…Z" or "…+01:00", fractions of a second ignored) or
 * a plain "YYYY-MM-DD HH:MM:SS" taken as UTC.  Returns 0 or -1.
 */
int	 fc_time_parse(const char *s, int64_t *t);

/* The current time, or the FC_NOW environment variable when set (tests). */
int64_t	 fc_time_now(void);

/*
 * Milliseconds on the monotonic clock, for timeouts and backoff: never
 * FC_NOW, never stepped by a clock change.
 */
int64_t	 fc_time_mono_ms(void);

/* "3m", "2h", "5d": a short age for people. */
char	*fc_time_age(int64_t secs, char *buf, size_t len);

#endif
