/*
 * fuzz.h: what every harness in fuzz/ shares.
 *
 * A harness is one LLVMFuzzerTestOneInput() per parser, built twice: by
 * `make fuzz` with clang's libFuzzer, ASan and UBSan (fuzz/run.sh), and
 * by `make check` with $(CC) and fuzz/replay.c, which runs it over the
 * saved corpus and crash reproducers without libFuzzer's engine.  Beyond
 * not crashing, a harness checks what must hold of the parser's answer;
 * a check that fails aborts, which both builds report as a crash.  The
 * checks more than one harness makes are here: a file line written and
 * read back (fuzz_roundtrip), a body refused (fuzz_refused), a message
 * that quotes a token (fuzz_quotes_token); each harness states the rest,
 * what is its parser's own.  A reproducer goes to fuzz/crashes/NAME/
 * with its fix; one whose fix is still to come is let through by a test
 * in the harness marked KNOWN, to be dropped with the fix.
 */
#ifndef FC_FUZZ_H
#define FC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "json.h"
#include "lines.h"
#include "list.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

/* The input as a C string: a copy cut at its first NUL (free it). */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t i;

	CHECK(s != NULL);
	for (i = 0; i < size && data[i] != '\0'; i++)
		s[i] = (char)data[i];
	s[i] = '\0';
	return s;
}

/* A message fit for one line of stderr: no control characters. */
static inline int
fuzz_oneline(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* Two strings the same, or both NULL. */
static inline int
fuzz_same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* NULL, or valid UTF-8. */
static inline int
fuzz_utf8(const char *s)
{
	return s == NULL || fc_utf8_valid(s, strlen(s));
}

/*
 * A status for an answer's body, picked by a byte of the input: the ones
 * the readers of API answers tell apart.
 */
static inline long
fuzz_status(uint8_t b)
{
	static const long st[] = { 200, 400, 401, 403, 404, 429, 500, 503 };

	return st[b % (sizeof(st) / sizeof(st[0]))];
}

/*
 * A reader of API answers refused a body: -1, EX_PROTOCOL (or EX_OSERR
 * when memory ran out), and a message of one line.
 */
static inline void
fuzz_refused(int rv, const struct fc_err *e)
{
	CHECK(rv == -1);
	CHECK(e->code == EX_PROTOCOL || e->code == EX_OSERR);
	CHECK(e->msg[0] != '\0' && fuzz_oneline(e->msg));
}

/*
 * Whether msg quotes the input's access_token or refresh_token, when
 * the input is a JSON object and the token one no message could hold of
 * its own: FUZZ_QUOTABLE bytes or more without a space (the longest run
 * without one in fc's and libjq's words is 21).
 */
#define FUZZ_QUOTABLE	32

static inline int
fuzz_quotes_token(const uint8_t *data, size_t len, const char *msg)
{
	static const char *const keys[] = { "access_token", "refresh_token" };
	struct fc_err pe;
	struct fc_jdoc *d;
	const char *s;
	size_t i;
	int q = 0;

	if ((d = fc_jdoc_parse((const char *)data, len, &pe)) == NULL)
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (fc_jdoc_str(d, keys[i], &s) == 0 &&
		    strlen(s) >= FUZZ_QUOTABLE && strchr(s, ' ') == NULL &&
		    strstr(msg, s) != NULL)
			q = 1;
	fc_jdoc_free(d);
	return q;
}

/* parent, '/' and name as a path of a file line escapes it (free it). */
static inline char *
fuzz_path(const char *parent, const char *name)
{
	size_t np = strlen(parent), n = strlen(name);
	char *path;

	CHECK((path = malloc(np + 1 + 3 * n + 1)) != NULL);
	memcpy(path, parent, np);
	path[np++] = '/';
	path[np + fc_list_pathesc(path + np, name, n, 0)] = '\0';
	return path;
}

/* What w wrote, as a C string (freed with w): exactly, or it aborts. */
static inline const char *
fuzz_jw_cstr(struct fc_jw *w)
{
	CHECK(!w->oom && !w->lossy);
	CHECK((w->buf = realloc(w->buf, w->len + 1)) != NULL);
	w->buf[w->len] = '\0';
	return w->buf;
}

/*
 * Writes ff as fc-list does and reads it back with fc-ingest's reader:
 * the same values, so that a name, id, size or time never changes on
 * its way through fc.
 */
static inline void
fuzz_roundtrip(const struct fc_file *ff)
{
	struct fc_line l;
	struct fc_err e;
	struct fc_jw w;
	struct fc_jdoc *d;
	char *buf = NULL, *text;
	size_t len = 0;
	FILE *fp;

	CHECK((fp = open_memstream(&buf, &len)) != NULL);
	fc_jw_init(&w);
	CHECK(fc_emit_file(fp, &w, ff) == 0);
	CHECK(fclose(fp) == 0);
	memset(&l, 0, sizeof(l));
	if (fc_line_parse(&l, buf, len, &e) != 0) {
		fprintf(stderr, "a file line fc-list wrote is refused: %s\n",
		    e.msg);
		CHECK(0);
	}
	CHECK(l.type == FC_LINE_FILE);
	CHECK(fuzz_same(l.u.file.id, ff->id));
	CHECK(fuzz_same(l.u.file.name, ff->name));
	CHECK(fuzz_same(l.u.file.path, ff->path));
	CHECK(fuzz_same(l.u.file.link, ff->link));
	CHECK(l.u.file.size == ff->size);
	CHECK(l.u.file.created_at == ff->created_at);
	CHECK(l.u.file.updated_at == ff->updated_at);
	CHECK(fuzz_same(l.u.file.version, ff->version));
	CHECK(fuzz_same(l.u.file.mime_type, ff->mime_type));
	CHECK(fuzz_same(l.u.file.state, ff->state));
	if (ff->raw != NULL) {
		/* the same JSON: the writer leaves U+007F, jq escapes it */
		CHECK((d = fc_jdoc_parse(ff->raw, strlen(ff->raw), &e)) !=
		    NULL);
		CHECK((text = fc_jdoc_text(d)) != NULL);
		CHECK(fuzz_same(l.u.file.raw, text));
		free(text);
		fc_jdoc_free(d);
	} else
		CHECK(l.u.file.raw == NULL);
	fc_line_clear(&l);
	fc_jw_free(&w);
	free(buf);
}

/*
 * libjq 1.6 leaks the string it has just read when it meets it inside an
 * array or object right after another value: value() in jv_parse.c
 * returns "Expected separator between values" before freeing it.  Not
 * ours to fix, and LeakSanitizer would stop on it every few seconds, so
 * harnesses that hand JSON to libjq pass such input by.  Asking libjq
 * would leak too, and a leak check after each such input slows libFuzzer
 * tenfold (15000 executions a second fell to 300), so this follows jq's
 * scanner: a string that opens, inside a container, while a value waits
 * for its separator.  It may also pass by input libjq would refuse
 * earlier; that costs nothing.
 */
static inline int
fuzz_jq_leaks(const uint8_t *p, size_t n)
{
	static const char special[] = "[]{}:,\" \t\r\n";
	size_t i, depth = 0;
	int waiting = 0, literal = 0;

	for (i = 0; i < n; i++) {
		if (memchr(special, p[i], sizeof(special) - 1) == NULL) {
			literal = 1;		/* a number, true, null... */
			continue;
		}
		if (literal)
			waiting = 1;
		literal = 0;
		switch (p[i]) {
		case '"':
			if (waiting && depth > 0)
				return 1;
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			waiting = 1;
			break;
		case '[':
		case '{':
			depth++;
			waiting = 0;
			break;
		case ']':
		case '}':
			if (depth > 0)
				depth--;
			waiting = 1;
			break;
		case ',':
		case ':':
			waiting = 0;
			break;
		}
	}
	return 0;
}

#endif
