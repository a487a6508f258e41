/*
 * time.c: fc_time_parse() on any string, and fc_time_fmt() on any time.
 *
 * A parsed time formats and parses back to itself while its year fits
 * in four digits; a time written as fc writes them ("…T…Z", whole
 * seconds, no leap second) formats back to the same text.  Eight bytes
 * of input taken as a time format into fc's form, which parses back to
 * that time, or to the epoch when the year does not fit.
 */
#include <string.h>

#include "timefmt.h"
#include "fuzz.h"

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define TMIN	(-62167219200LL)
#define TMAX	253402300799LL

/* "YYYY-MM-DDTHH:MM:SSZ" with seconds below 60 */
static int
canonical(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return 0;
	return s[17] < '6';
}

static void
fmt(int64_t t)
{
	char buf[FC_TIMELEN];
	int64_t back;

	CHECK(fc_time_fmt(t, buf) == buf);
	CHECK(strlen(buf) == FC_TIMELEN - 1);
	CHECK(canonical(buf));
	CHECK(fc_time_parse(buf, &back) == 0);
	CHECK(back == (t >= TMIN && t <= TMAX ? t : 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), buf[FC_TIMELEN];
	int64_t t;
	uint64_t u;

	if (fc_time_parse(s, &t) == 0) {
		fmt(t);
		if (canonical(s))
			CHECK(strcmp(fc_time_fmt(t, buf), s) == 0);
	}
	if (size >= 8) {
		memcpy(&u, data, 8);
		fmt((int64_t)u);
	}
	free(s);
	return 0;
}
