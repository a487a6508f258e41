/*
 * walk.c: the folder stack, the requests in flight and their token, for
 * the cloud listers (see walk.h).
 *
 * Every folder made is on one list (all) until it is freed, and every
 * request started has a call, on another, until its answer: a listing
 * stopped halfway (max_files, a failure) abandons requests with
 * fc_http_free(), which runs no callback, so their calls and folders are
 * found and freed here rather than leaked.  A synchronous GET has a call
 * too, on the stack, so that the 401 hook finds the token generation its
 * request was sent with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "list.h"
#include "timefmt.h"
#include "walk.h"

#define BEARER_REUSE	60	/* seconds a token is sent before asking again */

/* One request in flight: what its answer is for. */
struct call {
	struct fc_walk_folder *f;
	void		*data;
	unsigned	 gen;		/* the token generation it was sent with */
	struct call	*prev, *next;
};

struct fc_walk {
	struct fc_http	*h;
	struct fc_auth	*a;
	const char	*accept;
	unsigned	 gen;		/* forced token renewals so far */
	char		*hdr;		/* the Authorization value in use */
	int64_t		 hdr_at;	/* when it was asked for, monotonic s */
	struct fc_walk_folder *todo;	/* the stack */
	struct fc_walk_folder *all;	/* every folder not yet freed */
	struct call	*calls;		/* every call in flight */
	int		 inflight;
};

struct fc_walk *
fc_walk_new(const struct fc_http_opts *ho, struct fc_auth *a,
    const char *accept, struct fc_err *e)
{
	struct fc_walk *w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	if ((w->h = fc_http_new(ho, e)) == NULL) {
		free(w);
		return NULL;
	}
	w->a = a;
	w->accept = accept;
	return w;
}

struct fc_http *
fc_walk_http(struct fc_walk *w)
{
	return w->h;
}

static void
folder_free(struct fc_walk *w, struct fc_walk_folder *f)
{
	if (f->prev_all != NULL)
		f->prev_all->next_all = f->next_all;
	else
		w->all = f->next_all;
	if (f->next_all != NULL)
		f->next_all->prev_all = f->prev_all;
	free(f->id);
	free(f->path);
	free(f->tag);
	free(f);
}

void
fc_walk_free(struct fc_walk *w)
{
	struct call *c;

	if (w == NULL)
		return;
	/* requests abandoned by a stop go first: their calls are ours */
	fc_http_free(w->h);
	while ((c = w->calls) != NULL) {
		w->calls = c->next;
		free(c);
	}
	while (w->all != NULL)
		folder_free(w, w->all);
	if (w->hdr != NULL)
		explicit_bzero(w->hdr, strlen(w->hdr));
	free(w->hdr);
	free(w);
}

int
fc_walk_join(char **buf, size_t *cap, const char *parent, const char *name)
{
	size_t n = strlen(parent), m = strlen(name), need;
	char *p;

	need = n + 1 + 3 * m + 1;
	if (need > *cap) {
		if (need < 2 * *cap)
			need = 2 * *cap;
		if ((p = realloc(*buf, need)) == NULL)
			return -1;
		*buf = p;
		*cap = need;
	}
	memcpy(*buf, parent, n);
	if (n > 0)
		(*buf)[n++] = '/';
	(*buf)[n + fc_list_pathesc(*buf + n, name, m, 0)] = '\0';
	return 0;
}

const char *
fc_walk_name(const struct fc_walk_folder *f, char *buf, size_t len)
{
	const char *p = f->path;
	size_t n = strlen(p);
	char *c;

	if (len == 0)
		return buf;
	if (n > 120) {
		p += n - 120;
		while (((unsigned char)*p & 0xc0) == 0x80)	/* mid-character */
			p++;
	}
	if (n == 0)
		snprintf(buf, len, "the scope's folder (%.100s)", f->id);
	else
		snprintf(buf, len, "folder \"%s%s\" (%.100s)",
		    p == f->path ? "" : "...", p, f->id);
	for (c = buf; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return buf;
}

struct fc_walk_folder *
fc_walk_push(struct fc_walk *w, const char *id, const char *parent,
    const char *name, const char *tag, struct fc_err *e)
{
	struct fc_walk_folder *f;
	size_t cap = 0;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->id = strdup(id)) == NULL ||
	    (name == NULL ? (f->path = strdup(parent)) == NULL :
	    fc_walk_join(&f->path, &cap, parent, name) == -1) ||
	    (tag != NULL && (f->tag = strdup(tag)) == NULL)) {
		if (f != NULL) {
			free(f->id);
			free(f->path);
		}
		free(f);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	f->next_all = w->all;
	if (w->all != NULL)
		w->all->prev_all = f;
	w->all = f;
	f->next = w->todo;
	w->todo = f;
	return f;
}

struct fc_walk_folder *
fc_walk_pop(struct fc_walk *w)
{
	struct fc_walk_folder *f = w->todo;

	if (f != NULL)
		w->todo = f->next;
	return f;
}

int
fc_walk_waiting(const struct fc_walk *w)
{
	return w->todo != NULL;
}

int
fc_walk_inflight(const struct fc_walk *w)
{
	return w->inflight;
}

void
fc_walk_release(struct fc_walk *w, struct fc_walk_folder *f)
{
	if (f != NULL && --f->refs == 0)
		folder_free(w, f);
}

/* The Authorization value to send: kept a while, renewed when forced. */
static const char *
bearer(struct fc_walk *w, int force, struct fc_err *e)
{
	const char *hdr;
	char *p;

	if (w->hdr != NULL && !force &&
	    fc_time_mono_ms() / 1000 - w->hdr_at < BEARER_REUSE)
		return w->hdr;
	if (fc_auth_bearer(w->a, force, &hdr, e) == -1)
		return NULL;
	if ((p = strdup(hdr)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	if (w->hdr != NULL)
		explicit_bzero(w->hdr, strlen(w->hdr));
	free(w->hdr);
	w->hdr = p;
	w->hdr_at = fc_time_mono_ms() / 1000;
	return w->hdr;
}

/* A 401 answer: the token is renewed once, unless that already happened. */
static int
reauth(void *arg, struct fc_http_req *r, struct fc_err *e)
{
	struct fc_walk *w = arg;
	struct call *c = fc_http_req_data(r);
	const char *hdr;

	/* a request sent before the last renewal only needs the new token */
	if ((hdr = bearer(w, c->gen == w->gen, e)) == NULL)
		return -1;
	if (c->gen == w->gen)
		w->gen++;
	c->gen = w->gen;
	return fc_http_req_header(r, "Authorization", hdr, e);
}

/* A GET with the token, for call c. */
static struct fc_http_req *
newreq(struct fc_walk *w, const char *url, const char *what, int class,
    struct call *c, struct fc_err *e)
{
	struct fc_http_req *r;
	const char *hdr;

	if ((hdr = bearer(w, 0, e)) == NULL ||
	    (r = fc_http_req_new("GET", url, what, class, e)) == NULL)
		return NULL;
	if (fc_http_req_header(r, "Authorization", hdr, e) == -1 ||
	    (w->accept != NULL &&
	    fc_http_req_header(r, "Accept", w->accept, e) == -1)) {
		fc_http_req_free(r);
		return NULL;
	}
	c->gen = w->gen;
	fc_http_req_set_data(r, c);
	fc_http_req_reauth(r, reauth, w);
	return r;
}

int
fc_walk_start(struct fc_walk *w, const char *url, const char *what,
    int class, fc_http_done *done, void *arg, struct fc_walk_folder *f,
    void *data, struct fc_err *e)
{
	struct fc_http_req *r;
	struct call *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if ((r = newreq(w, url, what, class, c, e)) == NULL) {
		free(c);
		return -1;
	}
	c->f = f;
	c->data = data;
	if (fc_http_start(w->h, r, done, arg, e) == -1) {
		free(c);
		return -1;
	}
	c->next = w->calls;
	if (w->calls != NULL)
		w->calls->prev = c;
	w->calls = c;
	w->inflight++;
	if (f != NULL)
		f->refs++;
	return 0;
}

struct fc_walk_folder *
fc_walk_finish(struct fc_walk *w, struct fc_http_req *r, void **data)
{
	struct call *c = fc_http_req_data(r);
	struct fc_walk_folder *f = c->f;

	if (data != NULL)
		*data = c->data;
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		w->calls = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	free(c);
	w->inflight--;
	return f;
}

int
fc_walk_get(struct fc_walk *w, const char *url, const char *what, int class,
    struct fc_http_resp *resp, struct fc_err *e)
{
	struct fc_http_req *r;
	struct call c;

	/* for reauth(); the request is gone when fc_http_do() returns */
	memset(&c, 0, sizeof(c));
	if ((r = newreq(w, url, what, class, &c, e)) == NULL)
		return -1;
	return fc_http_do(w->h, r, resp, e);
}
