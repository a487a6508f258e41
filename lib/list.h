/*
 * list.h: listers, one per endpoint type, each writing a whole listing
 * (begin line, file lines, end line) to a stream.
 *
 * A lister knows its source; the framing is the same for every one and
 * lives here once: fc_listing_begin() writes the begin line,
 * fc_listing_file() writes a file line, counts it and enforces
 * max_files, fc_listing_end() writes the end line, complete only when
 * nothing was cut or left out, with a cursor only when complete.  The
 * table of listers (fc_lister_find) is what conf.c checks endpoint_type
 * against and what fc-list dispatches on, so a type is spelt once
 * (list_types.c; the listers are found by its id in list.c).
 */
#ifndef FC_LIST_H
#define FC_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "err.h"
#include "json.h"
#include "lines.h"
#include "log.h"

/*
 * What a listing met on its way, for the command to log and warn about
 * (the library does not print).  Filled in when fc_list_opts.report is
 * set, whether the listing succeeds or not.
 */
struct fc_list_report {
	int64_t	 count;		/* file lines written */
	int	 complete;	/* the end line said complete:true */
	int	 truncated;	/* max_files cut the listing short */
	int64_t	 unreadable;	/* entries that could not be read */
	char	 first[256];	/* the first: "path: reason" */
	int64_t	 retry_after;	/* failed on a 429 that asked this; 0 */
};

struct fc_list_opts {
	int64_t	 max_files;	/* stop after this many; -1: none */
	const char *run;	/* run id for the begin line */
	const char *cursor;	/* from the last sync, or NULL */
	struct fc_list_report *report;	/* NULL, or filled in */
	struct fc_log *log;	/* for the cloud listers' records, or NULL */
	int	 jobs;		/* cloud: requests in flight; 0: 8 */
	int	 full;		/* cloud: a full walk, whatever the cursor */
	int	 share;		/* cloud: listings at once under one app's
				   limits, each pacing at its share; 0: 1 */
};

/*
 * One listing under way: what a lister is given and writes through.
 * conf is the whole configuration (client settings for the cloud
 * types); it may be NULL for a local endpoint.
 */
struct fc_listing {
	FILE			*out;
	struct fc_jw		*w;
	const struct fc_endpoint *ep;
	const struct fc_conf	*conf;
	const struct fc_list_opts *o;
	struct fc_list_report	*rep;	/* never NULL inside a lister */
	const char		*type;	/* the canonical endpoint type */
	int			 begun;	/* the begin line is out */
};

/*
 * Whether details.file_types lets the file named name (len bytes) be
 * listed: any file when it names no type, else one whose name ends in
 * '.' and one of the types, with something before the dot, case ignored
 * ("A.PDF" is a pdf).  The tail, not the last extension, so a type may
 * be "tar.gz"; a type written ".pdf" is "pdf".  Every lister filters so.
 */
int	fc_list_wanted(const struct fc_details *d, const char *name,
	    size_t len);

/*
 * Writes the begin line: mode "full" or "delta", scope for people.
 * Returns 0, or -1 with *e set (EX_IOERR) when out failed.
 */
int	fc_listing_begin(struct fc_listing *l, const char *mode,
	    const char *scope, struct fc_err *e);

/*
 * Writes one file line; f->endpoint is filled in here.  Returns 0 when
 * written, 1 when max_files was reached (nothing written: the lister
 * stops and ends the listing), or -1 with *e set: EX_IOERR when out
 * failed, EX_DATAERR when a value is not UTF-8 or holds U+0000 (the
 * lister meant to check; see fc_listing_skip).
 */
int	fc_listing_file(struct fc_listing *l, const struct fc_file *f,
	    struct fc_err *e);

/*
 * Counts an entry that could not be listed, keeping the first reason;
 * the listing will end incomplete.  what names it for people.
 */
void	fc_listing_skip(struct fc_listing *l, const char *what,
	    const char *why);

/*
 * Writes the end line: complete when the lister says so and nothing was
 * cut short or skipped; the cursor only with a complete listing, since
 * an incomplete one must not move the next listing's starting point.
 * Returns 0, or -1 with *e set (EX_IOERR).
 */
int	fc_listing_end(struct fc_listing *l, int complete, const char *cursor,
	    struct fc_err *e);

/*
 * A lister: lists l->ep through the fc_listing_* calls.  Returns 0 after
 * the end line, or -1 with *e set when the listing could not be made
 * at all; the caller then writes the error line (after the begin line,
 * if one went out).
 */
typedef int fc_lister_fn(struct fc_listing *l, struct fc_err *e);

/* The endpoint types, in the order messages name them. */
enum fc_lister_id {
	FC_LISTER_LOCAL,
	FC_LISTER_AUTODESK,
	FC_LISTER_GDRIVE
};

/*
 * A type's names (list_types.c); its lister is fc_list()'s to find, so
 * that checking a name links no lister.
 */
struct fc_lister {
	enum fc_lister_id id;
	const char	*type;		/* the canonical name */
	const char	*alias;		/* another name configs may use, or NULL */
};

/* The lister for a type or alias, or NULL for a type fc does not know. */
const struct fc_lister *fc_lister_find(const char *type);

/*
 * The known types for a message, "local, autodesk_construction_cloud
 * (autodesk) or google_drive", in buf; returns buf.
 */
#define FC_LISTER_TYPES	256
const char	*fc_lister_types(char *buf, size_t len);

/*
 * Lists ep to out with its type's lister, the framing around it.
 * Returns 0 after an end line, or -1 with *e set (nothing written past a
 * begin line); a type without a lister is EX_CONFIG.
 */
int	fc_list(FILE *out, struct fc_jw *w, const struct fc_endpoint *ep,
	    const struct fc_conf *conf, const struct fc_list_opts *o,
	    struct fc_err *e);

/*
 * The local lister: walks details.root (or root/folder_id) without
 * following symbolic links, keeps regular files whose extension is in
 * details.file_types, and descends only when details.include_subfolders.
 * A file's id is its path relative to the scope (see fc-list(1) for why).
 * Nothing is allocated per file.  A missing scope is EX_NOINPUT, a scope
 * that is not a directory or a folder_id with a ".." in it EX_CONFIG.
 */
fc_lister_fn	fc_list_local;

/*
 * The Autodesk lister (ACC / BIM 360 Docs): finds details.project_id in
 * the hubs the client sees, then walks its top folders (or
 * details.folder_id) through the Data Management API, o->jobs requests
 * in flight.  A folder that cannot be listed is left out (the listing
 * ends incomplete); a failure of the login, the hubs, the project or
 * its top folders fails the endpoint.  With a cursor from its own last
 * complete listing (o->cursor) it lists in delta mode, skipping the
 * folders that have not changed since, unless o->full is set or
 * details.full_every has passed since the last full walk.  See
 * fc-list(1).
 */
fc_lister_fn	fc_list_aps;

/*
 * The Google Drive lister: walks details.folder_id folder by folder,
 * o->jobs requests in flight, or lists details.drive_id (or, with
 * neither, everything the account sees) flat, every folder and then
 * every file, paths built from the parents.  Trashed files are listed,
 * state trashed; an entry that does not read is left out (the listing
 * ends incomplete); any answer but a 200, once lib/http has retried
 * rate limits and 5xx, fails the endpoint.  A full listing's cursor
 * holds the changes feed's start token, taken before it reads a file;
 * with a cursor (o->cursor) it lists in delta mode, from the feed:
 * removed files as deletions, changed ones as they are now, changed
 * folders walked again, those moved out of the scope walked for the
 * files to list as deleted; unless o->full, details.full_every, a page
 * token Drive refuses, or a folder of the scope gone make it full.  The
 * scope folder gone fails the endpoint (EX_NOINPUT).  See fc-list(1).
 */
fc_lister_fn	fc_list_gdrive;

/* A project of fc-list --list-projects; strings lent for the call. */
struct fc_aps_project {
	const char	*hub;		/* the hub's name */
	const char	*hub_id;	/* "b.<account uuid>" */
	const char	*region;	/* the hub's: "US", "EMEA"...; or NULL */
	const char	*name;
	const char	*id;		/* "b.<uuid>", as project_id wants it */
	const char	*type;		/* "ACC", "BIM360"; or NULL */
};

/* What fc_aps_projects() met besides projects, for the command to tell. */
struct fc_aps_report {
	size_t	 hubs;		/* ACC and BIM 360 accounts */
	size_t	 other_hubs;	/* personal or Fusion hubs, not listed */
	size_t	 projects;
	size_t	 warnings;	/* meta.warnings of GET hubs (logged) */
	char	 warning[256];	/* the first: "403 BIM360DM_ERROR: …" */
	size_t	 unreadable;	/* hubs (or projects) left out (logged) */
	int	 code;		/* the first one's sysexits value */
	char	 first[256];	/* and why: "hub NAME: reason" */
};

typedef void	fc_aps_project_fn(void *arg, const struct fc_aps_project *p);

/*
 * fc-list --list-projects: every ACC and BIM 360 hub the Autodesk client
 * of c sees, each page of GET hubs and of each hub's projects, in the
 * API's order; fn is called once per project.  A hub whose projects
 * cannot be read (403, 5xx after the retries, a body that is not a page
 * of projects) is counted in *rep and the rest listed.  Returns 0, or -1
 * with *e set when nothing could be listed: EX_CONFIG without a client,
 * EX_NOPERM when a person must log in or GET hubs is refused, EX_NOINPUT
 * when no hub is an ACC or BIM 360 account, EX_PROTOCOL when GET hubs'
 * body is not a page of hubs, what fc_http_status_code() says of another
 * answer.
 */
int	fc_aps_projects(const struct fc_conf *c, struct fc_log *log,
	    fc_aps_project_fn *fn, void *arg, struct fc_aps_report *rep,
	    struct fc_err *e);

/*
 * A media type for a file name by its extension, case ignored, from
 * list_local.c's table; application/octet-stream when unknown.
 */
const char	*fc_list_mime(const char *name, size_t len);

/*
 * A file line's path is its names from the scope down joined by '/',
 * each name with '%' written %25 and '/' written %2F, so that a name
 * holding a '/' (the cloud providers allow one) is not taken for two,
 * and splitting at '/' and decoding gives the names back (fc-lines(5)).
 * Writes the n bytes of s so escaped to dst, which has room for 3 * n,
 * without a NUL; returns the bytes written.  keepslash: s is a whole
 * path already, whose names hold no '/' (local ones), and only its '%'
 * are written %25.
 */
size_t	fc_list_pathesc(char *dst, const char *s, size_t n, int keepslash);

#endif
