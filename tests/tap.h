/*
 * tap.h: TAP from the C unit tests: ok() and is() print a numbered line
 * each (is() the two strings after a failure), and tap_done() the plan,
 * last, returning main()'s exit status.  Included by one file only.
 */
#ifndef FC_TAP_H
#define FC_TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_n, tap_failed;

static inline void
ok(int cond, const char *desc)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, desc);
}

/* Two strings the same, or both NULL. */
static inline void
is(const char *got, const char *want, const char *desc)
{
	int same = got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want;

	ok(same, desc);
	if (!same)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		    want ? want : "(null)");
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
