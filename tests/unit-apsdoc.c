/*
 * unit-apsdoc.c: TAP tests of apsdoc.c's readers of GET hubs, GET
 * projects and GET project: what each element says, the order warnings
 * and hubs come in, paging, and what a malformed body is refused with.
 * The lister's side (the error line, the exit status) is in
 * 2220-list-aps-errors.t and 2270-list-aps-projects.t.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "apsdoc.h"
#include "tap.h"

/* What the callbacks saw, one line each: "w CODE STATUS DETAIL", "h ...". */
struct seen {
	char	buf[1024];
	int	stop_at;	/* stop at this hub or project (1-based); 0 never */
	int	count;
};

#define S(s)	((s) ? (s) : "-")

static void	add(struct seen *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
add(struct seen *sn, const char *fmt, ...)
{
	size_t len = strlen(sn->buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sn->buf + len, sizeof(sn->buf) - len, fmt, ap);
	va_end(ap);
}

static void
on_warning(void *arg, const struct fc_apsdoc_warning *w)
{
	add(arg, "w %s %s %s|", S(w->code), S(w->status), S(w->detail));
}

static int
on_hub(void *arg, const struct fc_apsdoc_hub *h)
{
	struct seen *sn = arg;

	add(sn, "h %s %s %s %d|", S(h->id), S(h->name), S(h->region),
	    h->account);
	return ++sn->count == sn->stop_at;
}

static int
on_project(void *arg, const struct fc_apsdoc_project *p)
{
	struct seen *sn = arg;

	add(sn, "p %s %s %s|", S(p->id), S(p->name), S(p->type));
	return ++sn->count == sn->stop_at;
}

#define ACCT	"{\"extension\":{\"type\":\"hubs:autodesk.bim360:Account\"}"

static void
test_hubs(void)
{
	struct seen sn;
	struct fc_err e;
	const char *odd;
	char *next;
	int rv;
	const char *page = "{\"meta\":{\"warnings\":[{\"ErrorCode\":"
	    "\"BIM360DM_ERROR\",\"HttpStatusCode\":\"403\",\"Detail\":\"no\"},"
	    "\"odd\"]},\"data\":[{\"id\":\"b.1\",\"attributes\":" ACCT
	    ",\"name\":\"Acme\",\"region\":\"EMEA\"}},{\"id\":\"a.2\","
	    "\"attributes\":{\"name\":\"Mine\",\"extension\":{\"type\":"
	    "\"hubs:autodesk.core:Hub\"}}},{\"id\":\"\",\"attributes\":" ACCT
	    "}}],\"links\":{\"next\":{\"href\":\"/project/v1/hubs?page=2\"}}}";

	memset(&sn, 0, sizeof(sn));
	rv = fc_apsdoc_hubs(page, strlen(page), on_warning, on_hub, &sn, &next,
	    &odd, &e);
	ok(rv == 0, "a page of hubs: 0");
	is(sn.buf, "w BIM360DM_ERROR 403 no|w - - -|h b.1 Acme EMEA 1|"
	    "h a.2 Mine - 0|h - - - 1|",
	    "warnings first, each; then the hubs in order, accounts marked");
	is(next, "/project/v1/hubs?page=2", "links.next.href, as it came");
	ok(odd == NULL, "nothing odd");
	free(next);

	memset(&sn, 0, sizeof(sn));
	sn.stop_at = 1;
	rv = fc_apsdoc_hubs(page, strlen(page), NULL, on_hub, &sn, &next, &odd,
	    &e);
	ok(rv == 1 && next == NULL, "stopped at the first hub: 1, no next");
	is(sn.buf, "h b.1 Acme EMEA 1|", "without warn, only the hubs");

	memset(&sn, 0, sizeof(sn));
	rv = fc_apsdoc_hubs("<html>", 6, on_warning, on_hub, &sn, &next, &odd,
	    &e);
	ok(rv == -1 && e.code == EX_PROTOCOL, "not JSON: -1, EX_PROTOCOL");
	is(e.msg, "not a JSON object", "saying so, quoting nothing");
	is(sn.buf, "", "no callback");
	ok(next == NULL && odd == NULL, "no next, nothing odd");

	memset(&sn, 0, sizeof(sn));
	rv = fc_apsdoc_hubs("[1]", 3, on_warning, on_hub, &sn, &next, &odd, &e);
	ok(rv == -1 && e.code == EX_PROTOCOL, "an array: -1, EX_PROTOCOL");
	is(e.msg, "not a JSON object", "not a JSON object");

	memset(&sn, 0, sizeof(sn));
	page = "{\"meta\":{\"warnings\":[{\"ErrorCode\":\"E\"}]},"
	    "\"data\":{\"id\":\"b.1\"}}";
	rv = fc_apsdoc_hubs(page, strlen(page), on_warning, on_hub, &sn, &next,
	    &odd, &e);
	ok(rv == -1 && e.code == EX_PROTOCOL, "data an object: -1");
	is(e.msg, "no data array", "no data array");
	is(sn.buf, "w E - -|", "the warnings, which may say why, came first");

	rv = fc_apsdoc_hubs("{}", 2, on_warning, on_hub, &sn, &next, &odd, &e);
	ok(rv == -1 && strcmp(e.msg, "no data array") == 0,
	    "no data at all: no data array");

	memset(&sn, 0, sizeof(sn));
	page = "{\"data\":[],\"links\":{\"next\":{}}}";
	rv = fc_apsdoc_hubs(page, strlen(page), on_warning, on_hub, &sn, &next,
	    &odd, &e);
	ok(rv == 0 && next == NULL, "links.next without an href: 0, no next");
	is(odd, "links.next without an href", "odd says so");

	page = "{\"data\":[],\"links\":{\"next\":null,\"self\":{}}}";
	rv = fc_apsdoc_hubs(page, strlen(page), on_warning, on_hub, &sn, &next,
	    &odd, &e);
	ok(rv == 0 && next == NULL && odd == NULL,
	    "links.next null: the last page");
}

static void
test_projects(void)
{
	struct seen sn;
	struct fc_err e;
	const char *odd;
	char *next, *name;
	int rv;
	const char *page = "{\"data\":[{\"id\":\"b.p1\",\"attributes\":{"
	    "\"name\":\"Tower\",\"extension\":{\"data\":{\"projectType\":"
	    "\"ACC\"}}}},{\"id\":\"b.p2\",\"attributes\":{\"name\":\"\"}},"
	    "7],\"links\":{\"next\":{\"href\":\"https://elsewhere/x\"}}}";

	memset(&sn, 0, sizeof(sn));
	rv = fc_apsdoc_projects(page, strlen(page), on_project, &sn, &next,
	    &odd, &e);
	ok(rv == 0, "a page of projects: 0");
	is(sn.buf, "p b.p1 Tower ACC|p b.p2 - -|p - - -|",
	    "each element, an empty name or a number as absent");
	is(next, "https://elsewhere/x", "the href unresolved: the caller "
	    "decides where it may go");
	free(next);

	rv = fc_apsdoc_projects("{\"data\":null}", 13, on_project, &sn, &next,
	    &odd, &e);
	ok(rv == -1 && e.code == EX_PROTOCOL &&
	    strcmp(e.msg, "no data array") == 0, "data null: no data array");
	rv = fc_apsdoc_projects("", 0, on_project, &sn, &next, &odd, &e);
	ok(rv == -1 && e.code == EX_PROTOCOL &&
	    strcmp(e.msg, "not a JSON object") == 0,
	    "an empty body: not a JSON object");

	page = "{\"data\":{\"attributes\":{\"name\":\"Tower\"}}}";
	ok(fc_apsdoc_project_name(page, strlen(page), &name, &e) == 0,
	    "GET project: 0");
	is(name, "Tower", "its name");
	free(name);
	ok(fc_apsdoc_project_name("{}", 2, &name, &e) == 0 && name == NULL,
	    "no name: 0, NULL (the caller uses the id)");
	ok(fc_apsdoc_project_name("{", 1, &name, &e) == -1 &&
	    e.code == EX_PROTOCOL && name == NULL,
	    "not JSON: -1, EX_PROTOCOL");
}

int
main(void)
{
	test_hubs();
	test_projects();
	return tap_done();
}
