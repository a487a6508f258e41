/*
 * lines.c: fc_line_parse() and fc_jflat_scan() on any bytes.
 *
 * A file line in canonical form takes the fast path (fc_jflat_scan()
 * and fast_file() in lib/lines.c); the same line with a space after its
 * brace means the same and takes libjq's.  The two must agree field by
 * field, or both refuse with the same words, as tests/unit-json.c checks
 * for a few lines.  And what fc_jflat_scan() accepts must be exactly the
 * text jq prints for it, member by member as the scan saw them.
 */
#include <sysexits.h>
#include <string.h>

#include "json.h"
#include "lines.h"
#include "fuzz.h"

static void
samefile(const struct fc_file *a, const struct fc_file *b)
{
	CHECK(fuzz_same(a->endpoint, b->endpoint));
	CHECK(fuzz_same(a->id, b->id));
	CHECK(fuzz_same(a->name, b->name));
	CHECK(fuzz_same(a->path, b->path));
	CHECK(fuzz_same(a->link, b->link));
	CHECK(a->size == b->size);
	CHECK(a->created_at == b->created_at);
	CHECK(a->updated_at == b->updated_at);
	CHECK(fuzz_same(a->version, b->version));
	CHECK(fuzz_same(a->mime_type, b->mime_type));
	CHECK(fuzz_same(a->state, b->state));
	CHECK(fuzz_same(a->raw, b->raw));
}

static void
failed(int rv, const struct fc_err *e)
{
	if (rv == 0)
		return;
	CHECK(rv == -1);
	CHECK(e->code == EX_DATAERR || e->code == EX_OSERR);
	CHECK(e->msg[0] != '\0' && fuzz_oneline(e->msg));
}

/* Two messages the same but for the byte number they end with. */
static int
samemsg(const char *a, const char *b)
{
	const char *pa = strstr(a, " at byte "), *pb = strstr(b, " at byte ");

	if (pa == NULL || pb == NULL)
		return strcmp(a, b) == 0;
	return pa - a == pb - b && strncmp(a, b, (size_t)(pa - a)) == 0;
}

/* Both ways through fc_line_parse(). */
static void
paths(const char *buf, size_t len)
{
	struct fc_line a = { 0 }, b = { 0 };
	struct fc_err ea = { 0 }, eb = { 0 };
	char *slow;
	int ra, rb;

	ra = fc_line_parse(&a, buf, len, &ea);
	failed(ra, &ea);
	if (ra == 0)
		CHECK(a.typestr != NULL);
	if (len > 0 && buf[0] == '{') {
		CHECK((slow = malloc(len + 1)) != NULL);
		slow[0] = '{';
		slow[1] = ' ';
		memcpy(slow + 2, buf + 1, len - 1);
		rb = fc_line_parse(&b, slow, len + 1, &eb);
		CHECK(ra == rb);
		if (ra == 0) {
			CHECK(a.type == b.type);
			CHECK(fuzz_same(a.typestr, b.typestr));
			if (a.type == FC_LINE_FILE)
				samefile(&a.u.file, &b.u.file);
		} else if (ea.msg[0] == '"')
			/* errors name a column or a byte, one apart here */
			CHECK(samemsg(ea.msg, eb.msg));
		fc_line_clear(&b);
		free(slow);
	}
	fc_line_clear(&a);
}

/* One member of a canonical object, as the scan and libjq see it. */
static void
member(const struct fc_jflat *f, size_t i, const struct fc_jdoc *d)
{
	char *key, *dump;
	const char *s;
	int64_t v1, v2;
	int r1, r2, b;

	CHECK((key = strndup(f->m[i].key, f->m[i].keylen)) != NULL);
	CHECK(strlen(key) == f->m[i].keylen);
	switch (f->m[i].kind) {
	case FC_JSTR:
		CHECK(fc_jdoc_str(d, key, &s) == 0);
		CHECK(strlen(s) == f->m[i].len &&
		    memcmp(s, f->m[i].val, f->m[i].len) == 0);
		break;
	case FC_JNULL:
		CHECK(fc_jdoc_str(d, key, &s) == 1);
		break;
	case FC_JTRUE:
	case FC_JFALSE:
		CHECK(fc_jdoc_bool(d, key, &b) == 0);
		CHECK(b == (f->m[i].kind == FC_JTRUE));
		break;
	default:
		CHECK(fc_jdoc_dump(d, key, &dump) == 0);
		CHECK(strlen(dump) == f->m[i].len &&
		    memcmp(dump, f->m[i].val, f->m[i].len) == 0);
		free(dump);
		break;
	}
	r1 = fc_jflat_int(f, i, &v1);
	r2 = fc_jdoc_int(d, key, &v2);
	CHECK(r1 == r2);
	CHECK(r1 != 0 || v1 == v2);
	free(key);
}

static void
scan(const char *buf, size_t len)
{
	struct fc_jflat f;
	struct fc_jdoc *d;
	struct fc_err e = { 0 };
	char *text;
	size_t i;

	if (fc_jflat_scan(buf, len, &f) != 0)
		return;
	CHECK(f.n <= FC_JFLAT_MAX);
	CHECK((d = fc_jdoc_parse(buf, len, &e)) != NULL);
	CHECK((text = fc_jdoc_text(d)) != NULL);
	CHECK(strlen(text) == len && memcmp(text, buf, len) == 0);
	for (i = 0; i < f.n; i++)
		member(&f, i, d);
	free(text);
	fc_jdoc_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_jq_leaks(data, size))
		return 0;
	paths((const char *)data, size);
	scan((const char *)data, size);
	return 0;
}
