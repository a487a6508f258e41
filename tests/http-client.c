/*
 * http-client.c: drives lib/http for tests/0400-http.t.
 *
 *	http-client [-A agent] [-a token] [-b backoff-ms] [-d body]
 *	    [-L logfile] [-n count] [-P per-minute] [-R token] [-r retries]
 *	    url
 *
 * Makes count requests of url (all queued at once, paced at per-minute
 * when given) with "Authorization: Bearer token", a POST when -d gives
 * a body, and a reauth hook that swaps in the -R token after a 401.
 * Prints one line per answer, "status attempts retry_after code body",
 * in the order the answers came; the test reads the server's log for
 * what was sent.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "http.h"
#include "log.h"

static const char *retoken;

static int
reauth(void *arg, struct fc_http_req *r, struct fc_err *e)
{
	char h[256];

	(void)arg;
	if (retoken == NULL)
		return fc_seterr(e, EX_NOPERM, "no fresh token");
	snprintf(h, sizeof(h), "Bearer %s", retoken);
	return fc_http_req_header(r, "Authorization", h, e);
}

static int
done(void *arg, struct fc_http_req *r, struct fc_http_resp *resp)
{
	(void)arg;
	(void)r;
	printf("%ld %d %ld %d %s\n", resp->status, resp->attempts,
	    resp->retry_after, resp->status ? fc_http_status_code(resp->status) :
	    resp->err.code, resp->status ? resp->body : resp->err.msg);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct fc_http_opts o;
	struct fc_http_req *r;
	struct fc_http *h;
	struct fc_log *log = NULL;
	struct fc_err e;
	const char *token = NULL, *body = NULL;
	char hdr[256];
	double rate = 0;
	int ch, n = 1, i;

	memset(&o, 0, sizeof(o));
	memset(&e, 0, sizeof(e));
	o.retries = -1;
	while ((ch = getopt(argc, argv, "A:a:b:d:L:n:P:R:r:")) != -1) {
		switch (ch) {
		case 'A':
			o.agent = optarg;
			break;
		case 'a':
			token = optarg;
			break;
		case 'b':
			o.backoff_ms = atol(optarg);
			break;
		case 'd':
			body = optarg;
			break;
		case 'L':
			if ((log = fc_log_open(optarg, "DEBUG", "http-client",
			    &e)) == NULL)
				errx(e.code, "%s", e.msg);
			break;
		case 'n':
			n = atoi(optarg);
			break;
		case 'P':
			rate = atof(optarg);
			break;
		case 'R':
			retoken = optarg;
			break;
		case 'r':
			o.retries = atoi(optarg);
			break;
		default:
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	o.log = log;
	o.endpoint = "test";
	if ((h = fc_http_new(&o, &e)) == NULL)
		errx(e.code, "%s", e.msg);
	fc_http_pace(h, 1, rate);
	for (i = 0; i < n; i++) {
		if ((r = fc_http_req_new(body ? "POST" : "GET", argv[optind],
		    "test", 1, &e)) == NULL)
			errx(e.code, "%s", e.msg);
		if (token != NULL) {
			snprintf(hdr, sizeof(hdr), "Bearer %s", token);
			if (fc_http_req_header(r, "Authorization", hdr, &e) == -1)
				errx(e.code, "%s", e.msg);
		}
		if (body != NULL && fc_http_req_body(r,
		    "application/x-www-form-urlencoded", body, strlen(body),
		    &e) == -1)
			errx(e.code, "%s", e.msg);
		fc_http_req_reauth(r, reauth, NULL);
		if (fc_http_start(h, r, done, NULL, &e) == -1)
			errx(e.code, "%s", e.msg);
	}
	if (fc_http_run(h, &e) == -1)
		errx(e.code, "%s", e.msg);
	fc_http_free(h);
	fc_log_close(log);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	return 0;
}
