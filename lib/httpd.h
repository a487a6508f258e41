/*
 * httpd.h: fc-status over HTTP, for monitors, on libmicrohttpd.
 *
 *	GET /health	200 or 503, {"healthy":…,"database":…,
 *			"failing":[…],"overdue":[…]} (fc_status_health())
 *	GET /status	200, the fc-status --json document
 *			(fc_status_json()); 503 with {"error":"…"} when
 *			the database cannot be read
 *	HEAD		the same without the body
 *	other paths 404, other methods 405 with "Allow: GET, HEAD"
 *
 * Every request builds its answer from scratch (fc_status_load()): the
 * database is opened, read in one snapshot and closed again, so the
 * server never holds a lock or a stale view, and a database created or
 * migrated after the start is simply read.  /health does not count the
 * files (FC_STATUS_HEALTH), so its cost does not grow with them.
 *
 * Connections are served by a small pool of threads, each an event loop
 * (epoll), so a client that sends half a request and stalls costs a
 * descriptor, not a thread, until its idle timeout.  At most
 * FC_HTTPD_MAXCONN are served at once; more wait in the listen queue
 * (SOMAXCONN, capped by net.core.somaxconn) until one ends.  None is
 * refused: not even per client address, as behind a proxy or a kubelet
 * every client has the same one.
 */
#ifndef FC_HTTPD_H
#define FC_HTTPD_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "err.h"
#include "log.h"

#define FC_HTTPD_PORT		8080	/* for an address alone */
#define FC_HTTPD_THREADS	4
#define FC_HTTPD_TIMEOUT	10	/* seconds a connection may idle */
#define FC_HTTPD_MAXCONN	256	/* 64 per thread */

struct fc_httpd;

/*
 * Binds a listening TCP socket to spec: "PORT", ":PORT" (every address,
 * IPv6 and IPv4), "ADDR:PORT", "[ADDR]:PORT", or an address alone
 * ("127.0.0.1", "localhost", "[::1]", "::1") for port FC_HTTPD_PORT.
 * Port 0 asks the kernel for a free one (see fc_httpd_name()).  Returns
 * the descriptor (close-on-exec, non-blocking), or -1 with *e set:
 * EX_USAGE for a malformed spec, EX_NOHOST for a name that does not
 * resolve, EX_UNAVAILABLE when no address can be bound.
 */
int	fc_httpd_bind(const char *spec, struct fc_err *e);

/*
 * The listening socket systemd passed (socket activation): checks that
 * LISTEN_PID is this process and LISTEN_FDS is 1, that descriptor 3 is a
 * listening stream socket, and unsets LISTEN_PID, LISTEN_FDS and
 * LISTEN_FDNAMES so no child takes it for its own.  Returns 3, or -1
 * with *e set (EX_USAGE).  Call it before any thread starts.
 */
int	fc_httpd_systemd(struct fc_err *e);

/*
 * Writes the local address of socket fd as "127.0.0.1:8080" or
 * "[::]:8080" to buf.  Returns 0, or -1 with *e set.
 */
int	fc_httpd_name(int fd, char *buf, size_t len, struct fc_err *e);

/*
 * Starts serving on the listening socket fd, which the server owns from
 * now on, even when the start fails.  conf and log must outlive the
 * server; while it runs only the server writes to log (it serialises
 * its threads' records).  now is the time to judge at, or 0 for the
 * clock (fc_time_now(), so FC_NOW works).  Returns NULL with *e set
 * (EX_UNAVAILABLE) when libmicrohttpd cannot start.
 */
struct fc_httpd	*fc_httpd_start(int fd, const struct fc_conf *conf,
		    int64_t now, struct fc_log *log, struct fc_err *e);

/*
 * Stops accepting, closes every connection and the socket, waits for
 * the threads and frees h.
 */
void		 fc_httpd_stop(struct fc_httpd *h);

#endif
