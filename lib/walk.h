/*
 * walk.h: what a cloud lister walks a tree of folders with, the same for
 * Autodesk (list_aps.c) and Google Drive (list_gdrive.c): a stack of
 * folders still to list, each with its path from the scope; requests in
 * flight on one fc_http handle, each knowing the folder it is for; and
 * the bearer token they carry.
 *
 * A stack rather than a queue keeps the folders waiting to the siblings
 * along one path down the tree instead of a whole level.  A folder taken
 * off the stack lives as long as a request for it is in flight: its
 * first page, each next page (asked for with the folder the last one
 * was for), the items it names.  Nothing else of the tree is kept here.
 *
 * The token is asked of fc_auth_bearer() at most once a minute (asking
 * per request would lock and read the token file hundreds of times a
 * minute; it renews ahead of expiry itself), and on a 401 once for all
 * the requests sent with the token refused: a request sent before the
 * last renewal only needs the new one.
 *
 * What the requests are (URLs, paging tokens, pacing classes), what an
 * answer means, what is skipped or left out and how the listing fails
 * stay with each lister.  Nothing here prints or exits: a function that
 * fails returns -1 or NULL with *e set, and the lister decides.
 */
#ifndef FC_WALK_H
#define FC_WALK_H

#include <stddef.h>

#include "auth.h"
#include "err.h"
#include "http.h"

struct fc_walk;

/* A folder to list, or being listed. */
struct fc_walk_folder {
	char		*id;
	char		*path;	/* escaped names from the scope joined by
				   '/' (fc_walk_join); "" for the scope */
	char		*tag;	/* the lister's, or NULL; freed with it */
	unsigned	 flags;	/* the lister's */
	/* private */
	int		 refs;	/* requests in flight for it */
	struct fc_walk_folder *next;	/* on the stack, while waiting */
	struct fc_walk_folder *prev_all, *next_all;
};

/*
 * A walk with a new fc_http handle made with *ho (fc_walk_http() lends
 * it), sending requests with the bearer token of a (lent: close it after
 * fc_walk_free) and, unless NULL, an Accept header.  NULL with *e set
 * when the handle cannot be made.
 */
struct fc_walk	*fc_walk_new(const struct fc_http_opts *ho, struct fc_auth *a,
		    const char *accept, struct fc_err *e);
struct fc_http	*fc_walk_http(struct fc_walk *w);
/*
 * Frees the handle first, which abandons the requests still in flight
 * without their callbacks, then the folders, and wipes the token.
 */
void		 fc_walk_free(struct fc_walk *w);

/*
 * Pushes folder id on the stack, its path parent's joined with name
 * (fc_walk_join), or parent itself when name is NULL; tag is copied
 * unless NULL.  Returns the folder (set its flags, if any), or NULL with
 * *e set when memory ran out.
 */
struct fc_walk_folder *fc_walk_push(struct fc_walk *w, const char *id,
		    const char *parent, const char *name, const char *tag,
		    struct fc_err *e);
/*
 * The folder on top of the stack, taken off it, or NULL.  Start a
 * request for it: it lives while one is in flight, and is freed at
 * fc_walk_free() otherwise.
 */
struct fc_walk_folder *fc_walk_pop(struct fc_walk *w);
/* Whether a folder waits on the stack. */
int		 fc_walk_waiting(const struct fc_walk *w);
/* How many fc_walk_start() requests are in flight. */
int		 fc_walk_inflight(const struct fc_walk *w);

/*
 * Starts a GET of url for folder f (or NULL) with the bearer token: its
 * answer goes to done(arg, ...), which calls fc_walk_finish() first and
 * fc_walk_release(f) last.  data is the lister's, handed back by
 * fc_walk_finish().  what names the request in the log (a literal), and
 * class is its pacing class (fc_http_pace).  Returns 0, or -1 with *e set
 * (the token could not be had, the request not queued, or memory ran
 * out).
 */
int		 fc_walk_start(struct fc_walk *w, const char *url,
		    const char *what, int class, fc_http_done *done, void *arg,
		    struct fc_walk_folder *f, void *data, struct fc_err *e);
/* In a done callback: the request's folder (or NULL), and its data. */
struct fc_walk_folder *fc_walk_finish(struct fc_walk *w, struct fc_http_req *r,
		    void **data);
/* Done with an answer about f (NULL: nothing): freed after the last. */
void		 fc_walk_release(struct fc_walk *w, struct fc_walk_folder *f);

/*
 * A GET of url with the bearer token, start to answer (requests already
 * in flight run too, callbacks and all).  Returns 0 with *resp (free it
 * with fc_http_resp_free), or -1 with *e set when no answer came.
 */
int		 fc_walk_get(struct fc_walk *w, const char *url,
		    const char *what, int class, struct fc_http_resp *resp,
		    struct fc_err *e);

/*
 * Names folder f for a message: folder "PATH" (ID), or the scope's
 * folder (ID) for the scope itself, in buf (len bytes; FC_WALK_NAMELEN
 * holds any), which it returns.  Both listers name a folder so where one
 * fails or is left out, so that a person finds it by its path and the
 * API by its id.  A path past 120 bytes keeps its last 120, whole
 * characters, after "..."; a control byte shows as '?', since the
 * message goes to a terminal.
 */
#define FC_WALK_NAMELEN	256
const char	*fc_walk_name(const struct fc_walk_folder *f, char *buf,
		    size_t len);

/*
 * Writes parent's path, a '/' (none after ""), and name escaped as
 * fc_list_pathesc() says to *buf, NUL-terminated, growing it (*cap
 * bytes; NULL and 0 at first: free it), which parent is not in.  0, or
 * -1 out of memory.
 */
int		 fc_walk_join(char **buf, size_t *cap, const char *parent,
		    const char *name);

#endif
