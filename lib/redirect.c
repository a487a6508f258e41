/*
 * redirect.c: a one-shot HTTP listener for the login's redirect.
 *
 * It reads just the request line: the browser's GET carries all that
 * matters in its target.  Hand-written rather than through
 * libmicrohttpd, because it serves one request of one person and must
 * give the connection back to the caller to answer later; it trusts
 * nothing it reads (the line is bounded, and only its path and query
 * are used).
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "redirect.h"
#include "timefmt.h"

#define LINE_MAX_	8192

/* Splits "http://host:port/path" into its parts. */
static int
split(const char *url, char *host, size_t hl, char *port, size_t pl,
    const char **path)
{
	const char *h, *p, *c;

	if (strncmp(url, "http://", 7) != 0)
		return -1;
	h = url + 7;
	if ((p = strchr(h, '/')) == NULL)
		p = h + strlen(h);
	*path = *p ? p : "/";
	if (*h == '[') {
		if ((c = memchr(h, ']', (size_t)(p - h))) == NULL)
			return -1;
		snprintf(host, hl, "%.*s", (int)(c - h - 1), h + 1);
		c++;
	} else {
		c = memchr(h, ':', (size_t)(p - h));
		snprintf(host, hl, "%.*s", (int)((c ? c : p) - h), h);
	}
	if (c != NULL && c < p && *c == ':')
		snprintf(port, pl, "%.*s", (int)(p - c - 1), c + 1);
	else
		snprintf(port, pl, "80");
	return host[0] == '\0' ? -1 : 0;
}

int
fc_redirect_listen(const char *url, struct fc_err *e)
{
	struct addrinfo hints, *res, *ai;
	char host[256], port[16];
	const char *path;
	int fd = -1, on = 1, rc, saved = 0;

	if (split(url, host, sizeof(host), port, sizeof(port), &path) == -1)
		return fc_seterr(e, EX_CONFIG, "callback_url %s: expected "
		    "http://host:port/path", url);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0)
		return fc_seterr(e, EX_CONFIG, "callback_url %s: %s", url,
		    gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 8) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		return fc_seterr(e, saved == EADDRINUSE ? EX_UNAVAILABLE :
		    EX_CONFIG, "callback_url %s: cannot listen on %s port %s: "
		    "%s", url, host, port, strerror(saved ? saved : EINVAL));
	return fd;
}

int
fc_redirect_port(int lfd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(lfd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return -1;
}

/* Reads the request line of cfd, within the deadline. */
static int
request_line(int cfd, char *buf, size_t len, int64_t deadline)
{
	struct pollfd p;
	size_t n = 0;
	ssize_t r;
	int64_t left;

	while (n + 1 < len) {
		if ((left = deadline - fc_time_mono_ms()) <= 0)
			return -1;
		p.fd = cfd;
		p.events = POLLIN;
		if (poll(&p, 1, (int)left) <= 0)
			return -1;
		if ((r = read(cfd, buf + n, len - 1 - n)) <= 0)
			return -1;
		n += (size_t)r;
		buf[n] = '\0';
		if (strchr(buf, '\n') != NULL)
			return 0;
	}
	return -1;
}

static void
answer(int cfd, const char *status, const char *body)
{
	char head[256];
	int n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: "
	    "text/html; charset=utf-8\r\nContent-Length: %zu\r\n"
	    "Cache-Control: no-store\r\nConnection: close\r\n\r\n", status,
	    strlen(body));
	if (write(cfd, head, (size_t)n) == n)
		(void)!write(cfd, body, strlen(body));
	close(cfd);
}

int
fc_redirect_wait(int lfd, const char *url, int timeout_ms, char **query,
    struct fc_err *e)
{
	char host[256], port[16], line[LINE_MAX_], *t, *sp, *q;
	const char *path;
	struct pollfd p;
	int64_t deadline = fc_time_mono_ms() + timeout_ms, left;
	size_t plen;
	int cfd;

	if (split(url, host, sizeof(host), port, sizeof(port), &path) == -1)
		return fc_seterr(e, EX_CONFIG, "callback_url %s: expected "
		    "http://host:port/path", url);
	plen = strcspn(path, "?#");
	for (;;) {
		if ((left = deadline - fc_time_mono_ms()) <= 0)
			return fc_seterr(e, EX_TEMPFAIL, "no answer from the "
			    "browser in %d s", timeout_ms / 1000);
		p.fd = lfd;
		p.events = POLLIN;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if ((cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
			continue;
		if (request_line(cfd, line, sizeof(line), deadline) == -1) {
			close(cfd);
			continue;
		}
		/* "GET /path?query HTTP/1.1" */
		if (strncmp(line, "GET ", 4) != 0 ||
		    (sp = strchr(t = line + 4, ' ')) == NULL) {
			answer(cfd, "400 Bad Request", "bad request\n");
			continue;
		}
		*sp = '\0';
		if (strncmp(t, path, plen) != 0 ||
		    (t[plen] != '?' && t[plen] != '\0')) {
			answer(cfd, "404 Not Found", "not here\n");
			continue;
		}
		if ((q = strdup(t[plen] == '?' ? t + plen + 1 : "")) == NULL) {
			close(cfd);
			return fc_seterr(e, EX_OSERR, "out of memory");
		}
		explicit_bzero(line, sizeof(line));
		*query = q;
		return cfd;
	}
}

void
fc_redirect_reply(int cfd, int ok, const char *text)
{
	char body[1024];

	snprintf(body, sizeof(body), "<!doctype html><meta charset=utf-8>"
	    "<title>fc login</title><p>%s</p><p>%s</p>\n",
	    ok ? "fc: logged in." : "fc: the login did not work.", text);
	answer(cfd, ok ? "200 OK" : "400 Bad Request", body);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* p .. end percent-decoded, malloc'd; NULL for a %00 (or no memory). */
static char *
decode(const char *p, const char *end)
{
	char *out, *o;
	int h, l;

	if ((out = o = malloc((size_t)(end - p) + 1)) == NULL)
		return NULL;
	for (; p < end; p++)
		if (*p == '+')
			*o++ = ' ';
		else if (*p == '%' && end - p > 2 &&
		    (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
			*o++ = (char)(h << 4 | l);
			p += 2;
		} else
			*o++ = *p;
	*o = '\0';
	/* a %00 would cut the value short: refused, as fc refuses it */
	if (strlen(out) != (size_t)(o - out)) {
		free(out);
		return NULL;
	}
	return out;
}

char *
fc_redirect_param(const char *query, const char *name)
{
	const char *p, *end;
	size_t nl = strlen(name);

	if ((p = strchr(query, '?')) != NULL)
		query = p + 1;
	for (p = query;; p = end + 1) {
		end = p + strcspn(p, "&#");
		if ((size_t)(end - p) > nl && strncmp(p, name, nl) == 0 &&
		    p[nl] == '=')
			return decode(p + nl + 1, end);
		if (*end != '&')
			break;
	}
	return NULL;
}
