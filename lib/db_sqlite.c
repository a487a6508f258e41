/*
 * db_sqlite.c: the SQLite backend of db.h.
 *
 * A listing is one transaction (BEGIN IMMEDIATE, so two writers queue
 * on the busy timeout instead of failing on a stale snapshot) under a
 * per-endpoint fcntl(2) OFD lock on "<database>.lock", one byte at the
 * endpoint's id, which the kernel drops when the process dies.  The
 * lock is taken before the transaction, so a second sync of the same
 * endpoint is told "busy" at once rather than after the timeout.
 *
 * Per file line, in the cheapest order: the row's id and digest by the
 * unique key (endpoint_id, external_file_id) — the same digest is an
 * unchanged row, no column compared, no write; no row is an INSERT;
 * else read the whole row, compare, and UPDATE only what differs.  An
 * endpoint without live rows skips the lookup and just inserts.  Rows
 * seen are bits in a bitmap of files.id; at the end of a complete full
 * listing live rows whose bit is clear go to a temporary table first,
 * so the guards can count them before anything is marked deleted.
 *
 * Schemas 1 and 2 looked lines up by digest in an index on
 * (endpoint_id, line_digest).  Its keys are random, so once it outgrew
 * the cache every insert read and wrote a page of it at random: a first
 * load of a million lines ran at 0.79 times the speed of sqlite3's
 * .import.  The unique key has to be kept anyway and is walked in
 * listing order, so schema 3 drops the digest index and finds the live
 * rows, for the sweep and the counts, in a partial index that grows at
 * its end.
 *
 * Invariant: line_digest is NULL exactly when deleted_at is not.  Every
 * statement below that writes one writes both.
 *
 * Statements are prepared once per handle and kept; every step is
 * followed by a reset, so none is left running across a COMMIT.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db_impl.h"
#include "timefmt.h"

#define BUSY_MS		30000
/*
 * Room kept on the disk to record a failure in.  SQLite writes nothing,
 * not even the sync_logs row of a failed listing, without room for the
 * x.db-shm it makes first (32 KiB) and a few pages in x.db-wal.  A
 * listing that failed on a full disk after growing the -wal leaves room
 * for the row (the next transaction overwrites its pages), but a disk
 * full from the start has none.  So the lock file holds RESERVE bytes,
 * taken while there is room and given back when opening the database,
 * or writing a failure's row, finds the disk full.
 */
#define RESERVE		(64 * 1024)

static const struct fc_db_dialect sq_dialect = {
	"INTEGER PRIMARY KEY",			/* id: the rowid */
	"INTEGER",				/* big */
	"TEXT",					/* time: RFC 3339, UTC */
	"TEXT",					/* json */
	"BLOB",					/* bytes */
	"UNIQUE (endpoint_id, external_file_id)",	/* file_key */
	/* schemas 1 and 2: the digest lookup, and the live rows */
	"CREATE INDEX files_digest ON files (endpoint_id, line_digest);",
	/* schema 3: the live rows alone */
	"DROP INDEX files_digest;"
	"CREATE INDEX files_live ON files (endpoint_id)"
	" WHERE deleted_at IS NULL;",
};

enum {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_LOOK, S_INSERT, S_GET, S_UPDATE, S_REDIGEST,
	S_LIVE, S_ANY_LIVE, S_LIVE_COUNT, S_GONE_CLEAR, S_GONE_ADD,
	S_GONE_KEEP, S_SWEEP,
	S_EP_ID, S_EP_REG, S_LOG,
	S_EPC_GET, S_EPC_INS, S_EPC_UPD, S_EPC_ACTIVE, S_EPC_OFF,
	S_ST_EPS, S_ST_COUNT, S_ST_LASTOK, S_ST_FAILS, S_ST_LAST,
	S_ST_COMPLETE, S_ST_PARTIALS,
	NSTMT
};

static const char *const sql[NSTMT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_LOOK] = "SELECT id, line_digest FROM files"
	    " WHERE endpoint_id = ?1 AND external_file_id = ?2",
	[S_INSERT] = "INSERT INTO files (endpoint_id, external_file_id,"
	    " file_name, file_path, file_link, file_size, created_at,"
	    " updated_at, version, mime_type, state, raw, line_digest,"
	    " first_seen_at, last_seen_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?14)"
	    " ON CONFLICT (endpoint_id, external_file_id) DO NOTHING",
	[S_GET] = "SELECT id, file_name, file_path, file_link, file_size,"
	    " created_at, updated_at, version, mime_type, state, raw,"
	    " deleted_at, line_digest FROM files"
	    " WHERE endpoint_id = ?1 AND external_file_id = ?2",
	[S_UPDATE] = "UPDATE files SET file_name = ?3, file_path = ?4,"
	    " file_link = ?5, file_size = ?6, created_at = ?7,"
	    " updated_at = ?8, version = ?9, mime_type = ?10, state = ?11,"
	    " raw = ?12, line_digest = ?13, last_seen_at = ?14,"
	    " deleted_at = NULL WHERE id = ?1",
	[S_REDIGEST] = "UPDATE files SET line_digest = ?2 WHERE id = ?1",
	[S_LIVE] = "SELECT id FROM files"
	    " WHERE endpoint_id = ?1 AND deleted_at IS NULL",
	[S_ANY_LIVE] = "SELECT 1 FROM files"
	    " WHERE endpoint_id = ?1 AND deleted_at IS NULL LIMIT 1",
	[S_LIVE_COUNT] = "SELECT count(*) FROM files"
	    " WHERE endpoint_id = ?1 AND deleted_at IS NULL",
	[S_GONE_CLEAR] = "DELETE FROM temp.fc_gone",
	[S_GONE_ADD] = "INSERT OR IGNORE INTO temp.fc_gone (id) VALUES (?1)",
	[S_GONE_KEEP] = "DELETE FROM temp.fc_gone WHERE id IN (SELECT id"
	    " FROM files WHERE endpoint_id = ?1 AND external_file_id = ?2)",
	[S_SWEEP] = "UPDATE files SET state = 'deleted', deleted_at = ?1,"
	    " line_digest = NULL WHERE id IN (SELECT id FROM temp.fc_gone)",
	[S_EP_ID] = "SELECT id FROM endpoints WHERE name = ?1",
	[S_EP_REG] = "INSERT INTO endpoints (name, endpoint_type, is_active,"
	    " created_at, updated_at) VALUES (?1, ?2, 0, ?3, ?3)"
	    " ON CONFLICT (name) DO NOTHING",
	[S_LOG] = "INSERT INTO sync_logs (endpoint_id, run_id, mode,"
	    " started_at, finished_at, status, complete, files_seen,"
	    " files_inserted, files_updated, files_unchanged, files_deleted,"
	    " cursor, code, error, host, pid) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	[S_EPC_GET] = "SELECT endpoint_type, project_id, user_id, details,"
	    " schedule, is_active FROM endpoints WHERE name = ?1",
	[S_EPC_INS] = "INSERT INTO endpoints (name, endpoint_type,"
	    " project_id, user_id, details, schedule, is_active, created_at,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
	[S_EPC_UPD] = "UPDATE endpoints SET endpoint_type = ?2,"
	    " project_id = ?3, user_id = ?4, details = ?5, schedule = ?6,"
	    " is_active = ?7, updated_at = ?8 WHERE name = ?1",
	[S_EPC_ACTIVE] = "SELECT id, name FROM endpoints WHERE is_active = 1",
	[S_EPC_OFF] = "UPDATE endpoints SET is_active = 0, updated_at = ?2"
	    " WHERE id = ?1",
	[S_ST_EPS] = "SELECT id, name, endpoint_type, is_active, created_at"
	    " FROM endpoints ORDER BY name",
	/* two subqueries, so each reads one index and no table row */
	[S_ST_COUNT] = "SELECT (SELECT count(*) FROM files"
	    " WHERE endpoint_id = ?1 AND deleted_at IS NULL),"
	    " (SELECT count(*) FROM files WHERE endpoint_id = ?1)",
	[S_ST_LASTOK] = "SELECT id, finished_at, cursor FROM sync_logs"
	    " WHERE endpoint_id = ?1 AND status IN ('ok', 'partial')"
	    " ORDER BY id DESC LIMIT 1",
	[S_ST_FAILS] = "SELECT count(*) FROM sync_logs"
	    " WHERE endpoint_id = ?1 AND id > ?2"
	    " AND status NOT IN ('ok', 'partial')",
	[S_ST_COMPLETE] = "SELECT id, finished_at FROM sync_logs"
	    " WHERE endpoint_id = ?1 AND status = 'ok'"
	    " ORDER BY id DESC LIMIT 1",
	[S_ST_PARTIALS] = "SELECT count(*) FROM sync_logs"
	    " WHERE endpoint_id = ?1 AND id > ?2 AND status = 'partial'",
	[S_ST_LAST] = "SELECT status, error, started_at, finished_at,"
	    " files_inserted, files_updated, files_deleted, files_seen"
	    " FROM sync_logs WHERE endpoint_id = ?1 ORDER BY id DESC LIMIT 1",
};

struct sq {
	struct fc_db	 base;
	sqlite3		*db;
	char		*path;		/* for messages and the lock file */
	const char	*file;		/* what SQLite opens: path, or "" */
	int		 dry;		/* FC_DB_DRYRUN: nothing is kept */
	int		 reader;	/* FC_DB_READONLY: nothing is written */
	int		 nocreate;	/* FC_DB_NOCREATE: no tables made */
	int		 lockfd;	/* writers only; else -1 */
	int		 temp_ready;	/* temp.fc_gone exists */
	int		 syserr;	/* errno of the last failure, or 0 */
	char		 host[256];	/* for sync_logs */
	sqlite3_stmt	*st[NSTMT];
};

struct sq_listing {
	struct fc_listing base;
	struct sq	*q;
	int		 locked;
	int		 fresh;		/* no live rows at the start */
	char		 time[FC_TIMELEN];	/* base.time as text */
	int64_t		 dellines;	/* "deleted" lines naming a live row */
};

static const struct fc_db_ops sq_ops;

static int
sq_err(struct sq *q, int rc, struct fc_err *e)
{
	int code;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = EX_TEMPFAIL;
		break;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_PERM:
	case SQLITE_PROTOCOL:
	case SQLITE_NOLFS:
		code = EX_IOERR;
		break;
	case SQLITE_NOMEM:
		code = EX_OSERR;
		break;
	default:
		code = EX_SOFTWARE;	/* a constraint or SQL of ours */
		break;
	}
	/* "disk I/O error" alone does not say a disk is full */
	q->syserr = q->db != NULL ? sqlite3_system_errno(q->db) : 0;
	if (code == EX_IOERR && q->syserr != 0 &&
	    ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN))
		return fc_seterr(e, code, "%s: %s (%s)", q->path,
		    sqlite3_errmsg(q->db), strerror(q->syserr));
	return fc_seterr(e, code, "%s: %s", q->path,
	    q->db != NULL ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc));
}

static sqlite3_stmt *
stmt(struct sq *q, int i, struct fc_err *e)
{
	int rc;

	if (q->st[i] == NULL) {
		rc = sqlite3_prepare_v3(q->db, sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &q->st[i], NULL);
		if (rc != SQLITE_OK) {
			sq_err(q, rc, e);
			return NULL;
		}
	}
	return q->st[i];
}

/* Steps a statement that returns no rows to its end. */
static int
done(struct sq *q, sqlite3_stmt *s, struct fc_err *e)
{
	int rc;

	/* the error before the reset, which may clear its errno */
	if ((rc = sqlite3_step(s)) != SQLITE_DONE && rc != SQLITE_ROW) {
		sq_err(q, rc, e);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

static int
run(struct sq *q, int i, struct fc_err *e)
{
	sqlite3_stmt *s;

	if ((s = stmt(q, i, e)) == NULL)
		return -1;
	return done(q, s, e);
}

static void
rollback(struct sq *q)
{
	struct fc_err ignored;

	/* an I/O error may have rolled back already */
	if (!sqlite3_get_autocommit(q->db))
		run(q, S_ROLLBACK, &ignored);
}

static void
bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void
bind_time(sqlite3_stmt *s, int i, int64_t t, char *buf)
{
	if (t == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, fc_time_fmt(t, buf), -1,
		    SQLITE_STATIC);
}

static const char *
col_str(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static int64_t
col_time(sqlite3_stmt *s, int i)
{
	const char *v;
	int64_t t;

	if ((v = col_str(s, i)) == NULL || fc_time_parse(v, &t) == -1)
		return 0;
	return t;
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const char *v;

	return (v = col_str(s, i)) == NULL ? NULL : strdup(v);
}

/* ---- opening ---- */

static int
schema_version(struct sq *q, int *v, struct fc_err *e)
{
	sqlite3_stmt *s;
	int rc, have;

	rc = sqlite3_prepare_v2(q->db, "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = 'fc_schema'", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc, e);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return sq_err(q, rc, e);
	}
	have = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	*v = 0;
	if (!have)
		return 0;
	rc = sqlite3_prepare_v2(q->db, "SELECT max(version) FROM fc_schema",
	    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc, e);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return sq_err(q, rc, e);
	}
	*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

static int
migrate(struct sq *q, struct fc_err *e)
{
	char *msg = NULL, *step, up[64];
	int v, rc;

	if (schema_version(q, &v, e) == -1)
		return -1;
	if (v == FC_SCHEMA_VERSION)
		return 0;	/* the usual case: no lock, no write */
	if (v > FC_SCHEMA_VERSION)
		return fc_seterr(e, EX_CONFIG, "%s: database schema version "
		    "%d is newer than this fc (%d)", q->path, v,
		    FC_SCHEMA_VERSION);
	if (q->nocreate && v == 0)
		return fc_seterr(e, EX_NOINPUT, "%s: no fc tables yet",
		    q->path);
	/* readers and dry runs write nothing, a migration least of all */
	if ((q->dry || q->reader) && v > 0)
		return fc_seterr(e, EX_CONFIG, "%s: database schema version "
		    "%d is older than this fc's (%d): the next real run of "
		    "fc-ingest migrates it", q->path, v, FC_SCHEMA_VERSION);
	if (run(q, S_BEGIN, e) == -1)
		return -1;
	/* another fc may have migrated while we waited for the lock */
	if (schema_version(q, &v, e) == -1)
		goto fail;
	for (; v < FC_SCHEMA_VERSION; v++) {
		if ((step = fc_db_schema(&sq_dialect, v, e)) == NULL)
			goto fail;
		rc = sqlite3_exec(q->db, step, NULL, NULL, &msg);
		free(step);
		if (rc != SQLITE_OK) {
			sq_err(q, rc, e);
			fc_errctx(e, "migrating the schema to version %d", v + 1);
			sqlite3_free(msg);
			goto fail;
		}
	}
	snprintf(up, sizeof(up), "UPDATE fc_schema SET version = %d",
	    FC_SCHEMA_VERSION);
	if ((rc = sqlite3_exec(q->db, up, NULL, NULL, NULL)) != SQLITE_OK) {
		sq_err(q, rc, e);
		goto fail;
	}
	if (run(q, S_COMMIT, e) == -1)
		goto fail;
	return 0;
fail:
	rollback(q);
	return -1;
}

/*
 * SQLite opens a database file it may not write read-only, without a
 * word, and a connection reading a WAL database creates x.db-wal and
 * x.db-shm when they are missing, with the database's mode.  A 0444
 * database thus gets a 0444 -shm that the read-only connection cannot
 * remove, and every writer after it fails ("attempt to write a readonly
 * database") even once the database is made writable again.  A reader
 * that can create neither fails too.  So fc looks before SQLite does:
 * the database, its -wal and its -shm (and for a writer the lock file)
 * must each be writable, or missing from a directory that is.
 */
static int
check_files(const char *path, int writer, struct fc_err *e)
{
	static const char *const sfx[] = { "", "-wal", "-shm", ".lock" };
	char *dir, *f, *slash;
	size_t i, n = writer ? 4 : 3;
	int err, direrr, rv = 0;

	if ((dir = strdup(path)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';		/* "/x.db" is in "/" */
	else
		*slash = '\0';
	direrr = faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0 ?
	    0 : errno;
	free(dir);
	for (i = 0; i < n && rv == 0; i++) {
		if (asprintf(&f, "%s%s", path, sfx[i]) == -1)
			return fc_seterr(e, EX_OSERR, "out of memory");
		err = faccessat(AT_FDCWD, f, W_OK, AT_EACCESS) == 0 ? 0 : errno;
		if (err == ENOENT && direrr != 0)
			rv = fc_seterr(e, i == 0 ? EX_CANTCREAT : EX_IOERR,
			    "%s: cannot create: %s", f, strerror(direrr));
		else if (err != 0 && err != ENOENT)
			rv = fc_seterr(e, EX_IOERR, "%s: cannot write: %s", f,
			    strerror(err));
		free(f);
	}
	return rv;
}

/* Closes the connection, keeping the handle (and the lock file). */
static void
sq_disconnect(struct sq *q)
{
	int i;

	for (i = 0; i < NSTMT; i++) {
		sqlite3_finalize(q->st[i]);
		q->st[i] = NULL;
	}
	sqlite3_close(q->db);
	q->db = NULL;
	q->temp_ready = 0;
}

static void
sq_close(struct fc_db *db)
{
	struct sq *q = (struct sq *)db;

	sq_disconnect(q);
	if (q->lockfd != -1)
		close(q->lockfd);	/* drops any lock still held */
	free(q->path);
	free(q);
}

/* Whether the last failure of q's connection was for want of room. */
static int
nospace(struct sq *q)
{
	return q->db != NULL &&
	    ((sqlite3_errcode(q->db) & 0xff) == SQLITE_FULL ||
	    q->syserr == ENOSPC || q->syserr == EDQUOT);
}

/*
 * The lock file, and the reserve it holds while there is room.  A dry
 * run takes the one there is, as it is, or none: it writes nothing
 * another sync could be kept from, and leaves nothing behind.
 */
static int
open_lock(struct sq *q, struct fc_err *e)
{
	struct stat sb;
	char *lp;

	if (asprintf(&lp, "%s.lock", q->path) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	q->lockfd = open(lp, O_RDWR | O_CLOEXEC | (q->dry ? 0 : O_CREAT),
	    0666);
	if (q->lockfd == -1 && !(q->dry && errno == ENOENT)) {
		fc_seterr(e, EX_CANTCREAT, "%s: %s", lp, strerror(errno));
		free(lp);
		return -1;
	}
	free(lp);
	if (!q->dry && fstat(q->lockfd, &sb) == 0 && sb.st_size < RESERVE)
		(void)posix_fallocate(q->lockfd, 0, RESERVE);
	return 0;
}

/* Frees the reserve, once: 0 when there was one to free. */
static int
spend_reserve(struct sq *q)
{
	struct stat sb;

	if (q->lockfd == -1 || fstat(q->lockfd, &sb) == -1 ||
	    sb.st_size == 0 || ftruncate(q->lockfd, 0) == -1)
		return -1;
	return 0;
}

/* Opens q->file with oflags, in WAL mode, at the current schema. */
static int
sq_connect(struct sq *q, int oflags, struct fc_err *e)
{
	int rc, v;

	if ((rc = sqlite3_open_v2(q->file, &q->db, oflags, NULL)) !=
	    SQLITE_OK)
		return sq_err(q, rc, e);
	/* what check_files() missed; SQLite has not read the file yet */
	if (sqlite3_db_readonly(q->db, "main") == 1)
		return fc_seterr(e, EX_IOERR, "%s: cannot write: SQLite "
		    "opened it read-only", q->path);
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, BUSY_MS);
	/*
	 * A dry run over a file without fc's tables would have to write
	 * them: its private temporary database gets them instead.
	 */
	if (q->dry && *q->file != '\0') {
		if (schema_version(q, &v, e) == -1)
			return -1;
		if (v == 0) {
			sq_disconnect(q);
			q->file = "";
			return sq_connect(q, oflags | SQLITE_OPEN_CREATE, e);
		}
	}
	/*
	 * WAL lets fc-status read while a sync writes; NORMAL only loses
	 * the last commits on power loss, never consistency; 16 MB of
	 * cache holds the indexes a 200k-file listing walks.  The page
	 * size stays SQLite's 4 KiB: with a random-keyed index, 16 KiB
	 * pages sped up a 100k first load by a tenth but slowed a 1M
	 * unchanged re-load by a sixth, as every miss read 16 KiB.
	 */
	rc = sqlite3_exec(q->db, q->dry || q->reader ? "" :
	    "PRAGMA journal_mode = WAL;", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(q->db, "PRAGMA synchronous = NORMAL;"
		    "PRAGMA cache_size = -16000;"
		    "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc, e);
	return migrate(q, e);
}

/* Says what a first run made, for the log: a mistyped path shows. */
static void
created(struct sq *q, const char *made)
{
	char *dir, *slash;
	size_t n;

	if (made[0] == '\0') {
		snprintf(q->base.created, sizeof(q->base.created),
		    "created the database %s", q->path);
		return;
	}
	/* made is the highest directory made; the database's is the lowest */
	slash = strrchr(q->path, '/');
	n = slash != NULL ? (size_t)(slash - q->path) : 0;
	if ((dir = strndup(q->path, n)) != NULL && strcmp(dir, made) != 0)
		snprintf(q->base.created, sizeof(q->base.created),
		    "created the database %s and the directories %s to %s",
		    q->path, made, dir);
	else
		snprintf(q->base.created, sizeof(q->base.created),
		    "created the database %s and the directory %s", q->path,
		    made);
	free(dir);
}

struct fc_db *
fc_db_sqlite_open(const char *path, int flags, struct fc_err *e)
{
	struct sq *q;
	struct stat sb;
	char made[PATH_MAX];
	/* one handle, one thread: SQLite's own mutexes only cost */
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int exists, writer = !(flags & (FC_DB_NOCREATE | FC_DB_DRYRUN));

	made[0] = '\0';
	/* a file on the way (ENOTDIR) is for fc_db_creatable() to name */
	if (!(exists = stat(path, &sb) == 0) && errno != ENOENT &&
	    errno != ENOTDIR) {
		fc_seterr(e, EX_IOERR, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/* what a real run could not create is no database "not yet" */
	if (!exists && fc_db_creatable(path, e) == -1)
		return NULL;
	if (!exists && (flags & FC_DB_NOCREATE)) {
		fc_seterr(e, EX_NOINPUT, "%s: %s", path, strerror(ENOENT));
		return NULL;
	}
	if (writer) {
		if (fc_db_mkparent(path, made, sizeof(made), e) == -1)
			return NULL;
		oflags |= SQLITE_OPEN_CREATE;
	}
	if ((exists || writer) && check_files(path, writer, e) == -1)
		return NULL;
	if ((q = calloc(1, sizeof(*q))) == NULL ||
	    (q->path = strdup(path)) == NULL) {
		free(q);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	q->base.ops = &sq_ops;
	q->lockfd = -1;
	q->dry = (flags & FC_DB_DRYRUN) != 0;
	q->reader = (flags & FC_DB_READONLY) != 0 && !q->dry;
	q->nocreate = (flags & FC_DB_NOCREATE) != 0 && !q->dry;
	q->file = q->path;
	if (q->dry && !exists) {
		/* SQLite's private temporary database: no file outlives it */
		q->file = "";
		oflags |= SQLITE_OPEN_CREATE;
	}
	fc_db_hostname(q->host, sizeof(q->host));
	if ((writer || (q->dry && exists)) && open_lock(q, e) == -1)
		goto fail;
	if (sq_connect(q, oflags, e) == -1) {
		/*
		 * A disk full from the start has no room for x.db-shm:
		 * the reserve makes it, so the listings can fail, roll
		 * back and be recorded rather than go unseen.
		 */
		if (!writer || !nospace(q) || spend_reserve(q) == -1)
			goto fail;
		sq_disconnect(q);
		if (sq_connect(q, oflags, e) == -1)
			goto fail;
	}
	if (writer && !exists)
		created(q, made);
	return &q->base;
fail:
	sq_close(&q->base);
	return NULL;
}

/* ---- endpoints ---- */

static int
sq_ep_id(struct fc_db *db, const char *name, int64_t *id, struct fc_err *e)
{
	struct sq *q = (struct sq *)db;
	sqlite3_stmt *s;
	int rc;

	if ((s = stmt(q, S_EP_ID, e)) == NULL)
		return -1;
	bind_str(s, 1, name);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(q, rc, e);
	return 0;
}

static int
sq_ep_add(struct fc_db *db, const char *name, const char *type,
    const char *now, struct fc_err *e)
{
	struct sq *q = (struct sq *)db;
	sqlite3_stmt *s;

	if ((s = stmt(q, S_EP_REG, e)) == NULL)
		return -1;
	bind_str(s, 1, name);
	bind_str(s, 2, type);
	bind_str(s, 3, now);
	return done(q, s, e);
}

/* One pass over the configuration; with apply 0 it only counts. */
static int
ep_pass(struct sq *q, const struct fc_conf *c, int apply, int *changes,
    struct fc_err *e)
{
	sqlite3_stmt *s;
	struct fc_ep_row r;
	char now[FC_TIMELEN];
	int64_t *off = NULL, *p;
	size_t i, noff = 0;
	int rc, found, same;

	fc_time_fmt(fc_time_now(), now);
	for (i = 0; i < c->n_endpoints; i++) {
		if (fc_ep_row(c, &c->endpoints[i], &r, e) == -1)
			return -1;
		if ((s = stmt(q, S_EPC_GET, e)) == NULL)
			goto fail;
		bind_str(s, 1, r.name);
		rc = sqlite3_step(s);
		found = rc == SQLITE_ROW;
		same = found && fc_db_same(col_str(s, 0), r.endpoint_type) &&
		    fc_db_same(col_str(s, 1), r.project_id) &&
		    fc_db_same(col_str(s, 2), r.user_id) &&
		    fc_db_same(col_str(s, 3), r.details) &&
		    fc_db_same(col_str(s, 4), r.schedule) &&
		    sqlite3_column_int(s, 5) == r.is_active;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			sq_err(q, rc, e);
			goto fail;
		}
		if (!same) {
			(*changes)++;
			if (apply) {
				s = stmt(q, found ? S_EPC_UPD : S_EPC_INS, e);
				if (s == NULL)
					goto fail;
				bind_str(s, 1, r.name);
				bind_str(s, 2, r.endpoint_type);
				bind_str(s, 3, r.project_id);
				bind_str(s, 4, r.user_id);
				bind_str(s, 5, r.details);
				bind_str(s, 6, r.schedule);
				sqlite3_bind_int(s, 7, r.is_active);
				bind_str(s, 8, now);
				if (done(q, s, e) == -1)
					goto fail;
			}
		}
		free(r.schedule);
	}

	/* endpoints gone from the file stop being active, rows stay */
	if ((s = stmt(q, S_EPC_ACTIVE, e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (fc_conf_endpoint(c, col_str(s, 1)) != NULL)
			continue;
		if ((p = realloc(off, (noff + 1) * sizeof(*off))) == NULL) {
			sqlite3_reset(s);
			free(off);
			return fc_seterr(e, EX_OSERR, "out of memory");
		}
		off = p;
		off[noff++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(off);
		return sq_err(q, rc, e);
	}
	*changes += (int)noff;
	for (i = 0; apply && i < noff; i++) {
		if ((s = stmt(q, S_EPC_OFF, e)) == NULL)
			break;
		sqlite3_bind_int64(s, 1, off[i]);
		bind_str(s, 2, now);
		if (done(q, s, e) == -1)
			break;
	}
	free(off);
	return apply && i < noff ? -1 : 0;
fail:
	free(r.schedule);
	return -1;
}

static int
sq_ep_pass(struct fc_db *db, const struct fc_conf *c, int apply,
    int *changes, struct fc_err *e)
{
	return ep_pass((struct sq *)db, c, apply, changes, e);
}

static int
sq_begin(struct fc_db *db, struct fc_err *e)
{
	return run((struct sq *)db, S_BEGIN, e);
}

static void
sq_rollback(struct fc_db *db)
{
	rollback((struct sq *)db);
}

/* ---- states, for fc-auth and fc-status ---- */

static int
state_of(struct sq *q, int flags, struct fc_ep_state *st, struct fc_err *e)
{
	sqlite3_stmt *s;
	int64_t ok_id = 0;
	int rc;

	st->files_present = st->files_deleted = -1;
	if (!(flags & FC_DB_NOCOUNT)) {
		if ((s = stmt(q, S_ST_COUNT, e)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, st->id);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			st->files_present = sqlite3_column_int64(s, 0);
			st->files_deleted = sqlite3_column_int64(s, 1) -
			    st->files_present;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			return sq_err(q, rc, e);
	}

	if ((s = stmt(q, S_ST_LASTOK, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ok_id = sqlite3_column_int64(s, 0);
		st->last_ok_at = col_time(s, 1);
		st->cursor = col_dup(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(q, rc, e);

	if ((s = stmt(q, S_ST_FAILS, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, ok_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		st->failures = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return sq_err(q, rc, e);

	ok_id = 0;
	if ((s = stmt(q, S_ST_COMPLETE, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ok_id = sqlite3_column_int64(s, 0);
		st->last_complete_at = col_time(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(q, rc, e);

	if ((s = stmt(q, S_ST_PARTIALS, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, ok_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		st->incomplete = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return sq_err(q, rc, e);

	if ((s = stmt(q, S_ST_LAST, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->last_status = col_dup(s, 0);
		st->last_error = col_dup(s, 1);
		st->last_started_at = col_time(s, 2);
		st->last_finished_at = col_time(s, 3);
		st->last_inserted = sqlite3_column_int64(s, 4);
		st->last_updated = sqlite3_column_int64(s, 5);
		st->last_deleted = sqlite3_column_int64(s, 6);
		st->last_seen = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(q, rc, e);
	return 0;
}

static int
sq_states(struct fc_db *db, int flags, struct fc_ep_state **out, size_t *n,
    struct fc_err *e)
{
	struct sq *q = (struct sq *)db;
	struct fc_ep_state *v = NULL, *p, *st;
	sqlite3_stmt *s;
	size_t i, cnt = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* one snapshot, so counts and logs agree with each other */
	if (sqlite3_exec(q->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return sq_err(q, sqlite3_errcode(q->db), e);
	if ((s = stmt(q, S_ST_EPS, e)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((p = realloc(v, (cnt + 1) * sizeof(*v))) == NULL) {
			sqlite3_reset(s);
			fc_seterr(e, EX_OSERR, "out of memory");
			goto fail;
		}
		v = p;
		st = &v[cnt++];
		memset(st, 0, sizeof(*st));
		st->id = sqlite3_column_int64(s, 0);
		st->name = col_dup(s, 1);
		st->endpoint_type = col_dup(s, 2);
		st->is_active = sqlite3_column_int(s, 3);
		st->created_at = col_time(s, 4);
		if (st->name == NULL || st->endpoint_type == NULL) {
			sqlite3_reset(s);
			fc_seterr(e, EX_OSERR, "out of memory");
			goto fail;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		sq_err(q, rc, e);
		goto fail;
	}
	for (i = 0; i < cnt; i++)
		if (state_of(q, flags, &v[i], e) == -1)
			goto fail;
	rollback(q);		/* read only: nothing to commit */
	*out = v;
	*n = cnt;
	return 0;
fail:
	rollback(q);
	fc_ep_states_free(v, cnt);
	return -1;
}

/* ---- listings ---- */

static int
lock_endpoint(struct sq *q, struct sq_listing *l, int *busy,
    struct fc_err *e)
{
	struct flock fl;

	/* a dry run without a lock file: BEGIN IMMEDIATE keeps it apart */
	if (q->lockfd == -1)
		return 0;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = (off_t)l->base.ep_id;
	fl.l_len = 1;
	if (fcntl(q->lockfd, F_OFD_SETLK, &fl) == -1) {
		if (errno == EAGAIN || errno == EACCES) {
			*busy = 1;
			return fc_seterr(e, EX_TEMPFAIL, "endpoint %s: a sync "
			    "is already running", l->base.endpoint);
		}
		return fc_seterr(e, EX_IOERR, "%s.lock: %s", q->path,
		    strerror(errno));
	}
	l->locked = 1;
	return 0;
}

static void
sq_listing_free(struct fc_listing *bl)
{
	struct sq_listing *l = (struct sq_listing *)bl;
	struct flock fl;

	if (l->locked) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_UNLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = (off_t)l->base.ep_id;
		fl.l_len = 1;
		(void)fcntl(l->q->lockfd, F_OFD_SETLK, &fl);
	}
	fc_listing_fini(&l->base);
	free(l);
}

static struct fc_listing *
sq_listing_begin(struct fc_db *db, const struct fc_begin *b,
    const struct fc_listing_opts *o, int *busy, struct fc_err *e)
{
	struct sq *q = (struct sq *)db;
	struct sq_listing *l;
	sqlite3_stmt *st;
	int rc, intx = 0;

	if ((l = calloc(1, sizeof(*l))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	if (fc_listing_init(&l->base, db, b, o, e) == -1) {
		free(l);
		return NULL;
	}
	l->q = q;
	fc_time_fmt(l->base.time, l->time);
	/* outside any transaction, or a rollback would take it away */
	if (!q->temp_ready) {
		rc = sqlite3_exec(q->db, "CREATE TEMP TABLE IF NOT EXISTS "
		    "fc_gone (id INTEGER PRIMARY KEY)", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			sq_err(q, rc, e);
			goto fail;
		}
		q->temp_ready = 1;
	}
	if (sq_ep_id(db, b->endpoint, &l->base.ep_id, e) == -1)
		goto fail;
	if (l->base.ep_id == -1) {
		/* a dry run registers inside its transaction, to undo it */
		if (l->base.opts.dry_run) {
			if (run(q, S_BEGIN, e) == -1)
				goto fail;
			intx = 1;
		}
		if (fc_db_ep_register(db, b->endpoint, b->endpoint_type,
		    &l->base.ep_id, e) == -1)
			goto fail;
	}
	if (lock_endpoint(q, l, busy, e) == -1)
		goto fail;
	if (!intx && run(q, S_BEGIN, e) == -1)
		goto fail;
	/* a first load has nothing to look up */
	if ((st = stmt(q, S_ANY_LIVE, e)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, l->base.ep_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sq_err(q, rc, e);
		goto fail;
	}
	l->fresh = rc == SQLITE_DONE;
	return &l->base;
fail:
	rollback(q);
	sq_listing_free(&l->base);
	return NULL;
}

/* Only a full listing sweeps, so only a full one keeps the bitmap. */
static int
seen(struct sq_listing *l, int64_t id, struct fc_err *e)
{
	if (!l->base.delta && fc_bitmap_set(&l->base.seen_ids, id) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	return 0;
}

/*
 * A delta listing says the file is gone: into temp.fc_gone, deleted at
 * the end only if the listing is complete, and only if no later line of
 * it brings the file back (see sq_listing_put).
 */
static int
put_deleted(struct sq_listing *l, const struct fc_file *f, struct fc_err *e)
{
	sqlite3_stmt *s;
	int64_t id = -1;
	int rc, live = 0;

	if ((s = stmt(l->q, S_GET, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, l->base.ep_id);
	bind_str(s, 2, f->id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		live = sqlite3_column_type(s, 11) == SQLITE_NULL;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(l->q, rc, e);
	if (id != -1 && seen(l, id, e) == -1)
		return -1;
	if (!live) {
		l->base.unchanged++;	/* unknown or deleted already */
		return 0;
	}
	if ((s = stmt(l->q, S_GONE_ADD, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (done(l->q, s, e) == -1)
		return -1;
	l->dellines++;
	return 0;
}

/* Binds ?2..?14 of S_INSERT and S_UPDATE, which share their numbering. */
static void
bind_file(sqlite3_stmt *s, const struct fc_file *f,
    const unsigned char *digest, const char *now, char *tc, char *tu)
{
	bind_str(s, 2, f->id);
	bind_str(s, 3, f->name);
	bind_str(s, 4, f->path);
	bind_str(s, 5, f->link);
	if (f->size < 0)
		sqlite3_bind_null(s, 6);
	else
		sqlite3_bind_int64(s, 6, f->size);
	bind_time(s, 7, f->created_at, tc);
	bind_time(s, 8, f->updated_at, tu);
	bind_str(s, 9, f->version);
	bind_str(s, 10, f->mime_type);
	bind_str(s, 11, f->state != NULL ? f->state : "present");
	bind_str(s, 12, f->raw);
	sqlite3_bind_blob(s, 13, digest, FC_DIGESTLEN, SQLITE_STATIC);
	bind_str(s, 14, now);
}

static int
sq_listing_put(struct fc_listing *bl, const struct fc_file *f,
    const unsigned char *digest, struct fc_err *e)
{
	struct sq_listing *l = (struct sq_listing *)bl;
	struct sq *q = l->q;
	sqlite3_stmt *s;
	char tc[FC_TIMELEN], tu[FC_TIMELEN];
	const char *state = f->state != NULL ? f->state : "present";
	const void *old;
	int64_t id;
	int rc, same, samedigest, live;

	l->base.seen++;
	if (strcmp(state, "deleted") == 0)
		return put_deleted(l, f, e);
	/* back after a "deleted" line of the same listing: not gone */
	if (l->dellines > 0) {
		if ((s = stmt(q, S_GONE_KEEP, e)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, l->base.ep_id);
		bind_str(s, 2, f->id);
		if (done(q, s, e) == -1)
			return -1;
	}

	id = -1;
	if (!l->fresh) {
		if ((s = stmt(q, S_LOOK, e)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, l->base.ep_id);
		bind_str(s, 2, f->id);
		rc = sqlite3_step(s);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
		old = rc == SQLITE_ROW ? sqlite3_column_blob(s, 1) : NULL;
		samedigest = old != NULL &&
		    sqlite3_column_bytes(s, 1) == FC_DIGESTLEN &&
		    memcmp(old, digest, FC_DIGESTLEN) == 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_err(q, rc, e);
		if (samedigest) {
			/* a deleted row has no digest: this one is live */
			l->base.unchanged++;
			return seen(l, id, e);
		}
	}
	if (id == -1) {
		/* a conflict only when a first load lists a file twice */
		if ((s = stmt(q, S_INSERT, e)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, l->base.ep_id);
		bind_file(s, f, digest, l->time, tc, tu);
		if (done(q, s, e) == -1)
			return -1;
		if (sqlite3_changes(q->db) == 1) {
			l->base.inserted++;
			return seen(l, sqlite3_last_insert_rowid(q->db), e);
		}
	}

	/* it was there: compare, write only what differs */
	if ((s = stmt(q, S_GET, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, l->base.ep_id);
	bind_str(s, 2, f->id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return fc_seterr(e, EX_SOFTWARE, "%s: file row "
			    "vanished", q->path);
		return sq_err(q, rc, e);
	}
	id = sqlite3_column_int64(s, 0);
	live = sqlite3_column_type(s, 11) == SQLITE_NULL;
	same = fc_db_same(col_str(s, 1), f->name) &&
	    fc_db_same(col_str(s, 2), f->path) &&
	    fc_db_same(col_str(s, 3), f->link) &&
	    (f->size < 0 ? sqlite3_column_type(s, 4) == SQLITE_NULL :
	    sqlite3_column_type(s, 4) == SQLITE_INTEGER &&
	    sqlite3_column_int64(s, 4) == f->size) &&
	    fc_db_same(col_str(s, 5),
	    f->created_at ? fc_time_fmt(f->created_at, tc) : NULL) &&
	    fc_db_same(col_str(s, 6),
	    f->updated_at ? fc_time_fmt(f->updated_at, tu) : NULL) &&
	    fc_db_same(col_str(s, 7), f->version) &&
	    fc_db_same(col_str(s, 8), f->mime_type) &&
	    fc_db_same(col_str(s, 9), state) &&
	    fc_db_same(col_str(s, 10), f->raw);
	old = sqlite3_column_blob(s, 12);
	samedigest = old != NULL && sqlite3_column_bytes(s, 12) == FC_DIGESTLEN &&
	    memcmp(old, digest, FC_DIGESTLEN) == 0;
	sqlite3_reset(s);
	if (seen(l, id, e) == -1)
		return -1;

	if (same && live) {
		l->base.unchanged++;
		if (samedigest)
			return 0;
		/*
		 * Same values, other bytes (a reformatted line): store the
		 * new digest once so the next listing takes the fast path.
		 */
		if ((s = stmt(q, S_REDIGEST, e)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_blob(s, 2, digest, FC_DIGESTLEN, SQLITE_STATIC);
		return done(q, s, e);
	}
	/* changed, or listed again after being deleted */
	if ((s = stmt(q, S_UPDATE, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_file(s, f, digest, l->time, tc, tu);
	if (done(q, s, e) == -1)
		return -1;
	l->base.updated++;
	return 0;
}

static int
sq_write_log(struct fc_db *db, int64_t ep, const char *run,
    const char *mode, int64_t started, const struct fc_sync *s,
    const char *cursor, const char *why, struct fc_err *e)
{
	struct sq *q = (struct sq *)db;
	sqlite3_stmt *st;
	char t1[FC_TIMELEN], t2[FC_TIMELEN];

	if ((st = stmt(q, S_LOG, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ep);
	bind_str(st, 2, run);
	bind_str(st, 3, mode);
	bind_str(st, 4, fc_time_fmt(started, t1));
	bind_str(st, 5, fc_time_fmt(s->finished_at, t2));
	bind_str(st, 6, s->status);
	sqlite3_bind_int(st, 7, s->complete);
	sqlite3_bind_int64(st, 8, s->seen);
	sqlite3_bind_int64(st, 9, s->inserted);
	sqlite3_bind_int64(st, 10, s->updated);
	sqlite3_bind_int64(st, 11, s->unchanged);
	sqlite3_bind_int64(st, 12, s->deleted);
	bind_str(st, 13, cursor);
	sqlite3_bind_int(st, 14, s->code);
	bind_str(st, 15, why);
	bind_str(st, 16, q->host[0] != '\0' ? q->host : NULL);
	sqlite3_bind_int64(st, 17, (sqlite3_int64)getpid());
	if (done(q, st, e) == 0)
		return 0;
	/* a log of its own, a failure's, not a listing's, may spend it */
	if (!sqlite3_get_autocommit(q->db) || !nospace(q) ||
	    spend_reserve(q) == -1)
		return -1;
	return done(q, st, e);
}

static int
sq_listing_sweep(struct fc_listing *bl, int64_t *n, struct fc_err *e)
{
	struct sq_listing *l = (struct sq_listing *)bl;
	struct sq *q = l->q;
	sqlite3_stmt *st;

	if ((st = stmt(q, S_SWEEP, e)) == NULL)
		return -1;
	bind_str(st, 1, l->time);
	if (done(q, st, e) == -1)
		return -1;
	*n = sqlite3_changes(q->db);
	return 0;
}

/*
 * A delta listing's deletions, applied when it is complete; with full,
 * the live rows this listing did not see, into temp.fc_gone.
 */
static int
sq_listing_gone(struct fc_listing *bl, int full, int complete,
    int64_t *gone, struct fc_err *e)
{
	struct sq_listing *l = (struct sq_listing *)bl;
	struct sq *q = l->q;
	sqlite3_stmt *s, *add;
	int64_t id, n = 0;
	int rc;

	*gone = 0;
	if (l->dellines > 0) {
		if (complete && sq_listing_sweep(bl, &n, e) == -1)
			return -1;
		l->base.deleted += n;
		/* cancelled, or an incomplete listing's: they changed nothing */
		l->base.unchanged += l->dellines - n;
		l->dellines = 0;
		if (run(q, S_GONE_CLEAR, e) == -1)
			return -1;
	}
	if (!full)
		return 0;
	if (run(q, S_GONE_CLEAR, e) == -1 ||
	    (s = stmt(q, S_LIVE, e)) == NULL ||
	    (add = stmt(q, S_GONE_ADD, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, l->base.ep_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (fc_bitmap_test(&l->base.seen_ids, id))
			continue;
		sqlite3_bind_int64(add, 1, id);
		if (done(q, add, e) == -1) {
			sqlite3_reset(s);
			return -1;
		}
		(*gone)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_err(q, rc, e);
	return 0;
}

static int
sq_listing_live(struct fc_listing *bl, int64_t *n, struct fc_err *e)
{
	struct sq_listing *l = (struct sq_listing *)bl;
	sqlite3_stmt *s;
	int rc;

	if ((s = stmt(l->q, S_LIVE_COUNT, e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, l->base.ep_id);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : sq_err(l->q, rc, e);
}

static void
sq_listing_rollback(struct fc_listing *bl)
{
	rollback(((struct sq_listing *)bl)->q);
}

static int
sq_commit(struct fc_db *db, struct fc_err *e)
{
	return run((struct sq *)db, S_COMMIT, e);
}

static const struct fc_db_ops sq_ops = {
	"sqlite",
	sq_close,
	sq_ep_pass,
	sq_states,
	sq_listing_begin,
	sq_listing_put,
	sq_listing_gone,
	sq_listing_sweep,
	sq_listing_live,
	sq_listing_rollback,
	sq_listing_free,
	sq_begin,
	sq_commit,
	sq_rollback,
	NULL,			/* ready: a file always is */
	sq_ep_id,
	sq_ep_add,
	sq_write_log,
};
