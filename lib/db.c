/*
 * db.c: the database module's front: picks a backend from the URL and
 * passes each call on to it, and holds what every backend shares (see
 * db_impl.h).
 *
 * URLs: NULL or "" is SQLite at ./data/connector.db; "sqlite:///abs",
 * "sqlite://rel", "sqlite:path" and a plain path are SQLite files;
 * "postgresql://" and "postgres://" are PostgreSQL, which is not built
 * yet.  A URL's credentials never reach a message: only its scheme does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include <openssl/evp.h>

#include "db_impl.h"
#include "json.h"
#include "timefmt.h"

#define DEFAULT_DB	"./data/connector.db"

struct fc_db *
fc_db_open(const char *url, int flags, struct fc_err *e)
{
	const char *p;
	size_t n;

	if (url == NULL || *url == '\0')
		return fc_db_sqlite_open(DEFAULT_DB, flags, e);
	if (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0) {
		fc_seterr(e, EX_CONFIG, "PostgreSQL support is not built yet");
		return NULL;
	}
	if (strncmp(url, "sqlite://", 9) == 0)
		p = url + 9;		/* sqlite:///abs keeps its slash */
	else if (strncmp(url, "sqlite:", 7) == 0)
		p = url + 7;
	else if ((n = strcspn(url, ":/")) > 0 && strncmp(url + n, "://", 3) == 0) {
		fc_seterr(e, EX_CONFIG, "database URL scheme \"%.*s\" is not "
		    "supported (sqlite: or postgresql:)", (int)(n > 20 ? 20 : n),
		    url);
		return NULL;
	} else
		p = url;
	if (*p == '\0') {
		fc_seterr(e, EX_CONFIG, "database URL names no file");
		return NULL;
	}
	return fc_db_sqlite_open(p, flags, e);
}

void
fc_db_close(struct fc_db *db)
{
	if (db != NULL)
		db->ops->close(db);
}

const char *
fc_db_backend(const struct fc_db *db)
{
	return db->ops->name;
}

int
fc_db_sync_endpoints(struct fc_db *db, const struct fc_conf *c,
    struct fc_err *e)
{
	return db->ops->sync_endpoints(db, c, e);
}

int
fc_db_states(struct fc_db *db, struct fc_ep_state **out, size_t *n,
    struct fc_err *e)
{
	return db->ops->states(db, out, n, e);
}

void
fc_ep_states_free(struct fc_ep_state *s, size_t n)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(s[i].name);
		free(s[i].endpoint_type);
		free(s[i].cursor);
		free(s[i].last_status);
		free(s[i].last_error);
	}
	free(s);
}

struct fc_listing *
fc_db_listing_begin(struct fc_db *db, const struct fc_begin *b,
    const struct fc_listing_opts *o, struct fc_err *e)
{
	return db->ops->listing_begin(db, b, o, e);
}

int
fc_db_listing_known(struct fc_listing *l,
    const unsigned char digest[FC_DIGESTLEN], struct fc_err *e)
{
	return l->ops->listing_known(l, digest, e);
}

int
fc_db_listing_put(struct fc_listing *l, const struct fc_file *f,
    const unsigned char digest[FC_DIGESTLEN], struct fc_err *e)
{
	return l->ops->listing_put(l, f, digest, e);
}

int
fc_db_listing_end(struct fc_listing *l, const struct fc_end *en,
    struct fc_sync *s, struct fc_err *e)
{
	return l->ops->listing_end(l, en, s, e);
}

void
fc_db_listing_fail(struct fc_listing *l, int code, const char *why,
    struct fc_sync *s)
{
	l->ops->listing_fail(l, code, why, s);
}

int
fc_db_log_failure(struct fc_db *db, const char *endpoint, const char *run,
    int code, const char *why, struct fc_sync *s, struct fc_err *e)
{
	return db->ops->log_failure(db, endpoint, run, code, why, s, e);
}

/*
 * SHA-256 cut to 16 bytes: with SHA instructions it costs about 0.5 us
 * for a 400-byte line, a few percent of applying one, and 128 bits make
 * a chance collision between two lines of an endpoint negligible.
 */
void
fc_db_digest(const char *line, size_t len, unsigned char digest[FC_DIGESTLEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;

	if (EVP_Digest(line, len, md, &n, EVP_sha256(), NULL) != 1 ||
	    n < FC_DIGESTLEN)
		/* cannot happen with the default provider; never matches */
		memset(md, 0, sizeof(md));
	memcpy(digest, md, FC_DIGESTLEN);
}

/* ---- shared by the backends ---- */

int
fc_bitmap_set(struct fc_bitmap *b, int64_t id)
{
	size_t byte, len;
	unsigned char *p;

	if (id < 0)
		return 0;
	byte = (size_t)(id / 8);
	if (byte >= b->len) {
		/* grow by half again, so a first load reallocates rarely */
		len = b->len < 4096 ? 4096 : b->len + b->len / 2;
		if (len <= byte)
			len = byte + 4096;
		if ((p = realloc(b->bits, len)) == NULL)
			return -1;
		memset(p + b->len, 0, len - b->len);
		b->bits = p;
		b->len = len;
	}
	b->bits[byte] |= (unsigned char)(1u << (id % 8));
	return 0;
}

int
fc_bitmap_test(const struct fc_bitmap *b, int64_t id)
{
	size_t byte;

	if (id < 0)
		return 0;
	byte = (size_t)(id / 8);
	return byte < b->len && (b->bits[byte] & (1u << (id % 8))) != 0;
}

void
fc_bitmap_free(struct fc_bitmap *b)
{
	free(b->bits);
	b->bits = NULL;
	b->len = 0;
}

void
fc_listing_init(struct fc_listing *l, const struct fc_db_ops *ops,
    const struct fc_begin *b, const struct fc_listing_opts *o)
{
	memset(l, 0, sizeof(*l));
	l->ops = ops;
	if (o != NULL)
		l->opts = *o;
	else
		l->opts.max_delete = -1;
	l->delta = b->mode != NULL && strcmp(b->mode, "delta") == 0;
	l->started_at = b->started_at != 0 ? b->started_at : fc_time_now();
	l->time = l->started_at;
}

void
fc_listing_summary(const struct fc_listing *l, const char *status,
    int complete, int code, struct fc_sync *s)
{
	if (s == NULL)
		return;
	s->status = status;
	s->dry_run = l->opts.dry_run;
	s->complete = complete;
	s->seen = l->seen;
	s->inserted = l->inserted;
	s->updated = l->updated;
	s->unchanged = l->unchanged;
	s->deleted = l->deleted;
	s->started_at = l->started_at;
	s->finished_at = fc_time_now();
	s->code = code;
}

int
fc_ep_row(const struct fc_conf *c, const struct fc_endpoint *ep,
    struct fc_ep_row *r, struct fc_err *e)
{
	struct fc_jw w;
	static const char *types[] = { "interval", "cron", "manual" };
	int minutes;

	r->name = ep->name;
	r->endpoint_type = ep->endpoint_type;
	r->project_id = ep->project_id;
	r->user_id = ep->user_id;
	r->details = ep->details.json;
	r->is_active = ep->is_active != 0;

	/* the effective schedule, so the table tells people what runs */
	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_str(&w, "type", types[ep->schedule.type]);
	if (ep->schedule.type == FC_SCHED_INTERVAL) {
		minutes = ep->schedule.interval_minutes;
		if (minutes == 0)
			minutes = c->sync_interval_minutes;
		fc_jw_int(&w, "interval_minutes", minutes);
	}
	if (ep->schedule.type == FC_SCHED_CRON)
		fc_jw_str(&w, "cron", ep->schedule.cron);
	fc_jw_end_obj(&w);
	r->schedule = w.oom || w.buf == NULL ? NULL : strndup(w.buf, w.len);
	fc_jw_free(&w);
	if (r->schedule == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	return 0;
}

int
fc_db_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
fc_db_mkparent(const char *path, struct fc_err *e)
{
	struct stat sb;
	char *p, *s;

	if ((p = strdup(path)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0777) == -1) {
			if (errno == EEXIST && stat(p, &sb) == 0 &&
			    !S_ISDIR(sb.st_mode))
				errno = ENOTDIR;
			if (errno != EEXIST) {
				fc_seterr(e, EX_CANTCREAT, "%s: %s", p,
				    strerror(errno));
				free(p);
				return -1;
			}
		}
		*s = '/';
	}
	free(p);
	return 0;
}
