/*
 * db.c: the database module's front: picks a backend from the URL and
 * passes each call on to it, and holds what every backend shares (see
 * db_impl.h), the schema first of all.
 *
 * URLs: NULL or "" is SQLite at ./data/connector.db; "sqlite:///abs",
 * "sqlite://rel", "sqlite:path" and a plain path are SQLite files;
 * "postgresql://", "postgres://" and libpq keyword strings are
 * PostgreSQL.  A URL's credentials never reach a message: an unknown
 * scheme is named by its scheme, anything else by fc_db_redact().
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sysexits.h>
#include <unistd.h>

#include <linux/magic.h>
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
	    strncmp(url, "postgres://", 11) == 0 || fc_db_pg_conninfo(url))
		return fc_db_pg_open(url, flags, e);
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

const char *
fc_db_url_backend(const char *url)
{
	if (url != NULL && (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0 || fc_db_pg_conninfo(url)))
		return "postgresql";
	return "sqlite";
}

/* ---- the schema ---- */

/*
 * steps[v] takes a database from schema version v to v + 1.  A step is
 * never edited once released: databases in the field were made by it.
 * Words in braces differ between the backends (struct fc_db_dialect):
 * SQLite stores times as RFC 3339 text and JSON as text, PostgreSQL as
 * timestamptz and jsonb.  Flags (is_active, complete) are 0 or 1 in an
 * INTEGER on both, so queries and their output agree.
 */
static const char *const steps[FC_SCHEMA_VERSION] = {
	/* 1: the tables */
	"CREATE TABLE fc_schema ("
	"	version		INTEGER NOT NULL"
	");"
	"CREATE TABLE endpoints ("
	"	id		{id},"
	"	name		TEXT NOT NULL UNIQUE,"
	"	endpoint_type	TEXT NOT NULL,"
	"	project_id	TEXT,"
	"	user_id		TEXT,"
	"	details		{json},"
	"	schedule	{json},"
	"	is_active	INTEGER NOT NULL DEFAULT 1,"
	"	created_at	{time} NOT NULL,"
	"	updated_at	{time} NOT NULL"
	");"
	"CREATE TABLE files ("
	"	id		{id},"
	"	endpoint_id	{big} NOT NULL REFERENCES endpoints (id),"
	"	external_file_id TEXT NOT NULL,"
	"	file_name	TEXT,"
	"	file_path	TEXT,"
	"	file_link	TEXT,"
	"	file_size	{big},"
	"	created_at	{time},"
	"	updated_at	{time},"
	"	version		TEXT,"
	"	mime_type	TEXT,"
	"	state		TEXT NOT NULL,"
	"	first_seen_at	{time} NOT NULL,"
	"	last_seen_at	{time} NOT NULL,"
	"	deleted_at	{time},"
	"	raw		{json},"
	"	line_digest	{bytes},"
	"	{file_key}"
	");"
	"{file_index}"
	"CREATE TABLE sync_logs ("
	"	id		{id},"
	"	endpoint_id	{big} NOT NULL REFERENCES endpoints (id),"
	"	run_id		TEXT,"
	"	mode		TEXT,"
	"	started_at	{time} NOT NULL,"
	"	finished_at	{time} NOT NULL,"
	"	status		TEXT NOT NULL,"
	"	complete	INTEGER NOT NULL,"
	"	files_seen	{big} NOT NULL,"
	"	files_inserted	{big} NOT NULL,"
	"	files_updated	{big} NOT NULL,"
	"	files_unchanged	{big} NOT NULL,"
	"	files_deleted	{big} NOT NULL,"
	"	cursor		TEXT,"
	"	code		INTEGER NOT NULL,"
	"	error		TEXT"
	");"
	"CREATE INDEX sync_logs_endpoint ON sync_logs (endpoint_id, id);"
	"INSERT INTO fc_schema (version) VALUES (0);",

	/*
	 * 2: where each sync ran, now that fc processes on many hosts can
	 * share one PostgreSQL database
	 */
	("ALTER TABLE sync_logs ADD COLUMN host TEXT;"
	"ALTER TABLE sync_logs ADD COLUMN pid {big};"),

	/*
	 * 3: SQLite finds a file line's row by its id, not by its digest,
	 * and the live rows by an index of their own (see db_sqlite.c)
	 */
	"{live_index}",
};

char *
fc_db_schema(const struct fc_db_dialect *d, int v, struct fc_err *e)
{
	static const struct {
		const char *name;
		size_t off;
	} words[] = {
		{ "id", offsetof(struct fc_db_dialect, id) },
		{ "big", offsetof(struct fc_db_dialect, big) },
		{ "time", offsetof(struct fc_db_dialect, time) },
		{ "json", offsetof(struct fc_db_dialect, json) },
		{ "bytes", offsetof(struct fc_db_dialect, bytes) },
		{ "file_key", offsetof(struct fc_db_dialect, file_key) },
		{ "file_index", offsetof(struct fc_db_dialect, file_index) },
		{ "live_index", offsetof(struct fc_db_dialect, live_index) },
	};
	const char *s, *close, *w;
	char *out, *o;
	size_t i, n, len;

	if (v < 0 || v >= FC_SCHEMA_VERSION) {
		fc_seterr(e, EX_SOFTWARE, "no schema step from version %d", v);
		return NULL;
	}
	/* no word is longer than 128 bytes, nor any name shorter than 2 */
	len = strlen(steps[v]) * 64 + 1;
	if ((out = malloc(len)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	for (o = out, s = steps[v]; *s != '\0'; ) {
		if (*s != '{' || (close = strchr(s, '}')) == NULL) {
			*o++ = *s++;
			continue;
		}
		n = (size_t)(close - s - 1);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].name) == n &&
			    strncmp(words[i].name, s + 1, n) == 0)
				break;
		if (i == sizeof(words) / sizeof(words[0]) ||
		    (w = *(const char *const *)((const char *)d +
		    words[i].off)) == NULL) {
			fc_seterr(e, EX_SOFTWARE, "schema step %d: no word "
			    "for {%.*s}", v + 1, (int)n, s + 1);
			free(out);
			return NULL;
		}
		memcpy(o, w, strlen(w));
		o += strlen(w);
		s = close + 1;
	}
	*o = '\0';
	return out;
}

/* ---- URLs ---- */

static int
urlkey(const char *p, size_t n, const char *key)
{
	static const char hex[] = "0123456789abcdef";
	const char *h, *l;
	char buf[32];
	size_t i, j;

	/* libpq percent-decodes a URL's parameter names: so do we */
	for (i = j = 0; i < n && j < sizeof(buf) - 1; j++) {
		if (p[i] == '%' && i + 2 < n && p[i + 1] != '\0' &&
		    p[i + 2] != '\0' &&
		    (h = strchr(hex, tolower((unsigned char)p[i + 1]))) &&
		    (l = strchr(hex, tolower((unsigned char)p[i + 2])))) {
			buf[j] = (char)((h - hex) << 4 | (l - hex));
			i += 3;
		} else
			buf[j] = p[i++];
	}
	buf[j] = '\0';
	return i == n && strcmp(buf, key) == 0;
}

/*
 * A postgresql:// or other URL: userinfo's password, ?password=.  Read
 * as libpq reads it: the user and password end at an "@" before the
 * first "/" ("?" and "#" do not end them), the query starts at the
 * first "?" after them, its parameters part at "&" alone, and "#" is
 * an ordinary character.  libpq ends the password at the first such
 * "@"; the last is taken here, so that one inside a password is hidden.
 */
static void
redact_url(const char *url, const char *auth, char *o)
{
	const char *at, *colon, *q, *p, *amp, *eq;
	char sep = '?';
	size_t n;

	for (at = NULL, p = auth; *p != '\0' && *p != '/'; p++)
		if (*p == '@')
			at = p;
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	q = at ? at : auth;
	q += strcspn(q, "?");
	if (colon != NULL) {
		n = (size_t)(colon - url);
		memcpy(o, url, n);
		o += n;
		url = at;
	}
	n = (size_t)(q - url);
	memcpy(o, url, n);
	o += n;
	for (p = *q == '?' ? q + 1 : q; *p != '\0'; p = amp) {
		amp = p + strcspn(p, "&");
		eq = memchr(p, '=', (size_t)(amp - p));
		if (amp > p && !urlkey(p, (size_t)((eq ? eq : amp) - p),
		    "password")) {
			*o++ = sep;
			memcpy(o, p, (size_t)(amp - p));
			o += amp - p;
			sep = '&';
		}
		if (*amp == '&')
			amp++;
	}
	*o = '\0';
}

/*
 * A keyword string: key = value pairs, a value maybe in single quotes
 * with backslash escapes.  Whatever does not parse is cut off, since it
 * could hold a password.
 */
static void
redact_keywords(const char *s, char *o)
{
	const char *k, *v;
	size_t kn;
	int first = 1;

	for (;;) {
		s += strspn(s, " \t\n\r\f\v");
		if (*s == '\0')
			break;
		k = s;
		while (*s != '\0' && *s != '=' && !isspace((unsigned char)*s))
			s++;
		kn = (size_t)(s - k);
		s += strspn(s, " \t\n\r\f\v");
		if (kn == 0 || *s != '=') {
			strcpy(o, first ? "..." : " ...");
			return;
		}
		s++;
		s += strspn(s, " \t\n\r\f\v");
		v = s;
		if (*s == '\'') {
			for (s++; *s != '\0' && *s != '\''; s++)
				if (*s == '\\' && s[1] != '\0')
					s++;
			if (*s != '\'') {
				strcpy(o, first ? "..." : " ...");
				return;
			}
			s++;
		} else
			while (*s != '\0' && !isspace((unsigned char)*s))
				s++;
		if (kn == 8 && strncmp(k, "password", 8) == 0)
			continue;
		if (!first)
			*o++ = ' ';
		first = 0;
		memcpy(o, k, kn);
		o += kn;
		*o++ = '=';
		memcpy(o, v, (size_t)(s - v));
		o += s - v;
	}
	*o = '\0';
}

char *
fc_db_redact(const char *url)
{
	const char *auth;
	char *out;

	/*
	 * A keyword string may grow: libpq reads "a='x'b='y'" as two pairs,
	 * written back with a space between them.
	 */
	if ((out = malloc(2 * strlen(url) + 5)) == NULL)
		return NULL;
	/* a keyword string first: "://" may be inside one of its values */
	if (fc_db_pg_conninfo(url))
		redact_keywords(url, out);
	else if ((auth = strstr(url, "://")) != NULL)
		redact_url(url, auth + 3, out);
	else
		memcpy(out, url, strlen(url) + 1);
	return out;
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
	const struct fc_db_ops *ops = db->ops;
	int changes = 0;

	if (ops->ready != NULL && ops->ready(db, e) == -1)
		return -1;
	/* look first: an unchanged configuration takes no write lock */
	if (ops->ep_pass(db, c, 0, &changes, e) == -1)
		return -1;
	if (changes == 0)
		return 0;
	changes = 0;
	if (ops->begin(db, e) == -1)
		return -1;
	if (ops->ep_pass(db, c, 1, &changes, e) == -1 ||
	    ops->commit(db, e) == -1) {
		ops->rollback(db);
		return -1;
	}
	return 0;
}

int
fc_db_states(struct fc_db *db, int flags, struct fc_ep_state **out, size_t *n,
    struct fc_err *e)
{
	return db->ops->states(db, flags, out, n, e);
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

/* A failure whose sync log could not be written says so at its end. */
static void
not_recorded(struct fc_err *e, const struct fc_err *rec)
{
	char why[sizeof(e->msg)];

	memcpy(why, e->msg, sizeof(why));
	fc_seterr(e, e->code, "%s (not recorded: %s)", why, rec->msg);
}

struct fc_listing *
fc_db_listing_begin(struct fc_db *db, const struct fc_begin *b,
    const struct fc_listing_opts *o, struct fc_sync *s, struct fc_err *e)
{
	struct fc_listing *l;
	struct fc_sync tmp;
	struct fc_err rec;
	int busy = 0, code;

	if ((l = db->ops->listing_begin(db, b, o, &busy, e)) != NULL)
		return l;
	if (s == NULL)
		s = &tmp;
	/* a lost connection is no busy endpoint, and is to be seen */
	code = e->code;
	if (!busy && (o == NULL || !o->dry_run) && fc_db_log_failure(db,
	    b->endpoint, b->run, code, e->msg, s, &rec) == -1)
		not_recorded(e, &rec);
	memset(s, 0, sizeof(*s));
	s->status = busy ? "busy" : "failed";
	s->dry_run = o != NULL && o->dry_run;
	s->started_at = b->started_at != 0 ? b->started_at : fc_time_now();
	s->finished_at = fc_time_now();
	s->code = code;
	return NULL;
}

/*
 * The digest is SHA-256 cut to 16 bytes: 128 bits make a chance
 * collision between two lines of an endpoint negligible, and with SHA
 * instructions a 400-byte line costs about 0.3 us.  The hash is fetched
 * once per listing: EVP_sha256() looks the provider up, under its
 * locks, on every call, which cost a tenth of a first load's time.
 */
int
fc_db_listing_put(struct fc_listing *l, const struct fc_file *f,
    const char *line, size_t len, struct fc_err *e)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n;

	if (EVP_DigestInit_ex2(l->mdctx, l->md, NULL) != 1 ||
	    EVP_DigestUpdate(l->mdctx, line, len) != 1 ||
	    EVP_DigestFinal_ex(l->mdctx, md, &n) != 1 || n < FC_DIGESTLEN)
		return fc_seterr(e, EX_SOFTWARE, "SHA-256 failed");
	return l->ops->listing_put(l, f, md, e);
}

static const char *
mode_of(const struct fc_listing *l)
{
	return l->delta ? "delta" : "full";
}

int
fc_db_listing_end(struct fc_listing *l, const struct fc_end *en,
    struct fc_sync *s, struct fc_err *e)
{
	const struct fc_db_ops *ops = l->ops;
	struct fc_sync tmp;
	struct fc_err rec;
	int64_t gone = 0, n;
	int complete = en->complete != 0, full;

	if (s == NULL)
		s = &tmp;
	full = complete && !l->delta;
	if (ops->listing_gone(l, full, complete, &gone, e) == -1)
		goto fail;
	/*
	 * A complete delta listing has applied the deletions its lines name:
	 * the same guards hold, looked at after the fact (it is all one
	 * transaction yet).  Every file gone at once is far more often a
	 * share taken away than a project emptied on purpose.
	 */
	if (complete && l->delta && l->deleted > 0) {
		if (ops->listing_live(l, &n, e) == -1)
			goto fail;
		if (n == 0 && !l->opts.allow_empty) {
			fc_seterr(e, EX_DATAERR, "endpoint %s: delta listing "
			    "deletes all %lld files stored; refusing "
			    "(--allow-empty accepts it)", l->endpoint,
			    (long long)l->deleted);
			goto refuse;
		}
		if (l->opts.max_delete >= 0 &&
		    l->deleted > l->opts.max_delete) {
			fc_seterr(e, EX_DATAERR, "endpoint %s: would delete "
			    "%lld files, more than --max-delete %lld",
			    l->endpoint, (long long)l->deleted,
			    (long long)l->opts.max_delete);
			goto refuse;
		}
	}
	if (full) {
		if (gone > 0 && l->seen == 0 && !l->opts.allow_empty) {
			fc_seterr(e, EX_DATAERR, "endpoint %s: complete listing "
			    "is empty but %lld files are stored; refusing to "
			    "delete them (--allow-empty accepts it)",
			    l->endpoint, (long long)gone);
			goto refuse;
		}
		if (l->opts.max_delete >= 0 && gone > l->opts.max_delete) {
			fc_seterr(e, EX_DATAERR, "endpoint %s: would delete "
			    "%lld files, more than --max-delete %lld",
			    l->endpoint, (long long)gone,
			    (long long)l->opts.max_delete);
			goto refuse;
		}
		if (gone > 0) {
			if (ops->listing_sweep(l, &n, e) == -1)
				goto fail;
			l->deleted += n;
		}
	}
	fc_listing_summary(l, complete ? "ok" : "partial", complete, 0, s);
	if (!l->opts.dry_run && (ops->write_log(l->db, l->ep_id, l->run,
	    mode_of(l), l->started_at, s, en->cursor, NULL, e) == -1 ||
	    ops->commit(l->db, e) == -1))
		goto fail;
	ops->listing_rollback(l);	/* a dry run, or nothing */
	ops->listing_free(l);
	return 0;
refuse:
	ops->listing_rollback(l);
	l->deleted += gone;	/* what it would have done */
	fc_listing_summary(l, "refused", complete, e->code, s);
	if (!l->opts.dry_run && ops->write_log(l->db, l->ep_id, l->run,
	    mode_of(l), l->started_at, s, NULL, e->msg, &rec) == -1)
		not_recorded(e, &rec);
	ops->listing_free(l);
	return -1;
fail:
	if (fc_db_listing_fail(l, e->code, e->msg, s, &rec) == -1)
		not_recorded(e, &rec);
	return -1;
}

int
fc_db_listing_fail(struct fc_listing *l, int code, const char *why,
    struct fc_sync *s, struct fc_err *e)
{
	const struct fc_db_ops *ops = l->ops;
	struct fc_sync tmp;
	int rv = 0;

	ops->listing_rollback(l);
	if (s == NULL)
		s = &tmp;
	fc_listing_summary(l, "failed", 0, code, s);
	/*
	 * In a transaction of its own: what failed is rolled back, and so
	 * on a full disk its pages make room for this one (see db_sqlite.c).
	 */
	if (!l->opts.dry_run &&
	    ((ops->ready != NULL && ops->ready(l->db, e) == -1) ||
	    ops->write_log(l->db, l->ep_id, l->run, mode_of(l),
	    l->started_at, s, NULL, why, e) == -1))
		rv = -1;
	ops->listing_free(l);
	return rv;
}

int
fc_db_log_failure(struct fc_db *db, const char *endpoint, const char *run,
    int code, const char *why, struct fc_sync *s, struct fc_err *e)
{
	struct fc_sync tmp;
	int64_t id;

	if (s == NULL)
		s = &tmp;
	memset(s, 0, sizeof(*s));
	s->status = "failed";
	s->started_at = s->finished_at = fc_time_now();
	s->code = code;
	if ((db->ops->ready != NULL && db->ops->ready(db, e) == -1) ||
	    fc_db_ep_register(db, endpoint, NULL, &id, e) == -1)
		return -1;
	return db->ops->write_log(db, id, run, NULL, s->started_at, s, NULL,
	    why, e);
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

int
fc_listing_init(struct fc_listing *l, struct fc_db *db,
    const struct fc_begin *b, const struct fc_listing_opts *o,
    struct fc_err *e)
{
	memset(l, 0, sizeof(*l));
	l->ops = db->ops;
	l->db = db;
	if ((l->endpoint = strdup(b->endpoint)) == NULL ||
	    (b->run != NULL && (l->run = strdup(b->run)) == NULL)) {
		fc_listing_fini(l);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	if ((l->md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL ||
	    (l->mdctx = EVP_MD_CTX_new()) == NULL) {
		fc_listing_fini(l);
		return fc_seterr(e, EX_SOFTWARE, "OpenSSL has no SHA-256");
	}
	if (o != NULL)
		l->opts = *o;
	else
		l->opts.max_delete = -1;
	l->delta = b->mode != NULL && strcmp(b->mode, "delta") == 0;
	l->started_at = b->started_at != 0 ? b->started_at : fc_time_now();
	l->time = l->started_at;
	return 0;
}

void
fc_listing_fini(struct fc_listing *l)
{
	EVP_MD_CTX_free(l->mdctx);
	EVP_MD_free(l->md);
	fc_bitmap_free(&l->seen_ids);
	free(l->endpoint);
	free(l->run);
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
fc_db_ep_register(struct fc_db *db, const char *name, const char *type,
    int64_t *id, struct fc_err *e)
{
	char now[FC_TIMELEN];

	if (db->ops->ep_id(db, name, id, e) == -1)
		return -1;
	if (*id != -1)
		return 0;
	if (db->ops->ep_add(db, name, type != NULL ? type : "unknown",
	    fc_time_fmt(fc_time_now(), now), e) == -1 ||
	    db->ops->ep_id(db, name, id, e) == -1)
		return -1;
	if (*id == -1)
		return fc_seterr(e, EX_SOFTWARE, "endpoint %s: not registered",
		    name);
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
fc_db_mkparent(const char *path, char *made, size_t len, struct fc_err *e)
{
	struct stat sb;
	char *p, *s;

	if (len > 0)
		made[0] = '\0';
	if ((p = strdup(path)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0777) == -1) {
			if (errno == EEXIST && stat(p, &sb) == 0 &&
			    !S_ISDIR(sb.st_mode))
				errno = ENOTDIR;
			if (errno != EEXIST) {
				fc_seterr(e, EX_CANTCREAT, "%s: cannot "
				    "create: %s: %s", path, p, strerror(errno));
				free(p);
				return -1;
			}
		} else if (len > 0 && made[0] == '\0')
			snprintf(made, len, "%s", p);
		*s = '/';
	}
	free(p);
	return 0;
}

/*
 * access(2) says yes to root in /proc and /sys, where mkdir(2) fails all
 * the same: those file systems make no files of ours.
 */
int
fc_db_creatable(const char *path, struct fc_err *e)
{
	struct statfs fs;
	struct stat sb;
	char *p, *s;
	int err = 0, up = 0;

	if ((p = malloc(strlen(path) + 2)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	strcpy(p, path);
	for (;;) {
		if ((s = strrchr(p, '/')) == NULL)
			strcpy(p, ".");
		else if (s == p)
			s[1] = '\0';		/* "/x.db" is in "/" */
		else
			*s = '\0';
		if (stat(p, &sb) == 0)
			break;
		if ((errno != ENOENT && errno != ENOTDIR) ||
		    strcmp(p, ".") == 0 ||
		    strcmp(p, "/") == 0) {
			err = errno;
			break;
		}
		up = 1;
	}
	if (err == 0 && !S_ISDIR(sb.st_mode))
		err = ENOTDIR;
	if (err == 0 && faccessat(AT_FDCWD, p, W_OK | X_OK, AT_EACCESS) == -1)
		err = errno;
	if (err == 0 && statfs(p, &fs) == 0 &&
	    (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC))
		err = EROFS;
	/* the words of check_files() and fc_db_mkparent() */
	if (err != 0 && up)
		fc_seterr(e, EX_CANTCREAT, "%s: cannot create: %s: %s", path,
		    p, strerror(err));
	else if (err != 0)
		fc_seterr(e, EX_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(err));
	free(p);
	return err == 0 ? 0 : -1;
}

const char *
fc_db_created(const struct fc_db *db)
{
	return db->created[0] != '\0' ? db->created : NULL;
}

void
fc_db_hostname(char *buf, size_t len)
{
	if (len == 0)
		return;
	if (gethostname(buf, len) == -1)
		buf[0] = '\0';
	buf[len - 1] = '\0';
}
