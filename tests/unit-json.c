/*
 * unit-json.c: TAP tests of json.c, lines.c and timefmt.c: the line
 * formats round-trip, strange strings stay valid JSON, and errors name
 * the field without quoting the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "json.h"
#include "lines.h"
#include "timefmt.h"
#include "tap.h"

/* Writes with w into a string (the caller frees). */
static char *
emitted(int (*fn)(FILE *, struct fc_jw *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct fc_jw w;

	fc_jw_init(&w);
	fn(fp, &w, arg);
	fc_jw_free(&w);
	fclose(fp);
	return buf;
}

static int
emit_file(FILE *fp, struct fc_jw *w, const void *f)
{
	return fc_emit_file(fp, w, f);
}

static void
test_file_roundtrip(void)
{
	struct fc_file f = {
		.endpoint = "e1", .id = "a/b c.pdf", .name = "b c.pdf",
		.path = "a/b c.pdf", .link = "file:///x/a/b%20c.pdf",
		.size = 9007199254740993LL, .created_at = 0,
		.updated_at = 1764076500, .version = "1", .mime_type = NULL,
		.state = "hidden", .raw = "{\"k\":[1,2]}",
	};
	struct fc_line l = { 0 };
	struct fc_err e = { 0 };
	char *s = emitted(emit_file, &f);

	is(s, "{\"type\":\"file\",\"endpoint\":\"e1\",\"id\":\"a/b c.pdf\","
	    "\"name\":\"b c.pdf\",\"path\":\"a/b c.pdf\","
	    "\"link\":\"file:///x/a/b%20c.pdf\",\"size\":\"9007199254740993\","
	    "\"created_at\":null,\"updated_at\":\"2025-11-25T13:15:00Z\","
	    "\"version\":\"1\",\"mime_type\":null,\"state\":\"hidden\","
	    "\"raw\":{\"k\":[1,2]}}\n", "a file line as documented");
	ok(fc_line_parse(&l, s, strlen(s) - 1, &e) == 0, "it parses back");
	ok(l.type == FC_LINE_FILE, "as a file line");
	ok(l.u.file.size == 9007199254740993LL, "size past 2^53 exact");
	ok(l.u.file.updated_at == 1764076500, "updated_at");
	ok(l.u.file.created_at == 0, "null created_at");
	is(l.u.file.raw, "{\"k\":[1,2]}", "raw kept as compact JSON");
	is(l.u.file.state, "hidden", "state");
	fc_line_clear(&l);
	free(s);
}

static void
test_strings(void)
{
	struct fc_jw w;
	struct fc_line l = { 0 };
	struct fc_err e = { 0 };
	const char *odd = "q\"b\\n\nt\tc\x01 \xc3\xa9 \xff\xfe end \xed\xa0\x80";
	char buf[256];

	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_str(&w, "type", "x-odd");
	fc_jw_str(&w, "s", odd);
	fc_jw_end_obj(&w);
	snprintf(buf, sizeof(buf), "%.*s", (int)w.len, w.buf);
	is(buf, "{\"type\":\"x-odd\",\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001 "
	    "\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd end "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"}",
	    "escapes, UTF-8 kept, invalid bytes and surrogates as U+FFFD");
	ok(fc_line_parse(&l, w.buf, w.len, &e) == 0 &&
	    l.type == FC_LINE_OTHER, "an unknown type parses as other");
	is(l.typestr, "x-odd", "and keeps its type name");
	fc_line_clear(&l);
	ok(w.lossy, "the writer knows a value was changed");
	ok(fc_jw_line(&w, stdout) == -1 && errno == EILSEQ && w.len == 0,
	    "so fc_jw_line refuses it, writing nothing");
	fc_jw_obj(&w, NULL);
	fc_jw_str(&w, "s", "\xc3\xa9");
	fc_jw_end_obj(&w);
	ok(!w.lossy, "UTF-8 alone changes nothing");
	fc_jw_free(&w);
	ok(fc_utf8_valid("a\xc3\xa9", 3) && !fc_utf8_valid("a\0b", 3) &&
	    !fc_utf8_valid("\xc0\xaf", 2) && !fc_utf8_valid("\xed\xa0\x80", 3),
	    "fc_utf8_valid: UTF-8 yes; NUL, overlong, surrogate no");
}

static void
bad(const char *line, const char *want, const char *desc)
{
	struct fc_line l = { 0 };
	struct fc_err e = { 0 };

	ok(fc_line_parse(&l, line, strlen(line), &e) == -1 &&
	    e.code == EX_DATAERR, desc);
	is(e.msg, want, "  and says why");
	fc_line_clear(&l);
}

static void
test_errors(void)
{
	bad("{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\",\"name\":\"n\","
	    "\"size\":true}", "\"size\": expected an integer", "bad size");
	bad("{\"type\":\"file\",\"endpoint\":\"e\",\"name\":\"n\"}",
	    "\"id\": missing", "missing id");
	bad("{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\",\"name\":\"n\","
	    "\"state\":\"gone\"}",
	    "\"state\": expected present, trashed, hidden or deleted",
	    "bad state");
	bad("{\"type\":\"end\",\"endpoint\":\"e\"}",
	    "\"complete\": expected true or false", "end without complete");
	bad("{\"type\":\"begin\",\"endpoint\":\"e\",\"endpoint_type\":\"local\","
	    "\"mode\":\"some\"}", "\"mode\": expected full or delta",
	    "bad mode");
	bad("{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\",\"name\":\"n\","
	    "\"updated_at\":\"yesterday\"}",
	    "\"updated_at\": expected an RFC 3339 time", "bad time");
	bad("[1,2]", "not a JSON object: an array", "not an object");
	/* jq's reasons in fc's words, with where it stopped */
	bad("garbage", "not a JSON object: a word that is not a JSON value "
	    "at byte 7", "a bare word");
	bad("{\"type\":\"file\",", "not a JSON object: it ends early at "
	    "byte 15", "cut short");
	bad("{\"a\":1}{\"b\":2}", "not a JSON object: more than one JSON "
	    "value", "two values");
	bad("   ", "not a JSON object: no JSON value", "blank");
	bad("{\"type\":3}", "\"type\": expected a string", "type not a string");
}

static void
test_secret_not_quoted(void)
{
	struct fc_line l = { 0 };
	struct fc_err e = { 0 };
	const char *line = "{\"type\":\"file\",\"token\":\"s3cr3t-T0KEN\"";

	ok(fc_line_parse(&l, line, strlen(line), &e) == -1,
	    "truncated JSON fails");
	ok(strstr(e.msg, "s3cr3t") == NULL && e.msg[0] != '\0',
	    "the message does not quote the input");
	fc_line_clear(&l);
}

static void
test_endpoint_line(void)
{
	const char *s = "{\"type\":\"endpoint\",\"endpoint\":\"d\","
	    "\"endpoint_type\":\"local\",\"details\":{\"root\":\"/srv\","
	    "\"file_types\":[\"pdf\",\"dwg\"],\"include_subfolders\":false},"
	    "\"schedule\":{\"type\":\"cron\",\"cron\":\"0 * * * *\"},"
	    "\"cursor\":\"c1\",\"run\":\"r\"}";
	struct fc_line l = { 0 };
	struct fc_err e = { 0 };
	const struct fc_endpoint *ep = &l.u.endpoint.ep;

	ok(fc_line_parse(&l, s, strlen(s), &e) == 0 &&
	    l.type == FC_LINE_ENDPOINT, "endpoint line parses");
	is(ep->details.root, "/srv", "details.root");
	ok(ep->details.n_file_types == 2 &&
	    strcmp(ep->details.file_types[1], "dwg") == 0, "file_types");
	ok(ep->details.include_subfolders == 0, "include_subfolders");
	ok(ep->schedule.type == FC_SCHED_CRON, "schedule type");
	is(l.u.endpoint.cursor, "c1", "cursor");
	is(ep->details.json, "{\"root\":\"/srv\",\"file_types\":[\"pdf\","
	    "\"dwg\"],\"include_subfolders\":false}", "details as JSON");
	fc_line_clear(&l);
}

static void
test_times(void)
{
	int64_t t;
	char buf[FC_TIMELEN];

	ok(fc_time_parse("2026-11-25T13:15:00Z", &t) == 0 &&
	    t == 1795612500, "RFC 3339 Z");
	ok(fc_time_parse("2026-11-25T14:15:00.123+01:00", &t) == 0 &&
	    t == 1795612500, "offset and fraction");
	/* the three forms APS writes (aps.md, Fields) */
	ok(fc_time_parse("2026-11-25T13:15:00.000Z", &t) == 0 &&
	    t == 1795612500, "APS: three fraction digits");
	ok(fc_time_parse("2026-11-25T13:15:00.0000000Z", &t) == 0 &&
	    t == 1795612500, "APS: seven fraction digits");
	ok(fc_time_parse("2026-11-25T13:15:00+00:00", &t) == 0 &&
	    t == 1795612500, "APS: +00:00");
	ok(fc_time_parse("2026-11-25T13:15:00.Z", &t) == -1,
	    "a dot without digits");
	is(fc_time_fmt(1795612500, buf), "2026-11-25T13:15:00Z", "format");
	is(fc_time_fmt(-1, buf), "1969-12-31T23:59:59Z", "format before 1970");
	is(fc_time_fmt(253402300799, buf), "9999-12-31T23:59:59Z",
	    "format the last second of year 9999");
	is(fc_time_fmt(253402300800, buf), "1970-01-01T00:00:00Z",
	    "a year of five digits does not fit: the epoch");
	ok(fc_time_parse("0001-01-01T00:00:00Z", &t) == 0 &&
	    strcmp(fc_time_fmt(t, buf), "0001-01-01T00:00:00Z") == 0,
	    "year 1 there and back");
	ok(fc_time_parse("2026-13-01T00:00:00Z", &t) == -1, "month 13");
	ok(fc_time_parse("2026-02-31T00:00:00Z", &t) == -1,
	    "31 February is refused, not taken for 3 March");
	ok(fc_time_parse("2026-04-31T00:00:00Z", &t) == -1, "31 April");
	ok(fc_time_parse("2024-02-29T00:00:00Z", &t) == 0 &&
	    t == 1709164800, "29 February of a leap year");
	ok(fc_time_parse("2100-02-29T00:00:00Z", &t) == -1,
	    "2100 is no leap year");
	ok(fc_time_parse("2000-02-29T00:00:00Z", &t) == 0, "2000 is one");
	ok(fc_time_parse("1969-12-31T23:59:59Z", &t) == 0 && t == -1,
	    "the second before the epoch, whose time_t is -1");
	ok(fc_time_parse("1970-01-01T00:59:59+01:00", &t) == 0 && t == -1,
	    "the same with an offset");
	ok(fc_time_parse("2026-11-25T13:15:00Zjunk", &t) == -1, "junk");
}

static int
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/*
 * The fast path for file lines must agree with libjq's, field by field,
 * error for error.  A space after the opening brace keeps a line off the
 * fast path without changing what it means.
 */
/* Two messages the same but for the byte number they end with. */
static int
samemsg(const char *a, const char *b)
{
	const char *pa = strstr(a, " at byte "), *pb = strstr(b, " at byte ");

	if (pa == NULL || pb == NULL)
		return strcmp(a, b) == 0;
	return pa - a == pb - b && strncmp(a, b, (size_t)(pa - a)) == 0;
}

static void
test_fast_path(void)
{
	static const char *const lines[] = {
		/* canonical: these take the fast path */
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"a/b.dwg\","
		    "\"name\":\"b.dwg\",\"path\":\"a/b.dwg\","
		    "\"link\":\"file:///a/b.dwg\",\"size\":\"12\","
		    "\"created_at\":null,"
		    "\"updated_at\":\"2026-01-02T03:04:05Z\","
		    "\"version\":\"7\",\"mime_type\":\"image/vnd.dwg\","
		    "\"state\":\"present\",\"raw\":{\"dev\":\"1\","
		    "\"n\":[1,-2,{\"x\":null,\"y\":[]},true,false],\"o\":{}}}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"caf\xc3\xa9 \xe6\x9d\xb1.pdf\",\"size\":123456789012345,"
		    "\"raw\":\"text\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"size\":null,\"raw\":null,"
		    "\"state\":\"trashed\",\"extra\":{\"a\":[1,2]}}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"raw\":[0,\"x\",{\"a\":{\"b\":{}}}],"
		    "\"updated_at\":\"2026-01-02T04:04:05.5+01:00\"}",
		/* errors, which the fast path leaves to libjq's */
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"size\":\"-1\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"size\":\"12x\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"size\":true}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"state\":\"gone\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"\","
		    "\"name\":\"n\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"name\":\"n\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":5}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"updated_at\":\"soon\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\"",
		/* valid but not canonical: libjq decides */
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"q\\\"b\",\"size\":1.0}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"size\":\"1\",\"size\":\"2\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"n\",\"raw\":{\"big\":1234567890123456789,"
		    "\"f\":1e3,\"z\":-0,\"d\":{\"k\":1,\"k\":2}}}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"1\","
		    "\"name\":\"bad \xff utf8\"}",
		"{\"type\":\"file\",\"endpoint\":\"e\",\"id\":\"a\\u0000b\","
		    "\"name\":\"n\"}",
	};
	static const int canonical = 4;
	char slow[1024];
	struct fc_jflat jf;
	size_t i, len;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct fc_line a = { 0 }, b = { 0 };
		struct fc_err ea = { 0 }, eb = { 0 };
		const struct fc_file *fa = &a.u.file, *fb = &b.u.file;
		int ra, rb;
		char desc[64];

		len = strlen(lines[i]);
		snprintf(slow, sizeof(slow), "{ %s", lines[i] + 1);
		if ((int)i < canonical) {
			snprintf(desc, sizeof(desc), "line %zu is canonical", i);
			ok(fc_jflat_scan(lines[i], len, &jf) == 0, desc);
		}
		ra = fc_line_parse(&a, lines[i], len, &ea);
		rb = fc_line_parse(&b, slow, len + 1, &eb);
		snprintf(desc, sizeof(desc), "line %zu: both paths agree", i);
		ok(ra == rb && (ra != 0 || (a.type == b.type &&
		    same(fa->endpoint, fb->endpoint) && same(fa->id, fb->id) &&
		    same(fa->name, fb->name) && same(fa->path, fb->path) &&
		    same(fa->link, fb->link) && fa->size == fb->size &&
		    fa->created_at == fb->created_at &&
		    fa->updated_at == fb->updated_at &&
		    same(fa->version, fb->version) &&
		    same(fa->mime_type, fb->mime_type) &&
		    same(fa->state, fb->state) && same(fa->raw, fb->raw))) &&
		    /* syntax errors name a column, refusals a byte: one apart */
		    (ra == 0 || ea.msg[0] != '"' || samemsg(ea.msg, eb.msg)),
		    desc);
		if (ra == 0 && !same(fa->raw, fb->raw))
			printf("#   raw %s\n#   vs  %s\n", fa->raw ? fa->raw : "-",
			    fb->raw ? fb->raw : "-");
		fc_line_clear(&a);
		fc_line_clear(&b);
	}
}

/* A JSON:API body as the Autodesk API sends it: walk, join, nest. */
static void
test_nested(void)
{
	static const char body[] =
	    "{\"data\":[{\"type\":\"items\",\"id\":\"i1\","
	    "\"relationships\":{\"tip\":{\"data\":{\"id\":\"v1\"}}}},"
	    "{\"type\":\"folders\",\"id\":\"f1\",\"attributes\":"
	    "{\"name\":\"Plans\",\"objectCount\":3}}],"
	    "\"included\":[{\"id\":\"v1\",\"attributes\":{\"name\":"
	    "\"a.rvt\",\"storageSize\":123456789012}}],"
	    "\"links\":{\"next\":null}}";
	struct fc_err e = { 0 };
	struct fc_jdoc *d, *data = NULL, *it = NULL, *x = NULL;
	const char *s = NULL;
	int64_t v = 0;

	d = fc_jdoc_parse(body, sizeof(body) - 1, &e);
	ok(d != NULL, "a JSON:API body parses");
	if (d == NULL)
		return;
	ok(fc_jdoc_get(d, "data", &data) == 0 && fc_jdoc_kind(data) == FC_JARR &&
	    fc_jdoc_len(data) == 2, "data is an array of two");
	it = fc_jdoc_at(data, 0);
	ok(it != NULL && fc_jdoc_get(it, "relationships.tip.data.id", &x) == 0 &&
	    fc_jdoc_str(x, NULL, &s) == 0, "a dotted path reaches the tip id");
	is(s, "v1", "and it is v1");
	fc_jdoc_free(x);
	x = NULL;
	ok(fc_jdoc_get(it, "relationships.parent.data.id", &x) == 1,
	    "a missing step is absent, not an error");
	ok(fc_jdoc_get(it, "type.x", &x) == 1,
	    "a step through a string is absent");
	fc_jdoc_free(it);
	it = NULL;
	ok(fc_jdoc_at(data, 2) == NULL, "past the end: NULL");
	it = fc_jdoc_at(data, 1);
	ok(it != NULL && fc_jdoc_get(it, "attributes", &x) == 0 &&
	    fc_jdoc_int(x, "objectCount", &v) == 0 && v == 3,
	    "a number inside an element");
	fc_jdoc_free(x);
	x = NULL;
	fc_jdoc_free(it);
	it = NULL;
	fc_jdoc_free(data);
	data = NULL;
	ok(fc_jdoc_get(d, "included", &data) == 0 &&
	    (it = fc_jdoc_at(data, 0)) != NULL &&
	    fc_jdoc_get(it, "attributes", &x) == 0 &&
	    fc_jdoc_int(x, "storageSize", &v) == 0 && v == 123456789012LL,
	    "a size past 2^32 from included[]");
	fc_jdoc_free(x);
	x = NULL;
	fc_jdoc_free(it);
	it = NULL;
	fc_jdoc_free(data);
	data = NULL;
	ok(fc_jdoc_get(d, "links.next", &x) == 1, "a null is absent");
	ok(fc_jdoc_len(d) == 0 && fc_jdoc_at(d, 0) == NULL,
	    "an object has no elements");
	fc_jdoc_free(d);
}

int
main(void)
{
	test_file_roundtrip();
	test_strings();
	test_nested();
	test_errors();
	test_secret_not_quoted();
	test_endpoint_line();
	test_times();
	test_fast_path();
	return tap_done();
}
