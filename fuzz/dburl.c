/*
 * dburl.c: the DATABASE_URL parsers that need no server:
 * fc_db_url_backend() and fc_db_redact(), on any string.
 *
 * The redacted form is what messages show, so libpq is the judge: when
 * PQconninfoParse(3), which parses without connecting, finds a password
 * in the input, the input must name PostgreSQL, and libpq must find no
 * password in the redacted form.
 */
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "fuzz.h"

/* The password libpq reads in s (malloc'd), or NULL. */
static char *
password(const char *s)
{
	PQconninfoOption *opts, *o;
	char *why = NULL, *pw = NULL;

	if ((opts = PQconninfoParse(s, &why)) == NULL) {
		PQfreemem(why);
		return NULL;
	}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			CHECK((pw = strdup(o->val)) != NULL);
	PQconninfoFree(opts);
	return pw;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), *r, *pw, *left;
	const char *b;

	b = fc_db_url_backend(s);
	CHECK(strcmp(b, "sqlite") == 0 || strcmp(b, "postgresql") == 0);
	CHECK((r = fc_db_redact(s)) != NULL);
	CHECK(strlen(r) <= 2 * strlen(s) + 4);
	if ((pw = password(s)) != NULL) {
		CHECK(strcmp(b, "postgresql") == 0);
		left = password(r);
		CHECK(left == NULL);
		free(pw);
	}
	free(r);
	free(s);
	return 0;
}
