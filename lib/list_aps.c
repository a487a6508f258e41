/*
 * list_aps.c: the lister for Autodesk Construction Cloud (ACC / BIM 360
 * Docs), through the Data Management API of Autodesk Platform Services.
 *
 * The configuration names a project, not its hub, so the hubs come
 * first: GET hubs, keep the ACC / BIM 360 accounts, and ask each for the
 * project until one has it.  Then the top folders of the project (or the
 * folder details.folder_id names) are the scope, and the walk begins.
 *
 * The walk (walk.h) is a stack of folders still to visit and the
 * requests in flight on one fc_http multi handle: while fewer than
 * o->jobs are in flight, the next folder's first contents page is asked
 * for; each page that comes back has its items written at once, its
 * subfolders pushed, and its links.next (the only end of paging: APS
 * filters after paging, so pages come short or empty mid-stream) asked
 * for next.  Nothing but the folders not yet visited is kept, each with
 * its path, which is built from the names on the way down: no listing
 * returns one.
 *
 * An item's name, size and type live on its tip version, which a
 * contents page carries in included[]; where it is missing the item is
 * asked for by itself (it includes its tip), never /tip, which APS
 * allows 50 times a minute.
 *
 * A folder that cannot be listed (403, 404, 5xx after the retries, an
 * answer that is not the JSON:API document expected) is left out and
 * counted with fc_listing_skip(), so the listing ends incomplete and
 * fc-ingest deletes nothing.  Hidden folders are deleted ones (and
 * ACC's hidden system folders such as Photos): they are not walked, as
 * the web UI does not show them.  Hidden items are listed, state hidden.
 *
 * Requests are paced per class at APS's limits, scaled by the
 * FC_APS_RATE_SCALE environment variable (0: unpaced) for tests and
 * benchmarks against a fake whose budget is scaled too.
 *
 * Incremental listings (aps.md section 5): a folder's
 * lastModifiedTimeRollup moves, up to the root, whenever anything below
 * it changes.  The cursor a complete listing ends with says since when
 * nothing needs listing again: not the newest time the walk met, since
 * a folder changed after it was listed would then be missed, but the
 * newest rollup of the scope's roots as read before the walk began.
 * Every change made after that read carries a later time.  The next
 * listing then skips a folder, and all below it, whose rollup and own
 * lastModifiedTime are no later than that; a folder whose own time is
 * later was renamed or moved (or had files added or deleted), so the
 * paths of everything below it may have changed, and it is walked whole.
 * Such a listing is a delta one: fc-ingest updates what it names and
 * deletes nothing, so what such a listing cannot see (a file purged, a
 * folder deleted or moved out of the scope) waits for the next full
 * walk, every details.full_every.  The cursor also carries when that
 * was, and a fingerprint of what decides which files are listed, so that
 * a change of folder_id or file_types walks in full at once.  Rollups
 * come with the contents page a folder is met on, so deciding costs no
 * request; GET folder's If-Modified-Since would save none.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "apsdoc.h"
#include "auth.h"
#include "http.h"
#include "json.h"
#include "list.h"
#include "log.h"
#include "timefmt.h"
#include "walk.h"

#define CLASS_DATA	0	/* topFolders, folder, contents, item */
#define CLASS_HUBS	1	/* hubs, projects */
#define RATE_DATA	300.0	/* a minute, aps.md section 4 */
#define RATE_HUBS	50.0
#define JOBS_DEFAULT	8
#define PAGE_LIMIT	"page[limit]=200"
#define CURSOR_V	1	/* the version of the cursor's format */
#define CURSOR_MAX	256

/* How a folder is walked in a delta listing: its walk flags. */
#define F_WHOLE		1	/* with all below it: a path above it changed */

struct aps {
	struct fc_listing *l;
	const struct fc_details *d;
	struct fc_err	*e;
	struct fc_walk	*w;
	struct fc_http	*h;		/* the walk's */
	struct fc_auth	*a;
	struct fc_log	*log;
	const char	*base;
	const char	*proj;
	char		*projesc;
	char		*hub;
	char		*name;		/* the project's, for the scope */
	int		 jobs;
	int		 stop;		/* max_files reached */
	int		 failed;	/* *e is set */
	int		 delta;		/* skipping what has not changed */
	int64_t		 since;		/* delta: nothing after this (server ms) */
	int64_t		 newest;	/* the roots' newest time (server ms); -1 */
	int64_t		 full_at;	/* the last full walk (local s) */
	uint64_t	 scope_fp;	/* what decides the files listed */
	int64_t		 walked;	/* folders asked for */
	int64_t		 read;		/* contents pages read */
	long		 first_st;	/* the first folder's failing status */
	long		 retry_after;	/* of the last 429, or -1 */
	int64_t		 unchanged;	/* folders skipped as unchanged */
	struct fc_jw	 rw;
	char		*raw;
	size_t		 rawcap;
	char		*path;
	size_t		 pathcap;
};

/* The listing fails; the first reason is the one kept. */
static int	fail(struct aps *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
fail(struct aps *k, int code, const char *fmt, ...)
{
	va_list ap;

	if (!k->failed) {
		k->e->code = code;
		va_start(ap, fmt);
		vsnprintf(k->e->msg, sizeof(k->e->msg), fmt, ap);
		va_end(ap);
	}
	k->failed = 1;
	return -1;
}

/* Why an answer is not a 200, for a message: "HTTP 403 BIM360DM_ERROR". */
static void
why(const struct fc_http_resp *resp, char *buf, size_t len)
{
	fc_apsdoc_why(resp->status, resp->body, resp->len, resp->err.msg, buf,
	    len);
}

/* Starts a GET for folder f (NULL: none); the answer goes to done. */
static int
start(struct aps *k, const char *url, const char *what, fc_http_done *done,
    struct fc_walk_folder *f)
{
	struct fc_err we;

	if (fc_walk_start(k->w, url, what, CLASS_DATA, done, k, f, NULL,
	    &we) == -1)
		return fail(k, we.code, "%s", we.msg);
	return 0;
}

/*
 * A synchronous GET.  Returns its status with *resp (free it with
 * fc_http_resp_free), the reason of an answer other than 200 in buf, or
 * -1 with *e set when no answer came.
 */
static long
getresp(struct aps *k, const char *url, const char *what, int class,
    struct fc_http_resp *resp, char *buf, size_t len)
{
	struct fc_err we;

	if (fc_walk_get(k->w, url, what, class, resp, &we) == -1)
		return fail(k, we.code, "%s", we.msg);
	if (resp->status == 429)
		k->retry_after = resp->retry_after;
	if (resp->status != 200)
		why(resp, buf, len);
	return resp->status;
}

/* A failed answer to one of the calls the whole listing needs. */
static int
failed_call(struct aps *k, long st, const char *what, const char *reason)
{
	/* the error line says how long the API asked to be left alone */
	if (st == 429 && k->retry_after > 0 && k->l != NULL)
		k->l->rep->retry_after = k->retry_after;
	if (st == 401)
		return fail(k, EX_NOPERM, "GET %s: %s: the token was refused; "
		    "run fc-auth login autodesk", what, reason);
	return fail(k, st == 0 ? EX_UNAVAILABLE : fc_http_status_code(st),
	    "GET %s: %s", what, reason);
}

/*
 * The URL a page's links.next.href (freed here) leads to, malloc'd; NULL
 * at the end, with k->failed, or with *odd saying why the paging cannot
 * go on (*odd is left as it was otherwise).
 */
static char *
follow(struct aps *k, char *href, const char **odd)
{
	char *url = NULL;
	int rv;

	if (href == NULL)
		return NULL;
	if ((rv = fc_http_link(k->base, href, &url)) == -1)
		fail(k, EX_OSERR, "out of memory");
	else if (rv == 1)	/* the bearer token would go with it */
		*odd = "links.next leads off the API's host";
	free(href);
	return url;
}

/*
 * GET hubs or projects refused: a 403 there is most often an app the
 * account has not let in, whatever the grant.
 */
static int
hubs_failed(struct aps *k, long st, const char *what, const char *reason)
{
	if (st == 403)
		return fail(k, EX_NOPERM, "GET %s: %s: is the app a Custom "
		    "Integration of the account (Account Admin, Custom "
		    "Integrations)?", what, reason);
	return failed_call(k, st, what, reason);
}

/* A walk through GET hubs: for the project, or for every project. */
struct hubs {
	struct aps		*k;
	size_t			 nhubs;		/* accounts met */
	/* fc_aps_projects() only */
	const struct fc_aps_project *hub;	/* the hub being read */
	fc_aps_project_fn	*fn;
	void			*arg;
	struct fc_aps_report	*rep;
};

/* One of GET hubs' meta.warnings: logged, and counted for the report. */
static void
hub_warning(void *arg, const struct fc_apsdoc_warning *w)
{
	struct hubs *c = arg;
	struct aps *k = c->k;
	struct fc_jw f;
	const char *code = w->code ? w->code : "?", *st = w->status ?
	    w->status : "?", *detail = w->detail ? w->detail : "?";

	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_str(&f, "code", w->code);
	fc_jw_str(&f, "status", w->status);
	fc_jw_str(&f, "detail", w->detail);
	fc_log(k->log, FC_WARNING, k->l ? k->l->ep->name : NULL,
	    "aps_hub_warning", &f, "GET hubs warns: %s %s: %s", st, code,
	    detail);
	fc_jw_free(&f);
	if (c->rep != NULL && c->rep->warnings++ == 0)
		snprintf(c->rep->warning, sizeof(c->rep->warning), "%s %s: %s",
		    st, code, detail);
}

/* A hub of GET hubs: asked for the project, until one has it. */
static int
hub_has(void *arg, const struct fc_apsdoc_hub *hub)
{
	struct hubs *c = arg;
	struct aps *k = c->k;
	struct fc_http_resp resp;
	struct fc_err pe;
	char url[1024], reason[256], *hubesc, *name;
	long st;

	if (hub->id == NULL || !hub->account)
		return 0;
	c->nhubs++;
	if ((hubesc = fc_http_escape(hub->id)) == NULL)
		return fail(k, EX_OSERR, "out of memory");
	snprintf(url, sizeof(url), "%s/project/v1/hubs/%s/projects/%s",
	    k->base, hubesc, k->projesc);
	free(hubesc);
	if ((st = getresp(k, url, "project", CLASS_HUBS, &resp, reason,
	    sizeof(reason))) == -1)
		return -1;
	if (st == 200) {
		if (fc_apsdoc_project_name(resp.body, resp.len, &name,
		    &pe) == -1)
			fail(k, pe.code, "GET project: %s", pe.msg);
		else if ((k->name = name ? name : strdup(k->proj)) == NULL ||
		    (k->hub = strdup(hub->id)) == NULL)
			fail(k, EX_OSERR, "out of memory");
	} else if (st != 403 && st != 404)
		failed_call(k, st, "project", reason);
	fc_http_resp_free(&resp);
	return k->hub != NULL || k->failed;
}

/*
 * Every page of GET hubs, each hub to fn (with c), until fn says stop
 * (k->hub found) or k->failed.  0, or -1 with k->failed.
 */
static int
hub_pages(struct aps *k, fc_apsdoc_hub_fn *fn, struct hubs *c)
{
	struct fc_http_resp resp;
	struct fc_err pe;
	char *url, *next, reason[256];
	const char *odd = NULL;
	long st;
	int rv;

	if ((url = malloc(strlen(k->base) + sizeof("/project/v1/hubs"))) ==
	    NULL)
		return fail(k, EX_OSERR, "out of memory");
	sprintf(url, "%s/project/v1/hubs", k->base);
	while (url != NULL) {
		st = getresp(k, url, "hubs", CLASS_HUBS, &resp, reason,
		    sizeof(reason));
		free(url);
		if (st == -1)
			return -1;
		if (st != 200) {
			fc_http_resp_free(&resp);
			return hubs_failed(k, st, "hubs", reason);
		}
		rv = fc_apsdoc_hubs(resp.body, resp.len, hub_warning, fn, c,
		    &next, &odd, &pe);
		fc_http_resp_free(&resp);
		if (rv == -1 && !k->failed) {
			free(next);
			return fail(k, pe.code, "GET hubs: %s", pe.msg);
		}
		if (k->failed || k->hub != NULL) {
			free(next);
			return k->failed ? -1 : 0;
		}
		if ((url = follow(k, next, &odd)) == NULL && k->failed)
			return -1;
		if (odd != NULL) {
			free(url);
			return fail(k, EX_PROTOCOL, "GET hubs: %s", odd);
		}
	}
	return 0;
}

/*
 * Finds the hub that holds the project: sets k->hub and k->name.  Every
 * page of GET hubs, as --list-projects reads them, until one has it.
 */
static int
find_project(struct aps *k)
{
	struct hubs c = { .k = k };

	if (hub_pages(k, hub_has, &c) == -1)
		return -1;
	if (k->hub == NULL && c.nhubs == 0)
		return fail(k, EX_NOINPUT, "project %s: this client sees no "
		    "ACC or BIM 360 hub (is it a Custom Integration of the "
		    "account?)", k->proj);
	/* the web address shows the id without the "b." the API wants */
	if (k->hub == NULL && strncmp(k->proj, "b.", 2) != 0)
		return fail(k, EX_NOINPUT, "project %s: in none of the %zu "
		    "hubs this client sees (the API's project ids start with "
		    "\"b.\": try b.%s)", k->proj, c.nhubs, k->proj);
	if (k->hub == NULL)
		return fail(k, EX_NOINPUT, "project %s: in none of the %zu "
		    "hubs this client sees", k->proj, c.nhubs);
	return 0;
}

/* A hub's projects that could not be read: counted, the first kept. */
static void
unreadable(struct aps *k, struct fc_aps_report *rep, int code,
    const char *hub, const char *reason)
{
	if (rep->unreadable++ == 0) {
		rep->code = code;
		snprintf(rep->first, sizeof(rep->first), "hub %.100s: %.140s", hub,
		    reason);
	}
	fc_log(k->log, FC_WARNING, NULL, "aps_skip", NULL, "hub %s: its "
	    "projects left out: %s", hub, reason);
}

/* A project of GET projects, to the caller's fn. */
static int
project(void *arg, const struct fc_apsdoc_project *ap)
{
	struct hubs *c = arg;
	struct fc_aps_project p = *c->hub;

	p.id = ap->id;
	p.name = ap->name;
	p.type = ap->type;
	if (p.id != NULL && p.name != NULL) {
		c->fn(c->arg, &p);
		c->rep->projects++;
	} else
		unreadable(c->k, c->rep, EX_PROTOCOL, p.hub,
		    "a project without an id or a name");
	return 0;
}

/* Every project of hub, page by page, to c->fn. */
static int
hub_projects(struct hubs *c, const struct fc_aps_project *hub)
{
	struct aps *k = c->k;
	struct fc_http_resp resp;
	struct fc_err pe;
	char *url, *esc, *next, reason[sizeof(pe.msg) + 16];
	const char *odd;
	long st;
	int rv;

	if ((esc = fc_http_escape(hub->hub_id)) == NULL ||
	    (url = malloc(strlen(k->base) + strlen(esc) + 32)) == NULL) {
		free(esc);
		return fail(k, EX_OSERR, "out of memory");
	}
	sprintf(url, "%s/project/v1/hubs/%s/projects", k->base, esc);
	free(esc);
	c->hub = hub;
	while (url != NULL) {
		st = getresp(k, url, "projects", CLASS_HUBS, &resp, reason,
		    sizeof(reason));
		free(url);
		if (st == -1)
			return -1;
		if (st != 200) {
			fc_http_resp_free(&resp);
			if (st == 401)
				return failed_call(k, st, "projects", reason);
			unreadable(k, c->rep, st == 0 ? EX_UNAVAILABLE :
			    st == 403 ? EX_NOPERM : fc_http_status_code(st),
			    hub->hub, reason);
			return 0;
		}
		rv = fc_apsdoc_projects(resp.body, resp.len, project, c, &next,
		    &odd, &pe);
		fc_http_resp_free(&resp);
		if (rv == -1 && pe.code == EX_OSERR)
			return fail(k, EX_OSERR, "out of memory");
		if (rv == -1) {
			snprintf(reason, sizeof(reason), "GET projects: %s",
			    pe.msg);
			unreadable(k, c->rep, EX_PROTOCOL, hub->hub, reason);
			return 0;
		}
		url = follow(k, next, &odd);
		if (odd != NULL)
			unreadable(k, c->rep, EX_PROTOCOL, hub->hub, odd);
		if (k->failed)
			return -1;
	}
	return 0;
}

/* A hub of GET hubs: its projects, if it is an account's. */
static int
hub_each(void *arg, const struct fc_apsdoc_hub *h)
{
	struct hubs *c = arg;
	struct fc_aps_project hub;

	/* personal and Fusion hubs hold no project fc can list */
	if (!h->account)
		c->rep->other_hubs++;
	else if (h->id == NULL || h->name == NULL)
		unreadable(c->k, c->rep, EX_PROTOCOL, h->id ? h->id : "?",
		    "a hub without an id or a name");
	else {
		c->rep->hubs++;
		memset(&hub, 0, sizeof(hub));
		hub.hub_id = h->id;
		hub.hub = h->name;
		hub.region = h->region;
		hub_projects(c, &hub);
	}
	return c->k->failed;
}

/* Every page of GET hubs: the accounts' projects to fn. */
static int
all_projects(struct aps *k, fc_aps_project_fn *fn, void *arg,
    struct fc_aps_report *rep)
{
	struct hubs c = { .k = k, .fn = fn, .arg = arg, .rep = rep };

	if (hub_pages(k, hub_each, &c) == -1)
		return -1;
	if (rep->hubs == 0 && rep->unreadable == 0)
		return fail(k, EX_NOINPUT, "this client sees no ACC or BIM 360 "
		    "hub (is it a Custom Integration of the account?)");
	return 0;
}

/* ---- incremental listings ---- */

/* "2023-11-14T22:13:20.123Z" for ms; buf has room for 32. */
static char *
msfmt(int64_t ms, char *buf)
{
	char t[FC_TIMELEN];

	fc_time_fmt(ms / 1000, t);
	t[strlen(t) - 1] = '\0';		/* the Z */
	snprintf(buf, 32, "%s.%03dZ", t, (int)(ms % 1000));
	return buf;
}

static uint64_t
fnv(uint64_t h, const char *s)
{
	/* the NUL too, so that "ab","c" and "a","bc" differ */
	do {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	} while (*s++ != '\0');
	return h;
}

/* What decides which files a listing names, hashed for the cursor. */
static uint64_t
fingerprint(const struct fc_details *d)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	h = fnv(h, d->project_id ? d->project_id : "");
	h = fnv(h, d->folder_id ? d->folder_id : "");
	h = fnv(h, d->include_subfolders ? "1" : "0");
	for (i = 0; i < d->n_file_types; i++)
		h = fnv(h, d->file_types[i]);
	return h;
}

/*
 * Reads the cursor into since and full_at: 0, or -1 when it is not one
 * this version wrote (why says how), or 1 when it is for another scope.
 */
static int
cursor_read(struct aps *k, const char *cur, int64_t *since, int64_t *full_at,
    const char **why)
{
	struct fc_err pe;
	struct fc_jdoc *d;
	const char *s, *f, *fp;
	char want[20];
	int64_t v;
	int rv = -1;

	*why = "the cursor is not a JSON object";
	if ((d = fc_jdoc_parse(cur, strlen(cur), &pe)) == NULL)
		return -1;
	if (fc_jdoc_int(d, "v", &v) != 0 || v != CURSOR_V)
		*why = "the cursor is of another version";
	else if (fc_jdoc_str(d, "since", &s) != 0 ||
	    fc_jdoc_str(d, "full_at", &f) != 0 ||
	    fc_jdoc_str(d, "scope", &fp) != 0 ||
	    (*since = fc_apsdoc_ms(s)) == -1 || fc_time_parse(f, full_at) == -1)
		*why = "the cursor lacks a time or its scope";
	else {
		snprintf(want, sizeof(want), "%016llx",
		    (unsigned long long)k->scope_fp);
		rv = strcmp(fp, want) == 0 ? 0 : 1;
	}
	fc_jdoc_free(d);
	return rv;
}

/*
 * Whether this listing may skip what has not changed since the last
 * complete one: sets k->delta, k->since and k->full_at, and says why not
 * in the log.  An unreadable cursor is no error: a full walk is always
 * right, only slower.
 */
static void
plan(struct aps *k, int64_t now)
{
	const char *cur = k->l->o->cursor, *why = NULL, *bad;
	int64_t since = 0, full_at = 0;
	int level = FC_INFO, r;

	k->scope_fp = fingerprint(k->d);
	k->full_at = now;
	if (k->l->o->full)
		why = "asked for (--full)";
	else if (k->d->full_every == 0)
		why = "full_every is 0";
	else if (cur == NULL || *cur == '\0')
		why = "no cursor: none stored yet, the last listing was "
		    "not complete, or fc-list ran without fc-auth's line";
	else if ((r = cursor_read(k, cur, &since, &full_at, &bad)) == -1) {
		why = bad;
		level = FC_WARNING;
	} else if (r == 1)
		why = "the scope (project_id, folder_id, include_subfolders "
		    "or file_types) changed";
	else if (full_at > now || now - full_at >= k->d->full_every)
		why = "full_every has passed since the last full walk";
	if (why != NULL) {
		fc_log(k->log, level, k->l->ep->name, "aps_full", NULL,
		    "a full listing: %s", why);
		return;
	}
	k->delta = 1;
	k->since = since;
	k->full_at = full_at;
}

/* The cursor a complete listing ends with (in buf), or NULL. */
static const char *
cursor_write(struct aps *k, char *buf, size_t len)
{
	char since[32], full[FC_TIMELEN];

	/* no root told its time: the next listing cannot skip anything */
	if (k->newest < 0)
		return NULL;
	snprintf(buf, len, "{\"v\":%d,\"since\":\"%s\",\"full_at\":\"%s\","
	    "\"scope\":\"%016llx\"}", CURSOR_V, msfmt(k->newest, since),
	    fc_time_fmt(k->full_at, full), (unsigned long long)k->scope_fp);
	return buf;
}

/*
 * Whether a folder met in the walk (under one with flags above) is
 * walked: -1 not, as nothing in it changed since the last listing, else
 * the flags it is walked with.  A time missing counts as a change.
 */
static int
visit(struct aps *k, unsigned above, const struct fc_apsdoc_entry *en)
{
	if (!k->delta || (above & F_WHOLE))
		return (int)above;
	if (en->mtime == -1 || en->mtime > k->since)
		return F_WHOLE;
	if (en->rollup == -1 || en->rollup > k->since)
		return 0;
	k->unchanged++;
	return -1;
}

/* Pushes a folder met in the walk, unless it is to be skipped. */
static int
meet(struct aps *k, unsigned above, const struct fc_apsdoc_entry *en,
    const char *id, const char *parent, const char *name)
{
	struct fc_walk_folder *f;
	struct fc_err we;
	int fl;

	if ((fl = visit(k, above, en)) == -1)
		return 0;
	if ((f = fc_walk_push(k->w, id, parent, name, NULL, &we)) == NULL)
		return fail(k, we.code, "%s", we.msg);
	f->flags = (unsigned)fl;
	return 0;
}

/*
 * A root of the scope, from topFolders or GET folder: its times, hidden
 * or not, bound the next listing's since; walked unless hidden.
 */
static int
root(void *arg, const struct fc_apsdoc_entry *en)
{
	struct aps *k = arg;

	if (en->rollup > k->newest)
		k->newest = en->rollup;
	if (en->mtime > k->newest)
		k->newest = en->mtime;
	if (k->d->folder_id != NULL) {
		/* a deleted scope would list as empty: everything gone */
		if (en->hidden)
			return fail(k, EX_NOINPUT, "folder_id %s: the folder "
			    "is deleted", k->d->folder_id);
		return meet(k, 0, en, k->d->folder_id, "", "");
	}
	if (en->id != NULL && en->name != NULL && !en->hidden &&
	    meet(k, 0, en, en->id, "", en->name) == -1)
		return -1;
	return 0;
}

/* The scope: the project's top folders, or details.folder_id. */
static int
scope(struct aps *k)
{
	struct fc_http_resp resp;
	struct fc_err pe;
	char url[2048], reason[256], *hubesc, *fesc, *next;
	const char *odd, *what;
	long st;
	int rv;

	if (k->d->folder_id != NULL) {
		what = "folder";
		if ((fesc = fc_http_escape(k->d->folder_id)) == NULL)
			return fail(k, EX_OSERR, "out of memory");
		snprintf(url, sizeof(url), "%s/data/v1/projects/%s/folders/%s",
		    k->base, k->projesc, fesc);
		free(fesc);
	} else {
		what = "topFolders";
		if ((hubesc = fc_http_escape(k->hub)) == NULL)
			return fail(k, EX_OSERR, "out of memory");
		snprintf(url, sizeof(url), "%s/project/v1/hubs/%s/projects/%s/"
		    "topFolders", k->base, hubesc, k->projesc);
		free(hubesc);
	}
	if ((st = getresp(k, url, what, CLASS_DATA, &resp, reason,
	    sizeof(reason))) == -1)
		return -1;
	if (st == 404 && k->d->folder_id != NULL) {
		fc_http_resp_free(&resp);
		return fail(k, EX_NOINPUT, "folder_id %s: no such folder in "
		    "the project (%s)", k->d->folder_id, reason);
	}
	if (st != 200) {
		fc_http_resp_free(&resp);
		return failed_call(k, st, what, reason);
	}
	/* a folder without its times is walked (visit() counts a change) */
	if (k->d->folder_id != NULL)
		rv = fc_apsdoc_one(resp.body, resp.len, root, k, &pe);
	else {
		rv = fc_apsdoc_page(resp.body, resp.len, root, k, &next, &odd,
		    &pe);
		free(next);	/* topFolders is not paged */
	}
	fc_http_resp_free(&resp);
	if (rv == -1 && !k->failed)
		return fail(k, pe.code == EX_OSERR ? EX_OSERR : EX_PROTOCOL,
		    "GET %s: %s", what, pe.msg);
	return k->failed ? -1 : 0;
}

/*
 * details.file_types: APS's fileType when the version has one, else the
 * extension of its name or of the name it was uploaded as.
 */
static int
wanted(const struct fc_details *d, const char *ftype, const char *name,
    const char *src)
{
	const char *t;
	size_t i;

	if (d->n_file_types == 0)
		return 1;
	if (ftype == NULL)
		return (name != NULL &&
		    fc_list_wanted(d, name, strlen(name))) ||
		    (src != NULL && fc_list_wanted(d, src, strlen(src)));
	for (i = 0; i < d->n_file_types; i++) {
		t = d->file_types[i];
		if (strcasecmp(ftype, *t == '.' ? t + 1 : t) == 0)
			return 1;
	}
	return 0;
}

static int
grow(char **buf, size_t *cap, size_t need)
{
	char *p;

	if (need <= *cap)
		return 0;
	if (need < 2 * *cap)
		need = 2 * *cap;
	if ((p = realloc(*buf, need)) == NULL)
		return -1;
	*buf = p;
	*cap = need;
	return 0;
}

/* Writes the file line of item with its tip, found in folder f. */
static int
emit(struct aps *k, struct fc_walk_folder *f, const struct fc_jdoc *item,
    const struct fc_jdoc *tip)
{
	struct fc_apsdoc_file af;
	struct fc_file ff;
	int rv;

	if (fc_apsdoc_file(item, tip, &af) == -1) {
		fc_listing_skip(k->l, af.id ? af.id : f->path[0] ? f->path :
		    f->id, "an item without an id or a name");
		fc_apsdoc_file_free(&af);
		return 0;
	}
	if (!wanted(k->d, af.file_type, af.name, af.source_name)) {
		fc_apsdoc_file_free(&af);
		return 0;
	}
	if (fc_walk_join(&k->path, &k->pathcap, f->path, af.name) == -1) {
		fc_apsdoc_file_free(&af);
		return fail(k, EX_OSERR, "out of memory");
	}

	memset(&ff, 0, sizeof(ff));
	ff.id = af.id;
	ff.name = af.name;
	ff.path = k->path;
	ff.link = af.link;
	ff.size = af.size;
	ff.created_at = af.created_at;
	ff.updated_at = af.updated_at;
	ff.version = af.version;
	if ((ff.mime_type = af.mime_type) == NULL)
		ff.mime_type = fc_list_mime(af.name, strlen(af.name));
	ff.state = af.hidden ? "hidden" : "present";

	/* what identifies the file at the provider; nothing that changes alone */
	fc_jw_reset(&k->rw);
	fc_jw_obj(&k->rw, NULL);
	fc_jw_str(&k->rw, "item", af.id);
	fc_jw_str(&k->rw, "version", af.version_id);
	fc_jw_str(&k->rw, "fileType", af.file_type);
	fc_jw_str(&k->rw, "type", af.ext_type);
	fc_jw_str(&k->rw, "hub", k->hub);
	fc_jw_str(&k->rw, "project", k->proj);
	fc_jw_str(&k->rw, "folder", f->id);
	fc_jw_str(&k->rw, "createUserName", af.created_by);
	fc_jw_str(&k->rw, "lastModifiedUserName", af.modified_by);
	fc_jw_end_obj(&k->rw);
	if (k->rw.oom || grow(&k->raw, &k->rawcap, k->rw.len + 1) == -1) {
		fc_apsdoc_file_free(&af);
		return fail(k, EX_OSERR, "out of memory");
	}
	memcpy(k->raw, k->rw.buf, k->rw.len);
	k->raw[k->rw.len] = '\0';
	ff.raw = k->raw;

	rv = fc_listing_file(k->l, &ff, k->e);
	fc_apsdoc_file_free(&af);
	if (rv == 1)
		k->stop = 1;
	else if (rv == -1)
		k->failed = 1;
	return rv == -1 ? -1 : 0;
}

/*
 * Leaves folder f (what NULL) or an entry in it ("an item in") out, for
 * people and the log.
 */
static void
skip(struct aps *k, struct fc_walk_folder *f, const char *what, const char *reason)
{
	char buf[FC_WALK_NAMELEN + 32], name[FC_WALK_NAMELEN];

	snprintf(buf, sizeof(buf), "%s%s%s", what ? what : "", what ? " " : "",
	    fc_walk_name(f, name, sizeof(name)));
	fc_listing_skip(k->l, buf, reason);
	fc_log(k->log, FC_WARNING, k->l->ep->name, "aps_skip", NULL,
	    "%s left out: %s", buf, reason);
}

static int	done_item(void *, struct fc_http_req *, struct fc_http_resp *);
static int	done_contents(void *, struct fc_http_req *,
		    struct fc_http_resp *);

/* One item of a contents page: written, or asked for with its tip. */
static int
item(struct aps *k, struct fc_walk_folder *f, const struct fc_apsdoc_entry *en)
{
	char url[2048], *esc;

	if (en->tip != NULL)
		return emit(k, f, en->el, en->tip);
	/* not in included[]: the item itself includes its tip */
	if (en->id == NULL) {
		skip(k, f, "an item in", "no id");
		return 0;
	}
	if ((esc = fc_http_escape(en->id)) == NULL)
		return fail(k, EX_OSERR, "out of memory");
	snprintf(url, sizeof(url), "%s/data/v1/projects/%s/items/%s", k->base,
	    k->projesc, esc);
	free(esc);
	return start(k, url, "item", done_item, f);
}

/* Where an answer about folder f goes. */
struct at {
	struct aps	*k;
	struct fc_walk_folder *f;
};

/* One element of a contents page. */
static int
entry(void *arg, const struct fc_apsdoc_entry *en)
{
	struct at *at = arg;
	struct aps *k = at->k;

	if (en->kind == FC_APSDOC_FOLDER) {
		/* hidden: deleted, or a system folder such as Photos */
		if (en->hidden)
			;
		else if (en->id == NULL || en->name == NULL)
			skip(k, at->f, "a folder in", "no id or name");
		else if (k->d->include_subfolders)
			meet(k, at->f->flags, en, en->id, at->f->path,
			    en->name);
	} else if (en->kind == FC_APSDOC_ITEM)
		item(k, at->f, en);
	return k->stop || k->failed;
}

/* A contents page: its items written, its folders pushed, next asked. */
static void
page(struct aps *k, struct fc_walk_folder *f, const struct fc_http_resp *resp)
{
	struct at at = { k, f };
	struct fc_err pe;
	const char *odd;
	char *next, *url = NULL, *u, reason[sizeof(pe.msg) + 16];
	int rv;

	rv = fc_apsdoc_page(resp->body, resp->len, entry, &at, &next, &odd,
	    &pe);
	if (rv == -1) {
		if (pe.code == EX_OSERR)
			fail(k, EX_OSERR, "out of memory");
		else {
			snprintf(reason, sizeof(reason), "the contents: %s",
			    pe.msg);
			skip(k, f, NULL, reason);
		}
		return;
	}
	if (rv == 1 || k->stop || k->failed)
		goto out;
	url = follow(k, next, &odd);
	next = NULL;
	if (odd != NULL)
		skip(k, f, NULL, odd);
	if (url == NULL)
		goto out;
	/* a next link that dropped page[limit] would page by the default */
	if (strstr(url, "page[limit]=") == NULL &&
	    strcasestr(url, "page%5Blimit%5D=") == NULL) {
		if ((u = malloc(strlen(url) + sizeof(PAGE_LIMIT) + 1)) == NULL) {
			fail(k, EX_OSERR, "out of memory");
			goto out;
		}
		sprintf(u, "%s%c%s", url, strchr(url, '?') ? '&' : '?',
		    PAGE_LIMIT);
		free(url);
		url = u;
	}
	start(k, url, "contents", done_contents, f);
out:
	free(next);
	free(url);
}

/* Starts folders from the stack while there is room on the wire. */
static void
pump(struct aps *k)
{
	struct fc_walk_folder *f;
	char url[2048], *esc;

	/* a folder not started is freed with the walk, which fails */
	while (!k->stop && !k->failed && fc_walk_inflight(k->w) < k->jobs &&
	    (f = fc_walk_pop(k->w)) != NULL) {
		k->walked++;
		if ((esc = fc_http_escape(f->id)) == NULL) {
			fail(k, EX_OSERR, "out of memory");
			return;
		}
		snprintf(url, sizeof(url), "%s/data/v1/projects/%s/folders/%s/"
		    "contents?includeHidden=true&" PAGE_LIMIT, k->base,
		    k->projesc, esc);
		free(esc);
		if (start(k, url, "contents", done_contents, f) == -1)
			return;
	}
}

static int
done_contents(void *arg, struct fc_http_req *r, struct fc_http_resp *resp)
{
	struct aps *k = arg;
	struct fc_walk_folder *f = fc_walk_finish(k->w, r, NULL);
	char reason[256];

	if (!k->stop && !k->failed) {
		if (resp->status == 200) {
			k->read++;
			page(k, f, resp);
		} else if (resp->status == 401) {
			why(resp, reason, sizeof(reason));
			failed_call(k, 401, "contents", reason);
		} else {
			if (k->first_st == 0)
				k->first_st = resp->status;
			if (resp->status == 429)
				k->retry_after = resp->retry_after;
			why(resp, reason, sizeof(reason));
			skip(k, f, NULL, reason);
		}
	}
	fc_walk_release(k->w, f);
	pump(k);
	return k->stop || k->failed ? -1 : 0;
}

/* The answer of GET item: the item and its tip, for the file line. */
static int
item_doc(void *arg, const struct fc_apsdoc_entry *en)
{
	struct at *at = arg;

	if (en->tip != NULL)
		emit(at->k, at->f, en->el, en->tip);
	else
		skip(at->k, at->f, "an item in",
		    "its tip version is not in the answer");
	return 0;
}

static int
done_item(void *arg, struct fc_http_req *r, struct fc_http_resp *resp)
{
	struct aps *k = arg;
	struct at at = { k, fc_walk_finish(k->w, r, NULL) };
	struct fc_err pe;
	char reason[sizeof(pe.msg) + 16];

	if (k->stop || k->failed)
		goto out;
	if (resp->status == 404)	/* deleted since its folder was listed */
		goto out;
	if (resp->status != 200) {
		why(resp, reason, sizeof(reason));
		if (resp->status == 401)
			failed_call(k, 401, "item", reason);
		else
			skip(k, at.f, "an item in", reason);
		goto out;
	}
	if (fc_apsdoc_one(resp->body, resp->len, item_doc, &at, &pe) == -1) {
		if (pe.code == EX_OSERR)
			fail(k, EX_OSERR, "out of memory");
		else {
			snprintf(reason, sizeof(reason), "the item: %s",
			    pe.msg);
			skip(k, at.f, "an item in", reason);
		}
	}
out:
	fc_walk_release(k->w, at.f);
	pump(k);
	return k->stop || k->failed ? -1 : 0;
}

/*
 * FC_APS_RATE_SCALE: the pacing, scaled (0: none), for tests and bench.
 * Anything but a finite number, 0 or more, is refused rather than read
 * as 1: a benchmark must not measure what it did not ask for.
 */
static int
rate_scale(double *scale, struct fc_err *e)
{
	const char *s = getenv("FC_APS_RATE_SCALE");
	char *end;

	*scale = 1;
	if (s == NULL || *s == '\0')
		return 0;
	*scale = strtod(s, &end);
	if (*end != '\0' || !isfinite(*scale) || *scale < 0)
		return fc_seterr(e, EX_CONFIG, "FC_APS_RATE_SCALE %.32s: "
		    "expected a number, 0 or more", s);
	return 0;
}

int
fc_list_aps(struct fc_listing *l, struct fc_err *e)
{
	struct fc_http_opts ho;
	struct aps k;
	struct fc_jw w;
	char *scopestr = NULL, cur[CURSOR_MAX];
	size_t n;
	double scale;
	int64_t now = fc_time_now();
	int rv = -1;

	memset(&k, 0, sizeof(k));
	k.l = l;
	k.d = &l->ep->details;
	k.e = e;
	k.log = l->o->log;
	k.jobs = l->o->jobs > 0 ? l->o->jobs : JOBS_DEFAULT;
	k.newest = -1;
	k.retry_after = -1;
	fc_jw_init(&k.rw);
	if ((k.proj = k.d->project_id) == NULL || k.proj[0] == '\0')
		return fc_seterr(e, EX_CONFIG, "endpoint_details.project_id: "
		    "missing (the project's b.… id)");
	if (l->conf == NULL)
		return fc_seterr(e, EX_CONFIG, "no configuration: the "
		    "Autodesk client (clients.autodesk) is set there");
	k.base = l->conf->autodesk.base_url ? l->conf->autodesk.base_url :
	    "https://developer.api.autodesk.com";

	if ((k.a = fc_auth_open(l->conf, "autodesk", k.log, e)) == NULL)
		return -1;
	memset(&ho, 0, sizeof(ho));
	ho.retries = -1;
	ho.max_active = k.jobs;
	ho.log = k.log;
	ho.endpoint = l->ep->name;
	if ((k.w = fc_walk_new(&ho, k.a, "application/vnd.api+json",
	    e)) == NULL)
		goto out;
	k.h = fc_walk_http(k.w);
	if (rate_scale(&scale, e) == -1)
		goto out;
	if (l->o->share > 1)
		scale /= l->o->share;
	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_int(&w, "per_minute", (int64_t)(RATE_DATA * scale + 0.5));
	fc_jw_int(&w, "share", l->o->share > 1 ? l->o->share : 1);
	fc_jw_end_obj(&w);
	fc_log(k.log, FC_DEBUG, l->ep->name, "aps_pace", &w, "folders, "
	    "contents and items paced at %.0f a minute (0: not paced)",
	    RATE_DATA * scale);
	fc_jw_free(&w);
	fc_http_pace(k.h, CLASS_DATA, RATE_DATA * scale);
	fc_http_pace(k.h, CLASS_HUBS, RATE_HUBS * scale);
	if ((k.projesc = fc_http_escape(k.proj)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		goto out;
	}

	plan(&k, now);
	if (find_project(&k) == -1 || scope(&k) == -1)
		goto out;
	n = strlen(k.name) + strlen(k.proj) + (k.d->folder_id ?
	    strlen(k.d->folder_id) : 0) + 32;
	if ((scopestr = malloc(n)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		goto out;
	}
	snprintf(scopestr, n, "%s (%s)%s%s", k.name, k.proj,
	    k.d->folder_id ? " folder " : "",
	    k.d->folder_id ? k.d->folder_id : "");
	if (fc_listing_begin(l, k.delta ? "delta" : "full", scopestr, e) == -1)
		goto out;

	pump(&k);
	if (!k.failed && !k.stop && fc_http_run(k.h, e) == -1)
		k.failed = 1;
	if (k.failed)
		goto out;
	/*
	 * Not one folder read: no listing at all, though each failure
	 * alone would only leave its folder out.  An error line, so the
	 * sync fails and is retried, rather than a partial one that
	 * counts as good.
	 */
	if (k.walked > 0 && k.read == 0 && l->rep->unreadable > 0 &&
	    l->rep->count == 0) {
		if (k.first_st == 429 && k.retry_after > 0)
			l->rep->retry_after = k.retry_after;
		fc_seterr(e, k.first_st == 0 ? EX_UNAVAILABLE :
		    fc_http_status_code(k.first_st), "no folder could be read "
		    "(%lld tried); the first: %s", (long long)k.walked,
		    l->rep->first);
		goto out;
	}
	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_str(&w, "mode", k.delta ? "delta" : "full");
	fc_jw_int(&w, "folders", k.walked);
	fc_jw_int(&w, "unchanged", k.unchanged);
	fc_jw_end_obj(&w);
	fc_log(k.log, FC_INFO, l->ep->name, "aps_walk", &w, "%s listing: "
	    "%lld folders listed, %lld skipped as unchanged", k.delta ?
	    "a delta" : "a full", (long long)k.walked,
	    (long long)k.unchanged);
	fc_jw_free(&w);
	rv = fc_listing_end(l, 1, cursor_write(&k, cur, sizeof(cur)), e);
out:
	fc_walk_free(k.w);
	fc_auth_close(k.a);
	fc_jw_free(&k.rw);
	free(k.raw);
	free(k.path);
	free(k.projesc);
	free(k.hub);
	free(k.name);
	free(scopestr);
	return rv;
}

int
fc_aps_projects(const struct fc_conf *c, struct fc_log *log,
    fc_aps_project_fn *fn, void *arg, struct fc_aps_report *rep,
    struct fc_err *e)
{
	struct fc_http_opts ho;
	struct aps k;
	double scale;
	int rv = -1;

	memset(rep, 0, sizeof(*rep));
	memset(&k, 0, sizeof(k));
	k.e = e;
	k.log = log;
	k.base = c->autodesk.base_url ? c->autodesk.base_url :
	    "https://developer.api.autodesk.com";
	if ((k.a = fc_auth_open(c, "autodesk", log, e)) == NULL)
		return -1;
	memset(&ho, 0, sizeof(ho));
	ho.retries = -1;
	ho.log = log;
	if ((k.w = fc_walk_new(&ho, k.a, "application/vnd.api+json",
	    e)) == NULL)
		goto out;
	k.h = fc_walk_http(k.w);
	if (rate_scale(&scale, e) == -1)
		goto out;
	fc_http_pace(k.h, CLASS_HUBS, RATE_HUBS * scale);
	rv = all_projects(&k, fn, arg, rep);
out:
	fc_walk_free(k.w);
	fc_auth_close(k.a);
	return rv;
}
