/*
 * token.c: fc_tok_parse(), the strict reader of a token file, on any
 * bytes.
 *
 * A refusal is one line of EX_DATAERR (EX_OSERR when memory ran out)
 * that quotes nothing of the file: no byte of it past ASCII, and none of
 * its access or refresh token when that is one no message could hold of
 * its own (fuzz_quotes_token()).  A refused file leaves nothing behind in
 * *t.  What is accepted has a grant and a token, and writes
 * (fc_tok_json) and reads back to the same token: fc never rewrites a
 * login into something else, or into a file it cannot read again.
 */
#include <string.h>

#include "token.h"
#include "fuzz.h"

#define NAME	"T"	/* the file name in messages: one short ASCII word */

static void
refused(const uint8_t *data, size_t size, const struct fc_token *t,
    const struct fc_err *e)
{
	static const struct fc_token zero;
	const char *m;

	CHECK(e->code == EX_DATAERR || e->code == EX_OSERR);
	CHECK(e->msg[0] != '\0' && fuzz_oneline(e->msg));
	CHECK(strncmp(e->msg, NAME ": ", strlen(NAME ": ")) == 0 ||
	    e->code == EX_OSERR);
	for (m = e->msg; *m != '\0'; m++)
		CHECK((unsigned char)*m < 0x80);
	CHECK(memcmp(t, &zero, sizeof(zero)) == 0);
	CHECK(!fuzz_quotes_token(data, size, e->msg));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_token t, t2;
	struct fc_err e = { 0 };
	struct fc_jw w;

	if (fuzz_jq_leaks(data, size))
		return 0;
	if (fc_tok_parse((const char *)data, size, NAME, &t, &e) == -1) {
		refused(data, size, &t, &e);
		return 0;
	}
	CHECK(t.grant != NULL);
	CHECK(t.access_token != NULL || t.refresh_token != NULL);

	fc_jw_init(&w);
	fc_tok_json(&t, &w);
	CHECK(!w.oom && !w.lossy);
	if (fc_tok_parse(w.buf, w.len, NAME, &t2, &e) == -1) {
		fprintf(stderr, "written back and refused: %s\n", e.msg);
		CHECK(0);
	}
	CHECK(fuzz_same(t.grant, t2.grant));
	CHECK(fuzz_same(t.access_token, t2.access_token));
	CHECK(fuzz_same(t.refresh_token, t2.refresh_token));
	CHECK(fuzz_same(t.scopes, t2.scopes));
	CHECK(fuzz_same(t.client_id, t2.client_id));
	CHECK(t.expires_at == t2.expires_at);
	CHECK(t.refresh_expires_at == t2.refresh_expires_at);
	CHECK(t.obtained_at == t2.obtained_at);
	CHECK(fuzz_same(t.refused, t2.refused));
	CHECK(t.refused_at == t2.refused_at);
	fc_jw_free(&w);
	fc_token_clear(&t);
	fc_token_clear(&t2);
	return 0;
}
