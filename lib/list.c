/*
 * list.c: the lister of each type and the framing every listing shares.
 *
 * The framing is where the rules about listings are kept, so that no
 * lister can get them wrong on its own: a listing cut short by max_files
 * or with an entry left out ends complete:false (fc-ingest then deletes
 * nothing), and only a complete listing carries a cursor forward.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "list.h"
#include "timefmt.h"

/*
 * The lister of each type, by the id fc_lister_find() gives.  The names
 * live apart, in list_types.c, so that a program that only checks a
 * type (conf.c, in every program) links no lister and none of their
 * libraries: fc-ingest and fc-status need no libcurl.
 */
static fc_lister_fn *const listfn[] = {
	[FC_LISTER_LOCAL] = fc_list_local,
	[FC_LISTER_AUTODESK] = fc_list_aps,
	[FC_LISTER_GDRIVE] = fc_list_gdrive,
};

#define NLISTFN	(sizeof(listfn) / sizeof(listfn[0]))

int
fc_listing_begin(struct fc_listing *l, const char *mode, const char *scope,
    struct fc_err *e)
{
	struct fc_begin b;

	memset(&b, 0, sizeof(b));
	b.endpoint = l->ep->name;
	b.endpoint_type = l->type;
	b.mode = mode;
	b.scope = scope;
	b.run = l->o->run;
	b.started_at = fc_time_now();
	/*
	 * Out at once, past the output buffer: fc-ingest records a listing
	 * when it begins, and so has a sync to fail if fc-list dies in it.
	 */
	if (fc_emit_begin(l->out, l->w, &b) == -1 || fflush(l->out) == EOF)
		return fc_seterr(e, EX_IOERR, "output: %s", strerror(errno));
	l->begun = 1;
	return 0;
}

int
fc_listing_file(struct fc_listing *l, const struct fc_file *f,
    struct fc_err *e)
{
	struct fc_file g;

	if (l->o->max_files >= 0 && l->rep->count >= l->o->max_files) {
		l->rep->truncated = 1;
		return 1;
	}
	g = *f;
	g.endpoint = l->ep->name;
	if (fc_emit_file(l->out, l->w, &g) == -1) {
		if (errno == EILSEQ)
			return fc_seterr(e, EX_DATAERR, "file %s: a value is "
			    "not UTF-8", f->id);
		return fc_seterr(e, EX_IOERR, "output: %s", strerror(errno));
	}
	l->rep->count++;
	return 0;
}

int
fc_list_wanted(const struct fc_details *d, const char *name, size_t len)
{
	const char *t;
	size_t i, tl;

	if (d->n_file_types == 0)
		return 1;
	for (i = 0; i < d->n_file_types; i++) {
		t = d->file_types[i];
		if (*t == '.')
			t++;
		tl = strlen(t);
		if (tl > 0 && len >= tl + 2 && name[len - tl - 1] == '.' &&
		    strncasecmp(name + len - tl, t, tl) == 0)
			return 1;
	}
	return 0;
}

void
fc_listing_skip(struct fc_listing *l, const char *what, const char *why)
{
	struct fc_list_report *rep = l->rep;
	char *p;

	if (rep->unreadable++ > 0)
		return;
	snprintf(rep->first, sizeof(rep->first), "%s: %s", what, why);
	/* the text goes to a terminal: no control bytes from a file name */
	for (p = rep->first; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

int
fc_listing_end(struct fc_listing *l, int complete, const char *cursor,
    struct fc_err *e)
{
	struct fc_end en;

	memset(&en, 0, sizeof(en));
	en.endpoint = l->ep->name;
	en.complete = complete && !l->rep->truncated &&
	    l->rep->unreadable == 0;
	en.count = l->rep->count;
	en.cursor = en.complete ? cursor : NULL;
	en.finished_at = fc_time_now();
	if (fc_emit_end(l->out, l->w, &en) == -1)
		return fc_seterr(e, EX_IOERR, "output: %s", strerror(errno));
	l->rep->complete = en.complete;
	return 0;
}

size_t
fc_list_pathesc(char *dst, const char *s, size_t n, int keepslash)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '%' || (s[i] == '/' && !keepslash)) {
			dst[o++] = '%';
			dst[o++] = '2';
			dst[o++] = s[i] == '%' ? '5' : 'F';
		} else
			dst[o++] = s[i];
	return o;
}

int
fc_list(FILE *out, struct fc_jw *w, const struct fc_endpoint *ep,
    const struct fc_conf *conf, const struct fc_list_opts *o,
    struct fc_err *e)
{
	struct fc_list_report myrep;
	const struct fc_lister *lr;
	struct fc_listing l;
	char types[FC_LISTER_TYPES];

	memset(&l, 0, sizeof(l));
	l.rep = o->report ? o->report : &myrep;
	memset(l.rep, 0, sizeof(*l.rep));
	if ((lr = fc_lister_find(ep->endpoint_type)) == NULL)
		return fc_seterr(e, EX_CONFIG, "endpoint_type %s: expected %s",
		    ep->endpoint_type ? ep->endpoint_type : "(none)",
		    fc_lister_types(types, sizeof(types)));
	if ((size_t)lr->id >= NLISTFN || listfn[lr->id] == NULL)
		return fc_seterr(e, EX_CONFIG, "endpoint_type %s is not "
		    "supported by this fc-list", lr->type);
	l.out = out;
	l.w = w;
	l.ep = ep;
	l.conf = conf;
	l.o = o;
	l.type = lr->type;
	return listfn[lr->id](&l, e);
}
