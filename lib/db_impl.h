/*
 * db_impl.h: what a database backend provides to db.c; private to lib/.
 *
 * db.c parses the URL, picks a backend (db_sqlite.c, db_pg.c) and then
 * calls through the backend's struct fc_db_ops for everything in db.h.
 * Each backend's handles begin with a struct fc_db or struct fc_listing,
 * so db.c can find the ops (and the listing's counts) without knowing
 * the rest.
 *
 * What is common to all backends lives in db.c: the schema and its
 * migrations (one text, with the words that differ looked up in each
 * backend's struct fc_db_dialect), the digest, the bitmap of seen rows,
 * the end of a listing (its status, the guards against deleting too
 * much, the sync log), the registering of an endpoint first heard of in
 * a listing, and the endpoint row a configuration entry stands for, so
 * that two backends cannot disagree on what the tables are or what
 * "changed" means.
 */
#ifndef FC_DB_IMPL_H
#define FC_DB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "db.h"

#define FC_DIGESTLEN	16	/* bytes of files.line_digest */

/*
 * The schema version this fc creates and migrates to.  A database at a
 * higher version was made by a newer fc and is refused.
 */
#define FC_SCHEMA_VERSION	3

/*
 * The words of the schema that differ between backends, named in braces
 * in the schema text ("{time}"): column types and whole clauses.
 */
struct fc_db_dialect {
	const char *id;		/* {id}: an auto-numbered primary key */
	const char *big;	/* {big}: a 64-bit integer */
	const char *time;	/* {time}: a point in time */
	const char *json;	/* {json}: a JSON document */
	const char *bytes;	/* {bytes}: a short byte string */
	const char *file_key;	/* {file_key}: the unique key of files */
	const char *file_index;	/* {file_index}: more indexes on files */
	const char *live_index;	/* {live_index}: schema 3's index change */
};

/*
 * The statements that take a database from schema version v to v + 1
 * (0 is an empty database), in the words of dialect d.  Run them in one
 * transaction, then set fc_schema.version to v + 1.  Returns a malloc'd
 * string, or NULL with *e set.
 */
char	*fc_db_schema(const struct fc_db_dialect *d, int v, struct fc_err *e);

struct fc_db_ops {
	const char *name;	/* fc_db_backend() */
	void	(*close)(struct fc_db *);
	/*
	 * One pass over the configured endpoints: counts in *changes the
	 * rows that differ and, with apply, writes them (inside begin and
	 * commit; db.c looks first so an unchanged file takes no lock).
	 */
	int	(*ep_pass)(struct fc_db *, const struct fc_conf *, int, int *,
		    struct fc_err *);
	int	(*states)(struct fc_db *, int, struct fc_ep_state **, size_t *,
		    struct fc_err *);
	/* *busy set when another process holds the endpoint */
	struct fc_listing *(*listing_begin)(struct fc_db *,
		    const struct fc_begin *, const struct fc_listing_opts *,
		    int *, struct fc_err *);
	int	(*listing_put)(struct fc_listing *, const struct fc_file *,
		    const unsigned char *, struct fc_err *);

	/*
	 * The end of a listing, a failed listing and a failure outside one
	 * are db.c's (what "ok", "partial", "refused" and "failed" mean, the
	 * guards against deleting too much, the sync log written in a
	 * transaction of its own); a backend gives it these steps.
	 *
	 * listing_gone(l, full, complete, gone) applies what is still
	 * pending: with complete, that includes the deletions that a delta
	 * listing's "deleted" lines name (added to l->deleted), otherwise
	 * none of them, for an incomplete listing deletes nothing; with
	 * full, it sets *gone to the live rows of the endpoint the listing
	 * did not name.  listing_sweep marks those deleted and sets *n to
	 * the rows it changed.  listing_live sets *n to the endpoint's live
	 * rows as the listing leaves them.  listing_rollback ends whatever
	 * the listing has running and its transaction, if any; listing_free
	 * frees it.  ready, when not NULL, makes sure the database can be
	 * reached.
	 */
	int	(*listing_gone)(struct fc_listing *, int, int, int64_t *,
		    struct fc_err *);
	int	(*listing_sweep)(struct fc_listing *, int64_t *,
		    struct fc_err *);
	int	(*listing_live)(struct fc_listing *, int64_t *,
		    struct fc_err *);
	void	(*listing_rollback)(struct fc_listing *);
	void	(*listing_free)(struct fc_listing *);
	int	(*begin)(struct fc_db *, struct fc_err *);
	int	(*commit)(struct fc_db *, struct fc_err *);
	void	(*rollback)(struct fc_db *);
	int	(*ready)(struct fc_db *, struct fc_err *);
	/* the id of endpoint name, -1 if none; adding one: name, type, now */
	int	(*ep_id)(struct fc_db *, const char *, int64_t *,
		    struct fc_err *);
	int	(*ep_add)(struct fc_db *, const char *, const char *,
		    const char *, struct fc_err *);
	/* one sync_logs row: endpoint, run, mode, started_at, cursor, error */
	int	(*write_log)(struct fc_db *, int64_t, const char *,
		    const char *, int64_t, const struct fc_sync *, const char *,
		    const char *, struct fc_err *);
};

/* The first member of every backend's database handle. */
struct fc_db {
	const struct fc_db_ops *ops;
	char	 created[600];	/* fc_db_created(); "" when nothing was */
};

/*
 * Rows seen by a listing, one bit per files.id.  Ids are dense rowids,
 * so this is 125 KiB per million rows, allocated as ids grow, not per
 * file.
 */
struct fc_bitmap {
	unsigned char	*bits;
	size_t		 len;	/* bytes */
};

int	fc_bitmap_set(struct fc_bitmap *b, int64_t id);	/* -1: no memory */
int	fc_bitmap_test(const struct fc_bitmap *b, int64_t id);
void	fc_bitmap_free(struct fc_bitmap *b);

/* The first member of every backend's listing handle. */
struct fc_listing {
	const struct fc_db_ops *ops;
	struct fc_db	*db;
	int64_t		 ep_id;		/* the backend's to set */
	char		*endpoint;
	char		*run;		/* NULL when the begin line had none */
	struct fc_listing_opts opts;
	int		 delta;		/* mode "delta": no sweep */
	int64_t		 time;		/* the listing's time, for the rows */
	int64_t		 started_at;	/* for the sync log */
	int64_t		 seen;
	int64_t		 inserted;
	int64_t		 updated;
	int64_t		 unchanged;
	int64_t		 deleted;
	struct fc_bitmap seen_ids;	/* full listings only */
	EVP_MD		*md;		/* SHA-256, for the digests */
	EVP_MD_CTX	*mdctx;
};

/*
 * Sets up the common part of a listing from its begin line; 0, or -1
 * with *e set and nothing held.  fc_listing_fini() frees what it holds;
 * each backend's listing_free calls it.
 */
int	fc_listing_init(struct fc_listing *l, struct fc_db *db,
	    const struct fc_begin *b, const struct fc_listing_opts *o,
	    struct fc_err *e);
void	fc_listing_fini(struct fc_listing *l);

/* Fills *s from l as db.h promises; finished_at is now. */
void	fc_listing_summary(const struct fc_listing *l, const char *status,
	    int complete, int code, struct fc_sync *s);

/*
 * The endpoints row a configuration entry stands for.  details and
 * schedule are JSON text; schedule is malloc'd (free it), the rest is
 * lent from the configuration.
 */
struct fc_ep_row {
	const char	*name;
	const char	*endpoint_type;
	const char	*project_id;
	const char	*user_id;
	const char	*details;
	char		*schedule;
	int		 is_active;
};

int	fc_ep_row(const struct fc_conf *c, const struct fc_endpoint *ep,
	    struct fc_ep_row *r, struct fc_err *e);

/*
 * The id of endpoint name, registering it (inactive: the configuration
 * decides what runs; type NULL is "unknown") when a hand-made listing or
 * an error line is the first the database hears of it.
 */
int	fc_db_ep_register(struct fc_db *db, const char *name, const char *type,
	    int64_t *id, struct fc_err *e);

/* strcmp() that takes NULL as a value of its own (SQL's IS). */
int	fc_db_same(const char *a, const char *b);

/*
 * Creates the directories above path; 0 or -1 with *e (EX_CANTCREAT).
 * made (len bytes) gets the first directory it had to create, or "".
 */
int	fc_db_mkparent(const char *path, char *made, size_t len,
	    struct fc_err *e);

/* This machine's name, for sync_logs.host; "" when it has none. */
void	fc_db_hostname(char *buf, size_t len);

/* Backends. */
struct fc_db	*fc_db_sqlite_open(const char *path, int flags,
		    struct fc_err *e);
struct fc_db	*fc_db_pg_open(const char *conninfo, int flags,
		    struct fc_err *e);

/* 1 when s is a libpq keyword/value string ("host=/run dbname=fc"). */
int		 fc_db_pg_conninfo(const char *s);

#endif
