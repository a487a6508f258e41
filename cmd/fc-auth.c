/*
 * fc-auth: decides which endpoints a pass syncs and hands them to fc-list.
 *
 * Reads connector.yaml and the sync state in the database, and writes one
 * endpoint line (fc-lines(5)) per endpoint selected, in the order of the
 * configuration, all with one run id so the pass can be followed through
 * the log.  It only reads the database: fc-ingest is its only writer, and
 * a database that does not exist yet just means nothing ever synced.
 *
 * Whether an endpoint is due comes from fc_sched_next() (lib/sched.c),
 * the same code fc-status shows next-due times from.  Cron schedules
 * read the wall clock of settings.time_zone, which this process makes
 * its own TZ once the configuration is loaded (the contract of sched.h).
 * The endpoint line carries the configuration without credentials: the
 * client secret stays in this process.
 *
 * The subcommands log in to a cloud client and look after its tokens
 * (lib/auth.c): login plays the 3-legged OAuth with PKCE, through a
 * loopback listener on the callback URL or, with --paste, through the
 * address a person pastes; status, logout and token.  token is the one
 * command that prints a secret, on purpose, for scripts.  Google's
 * service account needs no login: its tokens are minted from its key;
 * a person's Google login (auth: user) comes back to a loopback port of
 * its own, since a Desktop client may use any.
 *
 * For the Google Drive endpoints it selects, the pass first makes sure
 * a token can be had (minting one ahead of expiry, under the token
 * file's lock, for fc-list to find): when none can, such an endpoint
 * gets an error line saying why instead of an endpoint line, so fc-list
 * never starts a listing it cannot finish.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "lines.h"
#include "log.h"
#include "redirect.h"
#include "sched.h"
#include "timefmt.h"
#include "version.h"

/*
 * The synopsis, as fc-auth(1) has it; with the options too, one a line
 * as the manual's list has them, for --help.  The options are fc(7)'s.
 */
static void
usage(FILE *fp, int options)
{
	static const char *const opts[][2] = {
		{ "-a, --all", "every active endpoint, due or not" },
		{ "-c file, --config file", "read this configuration" },
		{ "--due", "the active endpoints that are due" },
		{ "-e name, --endpoint name", "this endpoint, whatever its state" },
		{ "--explain", "say why each is listed or skipped" },
		{ "-h, --help", "print this and exit" },
		{ "--now time", "decide as if it were then" },
		{ "--paste", "login: paste the address back" },
		{ "--timeout seconds", "login: wait this long for it" },
		{ "-V, --version", "print the version and exit" },
		{ "-v, --verbose", "log at DEBUG" },
	};
	size_t i;

	fputs("usage: fc-auth [-v] [-c file] [--explain] [--now time] "
	    "--due | -a | -e name ...\n"
	    "       fc-auth [-v] [-c file] login [--paste] "
	    "[--timeout seconds] autodesk | google\n"
	    "       fc-auth [-v] [-c file] status | logout client | "
	    "token client\n", fp);
	for (i = 0; options && i < sizeof(opts) / sizeof(opts[0]); i++)
		fprintf(fp, "  %-35s  %s\n", opts[i][0], opts[i][1]);
}

static int
cmpstate(const void *a, const void *b)
{
	return strcmp(((const struct fc_ep_state *)a)->name,
	    ((const struct fc_ep_state *)b)->name);
}

static const struct fc_ep_state *
findstate(const struct fc_ep_state *s, size_t n, const char *name)
{
	struct fc_ep_state key;

	memset(&key, 0, sizeof(key));
	key.name = (char *)name;
	return n == 0 ? NULL : bsearch(&key, s, n, sizeof(*s), cmpstate);
}

/*
 * The zone cron schedules are read in becomes the process's (sched.h):
 * before the first fc_sched_next(), and only here, in the command.
 */
static void
settz(const char *zone)
{
	char tz[128];

	snprintf(tz, sizeof(tz), ":%s", zone);
	if (setenv("TZ", tz, 1) == -1)
		err(EX_OSERR, "setenv TZ");
	tzset();
}

/* Says in why whether ep is due at now and why; returns 1 when due. */
static int
explain(const struct fc_endpoint *ep, const char *zone, int64_t last_ok,
    int64_t next, int default_interval, int64_t now, char *why, size_t len)
{
	char t1[FC_TIMELEN], t2[FC_TIMELEN], age[16], how[160];
	int iv;

	if (!ep->is_active) {
		snprintf(why, len, "inactive");
		return 0;
	}
	if (ep->schedule.type == FC_SCHED_MANUAL) {
		snprintf(why, len, "manual schedule: never due by itself");
		return 0;
	}
	if (ep->schedule.type == FC_SCHED_CRON)
		snprintf(how, sizeof(how), "cron \"%s\" in %s",
		    ep->schedule.cron ? ep->schedule.cron : "", zone);
	else {
		iv = ep->schedule.interval_minutes > 0 ?
		    ep->schedule.interval_minutes : default_interval;
		snprintf(how, sizeof(how), "every %dm", iv);
	}
	if (next == 0) {
		snprintf(why, len, "due: never synced (%s)", how);
		return 1;
	}
	if (next == INT64_MAX) {
		snprintf(why, len, "never due: %s matches no time", how);
		return 0;
	}
	fc_time_fmt(last_ok, t1);
	fc_time_fmt(next, t2);
	if (next <= now) {
		snprintf(why, len, "due since %s (last ok sync %s, %s)", t2,
		    t1, how);
		return 1;
	}
	snprintf(why, len, "due at %s, in %s (last ok sync %s, %s)", t2,
	    fc_time_age(next - now, age, sizeof(age)), t1, how);
	return 0;
}

/* What the options ask for. */
struct want {
	int	 all;
	int	 due;
	int	 explain;
	int	 verbose;	/* -v: the log at DEBUG */
	char	**names;	/* -e operands */
	size_t	 nnames;
	int64_t	 now;
};

/* A cloud client's readiness in a pass: asked once, kept for all. */
struct ready {
	int		state;	/* 0 not asked, 1 ready, -1 not (see e) */
	struct fc_err	e;
};

/*
 * Says a warning about a client's credentials (a key file others can
 * read) on stderr and in the log: once a pass, as each client is opened
 * once.
 */
static void
credwarn(struct fc_auth *a, struct fc_log *log)
{
	const char *w;

	if ((w = fc_auth_warning(a)) == NULL)
		return;
	warnx("warning: %s", w);
	fc_log(log, FC_WARNING, NULL, "credentials_readable", NULL, "%s", w);
}

/*
 * Whether the client that lists endpoints of type type can have a
 * token, refreshing or minting one now if the cached one is missing or
 * about to expire (under the token file's lock): 0, or -1 with the
 * reason in r[i].e, said once on stderr and in the log when first found
 * (the endpoints' error lines say it again, for the pipeline).  Local
 * endpoints are always ready.
 */
static int
client_ready(struct ready r[2], const char *type, const struct fc_conf *conf,
    struct fc_log *log)
{
	struct fc_auth *a;
	const char *hdr, *client;
	int i;

	if (strcmp(type, "google_drive") == 0)
		client = "google_drive", i = 1;
	else if (strcmp(type, "autodesk_construction_cloud") == 0)
		client = "autodesk", i = 0;
	else
		return 0;
	if (r[i].state == 0) {
		if ((a = fc_auth_open(conf, client, log, &r[i].e)) != NULL)
			credwarn(a, log);
		if (a != NULL && fc_auth_bearer(a, 0, &hdr, &r[i].e) == 0)
			r[i].state = 1;
		else {
			r[i].state = -1;
			warnx("%s", r[i].e.msg);
		}
		fc_auth_close(a);
	}
	return r[i].state == 1 ? 0 : -1;
}

/* What --due found waiting, to say why it chose nothing. */
struct idle {
	const char *name;	/* the active endpoint due soonest */
	int64_t	 next;
	int	 active;
	int	 manual;	/* active, but due only when named or -a */
};

/*
 * One line for a person who asked for what is due and got nothing: an
 * empty stdout alone looks like a failure.  Only at a terminal (standard
 * input and error both), so cron, systemd and fc-sync stay quiet.
 */
static void
nothing_due(const struct idle *d, int64_t now)
{
	char t[FC_TIMELEN], age[16];

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return;
	if (d->name != NULL)
		warnx("nothing is due: the next is %s, at %s (in %s); -a lists "
		    "every active endpoint now, --explain says why each waits",
		    d->name, fc_time_fmt(d->next, t), fc_time_age(d->next - now,
		    age, sizeof(age)));
	else if (d->active > 0)
		warnx("nothing is due: the %d active endpoint%s wait%s to be "
		    "named (manual schedule); -a or -e lists them", d->manual,
		    d->manual == 1 ? "" : "s", d->manual == 1 ? "s" : "");
	else
		warnx("nothing is due: no endpoint is active");
}

/* Writes the endpoint lines; returns the exit status. */
static int
pass(const char *confpath, const struct want *o)
{
	struct fc_conf *conf;
	struct fc_db *db;
	struct fc_log *log;
	struct fc_ep_state *states = NULL;
	const struct fc_ep_state *st;
	struct fc_err e = { 0, "" };
	struct ready ready[2];
	struct fc_error er;
	struct fc_jw w, fields;
	char run[17], why[512];
	size_t nstates = 0, i, j, nsel = 0;
	struct idle idle = { NULL, 0, 0, 0 };
	int named, isdue, rv = 0;
	int64_t last_ok, next;
	const char *sel;

	if ((conf = fc_conf_open(confpath, 0, NULL, &e)) == NULL) {
		warnx("%s", e.msg);
		return e.code;
	}
	for (i = 0; i < conf->n_warnings; i++)
		warnx("%s", conf->warnings[i]);
	settz(conf->time_zone);
	if (fc_conf_names(conf, o->names, o->nnames, &e) == -1) {
		warnx("%s", e.msg);
		fc_conf_free(conf);
		return e.code;
	}
	if ((log = fc_log_conf(conf, "fc-auth", o->verbose ? FC_LOG_DEBUG : 0,
	    &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (e.code != 0)
		warnx("%s", e.msg);	/* no log is no reason to stop */
	memset(&e, 0, sizeof(e));
	fc_run_id(run);
	fc_log_set_run(log, run);
	memset(ready, 0, sizeof(ready));

	/* in fc-sync -n's pass not even an old schema is migrated */
	if ((db = fc_db_open(conf->database_url, FC_DB_NOCREATE |
	    (conf->dry_run ? FC_DB_DRYRUN : 0), &e)) == NULL) {
		if (e.code != EX_NOINPUT)
			goto fail;
		/* no database yet: nothing ever synced, so all is due */
		fc_log(log, FC_DEBUG, NULL, "no_database", NULL, "%s", e.msg);
	} else {
		if (fc_db_states(db, FC_DB_NOCOUNT, &states, &nstates,
		    &e) == -1) {
			fc_db_close(db);
			goto fail;
		}
		fc_db_close(db);
		/* an empty database gives NULL, which qsort may not take */
		if (nstates > 0)
			qsort(states, nstates, sizeof(*states), cmpstate);
	}

	fc_jw_init(&w);
	fc_jw_init(&fields);
	for (i = 0; i < conf->n_endpoints; i++) {
		const struct fc_endpoint *ep = &conf->endpoints[i];

		for (named = 0, j = 0; j < o->nnames && !named; j++)
			named = strcmp(o->names[j], ep->name) == 0;
		st = findstate(states, nstates, ep->name);
		last_ok = st != NULL ? st->last_ok_at : 0;
		next = fc_sched_next(ep, conf->sync_interval_minutes, last_ok);
		isdue = explain(ep, conf->time_zone, last_ok, next,
		    conf->sync_interval_minutes, o->now, why, sizeof(why));
		if (ep->is_active && ep->schedule.type == FC_SCHED_MANUAL)
			idle.manual++;
		else if (ep->is_active && next != INT64_MAX &&
		    (idle.name == NULL || next < idle.next)) {
			idle.name = ep->name;
			idle.next = next;
		}
		idle.active += ep->is_active != 0;
		if (o->due && isdue)
			sel = "due";
		else if (o->all && ep->is_active)
			sel = "all";
		else if (named)
			sel = "named";
		else
			sel = NULL;
		if (o->explain)
			warnx("%s: %s: %s", ep->name, sel == NULL ? "skip" :
			    strcmp(sel, "due") == 0 ? "list" :
			    strcmp(sel, "all") == 0 ? "list (--all)" :
			    "list (named)", why);
		if (sel == NULL)
			continue;
		nsel++;
		if (client_ready(ready, ep->endpoint_type, conf, log) == -1) {
			const struct fc_err *ce = &ready[strcmp(
			    ep->endpoint_type, "google_drive") == 0].e;

			memset(&er, 0, sizeof(er));
			er.endpoint = ep->name;
			er.code = ce->code;
			er.message = ce->msg;
			er.run = run;
			if (fc_emit_error(stdout, &w, &er, run) == -1)
				err(EX_IOERR, "stdout");
			fc_log(log, FC_ERROR, ep->name, "error", NULL, "%s",
			    ce->msg);
			/* the other endpoints go on; the first failure is ours */
			if (rv == 0)
				rv = ce->code;
			continue;
		}
		if (fc_emit_endpoint(stdout, &w, ep, st ? st->cursor : NULL,
		    run) == -1)
			err(EX_IOERR, "stdout");
		fc_jw_reset(&fields);
		fc_jw_obj(&fields, NULL);
		fc_jw_str(&fields, "selected", sel);
		fc_jw_time(&fields, "last_ok_at", last_ok);
		if (next != INT64_MAX)
			fc_jw_time(&fields, "next_due", next);
		fc_jw_end_obj(&fields);
		fc_log(log, FC_INFO, ep->name, "due", &fields, "%s", why);
	}
	fc_jw_free(&w);
	fc_jw_free(&fields);
	if (nsel == 0 && o->due && !o->explain)
		nothing_due(&idle, o->now);
	fc_ep_states_free(states, nstates);
	fc_log_close(log);
	fc_conf_free(conf);
	return rv;

fail:
	warnx("%s", e.msg);
	fc_log(log, FC_ERROR, NULL, "error", NULL, "%s", e.msg);
	fc_log_close(log);
	fc_conf_free(conf);
	return e.code;
}

/* What a subcommand needs: the configuration, the log, the client. */
struct sub {
	struct fc_conf	*conf;
	struct fc_log	*log;
	struct fc_auth	*auth;
	const char	*client;	/* "autodesk", "google_drive" */
};

/* The client an operand names: autodesk, or google (google_drive too). */
static const char *
canonical(const char *name)
{
	if (strcmp(name, "autodesk") == 0)
		return "autodesk";
	if (strcmp(name, "google") == 0 || strcmp(name, "google_drive") == 0)
		return "google_drive";
	return NULL;
}

#define SUB_QUIET	0x1	/* no warnings: token's output is for scripts */
#define SUB_DEBUG	0x2	/* -v */
#define SUB_LOOK	0x4	/* status: only looks, creates nothing */
static int
sub_open(struct sub *u, const char *confpath, const char *client, int flags)
{
	int quiet = flags & SUB_QUIET;
	struct fc_err e = { 0, "" };
	size_t i;

	memset(u, 0, sizeof(*u));
	if ((u->conf = fc_conf_open(confpath, 0, NULL, &e)) == NULL) {
		warnx("%s", e.msg);
		return e.code;
	}
	/* FC_DRY_RUN is fc-sync -n's, for its pass: a subcommand does its job */
	u->conf->dry_run = 0;
	for (i = 0; i < u->conf->n_warnings && !quiet; i++)
		warnx("%s", u->conf->warnings[i]);
	if ((u->log = fc_log_conf(u->conf, "fc-auth", ((flags & SUB_DEBUG) ?
	    FC_LOG_DEBUG : 0) | ((flags & SUB_LOOK) ? FC_LOG_NOCREATE : 0),
	    &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (e.code != 0 && !quiet)
		warnx("%s", e.msg);	/* no log is no reason to stop */
	memset(&e, 0, sizeof(e));
	if (client == NULL)
		return 0;
	if ((u->client = canonical(client)) == NULL) {
		warnx("%s: expected autodesk or google (the client)", client);
		return EX_USAGE;
	}
	if ((u->auth = fc_auth_open(u->conf, u->client, u->log, &e)) == NULL) {
		warnx("%s", e.msg);
		return e.code;
	}
	credwarn(u->auth, u->log);
	return 0;
}

static void
sub_close(struct sub *u)
{
	fc_auth_close(u->auth);
	fc_log_close(u->log);
	if (u->conf != NULL)
		fc_conf_free(u->conf);
}

/* Reads the address the browser was sent to, for --paste. */
static char *
pasted(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	fputs("After the consent, the browser goes to an address that does "
	    "not load.\nPaste that address here and press Enter:\n", stderr);
	if ((n = getline(&line, &cap, stdin)) <= 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
	    line[n - 1] == ' '))
		line[--n] = '\0';
	/* Enter alone is nothing pasted, not a wrong address */
	if (n == 0) {
		free(line);
		return NULL;
	}
	return line;
}

/*
 * The browser's redirect that carries this login's state, within
 * timeout seconds.  Another (a stale tab, a forgery, a probe) is
 * answered and ignored: it must not end the login the person is in
 * the middle of.  Returns the connection, as fc_redirect_wait().
 */
static int
own_redirect(int lfd, const char *cb, int timeout, const char *state,
    char **query, struct fc_err *e)
{
	struct timespec t0, t;
	int64_t left;
	char *st;
	int cfd;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = (int64_t)timeout * 1000 - ((int64_t)(t.tv_sec -
		    t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if ((cfd = fc_redirect_wait(lfd, cb, left > 0 ? (int)left : 0,
		    query, e)) == -1) {
			/* the whole wait, not what was left of it */
			if (e->code == EX_TEMPFAIL)
				fc_seterr(e, EX_TEMPFAIL, "no answer from the "
				    "browser in %d s", timeout);
			return -1;
		}
		st = fc_redirect_param(*query, "state");
		if (st != NULL && strcmp(st, state) == 0) {
			free(st);
			return cfd;
		}
		free(st);
		warnx("a redirect without this login's state: ignored (a "
		    "stale tab or a forgery); still waiting");
		fc_redirect_reply(cfd, 0, "This is not the login fc is "
		    "waiting for: use the address fc-auth printed last.");
		explicit_bzero(*query, strlen(*query));
		free(*query);
		*query = NULL;
	}
}

/* Says why on stderr and keeps it in why, for the log. */
static void __attribute__((format(printf, 3, 4)))
say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	warnx("%s", why);
}

/*
 * The log's record of a login that worked: the client and, when known,
 * whose (a service account's address, the person's), never a token.
 */
static void
log_login(struct sub *u, const char *name, const char *who, const char *how)
{
	struct fc_jw f;

	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_str(&f, "client", u->client);
	fc_jw_str(&f, "grant", fc_auth_grant(u->auth));
	if (who != NULL)
		fc_jw_str(&f, "account", who);
	fc_jw_end_obj(&f);
	fc_log(u->log, FC_INFO, NULL, "login", &f, "%s %s%s%s", how, name,
	    who ? " as " : "", who ? who : "");
	fc_jw_free(&f);
}

/* fc-auth login: the 3-legged login with PKCE. */
static int
login(struct sub *u, int paste, int timeout)
{
	char verifier[FC_AUTH_VERIFIER], challenge[44], state[FC_AUTH_STATE];
	char *url = NULL, *query = NULL, *code = NULL, *st = NULL, *er = NULL;
	char redir[64], why[600];
	struct fc_err e = { 0, "" };
	const char *hdr, *cb, *who;
	int google = strcmp(u->client, "google_drive") == 0;
	const char *name = google ? "google" : "autodesk";
	int lfd = -1, cfd = -1, rv = 0;

	if (google && strcmp(fc_auth_grant(u->auth), "service_account") == 0) {
		/* a key, not a person: minting a token checks it */
		if (fc_auth_bearer(u->auth, 1, &hdr, &e) == -1) {
			warnx("%s", e.msg);
			return e.code;
		}
		warnx("google: service account %s needs no login; a token was "
		    "minted and stored", fc_auth_account(u->auth));
		log_login(u, name, fc_auth_account(u->auth), "minted a token "
		    "for");
		return 0;
	}
	if (strcmp(fc_auth_grant(u->auth), "client_credentials") == 0) {
		/* nobody to ask: minting a token checks the credentials */
		if (fc_auth_bearer(u->auth, 1, &hdr, &e) == -1) {
			warnx("%s", e.msg);
			return e.code;
		}
		warnx("autodesk: grant client_credentials needs no login; a "
		    "token was minted and stored");
		log_login(u, name, NULL, "minted a token for");
		return 0;
	}
	if (fc_auth_pkce(verifier, challenge, state, &e) == -1) {
		warnx("%s", e.msg);
		return e.code;
	}
	cb = fc_auth_callback_url(u->auth);
	if ((!paste || google) && (lfd = fc_redirect_listen(cb, &e)) == -1) {
		warnx("%s%s", e.msg, e.code == EX_UNAVAILABLE ?
		    " (another login running? or use --paste)" : "");
		return e.code;
	}
	if (google) {
		/* a Desktop client's login comes back to any loopback port */
		snprintf(redir, sizeof(redir), "http://127.0.0.1:%d",
		    fc_redirect_port(lfd));
		cb = redir;
		if (fc_auth_set_redirect(u->auth, redir, &e) == -1) {
			close(lfd);
			warnx("%s", e.msg);
			return e.code;
		}
		/* pasted: the browser's page will not load; its address is it */
		if (paste) {
			close(lfd);
			lfd = -1;
		}
	}
	if ((url = fc_auth_authorize_url(u->auth, state, challenge)) == NULL)
		err(EX_OSERR, NULL);
	fprintf(stderr, "Open this address in a browser and allow fc to read "
	    "your files:\n");
	printf("%s\n", url);
	fflush(stdout);
	fc_log(u->log, FC_INFO, NULL, "login_start", NULL, "login to "
	    "%s started%s", name, paste ? " (paste)" : "");
	if (paste) {
		if ((query = pasted()) == NULL) {
			say(why, sizeof(why), "no address on the standard input");
			rv = EX_NOINPUT;
			goto out;
		}
	} else if ((cfd = own_redirect(lfd, cb, timeout, state, &query,
	    &e)) == -1) {
		say(why, sizeof(why), "%s", e.msg);
		rv = e.code;
		goto out;
	}
	er = fc_redirect_param(query, "error");
	st = fc_redirect_param(query, "state");
	code = fc_redirect_param(query, "code");
	if (st == NULL && er == NULL && code == NULL) {
		say(why, sizeof(why), "that is not the address the browser was sent to after "
		    "the consent (it has no state, code or error)");
		rv = EX_DATAERR;
	} else if (st == NULL || strcmp(st, state) != 0) {
		say(why, sizeof(why), "the answer's state is not this login's (a stale or "
		    "forged redirect): log in again");
		rv = EX_DATAERR;
	} else if (er != NULL) {
		say(why, sizeof(why), "%s said %.40s: %s", name, er,
		    strcmp(er, "access_denied") == 0 ? "the consent was "
		    "refused" : "the login did not happen");
		rv = EX_NOPERM;
	} else if (code == NULL || *code == '\0') {
		say(why, sizeof(why), "the answer carries no code");
		rv = EX_DATAERR;
	} else if (fc_auth_exchange(u->auth, code, verifier, &e) == -1) {
		say(why, sizeof(why), "%s", e.msg);
		rv = e.code;
	}
	if (cfd != -1)
		fc_redirect_reply(cfd, rv == 0, rv == 0 ?
		    "You can close this tab." : "See the terminal for why.");
	cfd = -1;
	if (rv == 0) {
		who = google ? fc_auth_account(u->auth) : NULL;
		warnx("logged in to %s%s%s; tokens in %s/%s_tokens.json", name,
		    who ? " as " : "", who ? who : "", u->conf->token_dir,
		    u->client);
		log_login(u, name, who, "logged in to");
	}
out:
	/* the reason, as the terminal had it: never a code or token */
	if (rv != 0)
		fc_log(u->log, FC_ERROR, NULL, "login_failed", NULL, "login "
		    "to %s failed (%d): %s", name, rv, why);
	if (cfd != -1)
		close(cfd);
	if (lfd != -1)
		close(lfd);
	if (code != NULL)
		explicit_bzero(code, strlen(code));
	if (query != NULL)
		explicit_bzero(query, strlen(query));
	free(code);
	free(query);
	free(st);
	free(er);
	free(url);
	explicit_bzero(verifier, sizeof(verifier));
	return rv;
}

/*
 * A login whose refresh the token service refused, as the file records
 * it: the OAuth error is the service's word, printed as plain ASCII.
 */
static void
refused_line(const struct fc_token *t, const char *name)
{
	char when[FC_TIMELEN];
	const char *p;

	printf("refresh refused (");
	for (p = t->refused; *p != '\0' && p - t->refused < 40; p++)
		putchar((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f ?
		    '?' : *p);
	printf(")%s%s: run fc-auth login %s", t->refused_at ? " at " : "",
	    t->refused_at ? fc_time_fmt(t->refused_at, when) : "", name);
}

/* fc-auth status, the Autodesk line. */
static int
status_autodesk(struct sub *u, int64_t now)
{
	struct fc_err e = { 0, "" };
	struct fc_token t;
	struct fc_auth *a;
	const char *other;
	char when[FC_TIMELEN], age[16];
	int r;

	/* not configured is fine, unless an endpoint needs it (78 below) */
	if ((u->conf->autodesk.client_id == NULL ||
	    u->conf->autodesk.client_id[0] == '\0') &&
	    !fc_conf_type_active(u->conf, "autodesk_construction_cloud")) {
		printf("autodesk\tnot configured\n");
		return 0;
	}
	if ((a = fc_auth_open(u->conf, "autodesk", u->log, &e)) == NULL) {
		printf("autodesk\terror\t%s\n", e.msg);
		return e.code;
	}
	credwarn(a, u->log);
	memset(&t, 0, sizeof(t));
	if ((r = fc_auth_peek(a, &t, &e)) == -1)
		printf("autodesk\terror\t%s\n", e.msg);
	else if (r == 1 && strcmp(fc_auth_grant(a), "client_credentials") == 0) {
		/* 2-legged: minted when needed, nobody to ask */
		printf("autodesk\tclient_credentials\tno token yet (minted "
		    "when needed)\n");
		r = 0;
	} else if (r == 1)
		printf("autodesk\t%s\tnot logged in\n", fc_auth_grant(a));
	else if ((other = fc_auth_other(a, &t)) != NULL &&
	    strcmp(fc_auth_grant(a), "client_credentials") == 0) {
		/* 2-legged: what is there is replaced, never used */
		printf("autodesk\tclient_credentials\tno token yet (the cached "
		    "one is for %s: minted anew when needed)\n", other);
		r = 0;
	} else if (other != NULL) {
		/* another app's tokens: this one's secret cannot refresh them */
		printf("autodesk\t%s\tlogged in with %s: run fc-auth login "
		    "autodesk\n", t.grant, other);
		r = EX_NOPERM;
	} else {
		printf("autodesk\t%s\t", t.grant);
		if (t.refused != NULL)
			refused_line(&t, "autodesk");
		else if (t.refresh_token != NULL && t.refresh_expires_at > 0 &&
		    t.refresh_expires_at <= now)
			printf("login expired %s", fc_time_fmt(
			    t.refresh_expires_at, when));
		else if (t.refresh_token != NULL)
			printf("logged in, until %s unless refreshed",
			    t.refresh_expires_at ? fc_time_fmt(
			    t.refresh_expires_at, when) : "unknown");
		else
			printf("token only");
		if (t.expires_at > now)
			printf("\taccess token expires in %s", fc_time_age(
			    t.expires_at - now, age, sizeof(age)));
		else
			printf("\taccess token expired");
		printf("\tscopes %s\n", t.scopes ? t.scopes : "-");
		r = t.refused != NULL || (t.refresh_token != NULL &&
		    t.refresh_expires_at > 0 && t.refresh_expires_at <= now) ?
		    EX_NOPERM : 0;
	}
	fc_token_clear(&t);
	fc_auth_close(a);
	return r == -1 ? e.code : r == 1 ? EX_NOPERM : r;
}

/*
 * fc-auth status, the Google line, five fields as Autodesk's: client,
 * grant, whose and in what state, the access token, the scopes.  The
 * key is read (a broken one shows here, not at 3 a.m.), the token file
 * looked at; nothing is sent.
 */
static int
status_google(struct sub *u, int64_t now)
{
	struct fc_err e = { 0, "" };
	struct fc_token t;
	struct fc_auth *a;
	const char *sub, *acct, *other = NULL;
	char age[16];
	int r, user, rv = 0;

	/* not configured is fine, unless an endpoint needs it (78 below) */
	if (u->conf->google.credentials_path == NULL &&
	    !fc_conf_type_active(u->conf, "google_drive")) {
		printf("google\tnot configured\n");
		return 0;
	}
	if ((a = fc_auth_open(u->conf, "google_drive", u->log, &e)) == NULL) {
		printf("google\terror\t%s\n", e.msg);
		return e.code;
	}
	credwarn(a, u->log);
	user = strcmp(fc_auth_grant(a), "user") == 0;
	memset(&t, 0, sizeof(t));
	if ((r = fc_auth_peek(a, &t, &e)) == 0)
		other = fc_auth_other(a, &t);
	printf("google\t%s\t", fc_auth_grant(a));
	if (r == -1) {
		printf("error\t%s\n", e.msg);
		fc_token_clear(&t);
		fc_auth_close(a);
		return e.code;
	}
	if (user) {
		/* a person's login: there is one, or a person must log in */
		acct = fc_auth_account(a);
		if (r == 1 || t.refresh_token == NULL) {
			printf("not logged in");
			rv = EX_NOPERM;
		} else if (other != NULL) {
			printf("logged in with %s: run fc-auth login google",
			    other);
			rv = EX_NOPERM;
		} else if (t.refused != NULL) {
			refused_line(&t, "google");
			rv = EX_NOPERM;
		} else
			printf("logged in%s%s", acct ? " as " : "",
			    acct ? acct : "");
	} else {
		sub = fc_auth_subject(a);
		printf("%s%s%s", fc_auth_account(a), sub ? " as " : "",
		    sub ? sub : "");
	}
	/* another's token is never used: a service account mints its own */
	if (r == 1 || t.access_token == NULL || (other != NULL && user))
		printf("\tno access token yet");
	else if (other != NULL)
		printf("\tno access token yet (the cached one is for %s: "
		    "minted anew when needed)", other);
	else if (t.expires_at > now)
		printf("\taccess token expires in %s", fc_time_age(
		    t.expires_at - now, age, sizeof(age)));
	else
		printf("\taccess token expired");
	printf("\tscopes %s\n", u->conf->google.scope);
	fc_token_clear(&t);
	fc_auth_close(a);
	return rv;
}

/* fc-auth status: each client's login, never a token. */
static int
status(struct sub *u, int64_t now)
{
	int a, g;

	a = status_autodesk(u, now);
	g = status_google(u, now);
	return a != 0 ? a : g;
}

static int
subcommand(const char *confpath, int argc, char *argv[], int paste,
    int timeout, int64_t now, int verbose)
{
	struct fc_err e = { 0, "" };
	struct sub u;
	const char *cmd = argv[0], *hdr;
	int rv, f = verbose ? SUB_DEBUG : 0;

	if (strcmp(cmd, "status") == 0) {
		if (argc != 1)
			goto usage;
		if ((rv = sub_open(&u, confpath, NULL, f | SUB_LOOK)) == 0)
			rv = status(&u, now);
		sub_close(&u);
		return rv;
	}
	/* a subcommand without its client: say what is missing, then how */
	if (argc == 1 && (strcmp(cmd, "login") == 0 ||
	    strcmp(cmd, "logout") == 0 || strcmp(cmd, "token") == 0))
		warnx("%s: which client? autodesk or google", cmd);
	if (argc != 2 || (strcmp(cmd, "login") != 0 && (paste ||
	    timeout != 0)))
		goto usage;
	if (strcmp(cmd, "login") == 0) {
		if ((rv = sub_open(&u, confpath, argv[1], f)) == 0)
			rv = login(&u, paste, timeout > 0 ? timeout : 300);
	} else if (strcmp(cmd, "logout") == 0) {
		if ((rv = sub_open(&u, confpath, argv[1], f)) == 0 &&
		    fc_auth_logout(u.auth, &e) == -1) {
			warnx("%s", e.msg);
			rv = e.code;
		}
	} else if (strcmp(cmd, "token") == 0) {
		if ((rv = sub_open(&u, confpath, argv[1], f | SUB_QUIET)) ==
		    0) {
			if (fc_auth_bearer(u.auth, 0, &hdr, &e) == -1) {
				warnx("%s", e.msg);
				rv = e.code;
			} else
				printf("%s\n", hdr + strlen("Bearer "));
		}
	} else
		goto usage;
	sub_close(&u);
	return rv;
usage:
	usage(stderr, 0);
	return EX_USAGE;
}

int
main(int argc, char *argv[])
{
	enum { OPT_DUE = CHAR_MAX + 1, OPT_EXPLAIN, OPT_NOW, OPT_PASTE,
		OPT_TIMEOUT };
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "due", no_argument, NULL, OPT_DUE },
		{ "endpoint", required_argument, NULL, 'e' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "help", no_argument, NULL, 'h' },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "paste", no_argument, NULL, OPT_PASTE },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *confpath = NULL, *nowarg = NULL;
	struct want o;
	int ch, rv, paste = 0, timeout = 0;
	char *end;

	/*
	 * The pipeline's programs share one stderr: line-buffered, each
	 * message is one write(2) and never splits another's line.
	 */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	memset(&o, 0, sizeof(o));
	if ((o.names = calloc((size_t)argc + 1, sizeof(*o.names))) == NULL)
		err(EX_OSERR, NULL);
	rv = -1;
	while (rv == -1 &&
	    (ch = getopt_long(argc, argv, "ac:e:hVv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			o.all = 1;
			break;
		case 'c':
			confpath = optarg;
			break;
		case OPT_DUE:
			o.due = 1;
			break;
		case 'e':
			o.names[o.nnames++] = optarg;
			break;
		case OPT_EXPLAIN:
			o.explain = 1;
			break;
		case 'h':
			usage(stdout, 1);
			rv = 0;
			break;
		case OPT_NOW:
			nowarg = optarg;
			break;
		case OPT_PASTE:
			paste = 1;
			break;
		case OPT_TIMEOUT:
			timeout = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || timeout <= 0 || timeout > 86400) {
				warnx("--timeout %s: expected seconds, 1 to "
				    "86400", optarg);
				rv = EX_USAGE;
			}
			break;
		case 'V':
			printf("fc-auth (fc) %s\n", FC_VERSION);
			rv = 0;
			break;
		case 'v':
			o.verbose = 1;
			break;
		default:
			usage(stderr, 0);
			rv = EX_USAGE;
			break;
		}
	}
	if (rv == -1 && nowarg == NULL)
		o.now = fc_time_now();
	if (rv == -1 && optind < argc && !o.all && !o.due && o.nnames == 0 &&
	    !o.explain && nowarg == NULL)
		rv = subcommand(confpath, argc - optind, argv + optind, paste,
		    timeout, o.now, o.verbose);
	if (rv == -1 && (optind < argc || paste || timeout != 0 ||
	    (!o.all && !o.due && o.nnames == 0))) {
		usage(stderr, 0);
		rv = EX_USAGE;
	}
	if (rv == -1 && nowarg != NULL &&
	    fc_time_parse(nowarg, &o.now) == -1) {
		warnx("--now %s: expected a time like 2026-11-25T13:15:00Z",
		    nowarg);
		rv = EX_USAGE;
	}
	if (rv == -1)
		rv = pass(confpath, &o);
	free(o.names);
	/* the pass's lines went out with a failure status too */
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	return rv;
}
