/*
 * list.h: listers, one per endpoint type, each writing a whole listing
 * (begin line, file lines, end line) to a stream.  fc-list picks one by
 * endpoint_type and runs several in parallel.
 */
#ifndef FC_LIST_H
#define FC_LIST_H

#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "err.h"
#include "json.h"

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
};

struct fc_list_opts {
	int64_t	 max_files;	/* stop after this many; -1: none */
	const char *run;	/* run id for the begin line */
	const char *cursor;	/* from the last sync, or NULL */
	struct fc_list_report *report;	/* NULL, or filled in */
};

/*
 * Lists a local endpoint: walks details.root (or root/folder_id) without
 * following symbolic links, keeps regular files whose extension is in
 * details.file_types, and descends only when details.include_subfolders.
 * A file's id is its path relative to the scope (see fc-list(1) for why).
 * Nothing is allocated per file.
 *
 * Returns 0 after writing an end line (complete unless max_files cut
 * the listing short or an entry could not be read), or -1 with *e set
 * when the listing could not be made at all or out failed; the caller
 * then writes the error line.  A missing scope is EX_NOINPUT, a scope
 * that is not a directory or a folder_id with a ".." in it EX_CONFIG,
 * a failed write to out EX_IOERR.
 */
int	fc_list_local(FILE *out, struct fc_jw *w,
	    const struct fc_endpoint *ep, const struct fc_list_opts *o,
	    struct fc_err *e);

#endif
