/*
 * apsdoc.c: APS answer bodies, read from bytes (see apsdoc.h).
 *
 * Every value is looked up by path and held until the caller is done:
 * fc_jdoc_get() makes each its own document, and the strings it lends
 * live as long as that.  Anything missing, of the wrong kind or empty
 * reads as absent; the caller decides whether that skips an item, a
 * folder or the page.  Nothing is quoted from a body into a message but
 * an error code, cut short and without control characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "apsdoc.h"
#include "timefmt.h"

static int
hbool(struct fc_jholds *h, const struct fc_jdoc *d, const char *path)
{
	struct fc_jdoc *v = fc_jholds_get(h, d, path);
	int b = 0;

	if (v != NULL && fc_jdoc_bool(v, NULL, &b) != 0)
		b = 0;
	return b;
}

int64_t
fc_apsdoc_ms(const char *s)
{
	const char *p;
	int64_t t, ms = 0;
	int i;

	if (s == NULL || fc_time_parse(s, &t) == -1 || t < 0 ||
	    t > INT64_MAX / 1000 - 1)
		return -1;
	if ((p = strchr(s, '.')) != NULL)
		for (p++, i = 0; i < 3; i++) {
			ms = ms * 10;
			if (*p >= '0' && *p <= '9')
				ms += *p++ - '0';
		}
	return t * 1000 + ms;
}

/* An item's tip in included[] (ids lent by the page), or NULL. */
struct tip {
	const char		*id;
	const struct fc_jdoc	*v;
};

/* Fills en from element el of data; the values are held in h. */
static void
entry(struct fc_jholds *h, const struct fc_jdoc *el, const struct tip *tips,
    size_t ntips, struct fc_apsdoc_entry *en)
{
	const char *type, *tipid;
	size_t i;

	memset(en, 0, sizeof(*en));
	en->el = el;
	en->mtime = en->rollup = -1;
	type = fc_jholds_str(h, el, "type");
	en->id = fc_jholds_str(h, el, "id");
	en->hidden = hbool(h, el, "attributes.hidden");
	if (type != NULL && strcmp(type, "folders") == 0) {
		en->kind = FC_APSDOC_FOLDER;
		en->name = fc_jholds_str(h, el, "attributes.name");
		en->mtime = fc_apsdoc_ms(fc_jholds_str(h, el,
		    "attributes.lastModifiedTime"));
		en->rollup = fc_apsdoc_ms(fc_jholds_str(h, el,
		    "attributes.lastModifiedTimeRollup"));
	} else if (type != NULL && strcmp(type, "items") == 0) {
		en->kind = FC_APSDOC_ITEM;
		tipid = fc_jholds_str(h, el, "relationships.tip.data.id");
		for (i = 0; tipid != NULL && i < ntips; i++)
			if (strcmp(tips[i].id, tipid) == 0) {
				en->tip = tips[i].v;
				break;
			}
	}
}

/* The body as a document: a JSON object, or NULL with *e set. */
static struct fc_jdoc *
parse(const char *body, size_t len, struct fc_err *e)
{
	struct fc_jdoc *doc;
	struct fc_err pe;

	if ((doc = fc_jdoc_parse(body, len, &pe)) == NULL)
		fc_seterr(e, pe.code == EX_OSERR ? EX_OSERR : EX_PROTOCOL,
		    "not a JSON object");
	return doc;
}

/* doc's data member, of kind want (held in h), or NULL with *e set. */
static struct fc_jdoc *
data_of(struct fc_jholds *h, const struct fc_jdoc *doc, enum fc_jkind want,
    struct fc_err *e)
{
	struct fc_jdoc *data;

	if ((data = fc_jholds_get(h, doc, "data")) == NULL ||
	    fc_jdoc_kind(data) != want) {
		fc_seterr(e, EX_PROTOCOL, want == FC_JARR ? "no data array" :
		    "no data object");
		return NULL;
	}
	return data;
}

/* The body as a document with a data member of kind want. */
static struct fc_jdoc *
body_doc(const char *body, size_t len, enum fc_jkind want,
    struct fc_jholds *h, struct fc_jdoc **data, struct fc_err *e)
{
	struct fc_jdoc *doc;

	if ((doc = parse(body, len, e)) == NULL)
		return NULL;
	if ((*data = data_of(h, doc, want, e)) == NULL) {
		fc_jholds_free(h);
		fc_jdoc_free(doc);
		return NULL;
	}
	return doc;
}

/*
 * A page's links.next.href in *next (malloc'd), or why there is none to
 * follow in *odd: only a missing links.next ends the paging (aps.md,
 * 6.7), as pages come short or empty mid-stream.  0, or -1 out of memory.
 */
static int
next_link(struct fc_jholds *h, const struct fc_jdoc *doc, char **next,
    const char **odd, struct fc_err *e)
{
	const char *href;

	if ((href = fc_jholds_str(h, doc, "links.next.href")) != NULL) {
		if ((*next = strdup(href)) == NULL)
			return fc_seterr(e, EX_OSERR, "out of memory");
	} else if (fc_jholds_get(h, doc, "links.next") != NULL)
		*odd = "links.next without an href";
	return 0;
}

/* included[]: the versions with an id (each to free), in *tips. */
static int
included(struct fc_jholds *h, const struct fc_jdoc *doc, struct tip **tips,
    size_t *ntips, struct fc_err *e)
{
	struct fc_jdoc *inc, *v;
	size_t i, n;

	*tips = NULL;
	*ntips = 0;
	if ((inc = fc_jholds_get(h, doc, "included")) == NULL ||
	    (n = fc_jdoc_len(inc)) == 0)
		return 0;
	if ((*tips = calloc(n, sizeof(**tips))) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	for (i = 0; i < n; i++) {
		if ((v = fc_jdoc_at(inc, i)) == NULL)
			return fc_seterr(e, EX_OSERR, "out of memory");
		/* lent from the element, which lives as long as the array */
		if (fc_jdoc_str(v, "id", &(*tips)[*ntips].id) == 0)
			(*tips)[(*ntips)++].v = v;
		else
			fc_jdoc_free(v);
	}
	return 0;
}

static void
tips_free(struct tip *tips, size_t ntips)
{
	size_t i;

	for (i = 0; i < ntips; i++)
		fc_jdoc_free((struct fc_jdoc *)tips[i].v);
	free(tips);
}

int
fc_apsdoc_page(const char *body, size_t len, fc_apsdoc_fn *fn, void *arg,
    char **next, const char **odd, struct fc_err *e)
{
	struct fc_jholds h = { .n = 0 };
	struct fc_jdoc *doc, *data, *el;
	struct fc_apsdoc_entry en;
	struct tip *tips;
	size_t i, n, ntips;
	int rv = 0;

	*next = NULL;
	*odd = NULL;
	if ((doc = body_doc(body, len, FC_JARR, &h, &data, e)) == NULL)
		return -1;
	if (included(&h, doc, &tips, &ntips, e) == -1) {
		rv = -1;
		goto out;
	}
	n = fc_jdoc_len(data);
	for (i = 0; i < n && rv == 0; i++) {
		struct fc_jholds he = { .n = 0 };

		if ((el = fc_jdoc_at(data, i)) == NULL) {
			rv = fc_seterr(e, EX_OSERR, "out of memory");
			break;
		}
		he.d[he.n++] = el;
		entry(&he, el, tips, ntips, &en);
		if (fn(arg, &en) != 0)
			rv = 1;
		fc_jholds_free(&he);
	}
	if (rv == 0)
		rv = next_link(&h, doc, next, odd, e);
out:
	tips_free(tips, ntips);
	fc_jholds_free(&h);
	fc_jdoc_free(doc);
	return rv;
}

int
fc_apsdoc_one(const char *body, size_t len, fc_apsdoc_fn *fn, void *arg,
    struct fc_err *e)
{
	struct fc_jholds h = { .n = 0 }, he = { .n = 0 };
	struct fc_jdoc *doc, *data;
	struct fc_apsdoc_entry en;
	struct tip *tips;
	size_t ntips;
	int rv = -1;

	if ((doc = body_doc(body, len, FC_JOBJ, &h, &data, e)) == NULL)
		return -1;
	if (included(&h, doc, &tips, &ntips, e) == 0) {
		entry(&he, data, tips, ntips, &en);
		rv = fn(arg, &en);
		fc_jholds_free(&he);
	}
	tips_free(tips, ntips);
	fc_jholds_free(&h);
	fc_jdoc_free(doc);
	return rv;
}

/*
 * The elements of data, an array, each held while fn reads it from h:
 * 0, 1 when fn stopped, -1 out of memory.
 */
static int
each(const struct fc_jdoc *data, int (*fn)(void *, struct fc_jholds *,
    const struct fc_jdoc *), void *arg, struct fc_err *e)
{
	struct fc_jholds h;
	struct fc_jdoc *el;
	size_t i, n = fc_jdoc_len(data);
	int rv = 0;

	for (i = 0; i < n && rv == 0; i++) {
		if ((el = fc_jdoc_at(data, i)) == NULL)
			return fc_seterr(e, EX_OSERR, "out of memory");
		h.n = 0;
		h.d[h.n++] = el;
		rv = fn(arg, &h, el) != 0;
		fc_jholds_free(&h);
	}
	return rv;
}

/* What the readers of hubs and projects pages hand each element. */
struct pcall {
	fc_apsdoc_warning_fn	*warn;
	fc_apsdoc_hub_fn	*hub;
	fc_apsdoc_project_fn	*project;
	void			*arg;
};

static int
warning(void *arg, struct fc_jholds *h, const struct fc_jdoc *el)
{
	struct pcall *c = arg;
	struct fc_apsdoc_warning w;

	w.code = fc_jholds_str(h, el, "ErrorCode");
	w.status = fc_jholds_str(h, el, "HttpStatusCode");
	w.detail = fc_jholds_str(h, el, "Detail");
	c->warn(c->arg, &w);
	return 0;
}

static int
hub(void *arg, struct fc_jholds *h, const struct fc_jdoc *el)
{
	struct pcall *c = arg;
	struct fc_apsdoc_hub hb;
	const char *type;

	hb.id = fc_jholds_str(h, el, "id");
	hb.name = fc_jholds_str(h, el, "attributes.name");
	hb.region = fc_jholds_str(h, el, "attributes.region");
	type = fc_jholds_str(h, el, "attributes.extension.type");
	/* personal and Fusion hubs are of other types */
	hb.account = type != NULL &&
	    strcmp(type, "hubs:autodesk.bim360:Account") == 0;
	return c->hub(c->arg, &hb);
}

static int
project(void *arg, struct fc_jholds *h, const struct fc_jdoc *el)
{
	struct pcall *c = arg;
	struct fc_apsdoc_project p;

	p.id = fc_jholds_str(h, el, "id");
	p.name = fc_jholds_str(h, el, "attributes.name");
	p.type = fc_jholds_str(h, el, "attributes.extension.data.projectType");
	return c->project(c->arg, &p);
}

/* A page of the Project API: each of data[] to fn, then links.next. */
static int
project_page(const char *body, size_t len, struct pcall *c,
    int (*fn)(void *, struct fc_jholds *, const struct fc_jdoc *),
    char **next, const char **odd, struct fc_err *e)
{
	struct fc_jholds h = { .n = 0 };
	struct fc_jdoc *doc, *data = NULL, *ws;
	int rv = 0;

	*next = NULL;
	*odd = NULL;
	if ((doc = parse(body, len, e)) == NULL)
		return -1;
	if (c->warn != NULL && (ws = fc_jholds_get(&h, doc,
	    "meta.warnings")) != NULL)
		rv = each(ws, warning, c, e);
	if (rv == 0 && (data = data_of(&h, doc, FC_JARR, e)) == NULL)
		rv = -1;
	if (rv == 0)
		rv = each(data, fn, c, e);
	if (rv == 0)
		rv = next_link(&h, doc, next, odd, e);
	fc_jholds_free(&h);
	fc_jdoc_free(doc);
	return rv;
}

int
fc_apsdoc_hubs(const char *body, size_t len, fc_apsdoc_warning_fn *warn,
    fc_apsdoc_hub_fn *fn, void *arg, char **next, const char **odd,
    struct fc_err *e)
{
	struct pcall c = { warn, fn, NULL, arg };

	return project_page(body, len, &c, hub, next, odd, e);
}

int
fc_apsdoc_projects(const char *body, size_t len, fc_apsdoc_project_fn *fn,
    void *arg, char **next, const char **odd, struct fc_err *e)
{
	struct pcall c = { NULL, NULL, fn, arg };

	return project_page(body, len, &c, project, next, odd, e);
}

int
fc_apsdoc_project_name(const char *body, size_t len, char **name,
    struct fc_err *e)
{
	struct fc_jholds h = { .n = 0 };
	struct fc_jdoc *doc;
	const char *s;
	int rv = 0;

	*name = NULL;
	if ((doc = parse(body, len, e)) == NULL)
		return -1;
	if ((s = fc_jholds_str(&h, doc, "data.attributes.name")) != NULL &&
	    (*name = strdup(s)) == NULL)
		rv = fc_seterr(e, EX_OSERR, "out of memory");
	fc_jholds_free(&h);
	fc_jdoc_free(doc);
	return rv;
}

static int64_t
when(struct fc_jholds *h, const struct fc_jdoc *a, const struct fc_jdoc *b,
    const char *key)
{
	const char *s = fc_jholds_str(h, a, key);
	int64_t t;

	if (s == NULL)
		s = fc_jholds_str(h, b, key);
	if (s == NULL || fc_time_parse(s, &t) == -1)
		return 0;
	return t;
}

int
fc_apsdoc_file(const struct fc_jdoc *item, const struct fc_jdoc *tip,
    struct fc_apsdoc_file *f)
{
	struct fc_jholds h = { .n = 0 };
	struct fc_jdoc *ia, *ta;
	int64_t v;
	const char *s;

	memset(f, 0, sizeof(*f));
	ia = fc_jholds_get(&h, item, "attributes");
	ta = fc_jholds_get(&h, tip, "attributes");
	f->id = fc_jholds_str(&h, item, "id");
	if ((f->name = fc_jholds_str(&h, ta, "name")) == NULL &&
	    (f->name = fc_jholds_str(&h, ta, "displayName")) == NULL)
		f->name = fc_jholds_str(&h, ia, "displayName");
	f->file_type = fc_jholds_str(&h, ta, "fileType");
	f->source_name = fc_jholds_str(&h, ta, "extension.data.sourceFileName");
	f->link = fc_jholds_str(&h, item, "links.webView.href");
	if (ta == NULL || fc_jdoc_int(ta, "storageSize", &f->size) != 0 ||
	    f->size < 0)
		f->size = -1;
	f->created_at = when(&h, ia, ta, "createTime");
	f->updated_at = when(&h, ia, ta, "lastModifiedTime");
	f->version_id = fc_jholds_str(&h, tip, "id");
	if (ta != NULL && fc_jdoc_int(ta, "versionNumber", &v) == 0) {
		snprintf(f->vbuf, sizeof(f->vbuf), "%lld", (long long)v);
		f->version = f->vbuf;
	} else
		f->version = f->version_id;
	f->mime_type = fc_jholds_str(&h, ta, "mimeType");
	f->ext_type = fc_jholds_str(&h, ia, "extension.type");
	f->hidden = hbool(&h, ia, "hidden");
	if ((s = fc_jholds_str(&h, ia, "createUserName")) == NULL)
		s = fc_jholds_str(&h, ta, "createUserName");
	f->created_by = s;
	/* h may be full here: what follows is kept in f's own room */
	memcpy(f->held, h.d, (size_t)h.n * sizeof(h.d[0]));
	f->nheld = h.n;
	h.n = 0;
	if ((s = fc_jholds_str(&h, ta, "lastModifiedUserName")) == NULL)
		s = fc_jholds_str(&h, ia, "lastModifiedUserName");
	f->modified_by = s;
	memcpy(f->held + f->nheld, h.d, (size_t)h.n * sizeof(h.d[0]));
	f->nheld += h.n;
	return f->id != NULL && f->name != NULL ? 0 : -1;
}

void
fc_apsdoc_file_free(struct fc_apsdoc_file *f)
{
	while (f->nheld > 0)
		fc_jdoc_free(f->held[--f->nheld]);
}

void
fc_apsdoc_why(long status, const char *body, size_t len,
    const char *transport, char *buf, size_t buflen)
{
	struct fc_err pe;
	struct fc_jdoc *d = NULL, *errs, *e0;
	struct fc_jholds h = { .n = 0 };
	const char *code = NULL;
	size_t n = 0;
	char *p;

	if (status == 0)
		snprintf(buf, buflen, "%.200s", transport ? transport : "?");
	else {
		/* the codes of the DM and the gateway shapes */
		if (body != NULL &&
		    (d = fc_jdoc_parse(body, len, &pe)) != NULL) {
			errs = fc_jholds_get(&h, d, "errors");
			if (errs != NULL && (e0 = fc_jdoc_at(errs, 0)) != NULL) {
				h.d[h.n++] = e0;
				code = fc_jholds_str(&h, e0, "code");
			}
			if (code == NULL)
				code = fc_jholds_str(&h, d, "errorCode");
		}
		/* 64 bytes at most, not cutting a character in two */
		if (code != NULL && (n = strlen(code)) > 64)
			for (n = 64; n > 0 && (code[n] & 0xc0) == 0x80; n--)
				;
		snprintf(buf, buflen, "HTTP %ld%s%.*s", status,
		    code ? " " : "", (int)n, code ? code : "");
		fc_jholds_free(&h);
		fc_jdoc_free(d);
	}
	/* one line on stderr, whatever the body or libcurl said */
	for (p = buf; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}
