/*
 * http.h: HTTP requests through libcurl, with fc's retry policy in one
 * place.
 *
 * A struct fc_http is one curl multi handle: its connections are kept
 * and reused (HTTP/2 multiplexes over one where the server offers it),
 * and any number of requests may be in flight on it at once.  A request
 * is queued with fc_http_start() and its callback runs, from within
 * fc_http_run(), once it has an answer that retrying will not change:
 *
 *	429		waits for Retry-After (clamped), else backs off, and
 *			tries again; so does an answer opts.limited calls a
 *			rate limit
 *	5xx, transport	exponential backoff with full jitter, up to a cap,
 *	errors		then the answer (or the error) goes to the callback
 *	401		asks the request's reauth hook for a fresh
 *			Authorization header once, then tries again
 *
 * Requests carry a pacing class: a class given a rate with
 * fc_http_pace() starts no more requests a minute than that, so a large
 * walk runs at the API's limit instead of into a storm of 429s.
 *
 * Nothing here writes a header, a body or a query string to the log or
 * to an error message: they may carry tokens, codes and secrets.  At
 * DEBUG the log gets the method, the path, the status, milliseconds and
 * bytes of each attempt.  No child process is started, so no secret is
 * ever in an argv.
 */
#ifndef FC_HTTP_H
#define FC_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "log.h"

#define FC_HTTP_CLASSES	8	/* pacing classes, 0 .. 7 */

struct fc_http;

/*
 * Whether an answer other than a 429 or a 5xx is an API's way of saying
 * "too many requests" (Google Drive's 403 userRateLimitExceeded):
 * nonzero makes it retried as a 429 is.  body is the answer's, len
 * bytes, NUL-terminated.
 */
typedef int	fc_http_limited(long status, const char *body, size_t len);

struct fc_http_opts {
	const char	*agent;		/* appended to "fc/VERSION", or NULL */
	long		 connect_ms;	/* connect timeout; 0: 10 s */
	long		 total_ms;	/* whole attempt; 0: 120 s */
	int		 retries;	/* attempts after the first; -1: 4 */
	long		 backoff_ms;	/* first backoff; 0: 500 ms */
	long		 backoff_max_ms; /* cap of one backoff; 0: 30 s */
	long		 retry_after_max; /* seconds a 429 may ask; 0: 600 */
	int		 max_active;	/* requests on the wire at once; 0: 8 */
	struct fc_log	*log;		/* DEBUG request records, or NULL */
	const char	*endpoint;	/* for those records, or NULL */
	fc_http_limited	*limited;	/* or NULL: only 429 is a rate limit */
};

struct fc_http_resp {
	long	 status;	/* 0 when no answer came (see err) */
	char	*body;		/* NUL-terminated, malloc'd; lent to the callback */
	size_t	 len;
	long	 retry_after;	/* seconds from the last 429's header, or -1 */
	int	 attempts;	/* how many were made */
	int	 limited;	/* a 429, or what opts.limited called one */
	struct fc_err err;	/* set when status is 0: transport error */
};

struct fc_http_req;

/*
 * Called once per request with its final answer; resp and its body are
 * lent for the call.  A callback may start more requests.  Returning -1
 * stops fc_http_run() after the callbacks already due (the caller has
 * what it needs in its own state).
 */
typedef int	fc_http_done(void *arg, struct fc_http_req *r,
		    struct fc_http_resp *resp);

/*
 * Called on a 401 with the request's header list: returns 0 after
 * replacing the Authorization header (fc_http_req_header) with a fresh
 * one, or -1 (with *e set) when there is none to be had; the 401 then
 * goes to the done callback.  It runs inside fc_http_run(), so it must
 * not run this handle itself: a token refresh uses a handle of its own.
 */
typedef int	fc_http_reauth(void *arg, struct fc_http_req *r,
		    struct fc_err *e);

/* A new handle; NULL with *e set when libcurl cannot start. */
struct fc_http	*fc_http_new(const struct fc_http_opts *o, struct fc_err *e);
/* Frees h and abandons what is still queued, without callbacks. */
void		 fc_http_free(struct fc_http *h);

/* Starts at most per_minute requests of class a minute (0: no limit). */
void	fc_http_pace(struct fc_http *h, int class, double per_minute);

/*
 * A request, to be filled in and started.  url is copied.  method is
 * "GET" or "POST"; a POST body is set with fc_http_req_body.  what
 * names the request in the log ("contents"); it must be a literal.
 */
struct fc_http_req *fc_http_req_new(const char *method, const char *url,
	    const char *what, int class, struct fc_err *e);
/* Adds (or, for the same name, replaces) a header "Name: value". */
int	fc_http_req_header(struct fc_http_req *r, const char *name,
	    const char *value, struct fc_err *e);
/* The body of a POST, copied, with its Content-Type. */
int	fc_http_req_body(struct fc_http_req *r, const char *type,
	    const char *body, size_t len, struct fc_err *e);
void	fc_http_req_reauth(struct fc_http_req *r, fc_http_reauth *fn,
	    void *arg);
/* What the caller wants back in the callback: its own pointer. */
void	fc_http_req_set_data(struct fc_http_req *r, void *data);
void	*fc_http_req_data(const struct fc_http_req *r);
const char *fc_http_req_url(const struct fc_http_req *r);
/* Frees a request that was never started. */
void	fc_http_req_free(struct fc_http_req *r);

/*
 * Queues r (h takes it and frees it after its callback).  Returns 0, or
 * -1 with *e set when it cannot be queued (r is freed).
 */
int	fc_http_start(struct fc_http *h, struct fc_http_req *r,
	    fc_http_done *done, void *arg, struct fc_err *e);

/*
 * From a callback with more work to do after queueing the next request:
 * starts what is queued and due, and sends what can be sent without
 * waiting, so that the request is on its way while the callback works.
 * Runs no callbacks.  Returns 0, or -1 with *e set.
 */
int	fc_http_push(struct fc_http *h, struct fc_err *e);

/*
 * Runs until nothing is queued or in flight, or a callback returned -1.
 * Returns 0, 1 when a callback stopped it, or -1 with *e set when the
 * multi handle itself failed.
 */
int	fc_http_run(struct fc_http *h, struct fc_err *e);

/*
 * One request, start to answer: for the simple calls (a token
 * exchange).  Requests already queued on h run too, callbacks and all.  On return 0, *resp holds the answer, its body malloc'd
 * (free it with fc_http_resp_free); -1 with *e set when no answer came.
 */
int	fc_http_do(struct fc_http *h, struct fc_http_req *r,
	    struct fc_http_resp *resp, struct fc_err *e);
void	fc_http_resp_free(struct fc_http_resp *resp);

/*
 * Resolves a link an API gave against base ("https://host"): absolute,
 * root-relative, or relative without its leading "/".  Returns 0 with
 * *url malloc'd; 1, *url NULL, when the link leads off base's scheme,
 * host and port, where the credentials a request carries must not go;
 * -1 out of memory.
 */
int	fc_http_link(const char *base, const char *href, char **url);

/* Percent-encodes s for a path segment or a query value (malloc'd). */
char	*fc_http_escape(const char *s);

/* The sysexits value an HTTP status calls for (0 for 2xx). */
int	fc_http_status_code(long status);

#endif
