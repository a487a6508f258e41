/*
 * list_gdrive.c: the lister for Google Drive, through the Drive API v3.
 *
 * Two strategies, by scope; fc-list(1) gives the figures that chose them.
 *
 * details.folder_id: a walk (walk.h).  The folder is checked (files.get),
 * then each folder is asked for its children (q='ID' in parents),
 * o->jobs requests in flight on one fc_http handle; a page's files are
 * written as it comes, its subfolders pushed on a stack, its
 * nextPageToken asked for next.  A walk costs a request per folder, but
 * only the folders of the scope, however large the drive around it.
 *
 * details.drive_id, or neither: a flat listing.  Every folder of the
 * corpus first (q=mimeType = folder), kept in a table by id, then every
 * other file (q=mimeType != folder), each written as its page comes, its
 * path built from its parents through the table.  That is N/1000
 * requests whatever the depth, and only the folders are kept.  The pages
 * of one query come one after another (each names the next), so with no
 * scope the corpora (My Drive with what is shared with the account, and
 * each shared drive) are paged side by side.
 *
 * Paths: Drive has none, names repeat and may hold '/'.  A file in
 * several folders (Drive allowed that until 2020) is listed once, under
 * the first of its parents, in Drive's order, that is in the scope.  The
 * walk meets such a file in each of those folders, so it keeps the best
 * sighting and writes it at the end, and it puts a folder of several
 * parents off until the rest is walked, then walks it once, under the
 * best parent seen.  A folder is walked once, so a cycle ends.
 *
 * Trashed files are listed, state trashed: Drive lists them unless asked
 * not to, and trash is undone.  A shortcut is a file of its own, never
 * followed.  Google-native documents have no size: the line says null.
 * Sizes and versions arrive as strings and are read strictly; an entry
 * that does not read is left out and the listing ends incomplete.
 *
 * Incremental listings (gdrive.md section 5): a full listing takes the
 * changes feed's start token before it reads anything, so every change
 * made while it lists is in the feed from that token; its cursor holds
 * it.  A delta listing reads the feed from the cursor: a removed file
 * becomes a deletion (by id: Drive says no more of it), a changed file a
 * line as a full listing writes it, or a deletion when it is now out of
 * the scope (harmless when it never was in it).  Paths need the
 * folders: when a change touches the scope, the corpus's folder table is
 * loaded (N/1000 requests), and a changed folder's new name and parents
 * go into it.  A folder renamed, moved or trashed changes all below it,
 * which the feed does not list file by file, so such a folder in the
 * scope is walked again.
 *
 * The feed says where a folder is, never where it was, so the cursor
 * keeps the scope's folders (hashed: fkey).  With them a change that
 * touches nothing the scope had costs no request; a folder that was in
 * the scope and is not now is walked where it is, its files listed as
 * deleted; a folder of the scope removed that files.get does not find
 * makes the listing full, since Drive does not say that the feed names
 * what went with it.  Those and the scope folder's own changes (gone:
 * the endpoint fails; to another drive: full) must be known before the
 * begin line, so the whole feed is read first (feed_scan), its pages
 * after the first kept in a temporary file, then listed (delta).
 * Nothing is kept in memory but the table, the first page and one more.
 * The cursor keeps the folders above the scope folder too (climb): one
 * of them put in the trash puts the scope there, with perhaps no change
 * of the scope's own in the feed, so a change of one has the scope
 * folder looked up.  With everything as the scope, paths start with a
 * shared drive's name, and the feed names a drive renamed, joined or
 * left as one change of the drive: the listing turns full.
 *
 * Errors: lib/http retries 429, 5xx and the 403s Drive answers rate
 * limits with (limited() reads the reason), with backoff and jitter;
 * any other answer but a 200 fails the endpoint, naming the API's reason
 * and, for a folder of the walk, the folder (fc_walk_name), as the
 * Autodesk lister names one it leaves out.  incompleteSearch makes the
 * listing incomplete.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "auth.h"
#include "gdrivedoc.h"
#include "http.h"
#include "json.h"
#include "list.h"
#include "log.h"
#include "timefmt.h"
#include "walk.h"

#define FILE_FIELDS	"id,name,mimeType,parents,size,md5Checksum,version," \
			"createdTime,modifiedTime,webViewLink,trashed,driveId," \
			"shortcutDetails"
#define LIST_FIELDS	"nextPageToken,incompleteSearch,files(" FILE_FIELDS ")"
/* shared drives' items are left out of every answer without these */
#define ALLDRIVES	"supportsAllDrives=true&includeItemsFromAllDrives=true"
#define PAGE		"pageSize=1000&prettyPrint=false"
#define CHANGE_FIELDS	"nextPageToken,newStartPageToken,changes(changeType," \
			"removed,fileId,driveId,file(" FILE_FIELDS "))"
#define CURSOR_V	2	/* the version of the cursor's format */
#define FKEY_BYTES	6	/* of a folder's key in the cursor */
#define ABOVE_MAX	32	/* folders looked up above the scope folder */
#define SHARED_TOP	"Shared with me"
#define JOBS_DEFAULT	8
#define RETRIES		8	/* gdrive.md: about ten tries */

enum { ST_NEW, ST_BUSY, ST_IN, ST_OUT };

/* A folder in a table: the flat listing's, or the walk's. */
struct node {
	char		*id;
	char		*name;
	char		**parents;	/* flat: its parents' ids */
	size_t		 np;
	char		*path;		/* escaped, from the scope, when known */
	char		*text;		/* walk: a put-off file's record */
	char		*drive;		/* its shared drive, or NULL */
	size_t		 idx;		/* walk: its best parent's index */
	int		 st;
	int		 root;		/* a root of the scope: path given */
	struct node	*hnext;
	struct node	*next;		/* every node of the table */
	struct gd	*k;		/* walk: for a callback */
};

struct map {
	struct node	**b;
	size_t		 nb;
	size_t		 n;
	struct node	*all;
};

/* Keys of folders (see fkey), sorted once read or written. */
struct fset {
	uint64_t	*v;
	size_t		 n, cap;
};

/* The flat listing: one query, paged. */
struct chain {
	char		*url;		/* without pageToken */
	int		 folders;	/* the folders' query */
	struct chain	*next;
};

struct gd {
	struct fc_listing *l;
	const struct fc_details *d;
	struct fc_err	*e;
	struct fc_walk	*w;		/* a folder's tag: its shared drive */
	struct fc_http	*h;		/* the walk's */
	struct fc_auth	*a;
	struct fc_log	*log;
	const char	*base;
	int		 jobs;
	int		 stop;		/* max_files reached */
	int		 failed;	/* *e is set */
	struct map	 folders;	/* flat, delta: every folder */
	struct map	 walked;	/* walk: the folders pushed */
	struct map	 putoff;	/* walk: files of several parents */
	struct map	 later;		/* walk: folders of several parents */
	struct map	 rewalk;	/* delta: folders changed */
	int		 allknown;	/* flat: every folder is in folders */
	int		 dirty;		/* delta: folders changed since resolved */
	int		 delta;		/* a delta listing, from the cursor */
	char		*feed;		/* the changes feed's drive, or NULL */
	char		*token;		/* the changes page token to go on from */
	char		*newstart;	/* delta: the feed's next start token */
	FILE		*spool;		/* delta: the feed's pages after the first */
	int		 pages;		/* delta: of the feed */
	struct fset	 was;		/* delta: the scope's folders, by the cursor */
	struct fset	 above;		/* the folders above the scope folder */
	int		 aknown;	/* above is known (an older cursor lacks it) */
	int		 abovehit;	/* delta: the feed changed one of them */
	int		 rechain;	/* delta: one's parents are not all in above */
	int		 drivechanged;	/* delta: a shared drive itself changed */
	char		**rparents;	/* the scope folder's parents, by setup() */
	size_t		 rnp;
	int		 need_table;	/* delta: a change needs the folders */
	int		 ctrashed;	/* the scope folder was in the trash */
	int		 rtrashed;	/* it is in the trash */
	int		 rootgone;	/* delta: the feed removed it */
	int		 rootmoved;	/* delta: it is in another drive now */
	int		 rootwalk;	/* delta: all of the scope walked again */
	char		*roottext;	/* delta: its change's file */
	struct map	 lost;		/* delta: the scope's folders removed */
	struct map	 outw;		/* delta: folders moved out of the scope */
	struct node	**outq;		/* delta: those still to walk */
	size_t		 outn, outcap;
	size_t		 outwalked;
	int64_t		 full_at;	/* when the last full listing began */
	uint64_t	 fp;		/* what decides the files listed */
	int		 ready;		/* setup() has run */
	char		*name;		/* the folder's or drive's, when known */
	char		*rid;		/* the folder's id (root's is not "root") */
	const char	*orphans;	/* flat: where parentless items go */
	char		*corpus;	/* walk: corpora=... of its queries */
	struct chain	*chains;
	struct fc_jw	 rw;
	char		*raw;
	size_t		 rawcap;
	char		*path;
	size_t		 pathcap;
};

static char	*corpus(const char *);
static char	*file_url(struct gd *, const char *, const char *);
static int	 noscope(struct gd *, const char *, int);
static int	 setup(struct gd *);
static const char *flat_parent(struct gd *, const struct fc_gdrivedoc_file *,
		    int *);
static int	fail(struct gd *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* The listing fails; the first reason is the one kept. */
static int
fail(struct gd *k, int code, const char *fmt, ...)
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

static int
oom(struct gd *k)
{
	return fail(k, EX_OSERR, "out of memory");
}

/* Two ids the same, or both NULL. */
static int
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* ---- the tables ---- */

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct node *
map_get(const struct map *m, const char *id)
{
	struct node *n;

	if (m->nb == 0)
		return NULL;
	for (n = m->b[hash(id) & (m->nb - 1)]; n != NULL; n = n->hnext)
		if (strcmp(n->id, id) == 0)
			return n;
	return NULL;
}

/* A new node for id (not in m yet); NULL when out of memory. */
static struct node *
map_add(struct map *m, const char *id)
{
	struct node **b, *n, *x;
	size_t i, nb;

	if (m->n >= m->nb) {
		nb = m->nb ? 2 * m->nb : 256;
		if ((b = calloc(nb, sizeof(*b))) == NULL)
			return NULL;
		for (i = 0; i < m->nb; i++)
			while ((x = m->b[i]) != NULL) {
				m->b[i] = x->hnext;
				x->hnext = b[hash(x->id) & (nb - 1)];
				b[hash(x->id) & (nb - 1)] = x;
			}
		free(m->b);
		m->b = b;
		m->nb = nb;
	}
	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (n->id = strdup(id)) == NULL) {
		free(n);
		return NULL;
	}
	i = hash(id) & (m->nb - 1);
	n->hnext = m->b[i];
	m->b[i] = n;
	n->next = m->all;
	m->all = n;
	m->n++;
	return n;
}

static void
map_free(struct map *m)
{
	struct node *n;
	size_t i;

	while ((n = m->all) != NULL) {
		m->all = n->next;
		for (i = 0; i < n->np; i++)
			free(n->parents[i]);
		free(n->parents);
		free(n->id);
		free(n->name);
		free(n->path);
		free(n->text);
		free(n->drive);
		free(n);
	}
	free(m->b);
	memset(m, 0, sizeof(*m));
}

/* ---- Drive's answers ---- */

/* Why an answer is not a 200: "HTTP 403 insufficientPermissions: …". */
static void
why(const struct fc_http_resp *resp, char *buf, size_t len)
{
	char reason[64], msg[128];

	if (resp->status == 0) {
		snprintf(buf, len, "%.200s", resp->err.msg);
		return;
	}
	fc_gdrivedoc_error(resp->body, resp->len, reason, sizeof(reason), msg,
	    sizeof(msg), NULL, 0);
	snprintf(buf, len, "HTTP %ld%s%s%s%s", resp->status,
	    reason[0] ? " " : "", reason, msg[0] ? ": " : "", msg);
}

/* A failed answer, which fails the endpoint. */
static int
failed_call(struct gd *k, const char *what, const struct fc_http_resp *resp)
{
	char reason[256];
	int code;

	why(resp, reason, sizeof(reason));
	if (resp->status == 0)
		code = resp->err.code ? resp->err.code : EX_UNAVAILABLE;
	else if (resp->limited)
		code = EX_TEMPFAIL;
	else if (resp->status == 404)
		code = EX_NOINPUT;
	else
		code = fc_http_status_code(resp->status);
	if (resp->status == 401)
		return fail(k, code, "GET %s: %s: the token was refused", what,
		    reason);
	if (resp->limited) {
		/* the error line says when Drive asked to come back */
		if (resp->retry_after > 0)
			k->l->rep->retry_after = resp->retry_after;
		return fail(k, code, "GET %s: %s: still rate limited after %d "
		    "tries", what, reason, resp->attempts);
	}
	return fail(k, code, "GET %s: %s", what, reason);
}

/* ---- requests ---- */

/*
 * A synchronous GET of a JSON object.  Returns 200 with *doc, -1 with
 * k->failed (a failed answer fails the listing: every call made this
 * way is one the whole listing needs), or the status of an answer the
 * caller asked to see (ok404) with *doc NULL.
 */
static long
getdoc(struct gd *k, const char *url, const char *what, int ok404,
    struct fc_jdoc **doc)
{
	struct fc_http_resp resp;
	struct fc_err pe;
	long st;

	*doc = NULL;
	if (fc_walk_get(k->w, url, what, 0, &resp, &pe) == -1)
		return fail(k, pe.code, "%s", pe.msg);
	st = resp.status;
	if (st == 200 && (*doc = fc_jdoc_parse(resp.body, resp.len,
	    &pe)) == NULL)
		fail(k, EX_PROTOCOL, "GET %s: the answer is not a JSON object: "
		    "%s", what, pe.msg);
	else if (st != 200 && !(st == 404 && ok404))
		failed_call(k, what, &resp);
	fc_http_resp_free(&resp);
	return k->failed ? -1 : st;
}

static int	done_page(void *, struct fc_http_req *, struct fc_http_resp *);

/* Starts a GET of a files page for folder f or chain ch. */
static int
start(struct gd *k, const char *url, struct fc_walk_folder *f,
    struct chain *ch)
{
	struct fc_err we;

	if (fc_walk_start(k->w, url, "files", 0, done_page, k, f, ch,
	    &we) == -1)
		return fail(k, we.code, "%s", we.msg);
	return 0;
}

/* q's string literal: in single quotes, with \ and ' escaped. */
static char *
qlit(const char *s)
{
	char *q, *p;

	if ((q = malloc(2 * strlen(s) + 3)) == NULL)
		return NULL;
	p = q;
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/* The URL of a files.list query (q unescaped), malloc'd. */
static char *
list_url(struct gd *k, const char *q, const char *corpus, const char *token)
{
	char *qe = NULL, *fe = NULL, *te = NULL, *url = NULL;
	size_t n;

	if ((qe = fc_http_escape(q)) == NULL ||
	    (fe = fc_http_escape(LIST_FIELDS)) == NULL ||
	    (token != NULL && (te = fc_http_escape(token)) == NULL))
		goto out;
	n = strlen(k->base) + strlen(qe) + strlen(corpus) + strlen(fe) +
	    (te ? strlen(te) : 0) + sizeof(ALLDRIVES) + sizeof(PAGE) + 64;
	if ((url = malloc(n)) == NULL)
		goto out;
	snprintf(url, n, "%s/drive/v3/files?q=%s&%s&" ALLDRIVES "&" PAGE
	    "&fields=%s%s%s", k->base, qe, corpus, fe, te ? "&pageToken=" : "",
	    te ? te : "");
out:
	free(qe);
	free(fe);
	free(te);
	return url;
}

/* ---- paths and file lines ---- */

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

/* parent's path (escaped; "" for the scope), '/', name escaped: malloc'd. */
static char *
joinpath(const char *parent, const char *name)
{
	char *p = NULL;
	size_t cap = 0;

	if (fc_walk_join(&p, &cap, parent, name) == -1) {
		free(p);
		return NULL;
	}
	return p;
}

/* Leaves an entry out: counted (the listing ends incomplete) and logged. */
static void
skip(struct gd *k, const char *what, const char *reason)
{
	fc_listing_skip(k->l, what, reason);
	fc_log(k->log, FC_WARNING, k->l->ep->name, "gdrive_skip", NULL,
	    "%s left out: %s", what, reason);
}

/* Writes the file line of x, in the folder whose path is parent. */
static int
emit(struct gd *k, const struct fc_gdrivedoc_file *x, const char *parent)
{
	struct fc_file ff;
	size_t i;
	int rv;

	if (!fc_list_wanted(k->d, x->name, strlen(x->name)))
		return 0;
	if (fc_walk_join(&k->path, &k->pathcap, parent, x->name) == -1)
		return oom(k);

	memset(&ff, 0, sizeof(ff));
	ff.id = x->id;
	ff.name = x->name;
	ff.path = k->path;
	ff.link = x->link;
	ff.size = x->size;
	ff.created_at = x->created;
	ff.updated_at = x->updated;
	ff.version = x->version;
	ff.mime_type = x->mime;
	ff.state = x->trashed ? "trashed" : "present";

	/* what identifies the file at Drive beyond the columns */
	fc_jw_reset(&k->rw);
	fc_jw_obj(&k->rw, NULL);
	fc_jw_str(&k->rw, "md5Checksum", x->md5);
	fc_jw_str(&k->rw, "driveId", x->drive);
	fc_jw_arr(&k->rw, "parents");
	for (i = 0; i < x->np; i++)
		fc_jw_str(&k->rw, NULL, x->parents[i]);
	fc_jw_end_arr(&k->rw);
	if (x->shortcut != NULL)
		fc_jw_raw(&k->rw, "shortcutDetails", x->shortcut);
	fc_jw_end_obj(&k->rw);
	if (k->rw.oom || grow(&k->raw, &k->rawcap, k->rw.len + 1) == -1)
		return oom(k);
	memcpy(k->raw, k->rw.buf, k->rw.len);
	k->raw[k->rw.len] = '\0';
	ff.raw = k->raw;

	if ((rv = fc_listing_file(k->l, &ff, k->e)) == 1)
		k->stop = 1;
	else if (rv == -1)
		k->failed = 1;
	return rv == -1 ? -1 : 0;
}

/* ---- the walk ---- */

/*
 * Pushes a folder to walk, once: its path is parent's and name, or
 * parent itself when name is NULL (the scope, or a folder whose path is
 * known); drive is the shared drive it is in, or NULL.
 */
static int
push(struct gd *k, const char *id, const char *parent, const char *name,
    const char *drive)
{
	struct fc_err we;

	if (map_get(&k->walked, id) != NULL)
		return 0;
	if (map_add(&k->walked, id) == NULL)
		return oom(k);
	if (fc_walk_push(k->w, id, parent, name, drive, &we) == NULL)
		return fail(k, we.code, "%s", we.msg);
	return 0;
}

/* Where folder f stands among x's parents (np when not at all). */
static size_t
parent_index(const struct fc_gdrivedoc_file *x, const char *fid)
{
	size_t i;

	for (i = 0; i < x->np; i++)
		if (strcmp(x->parents[i], fid) == 0)
			break;
	return i;
}

/*
 * A sighting of x, of several parents, in folder f: kept when it is the
 * best so far (its parent the first in x's parents).  Files keep their
 * record (text), folders their name.
 */
static int
sighting(struct gd *k, struct map *m, const struct fc_gdrivedoc_file *x,
    const struct fc_walk_folder *f)
{
	struct node *n;
	size_t idx = parent_index(x, f->id);
	char *path, *text = NULL;

	if ((n = map_get(m, x->id)) == NULL) {
		if ((n = map_add(m, x->id)) == NULL)
			return oom(k);
		n->idx = SIZE_MAX;
	}
	if (idx >= n->idx)
		return 0;
	if ((path = strdup(f->path)) == NULL ||
	    (!x->folder && (text = fc_jdoc_text(x->el)) == NULL) ||
	    (x->folder && n->name == NULL &&
	    (n->name = strdup(x->name)) == NULL) ||
	    (x->folder && x->drive != NULL && n->drive == NULL &&
	    (n->drive = strdup(x->drive)) == NULL)) {
		free(path);
		return oom(k);
	}
	free(n->path);
	free(n->text);
	n->path = path;
	n->text = text;
	n->idx = idx;
	return 0;
}

/* Where a page of the walk goes: the folder it is of. */
struct at {
	struct gd		*k;
	struct fc_walk_folder	*f;
};

/* A page's file, in folder f of the walk. */
static int
walk_file(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct at *at = arg;
	struct gd *k = at->k;
	struct fc_walk_folder *f = at->f;
	char name[FC_WALK_NAMELEN], what[FC_WALK_NAMELEN + 16];

	if (x == NULL) {
		snprintf(what, sizeof(what), "an entry of %s",
		    fc_walk_name(f, name, sizeof(name)));
		skip(k, what, why);
	} else if (x->folder) {
		if (!k->d->include_subfolders)
			;
		else if (x->np > 1)
			sighting(k, &k->later, x, f);
		else
			push(k, x->id, f->path, x->name, x->drive);
	} else if (x->np > 1)
		sighting(k, &k->putoff, x, f);
	else
		emit(k, x, f->path);
	return k->stop || k->failed;
}

/*
 * The folders put off for their several parents, walked once the rest
 * is: each under the best parent seen, unless walked already.
 */
static void
walk_later(struct gd *k)
{
	struct map m = k->later;
	struct node *n;

	memset(&k->later, 0, sizeof(k->later));
	for (n = m.all; n != NULL && !k->failed; n = n->next)
		push(k, n->id, n->path, n->name, n->drive);
	map_free(&m);
}

/* Starts folders from the stack while there is room on the wire. */
static void
pump(struct gd *k)
{
	struct fc_walk_folder *f;
	char *q, *lit, *url, *c;

	/* a folder not started is freed with the walk, which fails */
	for (;;) {
		if (!fc_walk_waiting(k->w) && fc_walk_inflight(k->w) == 0 &&
		    k->later.n > 0 && !k->stop && !k->failed)
			walk_later(k);
		if (k->stop || k->failed || fc_walk_inflight(k->w) >= k->jobs ||
		    (f = fc_walk_pop(k->w)) == NULL)
			return;
		url = NULL;
		if ((lit = qlit(f->id)) == NULL ||
		    (q = malloc(strlen(lit) + 16)) == NULL) {
			free(lit);
			oom(k);
			return;
		}
		sprintf(q, "%s in parents", lit);
		/* the scope's corpus; with none, the folder's own drive's */
		c = k->corpus != NULL ? NULL : corpus(f->tag);
		url = k->corpus != NULL || c != NULL ?
		    list_url(k, q, k->corpus ? k->corpus : c, NULL) : NULL;
		free(c);
		free(lit);
		free(q);
		if (url == NULL) {
			oom(k);
			return;
		}
		if (start(k, url, f, NULL) == -1) {
			free(url);
			return;
		}
		free(url);
	}
}

/*
 * A file put off for its several parents, under the best one seen; but a
 * delta listing walks only some folders again, and the best of those may
 * not be the file's first parent in the scope, under which a full
 * listing puts it: with the folder table, the path comes from there.
 */
static int
putoff_file(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct node *n = arg;
	struct gd *k = n->k;
	const char *pp = NULL;
	int unknown;

	(void)why;	/* it read once, so it reads again */
	if (x != NULL && k->delta && k->allknown)
		pp = flat_parent(k, x, &unknown);
	if (x != NULL)
		emit(k, x, pp != NULL ? pp : n->path);
	return k->stop || k->failed;
}

/* The files of several parents, each under the best parent seen. */
static int
walk_putoff(struct gd *k)
{
	struct fc_err pe;
	struct node *n;

	for (n = k->putoff.all; n != NULL && !k->stop && !k->failed;
	    n = n->next) {
		n->k = k;
		if (fc_gdrivedoc_one(n->text, strlen(n->text), putoff_file, n,
		    &pe) == -1)
			return fail(k, pe.code, "%s", pe.msg);
	}
	return k->failed ? -1 : 0;
}

/* ---- the flat listing ---- */

/* The path of folder n, from its first parent in the scope; NULL: none. */
static const char *
resolve(struct gd *k, struct node *n)
{
	struct node *p;
	const char *pp = NULL;
	size_t i;

	if (n->st == ST_IN)
		return n->path;
	if (n->st != ST_NEW)		/* outside, or a cycle: cut */
		return NULL;
	n->st = ST_BUSY;
	for (i = 0; i < n->np && pp == NULL; i++)
		if ((p = map_get(&k->folders, n->parents[i])) != NULL)
			pp = resolve(k, p);
	if (pp == NULL && n->np == 0)
		pp = k->orphans;
	if (pp == NULL || !k->d->include_subfolders) {
		n->st = ST_OUT;
		return NULL;
	}
	if ((n->path = joinpath(pp, n->name)) == NULL) {
		oom(k);
		n->st = ST_OUT;
		return NULL;
	}
	n->st = ST_IN;
	return n->path;
}

/* A root of the listing: its path is given. */
static int
add_root(struct gd *k, const char *id, const char *path)
{
	struct node *n;

	if ((n = map_get(&k->folders, id)) == NULL &&
	    (n = map_add(&k->folders, id)) == NULL)
		return oom(k);
	free(n->path);
	if ((n->path = strdup(path)) == NULL)
		return oom(k);
	n->st = ST_IN;
	n->root = 1;
	return 0;
}

/* A folder of the flat listing's first pass: into the table. */
static int
flat_folder(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct gd *k = arg;
	struct node *nd;
	size_t j;

	if (x == NULL)
		/* its files will say their folder is unknown */
		skip(k, "a folder", why);
	else if (x->folder && map_get(&k->folders, x->id) == NULL) {
		if ((nd = map_add(&k->folders, x->id)) == NULL ||
		    (nd->name = strdup(x->name)) == NULL ||
		    (x->drive != NULL && (nd->drive = strdup(x->drive)) ==
		    NULL) ||
		    (x->np > 0 && (nd->parents = calloc(x->np,
		    sizeof(char *))) == NULL))
			return oom(k);
		for (j = 0; j < x->np; j++) {
			if ((nd->parents[j] = strdup(x->parents[j])) == NULL)
				return oom(k);
			nd->np++;
		}
	}
	return k->failed;
}

/* The path of the folder a file of the flat listing is in, or NULL. */
static const char *
flat_parent(struct gd *k, const struct fc_gdrivedoc_file *x, int *unknown)
{
	struct node *p;
	const char *pp = NULL;
	size_t j;

	*unknown = 0;
	for (j = 0; j < x->np && pp == NULL; j++)
		if ((p = map_get(&k->folders, x->parents[j])) == NULL)
			(*unknown)++;
		else
			pp = resolve(k, p);
	if (pp == NULL && x->np == 0)
		pp = k->orphans;
	return pp;
}

/* A file of the flat listing's second pass: written, if in the scope. */
static int
flat_file(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct gd *k = arg;
	const char *pp;
	char what[256];
	int unknown;

	if (x == NULL)
		skip(k, "a file", why);
	else if (!x->folder) {
		if ((pp = flat_parent(k, x, &unknown)) != NULL)
			emit(k, x, pp);
		else if (unknown > 0 && k->allknown) {
			/* made, or moved in, since its folders were listed */
			snprintf(what, sizeof(what), "file %s", x->id);
			skip(k, what, "its folder was not in the listing of "
			    "folders");
		}
	}
	return k->stop || k->failed;
}

static int
add_chain(struct gd *k, const char *corpus, int folders)
{
	struct chain *ch;

	if ((ch = calloc(1, sizeof(*ch))) == NULL)
		return oom(k);
	ch->folders = folders;
	ch->url = list_url(k, folders ? "mimeType = '" FC_GDRIVE_FOLDER "'" :
	    "mimeType != '" FC_GDRIVE_FOLDER "'", corpus, NULL);
	if (ch->url == NULL) {
		free(ch);
		return oom(k);
	}
	ch->next = k->chains;
	k->chains = ch;
	return 0;
}

/* ---- answers ---- */

/* Asks for the page of token that follows url's, for f or ch. */
static void
follow(struct gd *k, struct fc_walk_folder *f, struct chain *ch,
    const char *url, const char *token)
{
	char *base, *esc, *u;

	esc = fc_http_escape(token);
	if (esc == NULL || (base = strdup(url)) == NULL) {
		free(esc);
		oom(k);
		return;
	}
	/* the page URLs end in the pageToken, when they have one */
	if (strstr(base, "&pageToken=") != NULL)
		*strstr(base, "&pageToken=") = '\0';
	if ((u = malloc(strlen(base) + strlen(esc) + 16)) != NULL) {
		sprintf(u, "%s&pageToken=%s", base, esc);
		start(k, u, f, ch);
		free(u);
	} else
		oom(k);
	free(esc);
	free(base);
}

/*
 * A files page, for the walk or a chain: written, and its next asked.
 * The next is asked for first when its token can be had without reading
 * the page (fc_gdrivedoc_peek_next): a page of 1000 takes longer to read
 * than the latency, and the pages of a listing come one after another.
 */
static void
page(struct gd *k, struct fc_walk_folder *f, struct chain *ch,
    const struct fc_http_resp *resp, const char *url)
{
	struct at at = { k, f };
	struct fc_err pe;
	fc_gdrivedoc_fn *fn;
	char *next = NULL, *ahead, name[FC_WALK_NAMELEN];
	void *arg = k;
	int inc, r;

	if ((r = fc_gdrivedoc_peek_next(resp->body, resp->len, &ahead)) == -1) {
		oom(k);
		return;
	}
	if (ahead != NULL) {
		follow(k, f, ch, url, ahead);
		if (!k->failed && fc_http_push(k->h, k->e) == -1)
			k->failed = 1;
	}
	if (f != NULL) {
		fn = walk_file;
		arg = &at;
	} else
		fn = ch->folders ? flat_folder : flat_file;
	if (k->failed || (r = fc_gdrivedoc_files(resp->body, resp->len, fn,
	    arg, &next, &inc, &pe)) == -1) {
		/* a folder's page that does not read: say which folder */
		if (k->failed)
			;
		else if (f != NULL && strncmp(pe.msg, "files: ", 7) == 0)
			fail(k, pe.code, "GET files of %s: %s",
			    fc_walk_name(f, name, sizeof(name)), pe.msg + 7);
		else
			fail(k, pe.code, "GET %s", pe.msg);
		free(ahead);
		return;
	}
	if (inc)
		skip(k, f ? fc_walk_name(f, name, sizeof(name)) : "files.list",
		    "Drive said incompleteSearch");
	/*
	 * Only a missing token ends the paging: empty pages come midway.
	 * The two readings of the token cannot differ (the fuzz harness
	 * holds them to it); if they did, the page asked for ahead would be
	 * the wrong one.
	 */
	if (ahead != NULL && r == 0 && (next == NULL || strcmp(ahead, next)))
		fail(k, EX_SOFTWARE, "GET files: the nextPageToken read two "
		    "ways");
	else if (ahead == NULL && r == 0 && next != NULL && !k->stop &&
	    !k->failed)
		follow(k, f, ch, url, next);
	free(ahead);
	free(next);
}

static int
done_page(void *arg, struct fc_http_req *r, struct fc_http_resp *resp)
{
	struct gd *k = arg;
	struct fc_walk_folder *f;
	void *ch;
	char name[FC_WALK_NAMELEN], what[FC_WALK_NAMELEN + 16];

	f = fc_walk_finish(k->w, r, &ch);
	if (!k->stop && !k->failed) {
		if (resp->status == 200)
			page(k, f, ch, resp, fc_http_req_url(r));
		else if (f != NULL) {
			/* one folder's refusal fails all: say which */
			snprintf(what, sizeof(what), "files of %s",
			    fc_walk_name(f, name, sizeof(name)));
			failed_call(k, what, resp);
		} else
			failed_call(k, "files", resp);
	}
	fc_walk_release(k->w, f);
	if (fc_walk_waiting(k->w) || k->later.n > 0)
		pump(k);
	return k->stop || k->failed ? -1 : 0;
}

/* Runs the chains of one kind, side by side, to their ends. */
static int
run_chains(struct gd *k, int folders)
{
	struct chain *ch;

	for (ch = k->chains; ch != NULL && !k->failed; ch = ch->next)
		if (ch->folders == folders)
			start(k, ch->url, NULL, ch);
	if (!k->failed && fc_http_run(k->h, k->e) == -1)
		k->failed = 1;
	return k->failed ? -1 : 0;
}

/* ---- incremental listings ---- */

/* What decides which files a listing names, hashed for the cursor. */
static uint64_t
fingerprint(const struct fc_details *d)
{
	uint64_t h = 14695981039346656037ULL;
	const char *v[4];
	size_t i, j;

	v[0] = d->folder_id ? d->folder_id : "";
	v[1] = d->drive_id ? d->drive_id : "";
	v[2] = d->include_subfolders ? "1" : "0";
	v[3] = "";
	for (i = 0; i < 4 + d->n_file_types; i++) {
		const char *s = i < 4 ? v[i] : d->file_types[i - 4];

		for (j = 0; j <= strlen(s); j++)	/* the NUL too */
			h = (h ^ (unsigned char)s[j]) * 1099511628211ULL;
	}
	return h;
}

/*
 * The scope's folders, as the cursor keeps them: 48 bits of the hash of
 * each id, sorted.  The feed says where a folder is now, never where it
 * was; this says whether a folder met outside the scope, or removed,
 * was in it at the last listing.  Two ids share a key with odds of
 * n / 2^48 a lookup (1 in 10^10 with 20,000 folders), and a false match
 * costs a request or the walk of a folder outside the scope, never a
 * file: an exact list of ids would be four times the size.
 */
static uint64_t
fkey(const char *id)
{
	return hash(id) >> (64 - 8 * FKEY_BYTES);
}

static int
fset_add(struct fset *s, uint64_t key)
{
	uint64_t *v;
	size_t cap;

	if (s->n == s->cap) {
		cap = s->cap ? 2 * s->cap : 64;
		if ((v = realloc(s->v, cap * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = key;
	return 0;
}

static int
cmpkey(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
fset_has(const struct fset *s, const char *id)
{
	uint64_t key = fkey(id);

	return s->n > 0 && bsearch(&key, s->v, s->n, sizeof(*s->v),
	    cmpkey) != NULL;
}

/* The set sorted, each key once, as base64 (6 bytes a key): malloc'd. */
static char *
fset_enc(struct fset *s)
{
	unsigned char *raw;
	char *out;
	size_t i, j, n;

	if (s->n > 0)
		qsort(s->v, s->n, sizeof(*s->v), cmpkey);
	for (i = n = 0; i < s->n; i++)
		if (n == 0 || s->v[i] != s->v[n - 1])
			s->v[n++] = s->v[i];
	s->n = n;
	if (n > INT_MAX / 8 || (out = malloc(8 * n + 1)) == NULL)
		return NULL;
	if ((raw = malloc(FKEY_BYTES * n + 1)) == NULL) {
		free(out);
		return NULL;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < FKEY_BYTES; j++)
			raw[FKEY_BYTES * i + j] = (unsigned char)(s->v[i] >>
			    8 * (FKEY_BYTES - 1 - j));
	out[0] = '\0';
	if (n > 0)
		EVP_EncodeBlock((unsigned char *)out, raw, (int)(FKEY_BYTES * n));
	free(raw);
	return out;
}

/* Reads what fset_enc() wrote: 0, 1 when b64 is not that, -1 (memory). */
static int
fset_dec(struct fset *s, const char *b64)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char *raw;
	size_t len = strlen(b64), n = len / 8, i, j;
	uint64_t v;
	int rv = 1;

	/* EVP_DecodeBlock passes over blanks: only the alphabet will do */
	if (len % 8 != 0 || len > INT_MAX || strspn(b64, alpha) != len)
		return 1;
	if (n == 0)
		return 0;
	if ((raw = malloc(len / 4 * 3)) == NULL ||
	    (s->v = calloc(n, sizeof(*s->v))) == NULL) {
		free(raw);
		return -1;
	}
	s->cap = n;
	if (EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)len) !=
	    (int)(FKEY_BYTES * n))
		goto out;
	for (i = 0; i < n; i++) {
		for (v = 0, j = 0; j < FKEY_BYTES; j++)
			v = v << 8 | raw[FKEY_BYTES * i + j];
		if (i > 0 && v <= s->v[i - 1])
			goto out;		/* sorted, once: ours */
		s->v[s->n++] = v;
	}
	rv = 0;
out:
	free(raw);
	return rv;
}

/*
 * The scope's folders now, for the cursor: those of the folder table in
 * the scope (every one, when the listing read them all), those walked,
 * and, after a delta listing, those the cursor knew but the folders it
 * walked out of the scope: a folder that left the scope after the feed
 * was read, before the table was, is in the next feed, and must still
 * be known then.  NULL: out of memory.
 */
static char *
scope_folders(struct gd *k)
{
	struct fset s, out;
	struct node *n;
	size_t i;
	char *enc = NULL;

	memset(&s, 0, sizeof(s));
	memset(&out, 0, sizeof(out));
	for (n = k->folders.all; n != NULL; n = n->next)
		if ((n->root || k->allknown) && resolve(k, n) != NULL &&
		    fset_add(&s, fkey(n->id)) == -1)
			goto out;
	for (n = k->walked.all; n != NULL; n = n->next)
		if (fset_add(&s, fkey(n->id)) == -1)
			goto out;
	for (n = k->outw.all; n != NULL; n = n->next)
		if (fset_add(&out, fkey(n->id)) == -1)
			goto out;
	if (out.n > 0)
		qsort(out.v, out.n, sizeof(*out.v), cmpkey);
	for (i = 0; k->delta && i < k->was.n; i++)
		if ((out.n == 0 || bsearch(&k->was.v[i], out.v, out.n,
		    sizeof(*out.v), cmpkey) == NULL) &&
		    fset_add(&s, k->was.v[i]) == -1)
			goto out;
	enc = fset_enc(&s);
out:
	free(s.v);
	free(out.v);
	return enc;
}

/*
 * Reads the cursor a complete listing of this lister ended with (see
 * cursor_write).  Returns 0 with k->token, k->full_at, k->feed, k->rid,
 * k->name (unless an older listing left it out), k->ctrashed, k->was
 * and (when it has them) k->above set, 1 when it is for another scope,
 * 2 when an older version wrote it, or -1 when it is not one this
 * version wrote (why says how).
 */
static int
cursor_read(struct gd *k, const char *cur, const char **why)
{
	struct fc_err pe;
	struct fc_jdoc *d;
	const char *t, *f, *fp, *fo, *r = NULL, *ab;
	char want[20];
	int64_t v;
	int rv = -1, tr = 0, ar, folder = k->d->folder_id != NULL;

	*why = "the cursor is not a JSON object";
	if ((d = fc_jdoc_parse(cur, strlen(cur), &pe)) == NULL)
		return -1;
	if (fc_jdoc_int(d, "v", &v) == 0 && v >= 1 && v < CURSOR_V)
		rv = 2;
	else if (fc_jdoc_int(d, "v", &v) != 0 || v != CURSOR_V)
		*why = "the cursor is of another version";
	else if (fc_jdoc_str(d, "token", &t) != 0 || *t == '\0' ||
	    fc_jdoc_str(d, "full_at", &f) != 0 ||
	    fc_jdoc_str(d, "scope", &fp) != 0 ||
	    fc_jdoc_str(d, "folders", &fo) != 0 ||
	    (folder && (fc_jdoc_str(d, "root", &r) != 0 || *r == '\0' ||
	    fc_jdoc_bool(d, "trashed", &tr) != 0)) ||
	    fc_time_parse(f, &k->full_at) == -1)
		*why = "the cursor lacks its token, a time, its scope, its "
		    "folders or its folder";
	else {
		snprintf(want, sizeof(want), "%016llx",
		    (unsigned long long)k->fp);
		if ((rv = strcmp(fp, want) == 0 ? 0 : 1) == 0) {
			k->ctrashed = k->rtrashed = tr;
			if ((k->token = strdup(t)) == NULL ||
			    (r != NULL && (k->rid = strdup(r)) == NULL))
				rv = oom(k);
			/* a folder's feed is its drive's: known from the cursor */
			else if (folder && fc_jdoc_str(d, "feed", &f) == 0 &&
			    (k->feed = strdup(f)) == NULL)
				rv = oom(k);
			/* the begin line's, without asking for it again */
			else if (fc_jdoc_str(d, "name", &f) == 0 &&
			    (k->name = strdup(f)) == NULL)
				rv = oom(k);
			else if ((rv = fset_dec(&k->was, fo)) == -1)
				oom(k);
			else if (rv == 1) {
				*why = "the cursor's folders do not read";
				rv = -1;
			}
			/* an older cursor of this version has none: not known */
			if (rv == 0 && folder &&
			    (ar = fc_jdoc_str(d, "above", &ab)) != 1) {
				if (ar == 0 &&
				    (rv = fset_dec(&k->above, ab)) == -1)
					oom(k);
				else if (ar == -1 || rv == 1) {
					*why = "the cursor's folders above the "
					    "scope folder do not read";
					rv = -1;
				} else
					k->aknown = 1;
			}
		}
	}
	fc_jdoc_free(d);
	return rv;
}

/*
 * Whether this listing may go on from the cursor: sets k->delta, and
 * says why not in the log.  An unreadable cursor is no error: a full
 * listing is always right, only slower.
 */
static void
plan(struct gd *k, int64_t now)
{
	const char *cur = k->l->o->cursor, *why = NULL, *bad;
	int level = FC_INFO, r;

	k->full_at = now;
	if (k->l->o->full)
		why = "asked for (--full)";
	else if (k->d->full_every == 0)
		why = "full_every is 0";
	else if (cur == NULL || *cur == '\0')
		why = "no cursor: none stored yet, the last listing was "
		    "not complete, or fc-list ran without fc-auth's line";
	else if ((r = cursor_read(k, cur, &bad)) == -1) {
		why = bad;
		level = FC_WARNING;
	} else if (r == 1)
		why = "the scope (folder_id, drive_id, include_subfolders or "
		    "file_types) changed";
	else if (r == 2)
		why = "the cursor is of an older version, without the scope's "
		    "folders";
	else if (k->full_at > now || now - k->full_at >= k->d->full_every)
		why = "full_every has passed since the last full listing";
	if (why != NULL) {
		k->full_at = now;
		free(k->token);
		k->token = NULL;
		fc_log(k->log, level, k->l->ep->name, "gdrive_full", NULL,
		    "a full listing: %s", why);
		return;
	}
	k->delta = 1;
}

/*
 * The cursor a complete listing ends with, malloc'd; NULL: none.
 * {"v":2,"token":"…","full_at":"…","scope":"…","feed":…,"root":"…",
 * "trashed":false,"above":"…","name":"…","folders":"…"}: root, trashed
 * and above for a folder only, above when known (fset_enc's keys, as
 * folders); name for a folder or a shared drive (optional: a cursor
 * without it reads, and its delta's begin line names the scope by id).
 */
static char *
cursor_write(struct gd *k)
{
	struct fc_jw w;
	char fp[20], t[FC_TIMELEN], *c = NULL, *fo, *ab = NULL;

	if (k->token == NULL || (fo = scope_folders(k)) == NULL)
		return NULL;
	if (k->d->folder_id != NULL && k->aknown &&
	    (ab = fset_enc(&k->above)) == NULL) {
		free(fo);
		return NULL;
	}
	snprintf(fp, sizeof(fp), "%016llx", (unsigned long long)k->fp);
	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_int(&w, "v", CURSOR_V);
	fc_jw_str(&w, "token", k->token);
	fc_jw_str(&w, "full_at", fc_time_fmt(k->full_at, t));
	fc_jw_str(&w, "scope", fp);
	/* what the next listing needs before it looks the scope up */
	fc_jw_str(&w, "feed", k->feed);
	if (k->d->folder_id != NULL) {
		fc_jw_str(&w, "root", k->rid);
		fc_jw_bool(&w, "trashed", k->rtrashed);
		if (ab != NULL)
			fc_jw_str(&w, "above", ab);
	}
	if (k->name != NULL)
		fc_jw_str(&w, "name", k->name);
	fc_jw_str(&w, "folders", fo);
	fc_jw_end_obj(&w);
	if (!w.oom && !w.lossy && (c = malloc(w.len + 1)) != NULL) {
		memcpy(c, w.buf, w.len);
		c[w.len] = '\0';
	}
	fc_jw_free(&w);
	free(fo);
	free(ab);
	return c;
}

/*
 * A URL of the changes feed: its start token (token NULL) or a page,
 * for the drive k->feed names or, without, the account's whole feed.
 */
static char *
feed_url(struct gd *k, const char *token)
{
	char *te = NULL, *de = NULL, *fe = NULL, *url = NULL;
	size_t n;

	if ((token != NULL && (te = fc_http_escape(token)) == NULL) ||
	    (k->feed != NULL && (de = fc_http_escape(k->feed)) == NULL) ||
	    (fe = fc_http_escape(CHANGE_FIELDS)) == NULL)
		goto out;
	n = strlen(k->base) + (te ? strlen(te) : 0) + (de ? strlen(de) : 0) +
	    strlen(fe) + 256;
	if ((url = malloc(n)) == NULL)
		goto out;
	if (token == NULL)
		snprintf(url, n, "%s/drive/v3/changes/startPageToken?"
		    "supportsAllDrives=true%s%s&prettyPrint=false", k->base,
		    de ? "&driveId=" : "", de ? de : "");
	else
		snprintf(url, n, "%s/drive/v3/changes?pageToken=%s&" ALLDRIVES
		    "&includeRemoved=true%s%s&" PAGE "&fields=%s", k->base, te,
		    de ? "&driveId=" : "", de ? de : "", fe);
out:
	free(te);
	free(de);
	free(fe);
	return url;
}

/*
 * A synchronous GET whose answer the caller reads: the status with
 * *resp (free it), or -1 with k->failed.
 */
static long
fetch(struct gd *k, const char *url, const char *what,
    struct fc_http_resp *resp)
{
	struct fc_err we;

	if (fc_walk_get(k->w, url, what, 0, resp, &we) == -1)
		return fail(k, we.code, "%s", we.msg);
	return resp->status;
}

/* The feed's start token, taken before a full listing reads anything. */
static int
start_token(struct gd *k)
{
	struct fc_http_resp resp;
	struct fc_err pe;
	char *url;
	long st;

	if ((url = feed_url(k, NULL)) == NULL)
		return oom(k);
	st = fetch(k, url, "startPageToken", &resp);
	free(url);
	if (st == -1)
		return -1;
	free(k->token);
	k->token = NULL;
	if (st != 200)
		failed_call(k, "startPageToken", &resp);
	else if (fc_gdrivedoc_start(resp.body, resp.len, &k->token, &pe) == -1)
		fail(k, pe.code, "GET %s", pe.msg);
	fc_http_resp_free(&resp);
	return k->failed ? -1 : 0;
}

/*
 * A file as files.get gives it now: 200 with *text (its object,
 * malloc'd), 404 (deleted, or not visible to the account), or -1 with
 * the listing failed.
 */
static long
lookup(struct gd *k, const char *id, char **text)
{
	struct fc_http_resp resp;
	char *url;
	long st;

	*text = NULL;
	if ((url = file_url(k, id, FILE_FIELDS)) == NULL)
		return oom(k);
	st = fetch(k, url, "file", &resp);
	free(url);
	if (st == -1)
		return -1;
	if (st == 200 && (*text = strdup(resp.body)) == NULL)
		oom(k);
	else if (st != 200 && st != 404)
		failed_call(k, "file", &resp);
	fc_http_resp_free(&resp);
	return k->failed ? -1 : st;
}

/*
 * The folders above the scope folder, from its parents up, into
 * k->above anew.  A folder put in the trash puts all below it there
 * (files.get says trashed of each) but may be the only change the feed
 * names, so the cursor keeps them to know the scope folder is to be
 * looked up.  Each costs a files.get (fields id,parents), but a shared
 * drive's root (drive), which has nothing above it; a parent the
 * account does not see (404) ends the climb there, and so does
 * ABOVE_MAX, logged.  Returns 0, or -1 with the listing failed.
 */
static int
climb(struct gd *k, const char *const *parents, size_t np, const char *drive)
{
	struct map seen;
	struct fset s;
	struct fc_jdoc *doc;
	struct node *n;
	const char **pv;
	char *url;
	size_t i, pn, asked = 0;

	memset(&seen, 0, sizeof(seen));
	memset(&s, 0, sizeof(s));
	for (i = 0; i < np; i++)
		if (*parents[i] != '\0' && map_get(&seen, parents[i]) ==
		    NULL && map_add(&seen, parents[i]) == NULL)
			oom(k);
	while (!k->failed) {
		for (n = seen.all; n != NULL && n->st != ST_NEW; n = n->next)
			;
		if (n == NULL)
			break;
		n->st = ST_IN;
		if (same(n->id, drive))
			continue;
		if (asked++ == ABOVE_MAX) {
			fc_log(k->log, FC_WARNING, k->l->ep->name, "gdrive_above",
			    NULL, "more than %d folders above the scope folder: "
			    "those further up are not watched", ABOVE_MAX);
			break;
		}
		if ((url = file_url(k, n->id, "id,parents")) == NULL) {
			oom(k);
			break;
		}
		if (getdoc(k, url, "folder", 1, &doc) == 200 &&
		    fc_jdoc_strv(doc, "parents", &pv, &pn) == 0) {
			for (i = 0; i < pn; i++)
				if (*pv[i] != '\0' && map_get(&seen, pv[i]) ==
				    NULL && map_add(&seen, pv[i]) == NULL)
					oom(k);
			free(pv);
		}
		fc_jdoc_free(doc);
		free(url);
	}
	for (n = seen.all; n != NULL && !k->failed; n = n->next)
		if (fset_add(&s, fkey(n->id)) == -1)
			oom(k);
	map_free(&seen);
	if (k->failed) {
		free(s.v);
		return -1;
	}
	if (s.n > 0)
		qsort(s.v, s.n, sizeof(*s.v), cmpkey);
	free(k->above.v);
	k->above = s;
	k->aknown = 1;
	return 0;
}

/* A file known to be gone, or no longer in the scope: by its id alone. */
static int
gone(struct gd *k, const char *id)
{
	struct fc_file ff;
	int rv;

	memset(&ff, 0, sizeof(ff));
	ff.id = id;
	ff.size = -1;
	ff.state = "deleted";
	if ((rv = fc_listing_file(k->l, &ff, k->e)) == 1)
		k->stop = 1;
	else if (rv == -1)
		k->failed = 1;
	return rv == -1 ? -1 : 0;
}

/* The folder table is told of a changed folder; paths are made anew. */
static int
table_update(struct gd *k, const struct fc_gdrivedoc_file *x)
{
	struct node *n;
	size_t i;

	if (map_get(&k->rewalk, x->id) == NULL &&
	    map_add(&k->rewalk, x->id) == NULL)
		return oom(k);
	if ((n = map_get(&k->folders, x->id)) == NULL &&
	    (n = map_add(&k->folders, x->id)) == NULL)
		return oom(k);
	if (n->root)	/* the scope's own name or place is not in a path */
		return 0;
	for (i = 0; i < n->np; i++)
		free(n->parents[i]);
	free(n->parents);
	free(n->name);
	free(n->drive);
	n->parents = NULL;
	n->np = 0;
	n->drive = NULL;
	if ((n->name = strdup(x->name)) == NULL || (x->np > 0 &&
	    (n->parents = calloc(x->np, sizeof(char *))) == NULL) ||
	    (x->drive != NULL && (n->drive = strdup(x->drive)) == NULL))
		return oom(k);
	for (i = 0; i < x->np; i++) {
		if ((n->parents[i] = strdup(x->parents[i])) == NULL)
			return oom(k);
		n->np++;
	}
	k->dirty = 1;
	return 0;
}

/* After a folder changed, every path is resolved again. */
static void
table_fresh(struct gd *k)
{
	struct node *n;

	if (!k->dirty)
		return;
	for (n = k->folders.all; n != NULL; n = n->next)
		if (!n->root) {
			free(n->path);
			n->path = NULL;
			n->st = ST_NEW;
		}
	k->dirty = 0;
}

/* ---- incremental listings: the feed, before the begin line ---- */

/* An unlinked file in TMPDIR, where fc-list keeps its children's too. */
static FILE *
spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/fc-gdrive.XXXXXX", dir) >=
	    sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkstemp(path)) == -1)
		return NULL;
	unlink(path);
	if ((fp = fdopen(fd, "w+")) == NULL)
		close(fd);
	return fp;
}

/* A page of the feed after the first, kept for delta() in a file. */
static int
spool_put(struct gd *k, const struct fc_http_resp *r)
{
	if (k->spool == NULL && (k->spool = spool_open()) == NULL)
		return fail(k, EX_CANTCREAT, "a temporary file for the changes "
		    "feed: %s", strerror(errno));
	if (fwrite(&r->len, sizeof(r->len), 1, k->spool) != 1 ||
	    (r->len > 0 && fwrite(r->body, r->len, 1, k->spool) != 1))
		return fail(k, EX_IOERR, "the temporary file of the changes "
		    "feed: %s", strerror(errno));
	return 0;
}

/* The next page kept, NUL-terminated in *buf: 1, 0 at the end, or -1. */
static int
spool_get(struct gd *k, char **buf, size_t *cap, size_t *len)
{
	size_t n;

	if (fread(&n, sizeof(n), 1, k->spool) != 1) {
		if (!ferror(k->spool))
			return 0;
		return fail(k, EX_IOERR, "the temporary file of the changes "
		    "feed: %s", strerror(errno));
	}
	if (grow(buf, cap, n + 1) == -1)
		return oom(k);
	if (n > 0 && fread(*buf, n, 1, k->spool) != 1)
		return fail(k, EX_IOERR, "the temporary file of the changes "
		    "feed: %s", ferror(k->spool) ? strerror(errno) :
		    "cut short");
	(*buf)[n] = '\0';
	*len = n;
	return 1;
}

/*
 * A change, read before the begin line for what it asks of the listing:
 * a shared drive's own change, with everything as the scope; the scope
 * folder's own change, kept; a change of a folder above it, to look it
 * up; a folder of the scope removed, kept to look up; and whether a
 * change touches a folder of the scope (or, with no folders known, is a
 * file at all), which needs the folder table.  A change of nothing the
 * scope had costs nothing more: a file no longer in the scope has a
 * parent the scope had, or a folder that has, and so on up, and every
 * folder that moved in is in the feed.
 */
static int
prescan(void *arg, const struct fc_gdrivedoc_change *c)
{
	struct gd *k = arg;
	const struct fc_gdrivedoc_file *x = c->file;
	size_t i;

	/* only everything's paths start with a drive's name (add_root) */
	if (c->drive && k->d->folder_id == NULL && k->d->drive_id == NULL)
		k->drivechanged = 1;
	if (c->drive || c->why != NULL)
		return 0;
	if (k->d->folder_id != NULL && strcmp(c->file_id, k->rid) == 0) {
		free(k->roottext);
		k->roottext = NULL;
		k->rootgone = c->removed;
		if (!c->removed && (k->roottext = fc_jdoc_text(x->el)) == NULL)
			return oom(k);
		return 0;
	}
	if (k->d->folder_id != NULL && fset_has(&k->above, c->file_id)) {
		k->abovehit = 1;
		/* moved: the folders above the scope are others now */
		for (i = 0; x != NULL && i < x->np; i++)
			if (!fset_has(&k->above, x->parents[i]))
				k->rechain = 1;
	}
	if (c->removed) {
		if (fset_has(&k->was, c->file_id) &&
		    map_get(&k->lost, c->file_id) == NULL &&
		    map_add(&k->lost, c->file_id) == NULL)
			return oom(k);
		return 0;
	}
	/* everything: a parentless file is in it, and so is a new drive */
	if (k->d->folder_id == NULL && k->d->drive_id == NULL)
		k->need_table = 1;
	if (fset_has(&k->was, x->id))
		k->need_table = 1;
	for (i = 0; i < x->np && !k->need_table; i++)
		if (fset_has(&k->was, x->parents[i]))
			k->need_table = 1;
	return 0;
}

/* The delta listing becomes a full one, before its begin line. */
static void
full_instead(struct gd *k, int level, const char *why)
{
	fc_log(k->log, level, k->l->ep->name, "gdrive_full", NULL,
	    "a full listing: %s", why);
	k->delta = 0;
	k->full_at = fc_time_now();
	k->need_table = k->rootwalk = 0;
	free(k->token);
	free(k->newstart);
	k->token = k->newstart = NULL;
	if (k->spool != NULL)
		fclose(k->spool);
	k->spool = NULL;
}

/*
 * The scope folder as it is now: its trash and drive; and, when it or a
 * folder above it moved (or the cursor did not know), the folders above
 * it looked up anew.
 */
static int
root_file(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct gd *k = arg;
	size_t i;

	if (x == NULL)
		return fail(k, EX_PROTOCOL, "GET file %s: %s", k->rid, why);
	k->rtrashed = x->trashed;
	k->rootmoved = !same(x->drive, k->feed);
	/* renamed: the begin line says so, as a full listing's would */
	free(k->name);
	if ((k->name = strdup(x->name)) == NULL)
		return oom(k);
	if (!k->aknown)
		k->rechain = 1;
	for (i = 0; i < x->np; i++)
		if (!fset_has(&k->above, x->parents[i]))
			k->rechain = 1;
	if (k->rechain && !k->rootmoved)
		climb(k, x->parents, x->np, x->drive);
	return k->failed;
}

/*
 * What the feed holds, judged before the begin line.  A shared drive's
 * own change (renamed, joined, left) makes a listing of everything
 * full, since the paths of all in it start with its name.  The scope
 * folder removed and gone fails the endpoint, as at a full listing;
 * moved to another drive, whose feed is another, it makes the listing
 * full; put in the trash or taken out, everything below is walked again.
 * A change of a folder above it, which may have put it in the trash or
 * out of the account's sight with no change of its own in the feed, has
 * it looked up to tell.  A folder of the scope removed (deleted, or no
 * longer visible to the account) that files.get still finds is taken as
 * a folder that changed; one it does not find makes the listing full,
 * since Drive does not document whether the feed names each file that
 * went with it.
 */
static int
feed_judge(struct gd *k)
{
	struct fc_err pe;
	struct node *n;
	const char *why = NULL;
	char *text;
	long st;

	if (k->drivechanged) {
		full_instead(k, FC_INFO, "a shared drive changed (renamed, "
		    "joined or left), and the paths in it start with its name");
		return 0;
	}
	/* a folder above changed: the scope folder may be in the trash */
	if (k->rootgone || (k->abovehit && k->roottext == NULL)) {
		if ((st = lookup(k, k->rid, &text)) == -1)
			return -1;
		if (st == 404)
			return noscope(k, k->d->folder_id, 0);
		free(k->roottext);
		k->roottext = text;
	}
	if (k->roottext != NULL) {
		if (fc_gdrivedoc_one(k->roottext, strlen(k->roottext),
		    root_file, k, &pe) == -1 && !k->failed)
			return fail(k, pe.code, "GET %s", pe.msg);
		if (k->failed)
			return -1;
		if (k->rootmoved)
			why = "the folder moved to another drive";
		else if (k->rtrashed != k->ctrashed)
			k->rootwalk = 1;
	}
	for (n = k->lost.all; n != NULL && why == NULL; n = n->next) {
		if ((st = lookup(k, n->id, &n->text)) == -1)
			return -1;
		if (st == 404)
			why = "a folder of the scope is gone (deleted, or no "
			    "longer visible), and what was in it with it";
		else
			k->need_table = 1;
	}
	if (why != NULL)
		full_instead(k, FC_INFO, why);
	return 0;
}

/*
 * Reads the whole feed from the cursor, since what it holds may make
 * the listing full, which must be known before the begin line: the
 * first page is the caller's, the others are kept in a temporary file
 * for delta() (holding them would cost about 0.5 MB of memory for every
 * 1000 changes).  Returns 0, with k->delta cleared when the listing
 * turns full, or -1 with the endpoint failed.
 */
static int
feed_scan(struct gd *k, const struct fc_http_resp *first)
{
	struct fc_http_resp resp;
	const struct fc_http_resp *page = first;
	struct fc_err pe;
	char *next = NULL, *newstart = NULL, *url;
	long st;
	int r;

	for (;;) {
		k->pages++;
		r = fc_gdrivedoc_changes(page->body, page->len, prescan, k,
		    &next, &newstart, &pe);
		if (r == 0 && page != first)
			spool_put(k, page);
		if (page != first)
			fc_http_resp_free(&resp);
		if (r == -1)
			return fail(k, pe.code, "GET %s", pe.msg);
		if (r == 1 || k->failed) {
			free(next);
			free(newstart);
			return -1;
		}
		if (next == NULL)
			break;
		url = feed_url(k, next);
		free(next);
		next = NULL;
		if (url == NULL) {
			free(newstart);
			return oom(k);
		}
		st = fetch(k, url, "changes", &resp);
		free(url);
		if (st == -1)
			return -1;
		if (st != 200) {
			failed_call(k, "changes", &resp);
			fc_http_resp_free(&resp);
			return -1;
		}
		page = &resp;
	}
	k->newstart = newstart;
	return feed_judge(k);
}

/*
 * Opens a delta listing: the feed read whole, before the begin line.  A
 * page token Drive refuses (400 on pageToken: expired, or not this
 * feed's) turns the listing into a full one, as does what the feed
 * holds (feed_judge); a failure is the endpoint's.  *first is the first
 * page, for delta(), unless the listing turned full or failed.
 */
static int
delta_open(struct gd *k, struct fc_http_resp *first)
{
	char *url, reason[64], msg[8], loc[32], why[128];
	long st;

	if ((url = feed_url(k, k->token)) == NULL)
		return oom(k);
	st = fetch(k, url, "changes", first);
	free(url);
	if (st == -1)
		return -1;
	if (st == 200) {
		if (feed_scan(k, first) == 0 && k->delta)
			return 0;
		fc_http_resp_free(first);
		return k->failed ? -1 : 0;
	}
	if (st == 400 && fc_gdrivedoc_error(first->body, first->len, reason,
	    sizeof(reason), msg, sizeof(msg), loc, sizeof(loc)) == 0 &&
	    strcmp(loc, "pageToken") == 0) {
		fc_http_resp_free(first);
		snprintf(why, sizeof(why), "Drive refused the cursor's page "
		    "token (%s)", reason);
		full_instead(k, FC_WARNING, why);
		return 0;
	}
	failed_call(k, "changes", first);
	fc_http_resp_free(first);
	return -1;
}

/* ---- incremental listings: the changes, after it ---- */

struct dpass {
	struct gd	*k;
	int		 pass;	/* 1 folders, 2 the rest */
};

static int
delta_change(void *arg, const struct fc_gdrivedoc_change *c)
{
	struct dpass *p = arg;
	struct gd *k = p->k;
	const struct fc_gdrivedoc_file *x = c->file;
	const char *pp;
	char what[256];
	int unknown;

	if (p->pass == 1) {
		if (x != NULL && x->folder)
			table_update(k, x);
		return k->failed;
	}
	if (c->drive)
		return 0;
	if (c->why != NULL) {
		/* the listing ends incomplete: this change comes again */
		snprintf(what, sizeof(what), "a change of %s", c->file_id ?
		    c->file_id : "a file");
		skip(k, what, c->why);
	} else if (c->removed)
		gone(k, c->file_id);
	else if (!x->folder) {
		table_fresh(k);
		/* a parent not in the table is outside the scope */
		if ((pp = flat_parent(k, x, &unknown)) != NULL &&
		    fc_list_wanted(k->d, x->name, strlen(x->name)))
			emit(k, x, pp);
		else
			gone(k, x->id);
	}
	return k->stop || k->failed;
}

/*
 * One page of the changes feed: the folders changed go into the table
 * (when it was read), then each change becomes a line.
 */
static int
delta_page(struct gd *k, const char *body, size_t len)
{
	struct dpass p;
	struct fc_err pe;
	char *next, *newstart;

	memset(&p, 0, sizeof(p));
	p.k = k;
	for (p.pass = 1; p.pass < 3 && !k->failed && !k->stop; p.pass++) {
		if (p.pass == 1 && !k->allknown)
			continue;
		if (fc_gdrivedoc_changes(body, len, delta_change, &p, &next,
		    &newstart, &pe) == -1)
			return fail(k, pe.code, "GET %s", pe.msg);
		free(next);
		free(newstart);
	}
	return k->failed ? -1 : 0;
}

/* A folder of the scope removed from the feed but found: it changed. */
static int
lost_folder(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct gd *k = arg;

	if (x == NULL)
		skip(k, "a folder removed from the scope", why);
	else if (x->folder)
		table_update(k, x);
	return k->failed;
}

/* A folder moved out of the scope, to walk where it is now, once. */
static int
out_add(struct gd *k, const char *id, const char *drive)
{
	struct node *n, **q;
	size_t cap;

	if (map_get(&k->outw, id) != NULL)
		return 0;
	if ((n = map_add(&k->outw, id)) == NULL ||
	    (drive != NULL && (n->drive = strdup(drive)) == NULL))
		return oom(k);
	if (k->outn == k->outcap) {
		cap = k->outcap ? 2 * k->outcap : 16;
		if ((q = realloc(k->outq, cap * sizeof(*q))) == NULL)
			return oom(k);
		k->outq = q;
		k->outcap = cap;
	}
	k->outq[k->outn++] = n;
	return 0;
}

/*
 * An entry of a folder moved out of the scope: a file is listed as
 * deleted (unless another of its folders keeps it in the scope), a
 * folder walked in turn (unless it is still in the scope).
 */
static int
out_file(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct gd *k = arg;
	struct node *n;
	const char *pp;
	int unknown;

	if (x == NULL)
		/* a file of it may stay listed: the listing ends incomplete */
		skip(k, "an entry of a folder moved out of the scope", why);
	else if (x->folder) {
		if (k->d->include_subfolders &&
		    ((n = map_get(&k->folders, x->id)) == NULL ||
		    resolve(k, n) == NULL))
			out_add(k, x->id, x->drive);
	} else if ((pp = flat_parent(k, x, &unknown)) != NULL &&
	    fc_list_wanted(k->d, x->name, strlen(x->name)))
		emit(k, x, pp);
	else
		gone(k, x->id);
	return k->stop || k->failed;
}

/*
 * The folders moved out of the scope, walked where they are now (in
 * their drive's corpus, which may not be the scope's), one request at a
 * time: what was listed below them is listed as deleted.
 */
static int
out_walk(struct gd *k)
{
	struct fc_http_resp resp;
	struct fc_err pe;
	struct node *n;
	char *lit, *q = NULL, *c = NULL, *url, *tok = NULL, what[160];
	long st;
	int inc;

	while (k->outn > 0 && !k->failed && !k->stop) {
		n = k->outq[--k->outn];
		if ((lit = qlit(n->id)) == NULL ||
		    (q = malloc(strlen(lit) + 16)) == NULL ||
		    (c = corpus(n->drive)) == NULL) {
			free(lit);
			free(q);
			return oom(k);
		}
		sprintf(q, "%s in parents", lit);
		free(lit);
		do {
			url = list_url(k, q, c, tok);
			free(tok);
			tok = NULL;
			if (url == NULL) {
				oom(k);
				break;
			}
			st = fetch(k, url, "files", &resp);
			free(url);
			if (st == -1)
				break;
			if (st != 200) {
				snprintf(what, sizeof(what), "files of folder "
				    "(%.100s) moved out of the scope", n->id);
				failed_call(k, what, &resp);
			} else if (fc_gdrivedoc_files(resp.body, resp.len,
			    out_file, k, &tok, &inc, &pe) == -1)
				fail(k, pe.code, "GET %s", pe.msg);
			else if (inc)
				skip(k, n->id, "Drive said incompleteSearch");
			fc_http_resp_free(&resp);
		} while (tok != NULL && !k->failed && !k->stop);
		free(tok);
		tok = NULL;
		free(q);
		free(c);
		q = c = NULL;
		k->outwalked++;
	}
	return k->failed ? -1 : 0;
}

/*
 * A delta listing, from the feed feed_scan() read: the folder table
 * when a change needs paths, the folders removed but found, every page,
 * then the folders that changed in the scope walked again (the paths or
 * state of all below them may have moved), those that left it walked
 * where they are now, and the whole scope when its folder went in or
 * out of the trash.  k->token becomes the feed's new start.
 */
static int
delta(struct gd *k, struct fc_http_resp *first)
{
	struct fc_err pe;
	struct node *n, *t;
	const char *pp;
	char *buf = NULL, *feed = NULL;
	size_t cap = 0, len = 0;

	if (k->need_table || k->rootwalk) {
		if (k->feed != NULL && (feed = strdup(k->feed)) == NULL)
			oom(k);
		else if (setup(k) == 0 && !same(feed, k->feed))
			/* the feed read was not the scope's: read it anew */
			skip(k, "the scope", "its folder is in another drive");
		free(feed);
		/* its trash may have moved with a folder above it */
		if (!k->failed && k->d->folder_id != NULL &&
		    k->rtrashed != k->ctrashed)
			k->rootwalk = 1;
		if (!k->failed && k->need_table && k->d->include_subfolders &&
		    run_chains(k, 1) == 0)
			k->allknown = 1;
	}
	for (n = k->lost.all; n != NULL && k->allknown && !k->failed;
	    n = n->next)
		if (n->text != NULL && fc_gdrivedoc_one(n->text,
		    strlen(n->text), lost_folder, k, &pe) == -1)
			fail(k, pe.code, "GET %s", pe.msg);
	if (!k->failed)
		delta_page(k, first->body, first->len);
	fc_http_resp_free(first);
	if (k->spool != NULL && !k->failed && (fflush(k->spool) == EOF ||
	    fseek(k->spool, 0, SEEK_SET) == -1))
		fail(k, EX_IOERR, "the temporary file of the changes feed: %s",
		    strerror(errno));
	while (k->spool != NULL && !k->failed && !k->stop &&
	    spool_get(k, &buf, &cap, &len) == 1)
		delta_page(k, buf, len);
	free(buf);
	if (k->failed || k->stop)
		return k->failed ? -1 : 0;
	free(k->token);
	k->token = k->newstart;
	k->newstart = NULL;
	table_fresh(k);
	for (n = k->rewalk.all; n != NULL && !k->failed; n = n->next) {
		if ((t = map_get(&k->folders, n->id)) == NULL || t->root)
			continue;
		if ((pp = resolve(k, t)) != NULL)
			push(k, t->id, pp, NULL, t->drive);
		else if (fset_has(&k->was, t->id))
			out_add(k, t->id, t->drive);
	}
	if (k->rootwalk && !k->failed)
		push(k, k->rid, "", NULL, k->feed);
	pump(k);
	if (!k->failed && !k->stop && fc_http_run(k->h, k->e) == -1)
		k->failed = 1;
	if (!k->failed && !k->stop)
		walk_putoff(k);
	if (!k->failed && !k->stop)
		out_walk(k);
	fc_log(k->log, FC_INFO, k->l->ep->name, "gdrive_delta", NULL,
	    "%d page%s of changes, %zu folders changed, %zu in the scope "
	    "walked again%s, %zu moved out of it walked", k->pages,
	    k->pages == 1 ? "" : "s",
	    k->rewalk.n, k->walked.n, k->rootwalk ? " (all of it)" : "",
	    k->outwalked);
	return k->failed ? -1 : 0;
}

/* ---- the scope ---- */

static char *
file_url(struct gd *k, const char *id, const char *fields)
{
	char *esc, *fe, *url = NULL;
	size_t n;

	esc = fc_http_escape(id);
	fe = fc_http_escape(fields);
	if (esc != NULL && fe != NULL) {
		n = strlen(k->base) + strlen(esc) + strlen(fe) + 96;
		if ((url = malloc(n)) != NULL)
			snprintf(url, n, "%s/drive/v3/files/%s?fields=%s&"
			    "supportsAllDrives=true&prettyPrint=false", k->base,
			    esc, fe);
	}
	free(esc);
	free(fe);
	return url;
}

static void
rparents_free(struct gd *k)
{
	while (k->rnp > 0)
		free(k->rparents[--k->rnp]);
	free(k->rparents);
	k->rparents = NULL;
}

/* The folder or shared drive the details name is not there. */
static int
noscope(struct gd *k, const char *id, int drive)
{
	const char *acct = fc_auth_account(k->a);

	return fail(k, EX_NOINPUT, "endpoint_details.%s %s: %s, or %s%s%s",
	    drive ? "drive_id" : "folder_id", id, drive ?
	    "no such shared drive" : "no such folder", drive ?
	    "not a member: " : "not shared with ", acct ? acct :
	    "the account", drive ? " (add it to the drive)" : "");
}

/*
 * The folder or shared drive the details name: its name, id and drive;
 * k->rtrashed says whether it is in the trash (a shared drive is not),
 * k->rparents what it is in.
 */
static int
scope_of(struct gd *k, const char *id, int drive, char **name, char **rid,
    char **did)
{
	struct fc_jdoc *doc;
	const char *s, *mime, **pv;
	char *url;
	size_t i, n;
	long st;

	if ((url = file_url(k, id, "id,name,mimeType,driveId,trashed,"
	    "parents")) == NULL)
		return oom(k);
	st = getdoc(k, url, drive ? "drive" : "folder", 1, &doc);
	free(url);
	if (st == -1)
		return -1;
	if (st == 404)
		return noscope(k, id, drive);
	if (fc_jdoc_str(doc, "mimeType", &mime) != 0 ||
	    strcmp(mime, FC_GDRIVE_FOLDER) != 0) {
		fc_jdoc_free(doc);
		return fail(k, EX_CONFIG, "endpoint_details.%s %s: not a "
		    "folder", drive ? "drive_id" : "folder_id", id);
	}
	if (fc_jdoc_str(doc, "id", &s) != 0 || (*rid = strdup(s)) == NULL ||
	    (*name = strdup(fc_jdoc_str(doc, "name", &s) == 0 ? s : id)) ==
	    NULL || (fc_jdoc_str(doc, "driveId", &s) == 0 &&
	    (*did = strdup(s)) == NULL)) {
		fc_jdoc_free(doc);
		return oom(k);
	}
	if (fc_jdoc_bool(doc, "trashed", &k->rtrashed) != 0)
		k->rtrashed = 0;
	rparents_free(k);
	if (fc_jdoc_strv(doc, "parents", &pv, &n) == 0) {
		if ((k->rparents = calloc(n + 1, sizeof(char *))) == NULL)
			oom(k);
		for (i = 0; i < n && !k->failed; i++)
			if ((k->rparents[k->rnp++] = strdup(pv[i])) == NULL)
				oom(k);
		free(pv);
	}
	fc_jdoc_free(doc);
	return k->failed ? -1 : 0;
}

/* The corpora=... parameters for My Drive, or a shared drive. */
static char *
corpus(const char *drive)
{
	char *esc, *c;

	if (drive == NULL)
		return strdup("corpora=user");
	if ((esc = fc_http_escape(drive)) == NULL)
		return NULL;
	if ((c = malloc(strlen(esc) + 32)) != NULL)
		sprintf(c, "corpora=drive&driveId=%s", esc);
	free(esc);
	return c;
}

/* Everything: My Drive and what is shared, then each shared drive. */
static int
scope_all(struct gd *k)
{
	struct fc_jdoc *doc, *drives = NULL, *dv;
	const char *id, *name, *next;
	char *url, *tok = NULL, *c, *esc;
	size_t i, n;
	long st;

	if ((url = file_url(k, "root", "id")) == NULL)
		return oom(k);
	st = getdoc(k, url, "root", 0, &doc);
	free(url);
	if (st == -1)
		return -1;
	if (fc_jdoc_str(doc, "id", &id) != 0) {
		fc_jdoc_free(doc);
		return fail(k, EX_PROTOCOL, "GET root: no \"id\"");
	}
	add_root(k, id, "My Drive");
	fc_jdoc_free(doc);
	if (k->failed || (c = corpus(NULL)) == NULL)
		return k->failed ? -1 : oom(k);
	add_chain(k, c, 1);
	add_chain(k, c, 0);
	free(c);
	do {
		esc = tok ? fc_http_escape(tok) : NULL;
		n = strlen(k->base) + (esc ? strlen(esc) : 0) + 128;
		if ((tok != NULL && esc == NULL) || (url = malloc(n)) == NULL) {
			free(esc);
			free(tok);
			return oom(k);
		}
		snprintf(url, n, "%s/drive/v3/drives?pageSize=100&fields="
		    "nextPageToken%%2Cdrives(id%%2Cname)&prettyPrint=false%s%s",
		    k->base, esc ? "&pageToken=" : "", esc ? esc : "");
		free(esc);
		free(tok);
		tok = NULL;
		st = getdoc(k, url, "drives", 0, &doc);
		free(url);
		if (st == -1)
			return -1;
		if (fc_jdoc_get(doc, "drives", &drives) != 0 ||
		    fc_jdoc_kind(drives) != FC_JARR) {
			fc_jdoc_free(drives);
			fc_jdoc_free(doc);
			return fail(k, EX_PROTOCOL, "GET drives: no \"drives\" "
			    "array");
		}
		for (i = 0; i < fc_jdoc_len(drives) && !k->failed; i++) {
			if ((dv = fc_jdoc_at(drives, i)) == NULL) {
				oom(k);
				break;
			}
			if (fc_jdoc_str(dv, "id", &id) != 0 ||
			    fc_jdoc_str(dv, "name", &name) != 0)
				fail(k, EX_PROTOCOL, "GET drives: a drive "
				    "without an id or a name");
			else if ((esc = joinpath("", name)) == NULL ||
			    (c = corpus(id)) == NULL) {
				free(esc);
				oom(k);
			} else {
				add_root(k, id, esc);
				add_chain(k, c, 1);
				add_chain(k, c, 0);
				free(esc);
				free(c);
			}
			fc_jdoc_free(dv);
		}
		if (!k->failed && fc_jdoc_str(doc, "nextPageToken", &next) ==
		    0 && *next != '\0' && (tok = strdup(next)) == NULL)
			oom(k);
		fc_jdoc_free(drives);
		drives = NULL;
		fc_jdoc_free(doc);
	} while (tok != NULL && !k->failed);
	free(tok);
	k->orphans = SHARED_TOP;
	return k->failed ? -1 : 0;
}


/*
 * Looks the scope up and lays out how it is read: a folder (walked; for
 * a delta listing its corpus's folders go in the table too), a shared
 * drive or everything (the folders' and files' queries).  k->feed is the
 * changes feed of the scope: the shared drive it is in, or the account's.
 */
static int
setup(struct gd *k)
{
	const char *id;
	char *did = NULL;

	if (k->ready)
		return 0;
	k->ready = 1;
	free(k->name);
	free(k->rid);
	k->name = k->rid = NULL;
	if (k->d->folder_id != NULL ||
	    (k->d->drive_id != NULL && !k->d->include_subfolders)) {
		id = k->d->folder_id ? k->d->folder_id : k->d->drive_id;
		if (scope_of(k, id, k->d->folder_id == NULL, &k->name, &k->rid,
		    &did) == -1)
			return -1;
		if (k->d->drive_id != NULL && (did == NULL ||
		    strcmp(did, k->d->drive_id) != 0)) {
			free(did);
			return fail(k, EX_CONFIG, "endpoint_details.folder_id "
			    "%s: not in the shared drive drive_id names", id);
		}
		free(k->feed);
		k->feed = did;
		if ((k->corpus = corpus(did)) == NULL ||
		    add_root(k, k->rid, "") == -1 ||
		    add_chain(k, k->corpus, 1) == -1)
			return oom(k);
		return 0;
	}
	if (k->d->drive_id != NULL) {
		if (scope_of(k, k->d->drive_id, 1, &k->name, &k->rid, &did) ==
		    -1)
			return -1;
		free(did);
		if (add_root(k, k->d->drive_id, "") == -1 ||
		    (k->corpus = corpus(k->d->drive_id)) == NULL ||
		    add_chain(k, k->corpus, 1) == -1 ||
		    add_chain(k, k->corpus, 0) == -1)
			return oom(k);
		return 0;
	}
	return scope_all(k);
}

/*
 * The first backoff, 1 s by default (gdrive.md section 6: 1, 2, 4 ... s
 * and jitter, capped ten times over); FC_GDRIVE_BACKOFF_MS shortens it
 * for tests and benchmarks, which would otherwise wait out every retry.
 */
static long
backoff_ms(void)
{
	const char *s = getenv("FC_GDRIVE_BACKOFF_MS");
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return 1000;
	v = strtol(s, &end, 10);
	return *end == '\0' && v > 0 && v <= 60000 ? v : 1000;
}

int
fc_list_gdrive(struct fc_listing *l, struct fc_err *e)
{
	struct fc_http_opts ho;
	struct gd k;
	struct chain *ch;
	struct fc_http_resp first;
	char *scope = NULL, agent[160], *cur = NULL;
	const char *acct;
	size_t n;
	int rv = -1, walk;

	memset(&k, 0, sizeof(k));
	k.l = l;
	k.d = &l->ep->details;
	k.e = e;
	k.log = l->o->log;
	k.jobs = l->o->jobs > 0 ? l->o->jobs : JOBS_DEFAULT;
	fc_jw_init(&k.rw);
	if (l->conf == NULL)
		return fc_seterr(e, EX_CONFIG, "no configuration: the Google "
		    "client (clients.google_drive) is set there");
	k.base = l->conf->google.base_url ? l->conf->google.base_url :
	    "https://www.googleapis.com";
	if ((k.a = fc_auth_open(l->conf, "google_drive", k.log, e)) == NULL)
		return -1;
	memset(&ho, 0, sizeof(ho));
	/* Google compresses only for a User-Agent that says gzip */
	snprintf(agent, sizeof(agent), "%s%s(gzip)",
	    l->conf->google.application_name ?
	    l->conf->google.application_name : "",
	    l->conf->google.application_name ? " " : "");
	ho.agent = agent;
	ho.retries = RETRIES;
	ho.max_active = k.jobs;
	ho.log = k.log;
	ho.endpoint = l->ep->name;
	ho.limited = fc_gdrivedoc_limited;
	ho.backoff_ms = backoff_ms();
	ho.backoff_max_ms = 10 * ho.backoff_ms;
	if ((k.w = fc_walk_new(&ho, k.a, NULL, e)) == NULL)
		goto out;
	k.h = fc_walk_http(k.w);
	/* with delegation, the account acts as the subject and sees theirs */
	if ((acct = fc_auth_subject(k.a)) == NULL)
		acct = fc_auth_account(k.a);

	walk = k.d->folder_id != NULL ||
	    (k.d->drive_id != NULL && !k.d->include_subfolders);
	if (k.d->drive_id != NULL && (k.feed = strdup(k.d->drive_id)) == NULL) {
		oom(&k);
		goto out;
	}

	/*
	 * The changes since the cursor, before anything else: an unchanged
	 * scope costs that one request.  A full listing (or a delta one
	 * that needs paths) looks the scope up first, and takes the feed's
	 * start token before it reads a file.
	 */
	k.fp = fingerprint(k.d);
	plan(&k, fc_time_now());
	memset(&first, 0, sizeof(first));
	if (k.delta && delta_open(&k, &first) == -1)
		goto out;
	if (!k.delta && (setup(&k) == -1 || start_token(&k) == -1))
		goto out;
	/* after the token: a folder above that moves later is in the feed */
	if (!k.delta && k.d->folder_id != NULL && climb(&k,
	    (const char *const *)k.rparents, k.rnp, k.feed) == -1)
		goto out;

	n = (k.name ? strlen(k.name) : 0) + (k.rid ? strlen(k.rid) : 0) +
	    (acct ? strlen(acct) : 0) + (k.d->folder_id ?
	    strlen(k.d->folder_id) : 0) + (k.d->drive_id ?
	    strlen(k.d->drive_id) : 0) + 64;
	if ((scope = malloc(n)) == NULL) {
		oom(&k);
		goto out;
	}
	/*
	 * The same text, full or delta: a delta listing has the name from
	 * the cursor, or from the feed when the folder changed; the id it
	 * was looked up by, when the cursor is older than that.
	 */
	if (k.d->folder_id != NULL && k.name != NULL)
		snprintf(scope, n, "folder %s (%s)", k.name, k.rid);
	else if (k.d->folder_id != NULL)
		snprintf(scope, n, "folder %s", k.d->folder_id);
	else if (k.d->drive_id != NULL && k.name != NULL)
		snprintf(scope, n, "shared drive %s (%s)", k.name,
		    k.rid ? k.rid : k.d->drive_id);
	else if (k.d->drive_id != NULL)
		snprintf(scope, n, "shared drive %s", k.d->drive_id);
	else
		snprintf(scope, n, "everything %s sees", acct ? acct :
		    "the account");
	if (fc_listing_begin(l, k.delta ? "delta" : "full", scope, e) == -1) {
		if (k.delta)
			fc_http_resp_free(&first);
		goto out;
	}

	if (k.delta)
		delta(&k, &first);
	else if (walk) {
		if (push(&k, k.rid, "", NULL, k.feed) == -1)
			goto out;
		pump(&k);
		if (!k.failed && !k.stop && fc_http_run(k.h, e) == -1)
			k.failed = 1;
		if (!k.failed && !k.stop)
			walk_putoff(&k);
	} else {
		/* the files need every folder of the scope known first */
		k.allknown = k.d->include_subfolders;
		if (k.allknown)
			run_chains(&k, 1);
		if (!k.failed)
			run_chains(&k, 0);
	}
	if (k.failed)
		goto out;
	if (k.token != NULL && (cur = cursor_write(&k)) == NULL) {
		oom(&k);
		goto out;
	}
	rv = fc_listing_end(l, 1, cur, e);
out:
	/* requests abandoned by a stop go first: they name the chains */
	fc_walk_free(k.w);
	while ((ch = k.chains) != NULL) {
		k.chains = ch->next;
		free(ch->url);
		free(ch);
	}
	map_free(&k.folders);
	map_free(&k.walked);
	map_free(&k.putoff);
	map_free(&k.later);
	map_free(&k.rewalk);
	map_free(&k.lost);
	map_free(&k.outw);
	free(k.outq);
	free(k.was.v);
	free(k.above.v);
	rparents_free(&k);
	free(k.roottext);
	free(k.newstart);
	if (k.spool != NULL)
		fclose(k.spool);
	free(k.feed);
	free(k.token);
	fc_auth_close(k.a);
	fc_jw_free(&k.rw);
	free(k.raw);
	free(k.path);
	free(k.corpus);
	free(k.name);
	free(k.rid);
	free(scope);
	free(cur);
	return rv;
}
