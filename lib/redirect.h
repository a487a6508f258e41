/*
 * redirect.h: the loopback end of a browser login (RFC 8252 section 7.3).
 *
 * fc-auth login listens on the host and port of the registered callback
 * URL, prints the authorize URL, and waits for the browser to come back
 * with ?code=…&state=….  Requests for other paths (a favicon) get 404
 * and the wait goes on.  The query is handed back whole, for
 * fc_redirect_param(); the browser is answered once the caller knows
 * whether the login worked.
 */
#ifndef FC_REDIRECT_H
#define FC_REDIRECT_H

#include "err.h"

/*
 * Binds the callback URL's host and port (http only).  Returns the
 * listening socket, or -1 with *e set: EX_CONFIG for a URL fc cannot
 * listen on, EX_UNAVAILABLE when the port is taken.
 */
int	fc_redirect_listen(const char *callback_url, struct fc_err *e);

/* The port lfd listens on (a URL asked for port 0 gets a free one). */
int	fc_redirect_port(int lfd);

/*
 * Waits up to timeout_ms for the browser's request of the callback
 * path.  Returns the connection to answer with fc_redirect_reply, with
 * the query string in *query (malloc'd), or -1 with *e set: EX_TEMPFAIL
 * after the timeout.
 */
int	fc_redirect_wait(int lfd, const char *callback_url, int timeout_ms,
	    char **query, struct fc_err *e);

/* Answers the browser with a short page and closes the connection. */
void	fc_redirect_reply(int cfd, int ok, const char *text);

/*
 * The value of name in a query string or a whole URL ("…?a=1&b=2"),
 * percent-decoded and malloc'd, or NULL when absent.
 */
char	*fc_redirect_param(const char *query, const char *name);

#endif
