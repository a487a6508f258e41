/*
 * json.h: JSON in and out.
 *
 * Reading goes through libjq's jv (only json.c includes <jv.h>): a
 * struct fc_jdoc is one parsed JSON object.  Strings handed out by the
 * accessors are lent: they live as long as the fc_jdoc they came from.
 *
 * Writing goes through struct fc_jw, a small streaming writer into a
 * growable buffer.  It exists because building a jv tree for every line
 * fc-list prints costs more than the directory walk itself; it escapes
 * strings per RFC 8259 and replaces bytes that are not UTF-8 with U+FFFD,
 * so what it writes always parses.  A value must never change on its
 * way through fc, so fc_jw_line(), which writes the lines of fc-lines(5),
 * refuses a buffer where that replacement happened; fc_jw_write(), which
 * writes log records (prose for people), lets it stand.
 */
#ifndef FC_JSON_H
#define FC_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* ---- reading ---- */

struct fc_jdoc;

enum fc_jkind {
	FC_JNULL,
	FC_JFALSE,
	FC_JTRUE,
	FC_JNUM,
	FC_JSTR,
	FC_JOBJ,
	FC_JARR
};

/*
 * Parses buf (len bytes, no NUL needed), which must hold one JSON object.
 * Returns the document, or NULL with *e set to EX_DATAERR and a message
 * that never quotes the input.  Text that libjq would take only by
 * changing it is refused: bytes that are not UTF-8 (jq makes them
 * U+FFFD) and U+0000, escaped or raw (a C string ends there).  The
 * message names the top-level member and the byte: "\"id\": a NUL
 * character (\\u0000) at byte 40".
 */
struct fc_jdoc	*fc_jdoc_parse(const char *buf, size_t len, struct fc_err *e);
void		 fc_jdoc_free(struct fc_jdoc *d);

/*
 * Member accessors.  Each returns 0 when key holds a value of the kind
 * asked for and stores it in *out, 1 when key is absent or null (*out
 * untouched), and -1 when it holds another kind.  A NULL key means the
 * document itself, for a value reached with fc_jdoc_get or fc_jdoc_at.
 * A string with U+0000 inside is refused (-1): it cannot be lent whole.
 */
int	fc_jdoc_str(const struct fc_jdoc *d, const char *key, const char **out);
int	fc_jdoc_bool(const struct fc_jdoc *d, const char *key, int *out);
/* An integer, as a JSON number (exact below 2^53) or a decimal string. */
int	fc_jdoc_int(const struct fc_jdoc *d, const char *key, int64_t *out);
/* An object member as a document of its own (free it). */
int	fc_jdoc_obj(const struct fc_jdoc *d, const char *key,
	    struct fc_jdoc **out);
/* Compact JSON text of any member, malloc'd (free it). */
int	fc_jdoc_dump(const struct fc_jdoc *d, const char *key, char **out);
/* An array of strings: *out is a malloc'd vector of lent strings. */
int	fc_jdoc_strv(const struct fc_jdoc *d, const char *key,
	    const char ***out, size_t *n);
/* Compact JSON text of the whole document, malloc'd. */
char	*fc_jdoc_text(const struct fc_jdoc *d);

/*
 * Nested access, for API bodies.  fc_jdoc_get follows a path of member
 * names joined by dots ("relationships.tip.data.id") and makes what it
 * finds, of any kind, a document of its own (free it): 0, 1 when a step
 * is absent, null or not an object, -1 out of memory.  Strings lent by
 * such a document live as long as it does.
 */
int	fc_jdoc_get(const struct fc_jdoc *d, const char *path,
	    struct fc_jdoc **out);
/*
 * The documents one reader reaches with fc_jdoc_get, freed together,
 * so a walk through a body lends its strings without a free each:
 *
 *	struct fc_jholds h = { .n = 0 };
 *	const char *id = fc_jholds_str(&h, doc, "data.id");
 *	...
 *	fc_jholds_free(&h);
 *
 * fc_jholds_get returns the value at path, held in h, or NULL when it is
 * absent or h is full (FC_JHOLDS values); fc_jholds_str the string there
 * or NULL when it is absent, not a string or "".
 */
#define FC_JHOLDS	16
struct fc_jholds {
	struct fc_jdoc	*d[FC_JHOLDS];
	int		 n;
};
struct fc_jdoc	*fc_jholds_get(struct fc_jholds *h, const struct fc_jdoc *d,
		    const char *path);
const char	*fc_jholds_str(struct fc_jholds *h, const struct fc_jdoc *d,
		    const char *path);
void		 fc_jholds_free(struct fc_jholds *h);
enum fc_jkind	 fc_jdoc_kind(const struct fc_jdoc *d);
/* An array's length (0 for anything else), and element i (free it). */
size_t		 fc_jdoc_len(const struct fc_jdoc *d);
struct fc_jdoc	*fc_jdoc_at(const struct fc_jdoc *d, size_t i);

/*
 * A flat scan, for the hot path: the top-level members of an object
 * written in fc's canonical form, without building a jv for it.  The
 * canonical form is exactly what jv_dump_string() prints for the value
 * it parses to: no whitespace outside strings, strings without escapes,
 * control characters or invalid UTF-8, integers of at most 15 digits
 * (exact as doubles) and no other numbers, no key twice in one object.
 * fc's own writers produce it for ordinary names, so most file lines
 * take this path; anything else is left to fc_jdoc_parse().
 */
#define FC_JFLAT_MAX	32

struct fc_jflat {
	size_t	n;
	struct {
		const char	*key;	/* not NUL-terminated */
		size_t		 keylen;
		enum fc_jkind	 kind;
		const char	*val;	/* strings: between the quotes */
		size_t		 len;
	} m[FC_JFLAT_MAX];
};

/*
 * Scans buf.  Returns 0 when it is one object in canonical form (with
 * at most FC_JFLAT_MAX members), filling *f with spans into buf; 1 when
 * it is anything else, valid JSON or not: parse it with fc_jdoc_parse().
 */
int	fc_jflat_scan(const char *buf, size_t len, struct fc_jflat *f);

/*
 * Member i of f as an integer, with fc_jdoc_int()'s rules: 0 and *out
 * set, 1 for null, -1 for anything else.
 */
int	fc_jflat_int(const struct fc_jflat *f, size_t i, int64_t *out);

/* Whether s (n bytes) is UTF-8 without U+0000, as JSON carries it unchanged. */
int	fc_utf8_valid(const char *s, size_t n);

/* ---- writing ---- */

struct fc_jw {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	int	 first;		/* no comma before the next member */
	int	 oom;		/* an allocation failed; the buffer is short */
	int	 lossy;		/* a string was not UTF-8: U+FFFD stands in */
};

void	fc_jw_init(struct fc_jw *w);	/* empty; no allocation yet */
void	fc_jw_reset(struct fc_jw *w);	/* empty again, buffer kept */
void	fc_jw_free(struct fc_jw *w);

/* Objects and arrays; key is NULL inside arrays and at the top. */
void	fc_jw_obj(struct fc_jw *w, const char *key);
void	fc_jw_arr(struct fc_jw *w, const char *key);
void	fc_jw_end_obj(struct fc_jw *w);
void	fc_jw_end_arr(struct fc_jw *w);

/* Members; a NULL string writes null. */
void	fc_jw_str(struct fc_jw *w, const char *key, const char *s);
void	fc_jw_strn(struct fc_jw *w, const char *key, const char *s, size_t n);
void	fc_jw_int(struct fc_jw *w, const char *key, int64_t v);
/* An integer as a decimal string, for ids and 64-bit values. */
void	fc_jw_intstr(struct fc_jw *w, const char *key, int64_t v);
void	fc_jw_bool(struct fc_jw *w, const char *key, int v);
void	fc_jw_null(struct fc_jw *w, const char *key);
/* JSON text inserted as it is; the caller vouches for it (NULL: null). */
void	fc_jw_raw(struct fc_jw *w, const char *key, const char *json);
/* A time as RFC 3339 UTC, or null when t is 0. */
void	fc_jw_time(struct fc_jw *w, const char *key, int64_t t);

/*
 * Writes the buffer and a newline to fp and resets w.  Returns 0, or -1
 * when the write failed, an allocation did (ENOMEM) or a string was not
 * UTF-8 (EILSEQ: nothing is written rather than a changed value).
 */
int	fc_jw_line(struct fc_jw *w, FILE *fp);

/*
 * Like fc_jw_line but with a single write(2) to fd, so that records
 * appended to an O_APPEND file by several processes never interleave.
 */
int	fc_jw_write(struct fc_jw *w, int fd);

#endif
