/*
 * db.h: the sync state, in SQLite (default) or PostgreSQL.
 *
 * The interface speaks in listings, not SQL, so each backend can apply a
 * listing the way it does best.  Tables (see fc-ingest(1)): endpoints,
 * files, sync_logs, fc_schema.  fc_db_open() creates or migrates the
 * schema forward and refuses a database made by a newer fc.
 *
 * Applying a listing:
 *
 *	l = fc_db_listing_begin(db, &begin, &opts, e);	lock + transaction
 *	for each file line:
 *		fc_db_listing_put(l, &file, line, len, e);
 *	fc_db_listing_end(l, &end, &sync, e);		deletes, log, commit
 *   or	fc_db_listing_fail(l, code, why, &sync);	roll back, log
 *
 * Each row keeps a digest of the file line it was written from: a file
 * whose line is the same, byte for byte, is unchanged without comparing
 * a column.
 */
#ifndef FC_DB_H
#define FC_DB_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "err.h"
#include "lines.h"

struct fc_db;
struct fc_listing;

/*
 * Opens url: NULL or "" for sqlite ./data/connector.db, "sqlite:///abs",
 * "sqlite://rel", "sqlite:path" or a plain path; "postgresql://..." or
 * "postgres://..." (libpq's URL, "postgresql://" alone taking all from
 * the PG* environment variables) or a libpq keyword/value string
 * ("host=/run/postgresql dbname=fc") for PostgreSQL.  Creates what is
 * missing (an SQLite file and its directory; fc's tables) unless
 * FC_DB_NOCREATE is given, in which case a database without them fails
 * with EX_NOINPUT.  FC_DB_NOCREATE is for programs that do not apply
 * listings: only the others open SQLite's lock file.  FC_DB_READONLY,
 * with it, writes nothing at all (no journal mode, no migration: a
 * schema older than this fc's fails with EX_CONFIG), for fc-status.  An
 * SQLite database whose files this process may not write is refused
 * (EX_IOERR).
 * Returns NULL with *e set; *e never holds a password.
 */
#define FC_DB_NOCREATE	0x1
/*
 * FC_DB_DRYRUN is for fc-ingest -n: nothing that outlasts the process is
 * created or written.  An SQLite file that exists is opened without its
 * lock file being made (one that exists is used), nor its journal mode
 * set; one that does not exist, or holds no fc tables, is stood for by
 * SQLite's private temporary database with fc's tables, deleted when it
 * closes, so that a dry run counts what a real one would insert.
 * PostgreSQL without fc's tables gets them as temporary tables of the
 * session.  A schema older than this fc's is not migrated: the open
 * fails (EX_CONFIG).
 *
 * Under either flag an SQLite database that does not exist and that a
 * real run could not create either (see fc_db_creatable()) fails with
 * EX_CANTCREAT, in the words a real run would use.
 */
#define FC_DB_DRYRUN	0x2
#define FC_DB_READONLY	0x4
struct fc_db	*fc_db_open(const char *url, int flags, struct fc_err *e);
void		 fc_db_close(struct fc_db *db);
const char	*fc_db_backend(const struct fc_db *db);	/* "sqlite", "postgresql" */

/*
 * What fc_db_open() created, for the log: NULL when the database was
 * there already, else one line such as "created the database
 * ./data/connector.db and the directory ./data".  Lent from db.
 */
const char	*fc_db_created(const struct fc_db *db);

/*
 * Whether the file path, which does not exist, could be created by a
 * real run: the nearest directory above it that exists must be one this
 * process may write and search, on a file system that makes files.
 * Returns 0, or -1 with *e set (EX_CANTCREAT, "path: cannot create:
 * why", naming the directory when it is not path's own).
 */
int		 fc_db_creatable(const char *path, struct fc_err *e);

/*
 * url as it may be shown: without the password of a URL's user:password@
 * or password= parameter, or a keyword string's password=.  Returns a
 * malloc'd string, or NULL when out of memory.
 */
char		*fc_db_redact(const char *url);

/* The backend url names, as fc_db_backend() would say, without opening it. */
const char	*fc_db_url_backend(const char *url);

/*
 * Brings the endpoints table in line with the configuration: inserts
 * new endpoints, updates changed ones and marks those no longer in the
 * file inactive.  Writes nothing when nothing changed.
 */
int	fc_db_sync_endpoints(struct fc_db *db, const struct fc_conf *c,
	    struct fc_err *e);

/* What fc-auth and fc-status need to know about one endpoint. */
struct fc_ep_state {
	int64_t	 id;
	char	*name;
	char	*endpoint_type;
	int	 is_active;
	int64_t	 created_at;
	int64_t	 files_present;	/* rows not deleted; -1: not counted */
	int64_t	 files_deleted;	/* -1: not counted */
	int64_t	 last_ok_at;	/* finish of the last ok/partial sync, 0 */
	char	*cursor;	/* from that sync, or NULL */
	int64_t	 failures;	/* failed syncs since then */
	/*
	 * Deletions wait for a complete listing: the end of the last one
	 * (status ok; 0: none) and the incomplete ones (partial) since.
	 */
	int64_t	 last_complete_at;
	int64_t	 incomplete;
	/* the last sync of any status; status NULL when there is none */
	char	*last_status;
	char	*last_error;
	int64_t	 last_started_at;
	int64_t	 last_finished_at;
	int64_t	 last_inserted;
	int64_t	 last_updated;
	int64_t	 last_deleted;
	int64_t	 last_seen;
};

/*
 * All endpoints in the database, by name.  Counting the files reads an
 * index entry per file, the one part that grows with the inventory
 * (about 20 ms per 100,000 files); with FC_DB_NOCOUNT in flags they
 * are left at -1.  Free with fc_ep_states_free().
 */
#define FC_DB_NOCOUNT	1
int	fc_db_states(struct fc_db *db, int flags, struct fc_ep_state **out,
	    size_t *n, struct fc_err *e);
void	fc_ep_states_free(struct fc_ep_state *s, size_t n);

struct fc_listing_opts {
	int	 dry_run;	/* do everything, then roll back */
	int	 allow_empty;	/* accept a complete, empty full listing */
	int64_t	 max_delete;	/* refuse to delete more; -1: no limit */
};

/*
 * Starts applying a listing: registers the endpoint if the database
 * does not know it, takes the endpoint's lock and opens a transaction.
 * Returns NULL with *e set and *s filled as fc_db_listing_end() does:
 * status "busy" and EX_TEMPFAIL when another process holds the endpoint
 * ("already running"), nothing recorded; else status "failed", recorded
 * as fc_db_listing_fail() does (the message ending in "(not recorded:
 * why)" when it could not be).
 */
struct fc_listing *fc_db_listing_begin(struct fc_db *db,
	    const struct fc_begin *b, const struct fc_listing_opts *o,
	    struct fc_sync *s, struct fc_err *e);

/*
 * Applies one file line, f as parsed from the len bytes at line: inserts
 * the file, updates what differs or, when its row was written from these
 * very bytes (their digest tells), counts it as unchanged.  SQLite does
 * so at once, PostgreSQL for all the lines at the end.  Returns 0, or -1
 * with *e set.
 */
int	fc_db_listing_put(struct fc_listing *l, const struct fc_file *f,
	    const char *line, size_t len, struct fc_err *e);

/*
 * Ends the listing: for a complete full listing marks every live row not
 * seen as deleted (subject to the guards in opts), writes the sync log
 * and commits (or, with dry_run, rolls back).  Fills the status (a
 * string constant), counts, times, complete, dry_run and code of *s
 * either way; the caller owns and sets endpoint, run and error.  A
 * refusal by a guard rolls back, logs a "refused" sync and returns -1
 * with EX_DATAERR; a failure rolls back, logs a "failed" one and returns
 * -1 with *e set.  When that log cannot be written either, the message
 * ends in "(not recorded: why)".  l is freed in every case.
 */
int	fc_db_listing_end(struct fc_listing *l, const struct fc_end *en,
	    struct fc_sync *s, struct fc_err *e);

/*
 * Abandons the listing: rolls back, then records a failed sync with code
 * and why (in a transaction of its own).  Fills *s as
 * fc_db_listing_end() does; frees l.  Returns 0, or -1 with *e set when
 * the failure could not be recorded (a full disk, a server gone): the
 * database is as it was before the listing either way.
 */
int	fc_db_listing_fail(struct fc_listing *l, int code, const char *why,
	    struct fc_sync *s, struct fc_err *e);

/*
 * Records a failed sync of an endpoint that never began a listing (an
 * error line from fc-list before its begin line).
 */
int	fc_db_log_failure(struct fc_db *db, const char *endpoint,
	    const char *run, int code, const char *why, struct fc_sync *s,
	    struct fc_err *e);

#endif
