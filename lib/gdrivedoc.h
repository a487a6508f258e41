/*
 * gdrivedoc.h: the bodies the Google Drive API v3 answers with, read
 * from bytes: files.list pages, a file of files.get, changes.list pages,
 * the start page token, and error bodies.  Nothing here does I/O or
 * keeps state: list_gdrive.c makes the requests and decides what to do
 * with what these find, and fuzz/gdrive.c hands them any bytes at all.
 * The shapes are those of shared/reference/gdrive.md.
 *
 * A file is read strictly: id, name and mimeType are required strings,
 * the first two not empty;
 * size and version, int64 values Drive sends as strings, must be decimal
 * digits that fit; times must be RFC 3339.  A file that does not read
 * this way is handed on as such, with the member at fault, for the
 * lister to leave out: one odd entry does not cost a page.
 */
#ifndef FC_GDRIVEDOC_H
#define FC_GDRIVEDOC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "json.h"

#define FC_GDRIVE_FOLDER	"application/vnd.google-apps.folder"

/*
 * One file: strings lent for the duration of the callback only, by the
 * element and by this struct.
 */
struct fc_gdrivedoc_file {
	const char	*id;
	const char	*name;
	const char	*mime;
	const char	*link;		/* webViewLink, or NULL */
	const char	*md5;		/* md5Checksum, or NULL */
	const char	*drive;		/* driveId, or NULL */
	const char	*version;	/* decimal digits, or NULL */
	const char	**parents;	/* np ids */
	size_t		 np;
	int64_t		 size;		/* -1: none (folders, Google documents) */
	int64_t		 created;	/* Unix time; 0: none */
	int64_t		 updated;
	int		 trashed;
	int		 folder;	/* mime is FC_GDRIVE_FOLDER */
	const char	*shortcut;	/* shortcutDetails as JSON, or NULL */
	const struct fc_jdoc *el;	/* the file's object itself */
};

/*
 * Called for each file of a page in order: f, or NULL with why saying
 * which member did not read ("\"size\": expected a decimal string").  A
 * non-zero return stops the reading.
 */
typedef int	fc_gdrivedoc_fn(void *arg, const struct fc_gdrivedoc_file *f,
		    const char *why);

/*
 * Reads a files.list page: fn for each of files[].  Returns 0 with *next
 * the nextPageToken (malloc'd; NULL on the last page: only its absence
 * ends a listing, an empty page does not) and *incomplete set when the
 * page says incompleteSearch; 1 when fn stopped it (*next NULL); -1
 * with *e set when the body is not such a page (EX_PROTOCOL: not JSON,
 * no files array, a nextPageToken that is not a string; fn never
 * called) or memory ran out (EX_OSERR).
 */
int	fc_gdrivedoc_files(const char *body, size_t len, fc_gdrivedoc_fn *fn,
	    void *arg, char **next, int *incomplete, struct fc_err *e);

/*
 * The nextPageToken of a files.list page read without parsing it, so
 * that the next page can be asked for while this one is read: 1 with
 * *next (malloc'd) when the page has one fc_gdrivedoc_files() would
 * give as it stands, 0 when it has none or cannot say so cheaply
 * (escapes in a member name or in the token, bytes that are not JSON),
 * -1 out of memory.  When both read a page, they agree; the fuzz
 * harness holds them to it.
 */
int	fc_gdrivedoc_peek_next(const char *body, size_t len, char **next);

/*
 * Reads one file (the answer of files.get, or a file object kept as
 * text): fn once.  Returns what fn did, or -1 with *e set (EX_PROTOCOL:
 * not a JSON object; EX_OSERR).
 */
int	fc_gdrivedoc_one(const char *body, size_t len, fc_gdrivedoc_fn *fn,
	    void *arg, struct fc_err *e);

/* One entry of a changes page; lent for the callback only. */
struct fc_gdrivedoc_change {
	const char	*file_id;	/* NULL for a change of a shared drive */
	const char	*drive_id;	/* driveId, or NULL */
	int		 drive;		/* changeType "drive": no file */
	int		 removed;	/* deleted, or no longer visible */
	const struct fc_gdrivedoc_file *file;	/* NULL: removed, or odd */
	const char	*why;		/* the file does not read: which member */
};

typedef int	fc_gdrivedoc_change_fn(void *arg,
		    const struct fc_gdrivedoc_change *c);

/*
 * Reads a changes.list page: fn for each of changes[] in order.
 * Returns 0 with either *next (more pages follow) or *newstart (the
 * last page: the cursor of the next incremental listing) set, malloc'd;
 * 1 when fn stopped it (both NULL); -1 with *e set when the body is not
 * such a page (EX_PROTOCOL: not JSON, no changes array, neither token or
 * both, a change without fileId that is not of a drive) or memory ran
 * out.
 */
int	fc_gdrivedoc_changes(const char *body, size_t len,
	    fc_gdrivedoc_change_fn *fn, void *arg, char **next,
	    char **newstart, struct fc_err *e);

/*
 * Reads the answer of changes/startPageToken: *token malloc'd.  0, or -1
 * with *e set (EX_PROTOCOL when there is no such string).
 */
int	fc_gdrivedoc_start(const char *body, size_t len, char **token,
	    struct fc_err *e);

/*
 * Reads an error body, {"error": {"code", "message", "errors":
 * [{"reason", "location", ...}]}}: the first error's reason and location
 * and the message, printable ASCII, cut short (a buffer of length 0 is
 * not written).  Returns 0, or -1 when the body is not one (all "").
 */
int	fc_gdrivedoc_error(const char *body, size_t len, char *reason,
	    size_t rlen, char *msg, size_t mlen, char *loc, size_t llen);

/*
 * Whether an answer is Drive's "slow down" that is not a 429: a 403
 * whose reason is userRateLimitExceeded or rateLimitExceeded
 * (gdrive.md section 6).  Fits lib/http's fc_http_limited.
 */
int	fc_gdrivedoc_limited(long status, const char *body, size_t len);

#endif
