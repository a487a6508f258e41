/*
 * json.c: JSON in (libjq's jv) and out (a small streaming writer).
 *
 * jv ownership, stated once: every jv passed to a jv_ function is
 * consumed unless the function is documented otherwise, so a jv used
 * twice is jv_copy()'d first.  A struct fc_jdoc owns one object; strings
 * handed out are pointers into members that the object keeps alive.
 *
 * Debian's libjq keeps assertions on: jv_object_get() on a non-object
 * aborts, hence the kind checks before every lookup.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <jv.h>

#include "json.h"
#include "timefmt.h"

struct fc_jdoc {
	jv	v;		/* an object, unless reached with fc_jdoc_get/_at */
};

static size_t	utf8len(const unsigned char *, size_t);

/*
 * Where a string that check_text() refuses sits, for the message: the
 * top-level member it belongs to, if the line got that far.
 */
static int
refuse(struct fc_err *e, const unsigned char *key, size_t keylen, int inkey,
    size_t off, const char *what)
{
	size_t i;

	off++;		/* bytes count from 1, as cmp(1) does */
	if (inkey)
		return fc_seterr(e, EX_DATAERR, "a member name: %s at byte %zu",
		    what, off);
	if (key == NULL || keylen > 64)
		return fc_seterr(e, EX_DATAERR, "%s at byte %zu", what, off);
	/* a key is named only when it prints as it is */
	for (i = 0; i < keylen; i++)
		if (key[i] < 0x20 || key[i] >= 0x7f || key[i] == '\\')
			return fc_seterr(e, EX_DATAERR, "%s at byte %zu", what,
			    off);
	return fc_seterr(e, EX_DATAERR, "\"%.*s\": %s at byte %zu",
	    (int)keylen, key, what, off);
}

/*
 * libjq accepts two things that would change a value without a word:
 * bytes that are not UTF-8, which it replaces with U+FFFD, and U+0000
 * (escaped, or as a raw byte), which ends the string for every C
 * caller and which neither PostgreSQL's text nor its jsonb can hold.
 * Both are refused here, before jq sees the line; the scan keeps the
 * top-level member it is in, to name it.  Anything else wrong with the
 * text is left to jq's parser and its messages.
 */
static int
check_text(const char *buf, size_t len, struct fc_err *e)
{
	const unsigned char *s = (const unsigned char *)buf, *str = NULL;
	const unsigned char *key = NULL;
	size_t i, k, keylen = 0;
	int depth = 0, wantkey = 0, inkey = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return refuse(e, key, keylen, inkey && str != NULL, i,
			    "a NUL byte");
		if (s[i] >= 0x80) {
			if ((k = utf8len(s + i, len - i)) == 0)
				return refuse(e, key, keylen,
				    inkey && str != NULL, i, "invalid UTF-8");
			i += k - 1;
			continue;
		}
		if (str == NULL) {
			switch (s[i]) {
			case '"':
				str = s + i + 1;
				inkey = depth == 1 && wantkey;
				wantkey = 0;
				break;
			case '{':
			case '[':
				if (++depth == 1)
					wantkey = s[i] == '{';
				break;
			case '}':
			case ']':
				depth--;
				break;
			case ',':
				wantkey = depth == 1;
				break;
			}
			continue;
		}
		if (s[i] == '"') {
			if (inkey) {
				key = str;
				keylen = (size_t)(s + i - str);
			}
			str = NULL;
			inkey = 0;
		} else if (s[i] == '\\' && i + 1 < len) {
			/* the hex digits that follow are plain ASCII */
			if (s[i + 1] == 'u' && len - i >= 6 &&
			    memcmp(s + i + 2, "0000", 4) == 0)
				return refuse(e, key, keylen, inkey, i,
				    "a NUL character (\\u0000)");
			i++;
		}
	}
	return 0;
}

/*
 * jq's reasons for refusing a text, in fc's words: a person reading
 * "<stdin>:3: Unfinished JSON term at EOF at line 1, column 40" has to
 * know jq to see that the line was cut short.  Matched by prefix; what
 * is not here is passed on, lower-cased.
 */
static const struct {
	const char *jq, *fc;
} jqwords[] = {
	{ "Unfinished JSON term", "it ends early" },
	{ "Unfinished string", "a string is not closed" },
	{ "Unfinished abandoned text", "it ends early" },
	{ "Invalid numeric literal", "a word that is not a JSON value" },
	{ "Invalid literal", "a word that is not a JSON value" },
	{ "Expected separator between values", "a ',' or ':' is missing" },
	{ "Objects must consist of key:value pairs",
	    "an object member is not key:value" },
	{ "Object keys must be strings", "an object key is not a string" },
	{ "Unmatched", "a bracket is not matched" },
	{ "Expected value before ','", "a value is missing before ','" },
	{ "Expected another key-value pair", "a member is missing after ','" },
	{ "Expected another array element", "an element is missing after ','" },
	{ "Unexpected extra JSON values", "more than one JSON value" },
	{ "Expected JSON value", "no JSON value" },
	{ "Exceeds depth limit", "nested too deeply" },
	{ "Invalid escape", "an invalid escape in a string" },
	{ "Invalid \\uXXXX escape", "an invalid \\u escape in a string" },
};

/*
 * *e for a text jq refused, from its message s: "not a JSON object:
 * <reason> at byte N", N where jq stopped (the lines are one line, so
 * jq's column is a byte offset; "at EOF" is the end).
 */
static void
jq_refused(const char *s, size_t len, struct fc_err *e)
{
	const char *at, *why = NULL;
	char low[128];
	long line, col;
	size_t i, n;
	long long off = -1;

	for (i = 0; i < sizeof(jqwords) / sizeof(jqwords[0]); i++)
		if (strncmp(s, jqwords[i].jq, strlen(jqwords[i].jq)) == 0) {
			why = jqwords[i].fc;
			break;
		}
	if (why == NULL) {
		/* the reason alone: jq quotes the input after " (while" */
		n = strcspn(s, "(");
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (n >= sizeof(low))
			n = sizeof(low) - 1;
		for (i = 0; i < n; i++)
			low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ?
			    s[i] - 'A' + 'a' : s[i]);
		low[n] = '\0';
		why = low;
	}
	if (strstr(s, " at EOF") != NULL)
		off = (long long)len;
	else if ((at = strstr(s, " at line ")) != NULL &&
	    sscanf(at, " at line %ld, column %ld", &line, &col) == 2 &&
	    line == 1 && col >= 0)
		off = col;
	if (off >= 0)
		fc_seterr(e, EX_DATAERR, "not a JSON object: %s at byte %lld",
		    why, off);
	else
		fc_seterr(e, EX_DATAERR, "not a JSON object: %s", why);
}

static const char *
kind_name(jv_kind k)
{
	switch (k) {
	case JV_KIND_ARRAY:
		return "an array";
	case JV_KIND_STRING:
		return "a string";
	case JV_KIND_NUMBER:
		return "a number";
	case JV_KIND_NULL:
		return "null";
	case JV_KIND_TRUE:
	case JV_KIND_FALSE:
		return "a boolean";
	default:
		return "not an object";
	}
}

struct fc_jdoc *
fc_jdoc_parse(const char *buf, size_t len, struct fc_err *e)
{
	struct fc_jdoc *d;
	jv v, why;

	if (len > INT32_MAX) {
		fc_seterr(e, EX_DATAERR, "line too long");
		return NULL;
	}
	if (check_text(buf, len, e) != 0)
		return NULL;
	v = jv_parse_sized(buf, (int)len);
	if (!jv_is_valid(v)) {
		why = jv_invalid_get_msg(v);
		if (jv_get_kind(why) != JV_KIND_STRING)
			fc_seterr(e, EX_DATAERR, "not a JSON object");
		else
			jq_refused(jv_string_value(why), len, e);
		jv_free(why);
		return NULL;
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		fc_seterr(e, EX_DATAERR, "not a JSON object: %s",
		    kind_name(jv_get_kind(v)));
		jv_free(v);
		return NULL;
	}
	if ((d = malloc(sizeof(*d))) == NULL) {
		jv_free(v);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	d->v = v;
	return d;
}

void
fc_jdoc_free(struct fc_jdoc *d)
{
	if (d == NULL)
		return;
	jv_free(d->v);
	free(d);
}

/*
 * The member key (null when absent), to be jv_free'd by the caller.  The
 * object keeps a reference of its own, so a string pointer taken from the
 * member stays valid after that jv_free, as long as the document lives.
 */
static jv
member(const struct fc_jdoc *d, const char *key)
{
	jv m;

	if (key == NULL)
		return jv_copy(d->v);
	if (jv_get_kind(d->v) != JV_KIND_OBJECT)
		return jv_null();
	m = jv_object_get(jv_copy(d->v), jv_string(key));

	if (jv_get_kind(m) == JV_KIND_INVALID) {
		jv_free(m);
		return jv_null();
	}
	return m;
}

int
fc_jdoc_str(const struct fc_jdoc *d, const char *key, const char **out)
{
	jv m = member(d, key);
	int rv;

	switch (jv_get_kind(m)) {
	case JV_KIND_NULL:
		rv = 1;
		break;
	case JV_KIND_STRING:
		/*
		 * A NUL inside would end the string here: refused, as the
		 * parser refuses it, for a document that did not pass there.
		 */
		if ((size_t)jv_string_length_bytes(jv_copy(m)) !=
		    strlen(jv_string_value(m))) {
			rv = -1;
			break;
		}
		*out = jv_string_value(m);
		rv = 0;
		break;
	default:
		rv = -1;
	}
	jv_free(m);
	return rv;
}

int
fc_jdoc_bool(const struct fc_jdoc *d, const char *key, int *out)
{
	jv m = member(d, key);
	int rv = -1;

	switch (jv_get_kind(m)) {
	case JV_KIND_NULL:
		rv = 1;
		break;
	case JV_KIND_TRUE:
		*out = 1;
		rv = 0;
		break;
	case JV_KIND_FALSE:
		*out = 0;
		rv = 0;
		break;
	default:
		break;
	}
	jv_free(m);
	return rv;
}

/* A decimal integer with an optional minus sign and nothing else. */
static int
parseint(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
fc_jdoc_int(const struct fc_jdoc *d, const char *key, int64_t *out)
{
	jv m = member(d, key);
	double x;
	int rv = -1;

	switch (jv_get_kind(m)) {
	case JV_KIND_NULL:
		rv = 1;
		break;
	case JV_KIND_NUMBER:
		x = jv_number_value(m);
		/* past 2^53 a double no longer holds every integer */
		if (x == floor(x) && fabs(x) <= 9007199254740992.0) {
			*out = (int64_t)x;
			rv = 0;
		}
		break;
	case JV_KIND_STRING:
		rv = parseint(jv_string_value(m), out);
		break;
	default:
		break;
	}
	jv_free(m);
	return rv;
}

int
fc_jdoc_obj(const struct fc_jdoc *d, const char *key, struct fc_jdoc **out)
{
	jv m = member(d, key);
	struct fc_jdoc *sub;

	switch (jv_get_kind(m)) {
	case JV_KIND_NULL:
		jv_free(m);
		return 1;
	case JV_KIND_OBJECT:
		if ((sub = malloc(sizeof(*sub))) == NULL) {
			jv_free(m);
			return -1;
		}
		sub->v = m;
		*out = sub;
		return 0;
	default:
		jv_free(m);
		return -1;
	}
}

int
fc_jdoc_dump(const struct fc_jdoc *d, const char *key, char **out)
{
	jv m = member(d, key), s;

	if (jv_get_kind(m) == JV_KIND_NULL) {
		jv_free(m);
		return 1;
	}
	s = jv_dump_string(m, 0);
	*out = strdup(jv_string_value(s));
	jv_free(s);
	return *out == NULL ? -1 : 0;
}

int
fc_jdoc_strv(const struct fc_jdoc *d, const char *key, const char ***out,
    size_t *n)
{
	jv m = member(d, key), x;
	const char **v;
	int i, len;

	if (jv_get_kind(m) == JV_KIND_NULL) {
		jv_free(m);
		return 1;
	}
	if (jv_get_kind(m) != JV_KIND_ARRAY) {
		jv_free(m);
		return -1;
	}
	len = jv_array_length(jv_copy(m));
	if ((v = calloc((size_t)len + 1, sizeof(*v))) == NULL) {
		jv_free(m);
		return -1;
	}
	for (i = 0; i < len; i++) {
		x = jv_array_get(jv_copy(m), i);
		if (jv_get_kind(x) != JV_KIND_STRING) {
			jv_free(x);
			jv_free(m);
			free(v);
			return -1;
		}
		/* the array, held by the document, keeps x's storage */
		v[i] = jv_string_value(x);
		jv_free(x);
	}
	jv_free(m);
	*out = v;
	*n = (size_t)len;
	return 0;
}

/* A document of its own for v (consumed), or NULL. */
static struct fc_jdoc *
wrap(jv v)
{
	struct fc_jdoc *sub;

	if ((sub = malloc(sizeof(*sub))) == NULL) {
		jv_free(v);
		return NULL;
	}
	sub->v = v;
	return sub;
}

int
fc_jdoc_get(const struct fc_jdoc *d, const char *path, struct fc_jdoc **out)
{
	jv v = jv_copy(d->v), m;
	const char *p = path, *dot;
	size_t n;

	while (p != NULL) {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv_free(v);
			return 1;
		}
		m = jv_object_get(v, jv_string_sized(p, (int)n));
		if (jv_get_kind(m) == JV_KIND_INVALID ||
		    jv_get_kind(m) == JV_KIND_NULL) {
			jv_free(m);
			return 1;
		}
		v = m;
		p = dot ? dot + 1 : NULL;
	}
	if ((*out = wrap(v)) == NULL)
		return -1;
	return 0;
}

struct fc_jdoc *
fc_jholds_get(struct fc_jholds *h, const struct fc_jdoc *d, const char *path)
{
	struct fc_jdoc *v;

	if (d == NULL || h->n == FC_JHOLDS || fc_jdoc_get(d, path, &v) != 0)
		return NULL;
	return h->d[h->n++] = v;
}

const char *
fc_jholds_str(struct fc_jholds *h, const struct fc_jdoc *d, const char *path)
{
	struct fc_jdoc *v = fc_jholds_get(h, d, path);
	const char *s;

	if (v == NULL || fc_jdoc_str(v, NULL, &s) != 0 || *s == '\0')
		return NULL;
	return s;
}

void
fc_jholds_free(struct fc_jholds *h)
{
	while (h->n > 0)
		fc_jdoc_free(h->d[--h->n]);
}

enum fc_jkind
fc_jdoc_kind(const struct fc_jdoc *d)
{
	switch (jv_get_kind(d->v)) {
	case JV_KIND_FALSE:
		return FC_JFALSE;
	case JV_KIND_TRUE:
		return FC_JTRUE;
	case JV_KIND_NUMBER:
		return FC_JNUM;
	case JV_KIND_STRING:
		return FC_JSTR;
	case JV_KIND_OBJECT:
		return FC_JOBJ;
	case JV_KIND_ARRAY:
		return FC_JARR;
	default:
		return FC_JNULL;
	}
}

size_t
fc_jdoc_len(const struct fc_jdoc *d)
{
	if (jv_get_kind(d->v) != JV_KIND_ARRAY)
		return 0;
	return (size_t)jv_array_length(jv_copy(d->v));
}

struct fc_jdoc *
fc_jdoc_at(const struct fc_jdoc *d, size_t i)
{
	if (jv_get_kind(d->v) != JV_KIND_ARRAY ||
	    i >= (size_t)jv_array_length(jv_copy(d->v)))
		return NULL;
	return wrap(jv_array_get(jv_copy(d->v), (int)i));
}

char *
fc_jdoc_text(const struct fc_jdoc *d)
{
	jv s = jv_dump_string(jv_copy(d->v), 0);
	char *t = strdup(jv_string_value(s));

	jv_free(s);
	return t;
}

/* ---- the flat scan ---- */

/* An object nests at most this deep before the scan gives up. */
#define FLAT_DEPTH	16

struct flat {
	const unsigned char *p;
	const unsigned char *end;
	int	 depth;
};

static int	flat_value(struct flat *, enum fc_jkind *);

/* A string in canonical form, starting at the opening quote. */
static int
flat_string(struct flat *s)
{
	const unsigned char *p = s->p + 1;
	size_t k;

	while (p < s->end) {
		if (*p == '"') {
			s->p = p + 1;
			return 0;
		}
		/* jq writes these escaped, so the text would not round-trip */
		if (*p < 0x20 || *p == '\\' || *p == 0x7f)
			return -1;
		if (*p < 0x80)
			p++;
		else if ((k = utf8len(p, (size_t)(s->end - p))) != 0)
			p += k;
		else
			return -1;	/* jq would store U+FFFD */
	}
	return -1;
}

/* An integer jq prints back as written: no -0, at most 15 digits. */
static int
flat_number(struct flat *s)
{
	const unsigned char *p = s->p;
	size_t digits = 0;

	if (p < s->end && *p == '-')
		p++;
	if (p >= s->end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0') {
		if (p != s->p)
			return -1;	/* -0 */
		p++;
	} else
		while (p < s->end && *p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	if (digits > 15 || (p < s->end && (*p == '.' || *p == 'e' ||
	    *p == 'E' || (*p >= '0' && *p <= '9'))))
		return -1;
	s->p = p;
	return 0;
}

static int
flat_word(struct flat *s, const char *w, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/*
 * An object's members; when f is not NULL (the top level) they are
 * recorded there.  Keys are checked for repeats, which jq would fold.
 */
static int
flat_object(struct flat *s, struct fc_jflat *f)
{
	const unsigned char *key[FC_JFLAT_MAX];
	size_t keylen[FC_JFLAT_MAX], n = 0, i;
	const unsigned char *k, *v;
	enum fc_jkind kind;

	if (++s->depth > FLAT_DEPTH)
		return -1;
	s->p++;
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (n == FC_JFLAT_MAX || s->p >= s->end || *s->p != '"')
			return -1;
		k = s->p + 1;
		if (flat_string(s) != 0)
			return -1;
		key[n] = k;
		keylen[n] = (size_t)(s->p - 1 - k);
		for (i = 0; i < n; i++)
			if (keylen[i] == keylen[n] &&
			    memcmp(key[i], key[n], keylen[n]) == 0)
				return -1;
		if (s->p >= s->end || *s->p++ != ':')
			return -1;
		v = s->p;
		if (flat_value(s, &kind) != 0)
			return -1;
		if (f != NULL) {
			f->m[n].key = (const char *)k;
			f->m[n].keylen = keylen[n];
			f->m[n].kind = kind;
			if (kind == FC_JSTR) {
				f->m[n].val = (const char *)v + 1;
				f->m[n].len = (size_t)(s->p - v) - 2;
			} else {
				f->m[n].val = (const char *)v;
				f->m[n].len = (size_t)(s->p - v);
			}
			f->n = n + 1;
		}
		n++;
		if (s->p >= s->end)
			return -1;
		if (*s->p == '}') {
			s->p++;
			s->depth--;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
	}
}

static int
flat_array(struct flat *s)
{
	enum fc_jkind kind;

	if (++s->depth > FLAT_DEPTH)
		return -1;
	s->p++;
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (flat_value(s, &kind) != 0 || s->p >= s->end)
			return -1;
		if (*s->p == ']') {
			s->p++;
			s->depth--;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
	}
}

static int
flat_value(struct flat *s, enum fc_jkind *kind)
{
	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '"':
		*kind = FC_JSTR;
		return flat_string(s);
	case '{':
		*kind = FC_JOBJ;
		return flat_object(s, NULL);
	case '[':
		*kind = FC_JARR;
		return flat_array(s);
	case 't':
		*kind = FC_JTRUE;
		return flat_word(s, "true", 4);
	case 'f':
		*kind = FC_JFALSE;
		return flat_word(s, "false", 5);
	case 'n':
		*kind = FC_JNULL;
		return flat_word(s, "null", 4);
	default:
		*kind = FC_JNUM;
		return flat_number(s);
	}
}

int
fc_jflat_scan(const char *buf, size_t len, struct fc_jflat *f)
{
	struct flat s;

	s.p = (const unsigned char *)buf;
	s.end = s.p + len;
	s.depth = 0;
	f->n = 0;
	if (len == 0 || *s.p != '{' || flat_object(&s, f) != 0 ||
	    s.p != s.end)
		return 1;
	return 0;
}

int
fc_jflat_int(const struct fc_jflat *f, size_t i, int64_t *out)
{
	const char *v = f->m[i].val;
	size_t n = f->m[i].len, k = 0;
	char buf[24];

	switch (f->m[i].kind) {
	case FC_JNULL:
		return 1;
	case FC_JNUM:
	case FC_JSTR:
		if (n > 0 && v[0] == '-') {
			buf[k++] = '-';
			v++;
			n--;
		}
		/*
		 * strtoll(), the slow path's, reads any number of leading
		 * zeros: drop them here too, or "000…01" would fit one path
		 * and not the other.
		 */
		while (n > 1 && v[0] == '0' && v[1] >= '0' && v[1] <= '9') {
			v++;
			n--;
		}
		if (k + n >= sizeof(buf))
			return -1;
		memcpy(buf + k, v, n);
		buf[k + n] = '\0';
		return parseint(buf, out);
	default:
		return -1;
	}
}

int
fc_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;

	for (i = 0; i < n; i += k)
		if (p[i] == '\0' || (k = utf8len(p + i, n - i)) == 0)
			return 0;
	return 1;
}

/* ---- writing ---- */

void
fc_jw_init(struct fc_jw *w)
{
	memset(w, 0, sizeof(*w));
	w->first = 1;
}

void
fc_jw_reset(struct fc_jw *w)
{
	w->len = 0;
	w->first = 1;
	w->oom = 0;
	w->lossy = 0;
}

void
fc_jw_free(struct fc_jw *w)
{
	free(w->buf);
	fc_jw_init(w);
}

static int
grow(struct fc_jw *w, size_t more)
{
	size_t cap;
	char *p;

	if (w->len + more <= w->cap)
		return 0;
	if (w->oom)
		return -1;
	cap = w->cap ? w->cap : 512;
	while (cap < w->len + more)
		cap *= 2;
	if ((p = realloc(w->buf, cap)) == NULL) {
		w->oom = 1;
		return -1;
	}
	w->buf = p;
	w->cap = cap;
	return 0;
}

static void
put(struct fc_jw *w, const char *s, size_t n)
{
	if (grow(w, n) == 0) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

/* The length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

static void
putstr(struct fc_jw *w, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, k;
	char esc[8];

	if (grow(w, n + 2) != 0)
		return;
	w->buf[w->len++] = '"';
	while (i < n) {
		/* copy the longest run that needs no escaping in one go */
		for (run = i; run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		    s[run] != '"' && s[run] != '\\'; run++)
			;
		if (run > i) {
			put(w, str + i, run - i);
			i = run;
			continue;
		}
		if (s[i] >= 0x80) {
			if ((k = utf8len(s + i, n - i)) != 0) {
				put(w, str + i, k);
				i += k;
			} else {
				put(w, "\xef\xbf\xbd", 3);	/* U+FFFD */
				w->lossy = 1;
				i++;
			}
			continue;
		}
		switch (s[i]) {
		case '"':
			put(w, "\\\"", 2);
			break;
		case '\\':
			put(w, "\\\\", 2);
			break;
		case '\n':
			put(w, "\\n", 2);
			break;
		case '\r':
			put(w, "\\r", 2);
			break;
		case '\t':
			put(w, "\\t", 2);
			break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", s[i]);
			put(w, esc, 6);
		}
		i++;
	}
	put(w, "\"", 1);
}

/* The comma and key that come before a member. */
static void
prefix(struct fc_jw *w, const char *key)
{
	if (!w->first)
		put(w, ",", 1);
	w->first = 0;
	if (key != NULL) {
		putstr(w, key, strlen(key));
		put(w, ":", 1);
	}
}

void
fc_jw_obj(struct fc_jw *w, const char *key)
{
	prefix(w, key);
	put(w, "{", 1);
	w->first = 1;
}

void
fc_jw_arr(struct fc_jw *w, const char *key)
{
	prefix(w, key);
	put(w, "[", 1);
	w->first = 1;
}

void
fc_jw_end_obj(struct fc_jw *w)
{
	put(w, "}", 1);
	w->first = 0;
}

void
fc_jw_end_arr(struct fc_jw *w)
{
	put(w, "]", 1);
	w->first = 0;
}

void
fc_jw_str(struct fc_jw *w, const char *key, const char *s)
{
	if (s == NULL) {
		fc_jw_null(w, key);
		return;
	}
	prefix(w, key);
	putstr(w, s, strlen(s));
}

void
fc_jw_strn(struct fc_jw *w, const char *key, const char *s, size_t n)
{
	prefix(w, key);
	putstr(w, s, n);
}

void
fc_jw_int(struct fc_jw *w, const char *key, int64_t v)
{
	char buf[24];
	int n;

	prefix(w, key);
	n = snprintf(buf, sizeof(buf), "%" PRId64, v);
	put(w, buf, (size_t)n);
}

void
fc_jw_intstr(struct fc_jw *w, const char *key, int64_t v)
{
	char buf[24];
	int n;

	prefix(w, key);
	n = snprintf(buf, sizeof(buf), "\"%" PRId64 "\"", v);
	put(w, buf, (size_t)n);
}

void
fc_jw_bool(struct fc_jw *w, const char *key, int v)
{
	prefix(w, key);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void
fc_jw_null(struct fc_jw *w, const char *key)
{
	prefix(w, key);
	put(w, "null", 4);
}

void
fc_jw_raw(struct fc_jw *w, const char *key, const char *json)
{
	if (json == NULL) {
		fc_jw_null(w, key);
		return;
	}
	prefix(w, key);
	put(w, json, strlen(json));
}

void
fc_jw_time(struct fc_jw *w, const char *key, int64_t t)
{
	char buf[FC_TIMELEN];

	if (t == 0) {
		fc_jw_null(w, key);
		return;
	}
	fc_jw_str(w, key, fc_time_fmt(t, buf));
}

int
fc_jw_line(struct fc_jw *w, FILE *fp)
{
	int rv = 0;

	if (w->oom) {
		errno = ENOMEM;
		rv = -1;
	} else if (w->lossy) {
		errno = EILSEQ;
		rv = -1;
	} else {
		put(w, "\n", 1);
		if (w->oom || fwrite(w->buf, 1, w->len, fp) != w->len)
			rv = -1;
	}
	fc_jw_reset(w);
	return rv;
}

int
fc_jw_write(struct fc_jw *w, int fd)
{
	ssize_t n;
	int rv = -1;

	put(w, "\n", 1);
	if (w->oom)
		errno = ENOMEM;
	else {
		do
			n = write(fd, w->buf, w->len);
		while (n == -1 && errno == EINTR);
		if (n == (ssize_t)w->len)
			rv = 0;
		else if (n >= 0)
			errno = EIO;	/* short write: disk full, say */
	}
	fc_jw_reset(w);
	return rv;
}
