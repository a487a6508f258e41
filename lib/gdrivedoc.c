/*
 * gdrivedoc.c: Drive API answers read from bytes (see gdrivedoc.h).
 *
 * Everything goes through fc_jdoc (json.c), whose messages never quote
 * the input; what is read from a file is checked member by member, and
 * a file that does not read is handed on with the member at fault
 * rather than failing its page.  A page whose shape is wrong (no files
 * array, a token that is not a string) fails as a whole: its paging
 * cannot go on.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "gdrivedoc.h"
#include "timefmt.h"

/* A decimal string of an int64, digits only: sizes and versions. */
static int
decimal(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

/* An optional string member: 0, or -1 when it holds something else. */
static int
optstr(const struct fc_jdoc *d, const char *key, const char **out)
{
	int r;

	*out = NULL;
	if ((r = fc_jdoc_str(d, key, out)) == 1)
		*out = NULL;
	return r < 0 ? -1 : 0;
}

static int
opttime(const struct fc_jdoc *d, const char *key, int64_t *out)
{
	const char *s;

	*out = 0;
	if (optstr(d, key, &s) == -1)
		return -1;
	return s == NULL ? 0 : fc_time_parse(s, out);
}

struct file {
	struct fc_gdrivedoc_file f;
	const char	**parents;	/* malloc'd */
	char		*shortcut;	/* malloc'd */
};

static void
file_clear(struct file *x)
{
	free(x->parents);
	free(x->shortcut);
	memset(x, 0, sizeof(*x));
}

/*
 * Reads the file object el into *x.  Returns 0, 1 when it does not read
 * (*why names the member), or -1 out of memory.
 */
static int
file_read(const struct fc_jdoc *el, struct file *x, const char **why)
{
	struct fc_gdrivedoc_file *f = &x->f;
	struct fc_jdoc *sd = NULL;
	const char *s;
	int64_t v;
	int r;

	memset(x, 0, sizeof(*x));
	f->size = -1;
	f->el = el;
#define BAD(m) do { *why = m; goto bad; } while (0)
	if (fc_jdoc_kind(el) != FC_JOBJ)
		BAD("not an object");
	if (fc_jdoc_str(el, "id", &f->id) != 0 || *f->id == '\0')
		BAD("no \"id\"");
	/* a file line needs a name, which Drive does not promise */
	if (fc_jdoc_str(el, "name", &f->name) != 0 || *f->name == '\0')
		BAD("\"name\": expected a string, not empty");
	if (fc_jdoc_str(el, "mimeType", &f->mime) != 0)
		BAD("\"mimeType\": expected a string");
	if ((r = fc_jdoc_strv(el, "parents", &x->parents, &f->np)) < 0) {
		x->parents = NULL;
		BAD("\"parents\": expected an array of strings");
	}
	f->parents = x->parents;
	if (optstr(el, "size", &s) == -1 ||
	    (s != NULL && decimal(s, &f->size) == -1))
		BAD("\"size\": expected a decimal string");
	if (optstr(el, "version", &f->version) == -1 ||
	    (f->version != NULL && decimal(f->version, &v) == -1))
		BAD("\"version\": expected a decimal string");
	if (opttime(el, "createdTime", &f->created) == -1)
		BAD("\"createdTime\": expected an RFC 3339 time");
	if (opttime(el, "modifiedTime", &f->updated) == -1)
		BAD("\"modifiedTime\": expected an RFC 3339 time");
	if (fc_jdoc_bool(el, "trashed", &f->trashed) < 0)
		BAD("\"trashed\": expected true or false");
	if (optstr(el, "webViewLink", &f->link) == -1 ||
	    optstr(el, "md5Checksum", &f->md5) == -1 ||
	    optstr(el, "driveId", &f->drive) == -1)
		BAD("a link, checksum or drive id that is not a string");
	if ((r = fc_jdoc_get(el, "shortcutDetails", &sd)) < 0)
		return -1;
	if (r == 0) {
		if (fc_jdoc_kind(sd) != FC_JOBJ) {
			fc_jdoc_free(sd);
			BAD("\"shortcutDetails\": expected an object");
		}
		x->shortcut = fc_jdoc_text(sd);
		fc_jdoc_free(sd);
		if (x->shortcut == NULL)
			return -1;
		f->shortcut = x->shortcut;
	}
#undef BAD
	f->folder = strcmp(f->mime, FC_GDRIVE_FOLDER) == 0;
	return 0;
bad:
	file_clear(x);
	return 1;
}

/* fn for the file el: read, or said not to. */
static int
one(const struct fc_jdoc *el, fc_gdrivedoc_fn *fn, void *arg,
    struct fc_err *e)
{
	struct file x;
	const char *why = NULL;
	int r;

	if ((r = file_read(el, &x, &why)) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	r = r == 0 ? fn(arg, &x.f, NULL) : fn(arg, NULL, why);
	file_clear(&x);
	return r != 0;
}

/* The optional token key of d into *out (malloc'd): 0, or -1 with *e. */
static int
token(const struct fc_jdoc *d, const char *key, const char *what, char **out,
    struct fc_err *e)
{
	const char *s;
	int r;

	*out = NULL;
	if ((r = fc_jdoc_str(d, key, &s)) == 1)
		return 0;
	if (r == -1 || *s == '\0')
		return fc_seterr(e, EX_PROTOCOL, "%s: \"%s\": expected a "
		    "string", what, key);
	if ((*out = strdup(s)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	return 0;
}

static struct fc_jdoc *
parse(const char *body, size_t len, const char *what, struct fc_err *e)
{
	struct fc_jdoc *d;

	if ((d = fc_jdoc_parse(body, len, e)) == NULL) {
		e->code = EX_PROTOCOL;
		/* json.c's message may say so already */
		if (strncmp(e->msg, "not a JSON object", 17) == 0)
			fc_errctx(e, "%s", what);
		else
			fc_errctx(e, "%s: not a JSON object", what);
	}
	return d;
}

/* The array key of d, or NULL with *e set. */
static struct fc_jdoc *
array(const struct fc_jdoc *d, const char *key, const char *what,
    struct fc_err *e)
{
	struct fc_jdoc *a = NULL;
	int r;

	if ((r = fc_jdoc_get(d, key, &a)) == -1) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	if (r == 1 || fc_jdoc_kind(a) != FC_JARR) {
		fc_jdoc_free(a);
		fc_seterr(e, EX_PROTOCOL, "%s: no \"%s\" array", what, key);
		return NULL;
	}
	return a;
}

int
fc_gdrivedoc_files(const char *body, size_t len, fc_gdrivedoc_fn *fn,
    void *arg, char **next, int *incomplete, struct fc_err *e)
{
	struct fc_jdoc *d, *files = NULL, *el;
	size_t i, n;
	int rv = -1, r;

	*next = NULL;
	*incomplete = 0;
	if ((d = parse(body, len, "files", e)) == NULL)
		return -1;
	if ((files = array(d, "files", "files", e)) == NULL ||
	    token(d, "nextPageToken", "files", next, e) == -1)
		goto out;
	if (fc_jdoc_bool(d, "incompleteSearch", incomplete) != 0)
		*incomplete = 0;
	n = fc_jdoc_len(files);
	for (i = 0; i < n; i++) {
		if ((el = fc_jdoc_at(files, i)) == NULL) {
			fc_seterr(e, EX_OSERR, "out of memory");
			goto out;
		}
		r = one(el, fn, arg, e);
		fc_jdoc_free(el);
		if (r == -1)
			goto out;
		if (r == 1) {
			free(*next);
			*next = NULL;
			rv = 1;
			goto out;
		}
	}
	rv = 0;
out:
	if (rv == -1) {
		free(*next);
		*next = NULL;
	}
	fc_jdoc_free(files);
	fc_jdoc_free(d);
	return rv;
}

/*
 * One pass over the bytes, no tree: strings are skipped whole (a quote
 * or brace inside one counts for nothing), nesting is counted, and at
 * depth 1 each member name is compared as it stands.  An escape in a
 * name or in the token's value would need decoding to compare: rather
 * than decode, say nothing and let the full reading decide.
 */
int
fc_gdrivedoc_peek_next(const char *body, size_t len, char **next)
{
	const char *tok = NULL, *s;
	size_t i, j, toklen = 0;
	int depth = 0, want_key = 0, want_val = 0, esc, npt = 0;

	*next = NULL;
	for (i = 0; i < len; i++) {
		switch (body[i]) {
		case '"':
			esc = 0;
			for (j = i + 1; j < len && body[j] != '"'; j++)
				if (body[j] == '\\') {
					esc = 1;
					j++;
				}
			if (j >= len)
				return 0;
			s = body + i + 1;
			if (depth == 1 && want_key) {
				if (esc)
					return 0;
				npt = j - i - 1 == 13 &&
				    memcmp(s, "nextPageToken", 13) == 0;
				want_key = 0;
			} else if (depth == 1 && want_val) {
				if (esc)
					return 0;
				tok = s;
				toklen = j - i - 1;
			}
			want_val = 0;
			i = j;
			break;
		case ':':
			want_val = depth == 1 && npt;
			npt = 0;
			break;
		case ',':
			want_key = depth == 1;
			want_val = 0;
			break;
		case '{':
		case '[':
			if (want_val)	/* the last one wins, as in jq */
				tok = NULL;
			want_key = depth++ == 0 && body[i] == '{';
			want_val = 0;
			break;
		case '}':
		case ']':
			depth--;
			break;
		case ' ': case '\t': case '\n': case '\r':
			break;
		default:	/* a number, true, false or null */
			if (want_val)
				tok = NULL;
			want_val = 0;
			break;
		}
	}
	if (tok == NULL || toklen == 0)
		return 0;
	if ((*next = malloc(toklen + 1)) == NULL)
		return -1;
	memcpy(*next, tok, toklen);
	(*next)[toklen] = '\0';
	return 1;
}

int
fc_gdrivedoc_one(const char *body, size_t len, fc_gdrivedoc_fn *fn,
    void *arg, struct fc_err *e)
{
	struct fc_jdoc *d;
	int r;

	if ((d = parse(body, len, "file", e)) == NULL)
		return -1;
	r = one(d, fn, arg, e);
	fc_jdoc_free(d);
	return r;
}

/* One element of changes[] to fn. */
static int
change(const struct fc_jdoc *el, fc_gdrivedoc_change_fn *fn, void *arg,
    struct fc_err *e)
{
	struct fc_gdrivedoc_change c;
	struct fc_jdoc *fo = NULL;
	struct file x;
	const char *type = NULL;
	int r, got = 0;

	memset(&c, 0, sizeof(c));
	memset(&x, 0, sizeof(x));
	if (fc_jdoc_kind(el) != FC_JOBJ) {
		c.why = "a change that is not an object";
		goto call;
	}
	if (optstr(el, "changeType", &type) == -1 ||
	    optstr(el, "fileId", &c.file_id) == -1 ||
	    optstr(el, "driveId", &c.drive_id) == -1 ||
	    fc_jdoc_bool(el, "removed", &c.removed) < 0) {
		c.why = "a change whose changeType, fileId, driveId or removed "
		    "is of the wrong kind";
		goto call;
	}
	/* a shared drive itself changed: no file */
	if (type != NULL && strcmp(type, "drive") == 0) {
		c.drive = 1;
		goto call;
	}
	if (c.file_id == NULL || *c.file_id == '\0') {
		c.file_id = NULL;
		c.why = "a change without a \"fileId\"";
		goto call;
	}
	if (c.removed)
		goto call;
	if ((r = fc_jdoc_get(el, "file", &fo)) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if (r == 1) {
		c.why = "a change without its \"file\"";
		goto call;
	}
	if ((r = file_read(fo, &x, &c.why)) == -1) {
		fc_jdoc_free(fo);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	if (r == 0) {
		got = 1;
		c.file = &x.f;
		/* the change is of the file it carries */
		if (strcmp(x.f.id, c.file_id) != 0) {
			c.file = NULL;
			c.why = "a change whose file has another id";
		}
	}
call:
	r = fn(arg, &c);
	if (got)
		file_clear(&x);
	fc_jdoc_free(fo);
	return r != 0;
}

int
fc_gdrivedoc_changes(const char *body, size_t len, fc_gdrivedoc_change_fn *fn,
    void *arg, char **next, char **newstart, struct fc_err *e)
{
	struct fc_jdoc *d, *ch = NULL, *el;
	size_t i, n;
	int rv = -1, r;

	*next = *newstart = NULL;
	if ((d = parse(body, len, "changes", e)) == NULL)
		return -1;
	if ((ch = array(d, "changes", "changes", e)) == NULL ||
	    token(d, "nextPageToken", "changes", next, e) == -1 ||
	    token(d, "newStartPageToken", "changes", newstart, e) == -1)
		goto out;
	/* a page with more to come is not the last, whatever else it says */
	if (*next != NULL) {
		free(*newstart);
		*newstart = NULL;
	} else if (*newstart == NULL) {
		fc_seterr(e, EX_PROTOCOL, "changes: neither nextPageToken nor "
		    "newStartPageToken");
		goto out;
	}
	n = fc_jdoc_len(ch);
	for (i = 0; i < n; i++) {
		if ((el = fc_jdoc_at(ch, i)) == NULL) {
			fc_seterr(e, EX_OSERR, "out of memory");
			goto out;
		}
		r = change(el, fn, arg, e);
		fc_jdoc_free(el);
		if (r == -1)
			goto out;
		if (r == 1) {
			rv = 1;
			goto out;
		}
	}
	rv = 0;
out:
	if (rv != 0) {
		free(*next);
		free(*newstart);
		*next = *newstart = NULL;
	}
	fc_jdoc_free(ch);
	fc_jdoc_free(d);
	return rv;
}

int
fc_gdrivedoc_start(const char *body, size_t len, char **tok, struct fc_err *e)
{
	struct fc_jdoc *d;
	int rv;

	*tok = NULL;
	if ((d = parse(body, len, "startPageToken", e)) == NULL)
		return -1;
	rv = token(d, "startPageToken", "startPageToken", tok, e);
	if (rv == 0 && *tok == NULL)
		rv = fc_seterr(e, EX_PROTOCOL, "startPageToken: \"startPageToken"
		    "\": missing");
	fc_jdoc_free(d);
	return rv;
}

/* Printable ASCII of s, at most n bytes, for a message. */
static void
printable(char *dst, size_t dlen, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < dlen && i < n && s[i] != '\0'; i++)
		dst[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	dst[i] = '\0';
}

int
fc_gdrivedoc_error(const char *body, size_t len, char *reason, size_t rlen,
    char *msg, size_t mlen, char *loc, size_t llen)
{
	struct fc_jdoc *d, *er = NULL, *errs = NULL, *e0 = NULL;
	struct fc_err pe;
	const char *s;

	if (rlen > 0)
		reason[0] = '\0';
	if (mlen > 0)
		msg[0] = '\0';
	if (llen > 0)
		loc[0] = '\0';
	if ((d = fc_jdoc_parse(body, len, &pe)) == NULL)
		return -1;
	if (fc_jdoc_get(d, "error", &er) != 0 || fc_jdoc_kind(er) != FC_JOBJ) {
		fc_jdoc_free(er);
		fc_jdoc_free(d);
		return -1;
	}
	if (fc_jdoc_str(er, "message", &s) == 0 && mlen > 0)
		printable(msg, mlen, s, 120);
	if (fc_jdoc_get(er, "errors", &errs) == 0 &&
	    (e0 = fc_jdoc_at(errs, 0)) != NULL &&
	    fc_jdoc_kind(e0) == FC_JOBJ) {
		if (fc_jdoc_str(e0, "reason", &s) == 0 && rlen > 0)
			printable(reason, rlen, s, 64);
		if (fc_jdoc_str(e0, "location", &s) == 0 && llen > 0)
			printable(loc, llen, s, 64);
	}
	fc_jdoc_free(e0);
	fc_jdoc_free(errs);
	fc_jdoc_free(er);
	fc_jdoc_free(d);
	return 0;
}

int
fc_gdrivedoc_limited(long status, const char *body, size_t len)
{
	char reason[64];

	if (status != 403 || fc_gdrivedoc_error(body, len, reason,
	    sizeof(reason), NULL, 0, NULL, 0) == -1)
		return 0;
	return strcmp(reason, "userRateLimitExceeded") == 0 ||
	    strcmp(reason, "rateLimitExceeded") == 0;
}
