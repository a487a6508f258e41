/*
 * lines.c: parsing, checking and writing the line formats of fc-lines(5).
 *
 * Parsing is strict about the fields fc defines and silent about others,
 * so producers may add fields without breaking older consumers.  A line
 * of a type fc does not define is FC_LINE_OTHER and is not checked at
 * all: commands pass it through.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "lines.h"
#include "timefmt.h"

/* What a parsed line owns; the strings in struct fc_line point in here. */
struct priv {
	struct fc_jdoc *doc;
	struct fc_jdoc *details;
	struct fc_jdoc *schedule;
	const char **file_types;
	char	*raw;
	char	*details_json;
	char	*scratch;	/* the fast path's NUL-terminated copies */
};

void
fc_line_clear(struct fc_line *l)
{
	struct priv *p = l->priv;

	if (p != NULL) {
		fc_jdoc_free(p->doc);
		fc_jdoc_free(p->details);
		fc_jdoc_free(p->schedule);
		free(p->file_types);
		free(p->raw);
		free(p->details_json);
		free(p->scratch);
		free(p);
	}
	memset(l, 0, sizeof(*l));
}

static int
bad(struct fc_err *e, const char *key, const char *what)
{
	return fc_seterr(e, EX_DATAERR, "\"%s\": %s", key, what);
}

/* An optional string: NULL when absent or null. */
static int
optstr(const struct fc_jdoc *d, const char *key, const char **out,
    struct fc_err *e)
{
	*out = NULL;
	if (fc_jdoc_str(d, key, out) < 0)
		return bad(e, key, "expected a string");
	return 0;
}

static int
reqstr(const struct fc_jdoc *d, const char *key, const char **out,
    struct fc_err *e)
{
	if (optstr(d, key, out, e) != 0)
		return -1;
	if (*out == NULL || **out == '\0')
		return bad(e, key, "missing");
	return 0;
}

static int
optint(const struct fc_jdoc *d, const char *key, int64_t *out, int64_t def,
    struct fc_err *e)
{
	int r;

	*out = def;
	if ((r = fc_jdoc_int(d, key, out)) < 0)
		return bad(e, key, "expected an integer");
	if (r == 0 && *out < 0)
		return bad(e, key, "expected a non-negative integer");
	return 0;
}

static int
optbool(const struct fc_jdoc *d, const char *key, int *out, int def,
    struct fc_err *e)
{
	*out = def;
	if (fc_jdoc_bool(d, key, out) < 0)
		return bad(e, key, "expected true or false");
	return 0;
}

static int
opttime(const struct fc_jdoc *d, const char *key, int64_t *out,
    struct fc_err *e)
{
	const char *s;

	*out = 0;
	if (optstr(d, key, &s, e) != 0)
		return -1;
	if (s != NULL && fc_time_parse(s, out) != 0)
		return bad(e, key, "expected an RFC 3339 time");
	return 0;
}

static int
oneof(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static int
parse_endpoint(struct fc_line *l, struct priv *p, struct fc_err *e)
{
	static const char *const types[] = { "interval", "cron", "manual",
	    NULL };
	struct fc_endpoint_line *el = &l->u.endpoint;
	struct fc_endpoint *ep = &el->ep;
	struct fc_details *dt = &ep->details;
	const char *s;
	int64_t n;
	size_t i;
	int r;

	ep->details.include_subfolders = 1;
	ep->details.full_every = FC_FULL_EVERY;
	/* the strings are lent from the document; nobody frees them */
	if (reqstr(p->doc, "endpoint", &s, e) != 0)
		return -1;
	ep->name = (char *)s;
	if (reqstr(p->doc, "endpoint_type", &s, e) != 0)
		return -1;
	ep->endpoint_type = (char *)s;
	if (optstr(p->doc, "project_id", &s, e) != 0)
		return -1;
	ep->project_id = (char *)s;
	if (optstr(p->doc, "user_id", &s, e) != 0)
		return -1;
	ep->user_id = (char *)s;
	if (optbool(p->doc, "is_active", &ep->is_active, 1, e) != 0 ||
	    optstr(p->doc, "cursor", &el->cursor, e) != 0 ||
	    optstr(p->doc, "run", &el->run, e) != 0)
		return -1;

	if ((r = fc_jdoc_obj(p->doc, "details", &p->details)) < 0)
		return bad(e, "details", "expected an object");
	if (r == 0) {
		if (fc_jdoc_dump(p->doc, "details", &p->details_json) < 0)
			return fc_seterr(e, EX_OSERR, "out of memory");
		dt->json = p->details_json;
		if (optstr(p->details, "root", &s, e) != 0)
			goto ctx;
		dt->root = (char *)s;
		if (optstr(p->details, "folder_id", &s, e) != 0)
			goto ctx;
		dt->folder_id = (char *)s;
		if (optstr(p->details, "drive_id", &s, e) != 0)
			goto ctx;
		dt->drive_id = (char *)s;
		if (optstr(p->details, "project_id", &s, e) != 0)
			goto ctx;
		dt->project_id = (char *)s;
		if (optbool(p->details, "include_subfolders",
		    &dt->include_subfolders, 1, e) != 0)
			goto ctx;
		if (optint(p->details, "full_every", &n, FC_FULL_EVERY,
		    e) != 0)
			goto ctx;
		if (n > FC_FULL_EVERY_MAX) {
			bad(e, "full_every", "too large");
			goto ctx;
		}
		dt->full_every = n;
		r = fc_jdoc_strv(p->details, "file_types", &p->file_types,
		    &dt->n_file_types);
		if (r < 0) {
			bad(e, "file_types", "expected an array of strings");
			goto ctx;
		}
		/* fc_details wants char **; the strings stay read-only */
		dt->file_types = (char **)p->file_types;
		for (i = 0; i < dt->n_file_types; i++)
			if (dt->file_types[i][0] == '\0') {
				bad(e, "file_types", "empty type");
				goto ctx;
			}
	}

	ep->schedule.type = FC_SCHED_INTERVAL;
	if ((r = fc_jdoc_obj(p->doc, "schedule", &p->schedule)) < 0)
		return bad(e, "schedule", "expected an object");
	if (r == 0) {
		if (optstr(p->schedule, "type", &s, e) != 0)
			goto sctx;
		if (s != NULL && !oneof(s, types)) {
			bad(e, "type", "expected interval, cron or manual");
			goto sctx;
		}
		if (s != NULL && strcmp(s, "cron") == 0)
			ep->schedule.type = FC_SCHED_CRON;
		else if (s != NULL && strcmp(s, "manual") == 0)
			ep->schedule.type = FC_SCHED_MANUAL;
		if (optint(p->schedule, "interval_minutes", &n, 0, e) != 0)
			goto sctx;
		if (n > 1000000) {
			bad(e, "interval_minutes", "too large");
			goto sctx;
		}
		ep->schedule.interval_minutes = (int)n;
		if (optstr(p->schedule, "cron", &s, e) != 0)
			goto sctx;
		ep->schedule.cron = (char *)s;
	}
	return 0;
ctx:
	fc_errctx(e, "details");
	return -1;
sctx:
	fc_errctx(e, "schedule");
	return -1;
}

static int
parse_begin(struct fc_line *l, struct priv *p, struct fc_err *e)
{
	static const char *const modes[] = { "full", "delta", NULL };
	struct fc_begin *b = &l->u.begin;

	if (reqstr(p->doc, "endpoint", &b->endpoint, e) != 0 ||
	    reqstr(p->doc, "endpoint_type", &b->endpoint_type, e) != 0 ||
	    optstr(p->doc, "mode", &b->mode, e) != 0 ||
	    optstr(p->doc, "scope", &b->scope, e) != 0 ||
	    optstr(p->doc, "run", &b->run, e) != 0 ||
	    opttime(p->doc, "started_at", &b->started_at, e) != 0)
		return -1;
	if (b->mode == NULL)
		b->mode = "full";
	else if (!oneof(b->mode, modes))
		return bad(e, "mode", "expected full or delta");
	return 0;
}

static int
parse_file(struct fc_line *l, struct priv *p, struct fc_err *e)
{
	static const char *const states[] = { "present", "trashed", "hidden",
	    "deleted", NULL };
	struct fc_file *f = &l->u.file;

	if (reqstr(p->doc, "endpoint", &f->endpoint, e) != 0 ||
	    reqstr(p->doc, "id", &f->id, e) != 0 ||
	    optstr(p->doc, "name", &f->name, e) != 0 ||
	    optstr(p->doc, "path", &f->path, e) != 0 ||
	    optstr(p->doc, "link", &f->link, e) != 0 ||
	    optint(p->doc, "size", &f->size, -1, e) != 0 ||
	    opttime(p->doc, "created_at", &f->created_at, e) != 0 ||
	    opttime(p->doc, "updated_at", &f->updated_at, e) != 0 ||
	    optstr(p->doc, "version", &f->version, e) != 0 ||
	    optstr(p->doc, "mime_type", &f->mime_type, e) != 0 ||
	    optstr(p->doc, "state", &f->state, e) != 0)
		return -1;
	if (f->state == NULL)
		f->state = "present";
	else if (!oneof(f->state, states))
		return bad(e, "state", "expected " FC_STATES);
	/* a file gone may be known by its id alone (a Drive change) */
	if ((f->name == NULL || *f->name == '\0') &&
	    strcmp(f->state, "deleted") != 0)
		return bad(e, "name", "missing");
	if (fc_jdoc_dump(p->doc, "raw", &p->raw) < 0)
		return fc_seterr(e, EX_OSERR, "out of memory");
	f->raw = p->raw;
	return 0;
}

/*
 * The fast path for file lines, which are nearly all the lines fc-ingest
 * reads: libjq spends more time building and freeing a jv per line than
 * SQLite spends storing the row.  A line in canonical form (see
 * fc_jflat_scan) is taken apart in place; the result is the same as
 * parse_file's, which tests/unit-json.c checks line by line.  Anything
 * unusual, including every error, declines (returns 1) so that
 * parse_file decides and words the message.
 */
static int
fast_file(struct fc_line *l, struct priv *p, const char *buf, size_t len)
{
	static const char *const states[] = { "present", "trashed", "hidden",
	    "deleted", NULL };
	struct fc_file *f = &l->u.file;
	struct fc_jflat jf;
	const char **str, *v;
	char *out;
	size_t i, n;
	int64_t *tp;
	int r;

	if (fc_jflat_scan(buf, len, &jf) != 0)
		return 1;
	if ((p->scratch = malloc(len + FC_JFLAT_MAX + 1)) == NULL)
		return 1;
	out = p->scratch;
	memset(f, 0, sizeof(*f));
	f->size = -1;
	for (i = 0; i < jf.n; i++) {
		const char *k = jf.m[i].key;

		n = jf.m[i].keylen;
		str = NULL;
		tp = NULL;
#define KEY(name) (n == sizeof(name) - 1 && memcmp(k, name, n) == 0)
		if (KEY("endpoint"))
			str = &f->endpoint;
		else if (KEY("id"))
			str = &f->id;
		else if (KEY("name"))
			str = &f->name;
		else if (KEY("path"))
			str = &f->path;
		else if (KEY("link"))
			str = &f->link;
		else if (KEY("version"))
			str = &f->version;
		else if (KEY("mime_type"))
			str = &f->mime_type;
		else if (KEY("state"))
			str = &f->state;
		else if (KEY("created_at"))
			tp = &f->created_at;
		else if (KEY("updated_at"))
			tp = &f->updated_at;
		else if (KEY("size")) {
			r = fc_jflat_int(&jf, i, &f->size);
			if (r < 0 || (r == 0 && f->size < 0))
				return 1;
			continue;
		} else if (KEY("raw")) {
			if (jf.m[i].kind == FC_JNULL)
				continue;
			/* canonical text is what jv_dump_string would give */
			memcpy(out, jf.m[i].val - (jf.m[i].kind == FC_JSTR),
			    jf.m[i].len + 2 * (jf.m[i].kind == FC_JSTR));
			f->raw = out;
			out += jf.m[i].len + 2 * (jf.m[i].kind == FC_JSTR);
			*out++ = '\0';
			continue;
		} else
			continue;	/* "type", and fields fc does not know */
#undef KEY
		if (jf.m[i].kind == FC_JNULL)
			continue;
		if (jf.m[i].kind != FC_JSTR)
			return 1;
		memcpy(out, jf.m[i].val, jf.m[i].len);
		v = out;
		out += jf.m[i].len;
		*out++ = '\0';
		if (str != NULL)
			*str = v;
		else if (fc_time_parse(v, tp) != 0)
			return 1;
	}
	if (f->endpoint == NULL || *f->endpoint == '\0' || f->id == NULL ||
	    *f->id == '\0')
		return 1;
	if (f->state == NULL)
		f->state = "present";
	else if (!oneof(f->state, states))
		return 1;
	if ((f->name == NULL || *f->name == '\0') &&
	    strcmp(f->state, "deleted") != 0)
		return 1;
	l->type = FC_LINE_FILE;
	l->typestr = "file";
	return 0;
}

static int
parse_end(struct fc_line *l, struct priv *p, struct fc_err *e)
{
	struct fc_end *en = &l->u.end;

	if (reqstr(p->doc, "endpoint", &en->endpoint, e) != 0)
		return -1;
	if (fc_jdoc_bool(p->doc, "complete", &en->complete) != 0)
		return bad(e, "complete", "expected true or false");
	if (optint(p->doc, "count", &en->count, -1, e) != 0 ||
	    optstr(p->doc, "cursor", &en->cursor, e) != 0 ||
	    opttime(p->doc, "finished_at", &en->finished_at, e) != 0)
		return -1;
	return 0;
}

static int
parse_error(struct fc_line *l, struct priv *p, struct fc_err *e)
{
	struct fc_error *er = &l->u.error;
	int64_t code;

	if (reqstr(p->doc, "endpoint", &er->endpoint, e) != 0 ||
	    reqstr(p->doc, "message", &er->message, e) != 0 ||
	    optint(p->doc, "code", &code, EX_UNAVAILABLE, e) != 0 ||
	    optint(p->doc, "retry_after", &er->retry_after, 0, e) != 0 ||
	    optstr(p->doc, "run", &er->run, e) != 0)
		return -1;
	if (code < 1 || code > 125)
		return bad(e, "code", "expected an exit status 1-125");
	er->code = (int)code;
	return 0;
}

static int
parse_sync(struct fc_line *l, struct priv *p, struct fc_err *e)
{
	struct fc_sync *s = &l->u.sync;
	int64_t code;

	if (reqstr(p->doc, "endpoint", &s->endpoint, e) != 0 ||
	    reqstr(p->doc, "status", &s->status, e) != 0 ||
	    optstr(p->doc, "run", &s->run, e) != 0 ||
	    optstr(p->doc, "error", &s->error, e) != 0 ||
	    optbool(p->doc, "dry_run", &s->dry_run, 0, e) != 0 ||
	    optbool(p->doc, "complete", &s->complete, 0, e) != 0 ||
	    optint(p->doc, "seen", &s->seen, 0, e) != 0 ||
	    optint(p->doc, "inserted", &s->inserted, 0, e) != 0 ||
	    optint(p->doc, "updated", &s->updated, 0, e) != 0 ||
	    optint(p->doc, "unchanged", &s->unchanged, 0, e) != 0 ||
	    optint(p->doc, "deleted", &s->deleted, 0, e) != 0 ||
	    opttime(p->doc, "started_at", &s->started_at, e) != 0 ||
	    opttime(p->doc, "finished_at", &s->finished_at, e) != 0 ||
	    optint(p->doc, "code", &code, 0, e) != 0)
		return -1;
	s->code = (int)code;
	return 0;
}

static const struct {
	const char *name;
	enum fc_line_type type;
	int (*parse)(struct fc_line *, struct priv *, struct fc_err *);
} kinds[] = {
	{ "file", FC_LINE_FILE, parse_file },	/* the common case first */
	{ "begin", FC_LINE_BEGIN, parse_begin },
	{ "end", FC_LINE_END, parse_end },
	{ "endpoint", FC_LINE_ENDPOINT, parse_endpoint },
	{ "error", FC_LINE_ERROR, parse_error },
	{ "sync", FC_LINE_SYNC, parse_sync },
};

int
fc_line_parse(struct fc_line *l, const char *buf, size_t len,
    struct fc_err *e)
{
	struct priv *p;
	size_t i;

	static const char fileprefix[] = "{\"type\":\"file\",";

	fc_line_clear(l);
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	l->priv = p;
	if (len > sizeof(fileprefix) - 1 &&
	    memcmp(buf, fileprefix, sizeof(fileprefix) - 1) == 0) {
		if (fast_file(l, p, buf, len) == 0)
			return 0;
		free(p->scratch);
		p->scratch = NULL;
		memset(&l->u, 0, sizeof(l->u));
	}
	if ((p->doc = fc_jdoc_parse(buf, len, e)) == NULL)
		return -1;
	if (fc_jdoc_str(p->doc, "type", &l->typestr) != 0)
		return bad(e, "type", "expected a string");
	l->type = FC_LINE_OTHER;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(l->typestr, kinds[i].name) == 0) {
			l->type = kinds[i].type;
			return kinds[i].parse(l, p, e);
		}
	return 0;
}

/* ---- writing ---- */

static int
finish(FILE *fp, struct fc_jw *w)
{
	fc_jw_end_obj(w);
	return fc_jw_line(w, fp);
}

int
fc_emit_endpoint(FILE *fp, struct fc_jw *w, const struct fc_endpoint *ep,
    const char *cursor, const char *run)
{
	static const char *const stypes[] = { "interval", "cron", "manual" };

	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "type", "endpoint");
	fc_jw_str(w, "endpoint", ep->name);
	fc_jw_str(w, "endpoint_type", ep->endpoint_type);
	fc_jw_str(w, "project_id", ep->project_id);
	fc_jw_str(w, "user_id", ep->user_id);
	fc_jw_raw(w, "details", ep->details.json);
	fc_jw_obj(w, "schedule");
	fc_jw_str(w, "type", stypes[ep->schedule.type]);
	if (ep->schedule.interval_minutes > 0)
		fc_jw_int(w, "interval_minutes", ep->schedule.interval_minutes);
	if (ep->schedule.cron != NULL)
		fc_jw_str(w, "cron", ep->schedule.cron);
	fc_jw_end_obj(w);
	fc_jw_bool(w, "is_active", ep->is_active);
	fc_jw_str(w, "cursor", cursor);
	fc_jw_str(w, "run", run);
	return finish(fp, w);
}

int
fc_emit_begin(FILE *fp, struct fc_jw *w, const struct fc_begin *b)
{
	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "type", "begin");
	fc_jw_str(w, "endpoint", b->endpoint);
	fc_jw_str(w, "endpoint_type", b->endpoint_type);
	fc_jw_str(w, "mode", b->mode ? b->mode : "full");
	fc_jw_str(w, "scope", b->scope);
	fc_jw_str(w, "run", b->run);
	fc_jw_time(w, "started_at", b->started_at);
	return finish(fp, w);
}

int
fc_emit_file(FILE *fp, struct fc_jw *w, const struct fc_file *f)
{
	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "type", "file");
	fc_jw_str(w, "endpoint", f->endpoint);
	fc_jw_str(w, "id", f->id);
	fc_jw_str(w, "name", f->name);
	fc_jw_str(w, "path", f->path);
	fc_jw_str(w, "link", f->link);
	if (f->size >= 0)
		fc_jw_intstr(w, "size", f->size);
	else
		fc_jw_null(w, "size");
	fc_jw_time(w, "created_at", f->created_at);
	fc_jw_time(w, "updated_at", f->updated_at);
	fc_jw_str(w, "version", f->version);
	fc_jw_str(w, "mime_type", f->mime_type);
	fc_jw_str(w, "state", f->state ? f->state : "present");
	fc_jw_raw(w, "raw", f->raw);
	return finish(fp, w);
}

int
fc_emit_end(FILE *fp, struct fc_jw *w, const struct fc_end *en)
{
	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "type", "end");
	fc_jw_str(w, "endpoint", en->endpoint);
	fc_jw_bool(w, "complete", en->complete);
	fc_jw_int(w, "count", en->count);
	fc_jw_str(w, "cursor", en->cursor);
	fc_jw_time(w, "finished_at", en->finished_at);
	return finish(fp, w);
}

int
fc_emit_error(FILE *fp, struct fc_jw *w, const struct fc_error *er,
    const char *run)
{
	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "type", "error");
	fc_jw_str(w, "endpoint", er->endpoint);
	fc_jw_int(w, "code", er->code);
	fc_jw_str(w, "message", er->message);
	if (er->retry_after > 0)
		fc_jw_int(w, "retry_after", er->retry_after);
	else
		fc_jw_null(w, "retry_after");
	fc_jw_str(w, "run", run);
	return finish(fp, w);
}

int
fc_emit_sync(FILE *fp, struct fc_jw *w, const struct fc_sync *s)
{
	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "type", "sync");
	fc_jw_str(w, "endpoint", s->endpoint);
	fc_jw_str(w, "run", s->run);
	fc_jw_str(w, "status", s->status);
	fc_jw_bool(w, "dry_run", s->dry_run);
	fc_jw_bool(w, "complete", s->complete);
	fc_jw_int(w, "seen", s->seen);
	fc_jw_int(w, "inserted", s->inserted);
	fc_jw_int(w, "updated", s->updated);
	fc_jw_int(w, "unchanged", s->unchanged);
	fc_jw_int(w, "deleted", s->deleted);
	fc_jw_time(w, "started_at", s->started_at);
	fc_jw_time(w, "finished_at", s->finished_at);
	fc_jw_int(w, "code", s->code);
	fc_jw_str(w, "error", s->error);
	return finish(fp, w);
}

void
fc_run_id(char buf[17])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[8];
	uint64_t x;
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* no entropy source: unique enough for a log correlation id */
		x = (uint64_t)time(NULL) << 20 ^ (uint64_t)getpid();
		memcpy(r, &x, sizeof(r));
	}
	for (i = 0; i < sizeof(r); i++) {
		buf[2 * i] = hex[r[i] >> 4];
		buf[2 * i + 1] = hex[r[i] & 0xf];
	}
	buf[16] = '\0';
}
