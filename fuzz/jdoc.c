/*
 * jdoc.c: fc_jdoc_parse() and its accessors on any bytes.
 *
 * Every accessor is asked for a few keys, of objects nested a little
 * too, and must answer within its contract (0, 1 or -1; what it lends
 * or gives is usable).  The text of a parsed document must parse again
 * to the same text, and a refusal must be one line of EX_DATAERR.
 */
#include <sysexits.h>
#include <string.h>

#include "json.h"
#include "fuzz.h"

static const char *const keys[] = {
	"type", "endpoint", "id", "name", "size", "raw", "details",
	"file_types", "a", "", NULL
};

static void
ask(const struct fc_jdoc *d, int depth)
{
	const char *const *k;
	const char *s, **v;
	struct fc_jdoc *sub;
	char *dump;
	int64_t n;
	size_t len, i;
	int r, b;

	for (k = keys; *k != NULL; k++) {
		r = fc_jdoc_str(d, *k, &s);
		CHECK(r >= -1 && r <= 1);
		if (r == 0)
			CHECK(strlen(s) < SIZE_MAX);
		r = fc_jdoc_bool(d, *k, &b);
		CHECK(r >= -1 && r <= 1);
		CHECK(r != 0 || b == 0 || b == 1);
		r = fc_jdoc_int(d, *k, &n);
		CHECK(r >= -1 && r <= 1);
		r = fc_jdoc_dump(d, *k, &dump);
		CHECK(r >= -1 && r <= 1);
		if (r == 0) {
			CHECK(dump[0] != '\0');
			free(dump);
		}
		r = fc_jdoc_strv(d, *k, &v, &len);
		CHECK(r >= -1 && r <= 1);
		if (r == 0) {
			for (i = 0; i < len; i++)
				CHECK(strlen(v[i]) < SIZE_MAX);
			CHECK(v[len] == NULL);
			free(v);
		}
		r = fc_jdoc_obj(d, *k, &sub);
		CHECK(r >= -1 && r <= 1);
		if (r == 0) {
			if (depth < 2)
				ask(sub, depth + 1);
			fc_jdoc_free(sub);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_jdoc *d, *d2;
	struct fc_err e = { 0 };
	char *t, *t2;

	if (fuzz_jq_leaks(data, size))
		return 0;
	if ((d = fc_jdoc_parse((const char *)data, size, &e)) == NULL) {
		CHECK(e.code == EX_DATAERR || e.code == EX_OSERR);
		CHECK(e.msg[0] != '\0' && fuzz_oneline(e.msg));
		return 0;
	}
	ask(d, 0);
	CHECK((t = fc_jdoc_text(d)) != NULL);
	CHECK((d2 = fc_jdoc_parse(t, strlen(t), &e)) != NULL);
	CHECK((t2 = fc_jdoc_text(d2)) != NULL);
	CHECK(strcmp(t, t2) == 0);
	free(t);
	free(t2);
	fc_jdoc_free(d2);
	fc_jdoc_free(d);
	return 0;
}
