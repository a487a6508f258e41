/*
 * http.c: requests on one curl multi handle, retried and paced.
 *
 * The loop in run_until() does three things in turn: starts the queued
 * requests that are due (their backoff over, a slot free, their class's
 * pacing allowing), lets libcurl move the transfers on, and takes one
 * finished attempt to retry() or to its callback.  Between rounds it
 * waits in curl_multi_poll() no longer than the next due time, so a
 * request in backoff costs nothing while others run.
 *
 * Why full jitter on backoff: a walk has dozens of requests in flight,
 * and a 503 usually hits them together; spreading their retries over
 * the whole window keeps them from coming back together too.
 *
 * Pacing is a token bucket per class holding at most PACE_BURST
 * requests, so a class limited to 300 a minute starts 2 at once and then
 * one every 200 ms, and never more than rate + 2 in any minute.  A
 * second's worth (5 there) let a walk that had waited on its answers
 * catch up in a burst that overran the server's fixed windows: against
 * APS's limits with time scaled by 10 (300 contents in each 6 s), a
 * walk of 1,000 folders got 71 answers 429 in 2,547 requests and took
 * 1.16 times the pacing's bound; with 2, which still absorbs the delay
 * of waking up, 5 in 2,481, 1.00 times (make bench, Autodesk).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sysexits.h>
#include <time.h>

#include <curl/curl.h>

#include "http.h"
#include "json.h"
#include "timefmt.h"
#include "version.h"

#define BODY_MAX	(64L << 20)	/* no API page comes near this */
#define PACE_BURST	2	/* requests a paced class may start at once */

struct fc_http_req {
	char		*method;
	char		*url;
	const char	*what;
	int		 class;
	char		**hdr;		/* "Name: value" */
	size_t		 nhdr;
	char		*body;
	size_t		 bodylen;
	fc_http_reauth	*reauth;
	void		*reauth_arg;
	int		 reauthed;
	void		*data;

	/* while queued or in flight */
	fc_http_done	*done;
	void		*arg;
	CURL		*easy;
	struct curl_slist *sl;
	char		*buf;
	size_t		 len;
	size_t		 cap;
	int		 toobig;
	int		 limited;
	long		 retry_after;
	int		 attempts;
	int64_t		 due;		/* monotonic ms it may start at */
	int64_t		 t0;
	char		 errbuf[CURL_ERROR_SIZE];
	struct fc_http_req *next;
};

struct fc_http {
	CURLM		*multi;
	struct fc_http_opts o;
	char		 agent[160];
	struct fc_http_req *queue;	/* waiting to start, in order */
	struct fc_http_req **active;	/* o.max_active slots */
	int		 nactive;
	double		 rate[FC_HTTP_CLASSES];	/* per second; 0: none */
	double		 tokens[FC_HTTP_CLASSES];
	int64_t		 filled[FC_HTTP_CLASSES];
	uint64_t	 rng;
	int		 stopped;
};

/* xorshift64*: jitter needs spread, not secrecy. */
static uint64_t
rnd(struct fc_http *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * 0x2545f4914f6cdd1dULL;
}

struct fc_http *
fc_http_new(const struct fc_http_opts *o, struct fc_err *e)
{
	struct fc_http *h;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fc_seterr(e, EX_SOFTWARE, "libcurl would not start");
		return NULL;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	if (o != NULL)
		h->o = *o;
	if (h->o.connect_ms <= 0)
		h->o.connect_ms = 10000;
	if (h->o.total_ms <= 0)
		h->o.total_ms = 120000;
	if (h->o.retries < 0)
		h->o.retries = 4;
	if (h->o.backoff_ms <= 0)
		h->o.backoff_ms = 500;
	if (h->o.backoff_max_ms <= 0)
		h->o.backoff_max_ms = 30000;
	if (h->o.retry_after_max <= 0)
		h->o.retry_after_max = 600;
	if (h->o.max_active <= 0)
		h->o.max_active = 8;
	snprintf(h->agent, sizeof(h->agent), "fc/%s%s%s", FC_VERSION,
	    h->o.agent ? " " : "", h->o.agent ? h->o.agent : "");
	if (getrandom(&h->rng, sizeof(h->rng), 0) != sizeof(h->rng) ||
	    h->rng == 0)
		h->rng = (uint64_t)fc_time_mono_ms() | 1;
	h->active = calloc((size_t)h->o.max_active, sizeof(*h->active));
	if (h->active == NULL || (h->multi = curl_multi_init()) == NULL) {
		free(h->active);
		free(h);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)h->o.max_active);
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	return h;
}

static void
req_free(struct fc_http_req *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nhdr; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->method);
	free(r->url);
	free(r->body);
	free(r->buf);
	curl_slist_free_all(r->sl);
	if (r->easy != NULL)
		curl_easy_cleanup(r->easy);
	free(r);
}

void
fc_http_free(struct fc_http *h)
{
	struct fc_http_req *r, *next;
	int i;

	if (h == NULL)
		return;
	for (i = 0; i < h->o.max_active; i++)
		if ((r = h->active[i]) != NULL) {
			curl_multi_remove_handle(h->multi, r->easy);
			req_free(r);
		}
	for (r = h->queue; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	curl_multi_cleanup(h->multi);
	free(h->active);
	free(h);
}

void
fc_http_pace(struct fc_http *h, int class, double per_minute)
{
	if (class < 0 || class >= FC_HTTP_CLASSES)
		return;
	h->rate[class] = per_minute > 0 ? per_minute / 60.0 : 0;
	h->tokens[class] = PACE_BURST;
	h->filled[class] = fc_time_mono_ms();
}

struct fc_http_req *
fc_http_req_new(const char *method, const char *url, const char *what,
    int class, struct fc_err *e)
{
	struct fc_http_req *r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->method = strdup(method)) == NULL ||
	    (r->url = strdup(url)) == NULL) {
		req_free(r);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	r->what = what;
	r->class = class >= 0 && class < FC_HTTP_CLASSES ? class : 0;
	return r;
}

int
fc_http_req_header(struct fc_http_req *r, const char *name,
    const char *value, struct fc_err *e)
{
	size_t nl = strlen(name), i;
	char *h, **v;

	if ((h = malloc(nl + 2 + strlen(value) + 1)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	sprintf(h, "%s: %s", name, value);
	for (i = 0; i < r->nhdr; i++)
		if (strncasecmp(r->hdr[i], name, nl) == 0 &&
		    r->hdr[i][nl] == ':') {
			/* a token in the old one goes with it */
			explicit_bzero(r->hdr[i], strlen(r->hdr[i]));
			free(r->hdr[i]);
			r->hdr[i] = h;
			return 0;
		}
	if ((v = reallocarray(r->hdr, r->nhdr + 1, sizeof(*v))) == NULL) {
		free(h);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	r->hdr = v;
	r->hdr[r->nhdr++] = h;
	return 0;
}

int
fc_http_req_body(struct fc_http_req *r, const char *type, const char *body,
    size_t len, struct fc_err *e)
{
	free(r->body);
	if ((r->body = malloc(len + 1)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	memcpy(r->body, body, len);
	r->body[len] = '\0';
	r->bodylen = len;
	return fc_http_req_header(r, "Content-Type", type, e);
}

void
fc_http_req_reauth(struct fc_http_req *r, fc_http_reauth *fn, void *arg)
{
	r->reauth = fn;
	r->reauth_arg = arg;
}

void
fc_http_req_set_data(struct fc_http_req *r, void *data)
{
	r->data = data;
}

void *
fc_http_req_data(const struct fc_http_req *r)
{
	return r->data;
}

const char *
fc_http_req_url(const struct fc_http_req *r)
{
	return r->url;
}

void
fc_http_req_free(struct fc_http_req *r)
{
	req_free(r);
}

static size_t
onbody(char *p, size_t size, size_t n, void *arg)
{
	struct fc_http_req *r = arg;
	size_t len = size * n, cap;
	char *b;

	if (r->len + len + 1 > (size_t)BODY_MAX) {
		r->toobig = 1;
		return 0;		/* libcurl ends the transfer */
	}
	if (r->len + len + 1 > r->cap) {
		cap = r->cap ? r->cap : 16384;
		while (cap < r->len + len + 1)
			cap *= 2;
		if ((b = realloc(r->buf, cap)) == NULL)
			return 0;
		r->buf = b;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, p, len);
	r->len += len;
	r->buf[r->len] = '\0';
	return len;
}

int
fc_http_start(struct fc_http *h, struct fc_http_req *r, fc_http_done *done,
    void *arg, struct fc_err *e)
{
	struct fc_http_req **pp;

	(void)e;
	r->done = done;
	r->arg = arg;
	r->due = 0;
	r->next = NULL;
	for (pp = &h->queue; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = r;
	return 0;
}

/* The path of a URL, without scheme, host or query: what may be logged. */
static void
logpath(const char *url, char *out, size_t len)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p ? strchr(p + 3, '/') : url;
	if (p == NULL)
		p = "/";
	n = strcspn(p, "?#");
	snprintf(out, len, "%.*s", (int)n, p);
}

static int
attempt(struct fc_http *h, struct fc_http_req *r, int slot, struct fc_err *e)
{
	CURL *c = r->easy;
	size_t i;

	if (c == NULL && (c = r->easy = curl_easy_init()) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	curl_easy_reset(c);
	curl_slist_free_all(r->sl);
	r->sl = NULL;
	for (i = 0; i < r->nhdr; i++) {
		struct curl_slist *sl = curl_slist_append(r->sl, r->hdr[i]);

		if (sl == NULL)
			return fc_seterr(e, EX_OSERR, "out of memory");
		r->sl = sl;
	}
	r->len = 0;
	r->toobig = 0;
	r->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, r->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->sl);
	curl_easy_setopt(c, CURLOPT_USERAGENT, h->agent);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->o.total_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* a redirect would carry the Authorization header elsewhere */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onbody);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(c, CURLOPT_PRIVATE, r);
	if (strcmp(r->method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)r->bodylen);
	} else if (strcmp(r->method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r->method);
	if (curl_multi_add_handle(h->multi, c) != CURLM_OK)
		return fc_seterr(e, EX_SOFTWARE, "curl_multi_add_handle");
	r->attempts++;
	r->t0 = fc_time_mono_ms();
	h->active[slot] = r;
	h->nactive++;
	return 0;
}

/* Whether class may start a request now; takes the token if so. */
static int
paced(struct fc_http *h, int class, int64_t now, int64_t *wait)
{
	if (h->rate[class] <= 0)
		return 1;
	h->tokens[class] += (double)(now - h->filled[class]) / 1000.0 *
	    h->rate[class];
	if (h->tokens[class] > PACE_BURST)
		h->tokens[class] = PACE_BURST;
	h->filled[class] = now;
	if (h->tokens[class] >= 1) {
		h->tokens[class] -= 1;
		return 1;
	}
	*wait = (int64_t)((1 - h->tokens[class]) / h->rate[class] * 1000) + 1;
	return 0;
}

/*
 * Starts what is due.  Returns the milliseconds until the next queued
 * request could start (-1: nothing waits), or -2 with *e set.
 */
static long
start_due(struct fc_http *h, struct fc_err *e)
{
	struct fc_http_req **pp, *r;
	int64_t now = fc_time_mono_ms(), wait, next = -1;
	int slot, blocked[FC_HTTP_CLASSES] = { 0 };

	for (pp = &h->queue; (r = *pp) != NULL;) {
		if (h->nactive == h->o.max_active)
			return -1;	/* a finished transfer wakes the loop */
		wait = r->due - now;
		if (wait <= 0 && !blocked[r->class] &&
		    !paced(h, r->class, now, &wait)) {
			blocked[r->class] = 1;	/* keep the class in order */
		} else if (wait <= 0 && !blocked[r->class]) {
			*pp = r->next;
			for (slot = 0; h->active[slot] != NULL; slot++)
				;
			if (attempt(h, r, slot, e) == -1) {
				req_free(r);
				return -2;
			}
			continue;
		}
		if (wait > 0 && (next < 0 || wait < next))
			next = wait;
		pp = &r->next;
	}
	return (long)next;
}

static void
requeue(struct fc_http *h, struct fc_http_req *r, int64_t delay)
{
	struct fc_http_req **pp;

	r->due = fc_time_mono_ms() + delay;
	/* at the front: a retried request is older than those queued */
	pp = &h->queue;
	r->next = *pp;
	*pp = r;
}

/* Backoff before attempt n + 1 (n >= 1): full jitter under the cap. */
static int64_t
backoff(struct fc_http *h, int n)
{
	int64_t d = h->o.backoff_ms;

	while (--n > 0 && d < h->o.backoff_max_ms)
		d *= 2;
	if (d > h->o.backoff_max_ms)
		d = h->o.backoff_max_ms;
	return d / 2 + (int64_t)(rnd(h) % (uint64_t)(d / 2 + 1));
}

static void
logattempt(struct fc_http *h, struct fc_http_req *r, long status,
    CURLcode cc)
{
	struct fc_jw f;
	char path[256];
	int64_t ms = fc_time_mono_ms() - r->t0;

	if (h->o.log == NULL)
		return;
	logpath(r->url, path, sizeof(path));
	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_str(&f, "method", r->method);
	fc_jw_str(&f, "path", path);
	fc_jw_str(&f, "what", r->what);
	fc_jw_int(&f, "status", status);
	fc_jw_int(&f, "ms", ms);
	fc_jw_int(&f, "bytes", (int64_t)r->len);
	fc_jw_int(&f, "attempt", r->attempts);
	if (cc != CURLE_OK)
		fc_jw_str(&f, "transport", curl_easy_strerror(cc));
	fc_log(h->o.log, FC_DEBUG, h->o.endpoint, "http", &f, "%s %s %ld "
	    "%" PRId64 " ms", r->method, path, status, ms);
	fc_jw_free(&f);
}

/* Delivers r's answer to its callback and frees it. */
static int
deliver(struct fc_http *h, struct fc_http_req *r, long status, CURLcode cc)
{
	struct fc_http_resp resp;
	char path[256];
	int rv;

	memset(&resp, 0, sizeof(resp));
	resp.status = status;
	resp.body = r->buf ? r->buf : "";
	resp.len = r->len;
	resp.retry_after = r->retry_after;
	resp.attempts = r->attempts;
	resp.limited = r->limited;
	if (status == 0) {
		logpath(r->url, path, sizeof(path));
		fc_seterr(&resp.err, cc == CURLE_OPERATION_TIMEDOUT ?
		    EX_TEMPFAIL : EX_UNAVAILABLE, "%s %s: %s", r->method, path,
		    r->toobig ? "answer larger than 64 MiB" :
		    curl_easy_strerror(cc));
	}
	rv = r->done != NULL ? r->done(r->arg, r, &resp) : 0;
	req_free(r);
	if (rv == -1)
		h->stopped = 1;
	return rv;
}

/* A finished attempt: retried, or delivered. */
static void
finished(struct fc_http *h, struct fc_http_req *r, CURLcode cc)
{
	struct fc_err e;
	long status = 0;
	curl_off_t ra = -1;

	if (cc == CURLE_OK)
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	logattempt(h, r, status, cc);
	r->retry_after = -1;
	r->limited = status == 429 || (status >= 400 && status < 500 &&
	    status != 401 && h->o.limited != NULL &&
	    h->o.limited(status, r->buf ? r->buf : "", r->len));
	if (r->limited) {
		/* both forms, seconds and an HTTP date; -1 when absent */
		if (curl_easy_getinfo(r->easy, CURLINFO_RETRY_AFTER, &ra) !=
		    CURLE_OK || ra <= 0)
			ra = -1;
		r->retry_after = (long)ra;
	}
	if (r->attempts <= h->o.retries) {
		if (r->limited) {
			if (ra < 0) {
				requeue(h, r, backoff(h, r->attempts));
				return;
			}
			if (ra > h->o.retry_after_max)
				ra = h->o.retry_after_max;
			/* a second more: the window it names may be ours */
			requeue(h, r, ((int64_t)ra + 1) * 1000);
			return;
		}
		if ((status == 0 && !r->toobig) || status >= 500) {
			requeue(h, r, backoff(h, r->attempts));
			return;
		}
	}
	if (status == 401 && r->reauth != NULL && !r->reauthed) {
		r->reauthed = 1;
		memset(&e, 0, sizeof(e));
		if (r->reauth(r->reauth_arg, r, &e) == 0) {
			requeue(h, r, 0);
			return;
		}
	}
	deliver(h, r, status, cc);
}

static int
run_until(struct fc_http *h, const int *flag, struct fc_err *e)
{
	struct fc_http_req *r;
	CURLMsg *m;
	long wait, curl_wait;
	int running, left, i, timeout, done;

	h->stopped = 0;
	while ((h->queue != NULL || h->nactive > 0) && !h->stopped &&
	    (flag == NULL || !*flag)) {
		if ((wait = start_due(h, e)) == -2)
			return -1;
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			return fc_seterr(e, EX_SOFTWARE, "curl_multi_perform");
		/*
		 * One finished transfer a round: what its callback queued
		 * starts, and goes out, before the next callback runs.  All
		 * of them at once held every freed slot until the last
		 * callback of the batch had parsed its page, and the slots
		 * came back together again one latency later, in a convoy
		 * that added the batch's parsing to every round trip.
		 */
		done = 0;
		while (done == 0 &&
		    (m = curl_multi_info_read(h->multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			done++;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    (char **)&r);
			curl_multi_remove_handle(h->multi, m->easy_handle);
			for (i = 0; i < h->o.max_active; i++)
				if (h->active[i] == r)
					h->active[i] = NULL;
			h->nactive--;
			finished(h, r, m->data.result);
		}
		if (h->stopped || (flag != NULL && *flag))
			break;
		if (h->nactive == 0 && wait < 0 && h->queue == NULL)
			break;
		/*
		 * A slot came free, and a callback may have queued a request
		 * for it: start that before waiting, or with every slot busy
		 * at start_due() the wait would be the whole second below.
		 */
		if (done > 0)
			continue;
		/* wait for a socket, a curl timer or the next due request */
		curl_wait = -1;
		curl_multi_timeout(h->multi, &curl_wait);
		timeout = 1000;
		if (wait >= 0 && wait < timeout)
			timeout = (int)wait;
		if (curl_wait >= 0 && curl_wait < timeout)
			timeout = (int)curl_wait;
		if (h->nactive > 0 || timeout > 0)
			if (curl_multi_poll(h->multi, NULL, 0, timeout, NULL) !=
			    CURLM_OK)
				return fc_seterr(e, EX_SOFTWARE,
				    "curl_multi_poll");
	}
	return h->stopped ? 1 : 0;
}

int
fc_http_push(struct fc_http *h, struct fc_err *e)
{
	int running;

	/* callbacks run from run_until(), never from curl_multi_perform() */
	if (start_due(h, e) == -2)
		return -1;
	if (curl_multi_perform(h->multi, &running) != CURLM_OK)
		return fc_seterr(e, EX_SOFTWARE, "curl_multi_perform");
	return 0;
}

int
fc_http_run(struct fc_http *h, struct fc_err *e)
{
	return run_until(h, NULL, e);
}

struct one {
	struct fc_http_resp *resp;
	int	 done;
	int	 oom;
};

static int
done_one(void *arg, struct fc_http_req *r, struct fc_http_resp *resp)
{
	struct one *o = arg;

	*o->resp = *resp;
	/* keep the body: take it from the request before it is freed */
	if (resp->body == r->buf)
		r->buf = NULL;
	else if ((o->resp->body = strdup(resp->body)) == NULL)
		o->oom = 1;
	o->done = 1;
	return 0;
}

int
fc_http_do(struct fc_http *h, struct fc_http_req *r,
    struct fc_http_resp *resp, struct fc_err *e)
{
	struct one o;

	memset(resp, 0, sizeof(*resp));
	memset(&o, 0, sizeof(o));
	o.resp = resp;
	if (fc_http_start(h, r, done_one, &o, e) == -1)
		return -1;
	if (run_until(h, &o.done, e) == -1)
		return -1;
	if (o.oom)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if (!o.done)
		return fc_seterr(e, EX_SOFTWARE, "request abandoned");
	if (resp->status == 0) {
		*e = resp->err;
		fc_http_resp_free(resp);
		return -1;
	}
	return 0;
}

void
fc_http_resp_free(struct fc_http_resp *resp)
{
	free(resp->body);
	resp->body = NULL;
}

int
fc_http_link(const char *base, const char *href, char **url)
{
	const char *p;
	size_t n;

	*url = NULL;
	/* the scheme, host and port of base, without its path */
	p = strstr(base, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	n = p ? (size_t)(p - base) : strlen(base);
	if (strncmp(href, "http://", 7) == 0 ||
	    strncmp(href, "https://", 8) == 0) {
		/*
		 * The same origin, to the byte, then a path or a query: not
		 * "https://host.evil", "https://host@evil" or "https://host:1"
		 */
		if (strncmp(href, base, n) != 0 ||
		    (href[n] != '\0' && href[n] != '/' && href[n] != '?'))
			return 1;
		return (*url = strdup(href)) == NULL ? -1 : 0;
	}
	/* "//host/...", scheme-relative, would name a host of its own */
	if (href[0] == '/' && href[1] == '/')
		return 1;
	if ((*url = malloc(n + 1 + strlen(href) + 1)) == NULL)
		return -1;
	sprintf(*url, "%.*s%s%s", (int)n, base, href[0] == '/' ? "" : "/",
	    href);
	return 0;
}

char *
fc_http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	char *out, *o;

	if ((out = o = malloc(3 * strlen(s) + 1)) == NULL)
		return NULL;
	for (; (c = (unsigned char)*s) != '\0'; s++)
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	*o = '\0';
	return out;
}

int
fc_http_status_code(long status)
{
	if (status >= 200 && status < 300)
		return 0;
	if (status == 401 || status == 403)
		return EX_NOPERM;
	if (status == 429)
		return EX_TEMPFAIL;
	if (status >= 500 || status == 0)
		return EX_UNAVAILABLE;
	return EX_PROTOCOL;
}
