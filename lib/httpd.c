/*
 * httpd.c: /health and /status over HTTP with libmicrohttpd.
 *
 * libmicrohttpd parses requests, answers malformed ones with 400 by
 * itself, omits the body of HEAD replies and times idle connections
 * out; what is left here is the listening socket, the routing and the
 * bodies.  The socket is always ours (bound here or passed by systemd)
 * and handed over with MHD_OPTION_LISTEN_SOCKET, so both ways of
 * starting take one path and the address actually bound can be told.
 *
 * Threads: MHD runs FC_HTTPD_THREADS event loops; answer() runs in
 * them, concurrently.  It shares only the configuration (read-only) and
 * the log, whose records it serialises with a mutex: struct fc_log
 * builds each record in a buffer of its own.
 *
 * Limits: a thread that has its share of MHD_OPTION_CONNECTION_LIMIT
 * stops accepting, so further clients wait in the kernel's listen queue
 * and are served in turn.  MHD_OPTION_PER_IP_CONNECTION_LIMIT is not
 * set: MHD enforces it by closing the connection it has just accepted,
 * unread, which the client sees as a reset, and it counts a connection
 * until its thread has cleaned it up, after the close.  With a limit of
 * 64, ab -c 40 on /health from one address was reset after 4,710
 * requests and ab -c 64 after 6; a reverse proxy or a kubelet is one
 * address for all its clients.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sysexits.h>
#include <unistd.h>

#include <netinet/in.h>

#include <microhttpd.h>

#include "httpd.h"
#include "json.h"
#include "log.h"
#include "status.h"
#include "timefmt.h"

#define SD_FD	3	/* SD_LISTEN_FDS_START */

struct fc_httpd {
	struct MHD_Daemon	*d;
	const struct fc_conf	*conf;
	int64_t			 now;
	struct fc_log		*log;
	pthread_mutex_t		 logmu;
};

/* ---- the listening socket ---- */

static int
parse_port(const char *s, char *out, size_t len)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 65535)
		return -1;
	snprintf(out, len, "%u", (unsigned int)v);
	return 0;
}

/*
 * Splits spec into a host (empty: every address) and a port.  Returns 0,
 * or -1 when spec is malformed.
 */
static int
split(const char *spec, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon, *rb;
	size_t n;

	snprintf(port, plen, "%d", FC_HTTPD_PORT);
	if (*spec == '[') {		/* [v6] or [v6]:port */
		if ((rb = strchr(spec, ']')) == NULL || rb == spec + 1)
			return -1;
		n = (size_t)(rb - spec - 1);
		if (n >= hlen)
			return -1;
		if (rb[1] == ':') {
			if (parse_port(rb + 2, port, plen) == -1)
				return -1;
		} else if (rb[1] != '\0')
			return -1;
		snprintf(host, hlen, "%.*s", (int)n, spec + 1);
		return 0;
	}
	if (strspn(spec, "0123456789") == strlen(spec) && *spec != '\0') {
		*host = '\0';		/* a port alone */
		return parse_port(spec, port, plen);
	}
	colon = strchr(spec, ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL) {
		n = (size_t)(colon - spec);	/* host:port, :port */
		if (n >= hlen || parse_port(colon + 1, port, plen) == -1)
			return -1;
		snprintf(host, hlen, "%.*s", (int)n, spec);
		return 0;
	}
	/* an address alone, IPv6 ones ("::1") included */
	if (*spec == '\0' || strlen(spec) >= hlen)
		return -1;
	snprintf(host, hlen, "%s", spec);
	return 0;
}

static int
listen_on(const struct addrinfo *ai, int *saved)
{
	int fd, one = 1, zero = 0;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, ai->ai_protocol);
	if (fd == -1) {
		*saved = errno;
		return -1;
	}
	/* a restart must not wait out TIME_WAIT of the last run's clients */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* "::" serves IPv4 too, whatever net.ipv6.bindv6only says */
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, SOMAXCONN) == -1) {
		*saved = errno;
		close(fd);
		return -1;
	}
	return fd;
}

int
fc_httpd_bind(const char *spec, struct fc_err *e)
{
	struct addrinfo hints, *res, *ai;
	char host[256], port[8];
	int fd = -1, rc, saved = 0;

	if (split(spec, host, sizeof(host), port, sizeof(port)) == -1)
		return fc_seterr(e, EX_USAGE, "%s: expected [addr:]port, "
		    "an address or systemd", spec);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	/* every address: IPv6 first, which takes IPv4 too where it can */
	hints.ai_family = *host == '\0' ? AF_INET6 : AF_UNSPEC;
	rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
	if (rc != 0 && *host == '\0') {
		hints.ai_family = AF_INET;
		rc = getaddrinfo(NULL, port, &hints, &res);
	}
	if (rc != 0)
		return fc_seterr(e, rc == EAI_SYSTEM ? EX_OSERR : EX_NOHOST,
		    "%s: %s", spec, rc == EAI_SYSTEM ? strerror(errno) :
		    gai_strerror(rc));
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next)
		fd = listen_on(ai, &saved);
	freeaddrinfo(res);
	if (fd == -1 && *host == '\0' && saved == EAFNOSUPPORT) {
		/* no IPv6 in this kernel: every IPv4 address, then */
		hints.ai_family = AF_INET;
		if (getaddrinfo(NULL, port, &hints, &res) == 0) {
			for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next)
				fd = listen_on(ai, &saved);
			freeaddrinfo(res);
		}
	}
	if (fd == -1)
		return fc_seterr(e, EX_UNAVAILABLE, "%s%s%s:%s: %s",
		    strchr(host, ':') ? "[" : "", host,
		    strchr(host, ':') ? "]" : "", port, strerror(saved));
	return fd;
}

int
fc_httpd_systemd(struct fc_err *e)
{
	const char *pid, *fds;
	char *end;
	long v;
	int type, acc;
	socklen_t len;

	pid = getenv("LISTEN_PID");
	fds = getenv("LISTEN_FDS");
	if (pid == NULL || fds == NULL)
		return fc_seterr(e, EX_USAGE, "systemd: no socket passed "
		    "(LISTEN_PID and LISTEN_FDS are not set)");
	v = strtol(pid, &end, 10);
	if (*end != '\0' || v != (long)getpid())
		return fc_seterr(e, EX_USAGE, "systemd: LISTEN_PID %s is "
		    "not this process", pid);
	v = strtol(fds, &end, 10);
	if (*end != '\0' || v != 1)
		return fc_seterr(e, EX_USAGE, "systemd: LISTEN_FDS %s: "
		    "expected one socket", fds);
	len = sizeof(type);
	if (getsockopt(SD_FD, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return fc_seterr(e, EX_USAGE, "systemd: descriptor %d: %s",
		    SD_FD, strerror(errno));
	len = sizeof(acc);
	if (type != SOCK_STREAM ||
	    getsockopt(SD_FD, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) == -1 ||
	    !acc)
		return fc_seterr(e, EX_USAGE, "systemd: descriptor %d is not "
		    "a listening stream socket", SD_FD);
	/* what sd_listen_fds(1) does: ours alone, not our children's */
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (fcntl(SD_FD, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(SD_FD, F_SETFL, fcntl(SD_FD, F_GETFL) | O_NONBLOCK) == -1)
		return fc_seterr(e, EX_OSERR, "systemd: descriptor %d: %s",
		    SD_FD, strerror(errno));
	return SD_FD;
}

int
fc_httpd_name(int fd, char *buf, size_t len, struct fc_err *e)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	int rc;

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == -1)
		return fc_seterr(e, EX_OSERR, "getsockname: %s",
		    strerror(errno));
	rc = getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), serv,
	    sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV);
	if (rc != 0)
		return fc_seterr(e, EX_OSERR, "getnameinfo: %s",
		    gai_strerror(rc));
	snprintf(buf, len, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	    host, serv);
	return 0;
}

/* ---- serving ---- */

static void
hlog(struct fc_httpd *h, enum fc_level level, const char *event,
    const char *msg)
{
	pthread_mutex_lock(&h->logmu);
	fc_log(h->log, level, NULL, event, NULL, "%s", msg);
	pthread_mutex_unlock(&h->logmu);
}

/*
 * libmicrohttpd's own complaints: mostly about clients (a reset, a bad
 * request), which a stranger can repeat at will, so DEBUG.
 */
__attribute__((format(printf, 2, 0)))
static void
mhdlog(void *cls, const char *fmt, va_list ap)
{
	char buf[512];
	size_t n;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	hlog(cls, FC_DEBUG, "httpd", buf);
}

/* Queues a reply whose body is w's JSON and a newline; frees w. */
static enum MHD_Result
reply(struct MHD_Connection *c, unsigned int code, struct fc_jw *w,
    int allow)
{
	struct MHD_Response *r;
	enum MHD_Result rv;
	char *body;

	if (w->oom || (body = malloc(w->len + 1)) == NULL) {
		fc_jw_free(w);
		return MHD_NO;		/* MHD closes the connection */
	}
	memcpy(body, w->buf, w->len);
	body[w->len] = '\n';
	r = MHD_create_response_from_buffer(w->len + 1, body,
	    MHD_RESPMEM_MUST_FREE);
	fc_jw_free(w);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/json");
	/* a monitor must see the state now, not a proxy's copy */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	rv = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return rv;
}

static enum MHD_Result
error_reply(struct MHD_Connection *c, unsigned int code, const char *why,
    int allow)
{
	struct fc_jw w;

	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_str(&w, "error", why);
	fc_jw_end_obj(&w);
	return reply(c, code, &w, allow);
}

static void
log_request(struct fc_httpd *h, struct MHD_Connection *c, const char *method,
    const char *url, unsigned int code)
{
	const union MHD_ConnectionInfo *ci;
	char host[NI_MAXHOST] = "-", msg[768];

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL)
		getnameinfo(ci->client_addr, ci->client_addr->sa_family ==
		    AF_INET6 ? sizeof(struct sockaddr_in6) :
		    sizeof(struct sockaddr_in), host, sizeof(host), NULL, 0,
		    NI_NUMERICHOST);
	snprintf(msg, sizeof(msg), "%s %.20s %.300s %u", host, method, url,
	    code);
	hlog(h, FC_DEBUG, "request", msg);
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **ctx)
{
	struct fc_httpd *h = cls;
	struct fc_status s;
	struct fc_err e = { 0, "" };
	struct fc_jw w;
	unsigned int code;
	int health;

	(void)version;
	(void)upload;
	health = strcmp(url, "/health") == 0;
	if (!health && strcmp(url, "/status") != 0) {
		log_request(h, c, method, url, MHD_HTTP_NOT_FOUND);
		return error_reply(c, MHD_HTTP_NOT_FOUND, "not found", 0);
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		log_request(h, c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED);
		return error_reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "method not allowed", 1);
	}
	/*
	 * A reply queued before the whole request is in makes MHD close the
	 * connection; answering on a later call keeps it alive.  A body
	 * sent with a GET is read and dropped.
	 */
	if (*ctx == NULL) {
		*ctx = h;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}

	if (fc_status_load(&s, h->conf, h->now ? h->now : fc_time_now(),
	    health ? FC_STATUS_HEALTH : 0, &e) == -1) {
		fc_status_free(&s);
		hlog(h, FC_ERROR, "status", e.msg);
		log_request(h, c, method, url, MHD_HTTP_INTERNAL_SERVER_ERROR);
		return error_reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, e.msg, 0);
	}
	if (s.dberr.code != 0)
		hlog(h, FC_ERROR, "database", s.dberr.msg);
	fc_jw_init(&w);
	if (health) {
		fc_status_health(&s, &w);
		code = s.healthy ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE;
	} else if (s.dberr.code != 0) {
		fc_jw_obj(&w, NULL);
		fc_jw_str(&w, "error", s.dberr.msg);
		fc_jw_end_obj(&w);
		code = MHD_HTTP_SERVICE_UNAVAILABLE;
	} else {
		fc_status_json(&s, &w);
		code = MHD_HTTP_OK;
	}
	fc_status_free(&s);
	log_request(h, c, method, url, code);
	return reply(c, code, &w, 0);
}

struct fc_httpd *
fc_httpd_start(int fd, const struct fc_conf *conf, int64_t now,
    struct fc_log *log, struct fc_err *e)
{
	struct fc_httpd *h;

	if ((h = calloc(1, sizeof(*h))) == NULL) {
		close(fd);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	h->conf = conf;
	h->now = now;
	h->log = log;
	pthread_mutex_init(&h->logmu, NULL);
	h->d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, answer, h,
	    MHD_OPTION_EXTERNAL_LOGGER, mhdlog, h,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)FC_HTTPD_THREADS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)FC_HTTPD_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)FC_HTTPD_MAXCONN,
	    MHD_OPTION_END);
	if (h->d == NULL) {
		/* whether MHD closed it on the way out is not documented */
		if (fcntl(fd, F_GETFD) != -1)
			close(fd);
		pthread_mutex_destroy(&h->logmu);
		free(h);
		fc_seterr(e, EX_UNAVAILABLE, "libmicrohttpd could not start");
		return NULL;
	}
	return h;
}

void
fc_httpd_stop(struct fc_httpd *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->d);
	pthread_mutex_destroy(&h->logmu);
	free(h);
}
