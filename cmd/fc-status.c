/*
 * fc-status: what happened, what is due, and whether all is well.
 *
 * Reads connector.yaml and the sync state in the database (never writes
 * either) and prints a table for people, or with --json one JSON
 * document for scripts and monitors.  The exit status is the health: 0
 * when no active endpoint is failing, overdue or incomplete and no
 * login is needed, 1 otherwise, a sysexits(3) code when fc-status
 * itself could not tell.
 *
 * With -l it stays up and answers monitors over HTTP instead: /health
 * and /status, built by the same code (lib/status.c) as the exit status
 * and --json, so the three never disagree.  The configuration is read
 * once; the database afresh for every request.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "conf.h"
#include "err.h"
#include "httpd.h"
#include "json.h"
#include "log.h"
#include "status.h"
#include "timefmt.h"
#include "version.h"

/*
 * The synopsis, as fc-status(1) has it; with the options too, one a line
 * as the manual's list has them, for --help.  The options are fc(7)'s.
 */
static void
usage(FILE *fp, int options)
{
	static const char *const opts[][2] = {
		{ "-c file, --config file", "read this configuration" },
		{ "-h, --help", "print this and exit" },
		{ "--json", "one JSON document, not the table" },
		{ "-l address, --listen address", "serve /health and /status" },
		{ "--now time", "judge as if it were then" },
		{ "-V, --version", "print the version and exit" },
		{ "-v, --verbose", "log at DEBUG, every request" },
	};
	size_t i;

	fputs("usage: fc-status [-v] [-c file] [--json] [--now time]\n"
	    "       fc-status [-v] [-c file] [--now time] "
	    "-l [addr:]port | systemd\n", fp);
	for (i = 0; options && i < sizeof(opts) / sizeof(opts[0]); i++)
		fprintf(fp, "  %-35s  %s\n", opts[i][0], opts[i][1]);
}

/* The table's columns, widest first computed, then printed. */
enum { C_NAME, C_TYPE, C_ACTIVE, C_FILES, C_LAST, C_CHANGES, C_NEXT,
	C_FAILURES, NCOL };

static const char *const heads[NCOL] = {
	"ENDPOINT", "TYPE", "ACTIVE", "FILES", "LAST SYNC", "CHANGES",
	"NEXT DUE", "FAILURES"
};

static void
cells(const struct fc_status_ep *r, int64_t now, char c[NCOL][80])
{
	const struct fc_ep_state *st = r->st;
	char age[16];

	snprintf(c[C_NAME], 80, "%s", r->name);
	snprintf(c[C_TYPE], 80, "%s", r->type ? r->type : "-");
	snprintf(c[C_ACTIVE], 80, "%s", r->active ? "yes" : "no");
	snprintf(c[C_FILES], 80, "%lld",
	    (long long)(st ? st->files_present : 0));
	if (st == NULL || st->last_status == NULL) {
		snprintf(c[C_LAST], 80, "never");
		snprintf(c[C_CHANGES], 80, "-");
	} else {
		snprintf(c[C_LAST], 80, "%s %s ago", st->last_status,
		    fc_time_age(now - (st->last_finished_at ?
		    st->last_finished_at : st->last_started_at), age,
		    sizeof(age)));
		snprintf(c[C_CHANGES], 80, "+%lld ~%lld -%lld",
		    (long long)st->last_inserted, (long long)st->last_updated,
		    (long long)st->last_deleted);
	}
	if (!r->active)
		snprintf(c[C_NEXT], 80, "-");
	else if (r->overdue)
		snprintf(c[C_NEXT], 80, "overdue");
	else if (r->next == INT64_MAX && r->ep &&
	    r->ep->schedule.type == FC_SCHED_MANUAL)
		snprintf(c[C_NEXT], 80, "manual");
	else if (r->next == INT64_MAX)
		snprintf(c[C_NEXT], 80, "never");
	else if (r->due)
		snprintf(c[C_NEXT], 80, "now");
	else
		snprintf(c[C_NEXT], 80, "in %s",
		    fc_time_age(r->next - now, age, sizeof(age)));
	snprintf(c[C_FAILURES], 80, "%lld", (long long)(st ? st->failures : 0));
}

/* "in 42m" or "3h ago" for a time, "-" for none. */
static const char *
when(int64_t t, int64_t now, char *buf, size_t len)
{
	char age[16];

	if (t == 0)
		snprintf(buf, len, "-");
	else if (t > now)
		snprintf(buf, len, "in %s", fc_time_age(t - now, age,
		    sizeof(age)));
	else
		snprintf(buf, len, "%s ago", fc_time_age(now - t, age,
		    sizeof(age)));
	return buf;
}

/* What a person must mend, as a line of the text output says it. */
static const char *
unusable(const char *what)
{
	if (strcmp(what, "configuration") == 0)
		return "not configured";
	if (strcmp(what, "key") == 0)
		return "the key cannot be used";
	if (strcmp(what, "client_file") == 0)
		return "the OAuth client file cannot be used";
	if (strcmp(what, "token_dir") == 0)
		return "the token directory cannot be used";
	return "the token file cannot be used";
}

/*
 * The cloud clients' logins, from the same struct as --json: a table,
 * then a line for each that needs a person, saying what to mend or run.
 */
static void
print_logins(const struct fc_status *s)
{
	static const char *const lheads[] = {
		"CLIENT", "GRANT", "LOGIN", "ACCESS TOKEN EXPIRES",
		"LOGIN EXPIRES"
	};
	char c[FC_STATUS_LOGINS][5][80], tbuf[FC_TIMELEN];
	int width[5], k;
	size_t i;

	if (s->nlogins == 0)
		return;
	for (k = 0; k < 5; k++)
		width[k] = (int)strlen(lheads[k]);
	for (i = 0; i < s->nlogins; i++) {
		const struct fc_status_login *l = &s->logins[i];

		snprintf(c[i][0], 80, "%s", l->client);
		snprintf(c[i][1], 80, "%s", l->grant);
		snprintf(c[i][2], 80, "%s", l->unusable ? "unusable" :
		    l->error[0] ? "another" :
		    strcmp(l->grant, "client_credentials") == 0 ? "2-legged" :
		    strcmp(l->grant, "service_account") == 0 ? "key" :
		    l->refused[0] ? "refused" : l->expired ? "expired" :
		    l->logged_in ? "yes" : "no");
		when(l->access_expires_at, s->now, c[i][3], 80);
		when(l->refresh_expires_at, s->now, c[i][4], 80);
		for (k = 0; k < 5; k++)
			if ((int)strlen(c[i][k]) > width[k])
				width[k] = (int)strlen(c[i][k]);
	}
	for (k = 0; k < 5; k++)
		printf("%-*s%s", k == 4 ? 0 : width[k], lheads[k],
		    k == 4 ? "\n" : "  ");
	for (i = 0; i < s->nlogins; i++)
		for (k = 0; k < 5; k++)
			printf("%-*s%s", k == 4 ? 0 : width[k], c[i][k],
			    k == 4 ? "\n" : "  ");
	for (i = 0; i < s->nlogins; i++) {
		const struct fc_status_login *l = &s->logins[i];

		/* the error may say what to run first: it goes last */
		if (l->unusable != NULL)
			printf("%s: %s: %s\n", l->client, unusable(l->unusable),
			    l->error);
		else if (l->error[0] != '\0' && l->login)
			printf("%s: login needed (run fc-auth login %s): %s\n",
			    l->client, l->auth, l->error);
		else if (l->error[0] != '\0')
			printf("%s: %s\n", l->client, l->error);
		else if (l->login && l->refused[0] != '\0')
			printf("%s: login needed: the refresh was refused "
			    "(%s)%s%s; run fc-auth login %s\n", l->client,
			    l->refused, l->refused_at ? " at " : "",
			    l->refused_at ? fc_time_fmt(l->refused_at, tbuf) :
			    "", l->auth);
		else if (l->login && l->expired)
			printf("%s: login needed: the login expired %s; run "
			    "fc-auth login %s\n", l->client,
			    fc_time_fmt(l->refresh_expires_at, tbuf), l->auth);
		else if (l->login)
			printf("%s: login needed: not logged in; run fc-auth "
			    "login %s\n", l->client, l->auth);
		if (l->warning[0] != '\0')
			printf("%s: warning: %s\n", l->client, l->warning);
	}
}

/* The last line: the verdict, with what makes it so. */
static void
print_verdict(const struct fc_status *s)
{
	if (s->healthy) {
		printf("healthy\n");
		return;
	}
	printf("unhealthy: %d failing, %d overdue", s->nfailing, s->noverdue);
	if (s->nincomplete > 0)
		printf(", %d incomplete", s->nincomplete);
	if (s->nlogin > 0)
		printf(", %d login%s needed", s->nlogin,
		    s->nlogin == 1 ? "" : "s");
	if (s->nunusable > 0)
		printf(", %d client%s unusable", s->nunusable,
		    s->nunusable == 1 ? "" : "s");
	printf("\n");
}

static void
print_text(const struct fc_status *s)
{
	const struct fc_status_ep *rows = s->eps;
	char (*c)[NCOL][80], tbuf[FC_TIMELEN], age[16];
	int width[NCOL], k, named;
	size_t i, n = s->n, blen;

	/* a URL that names its backend needs no word before it */
	blen = strlen(s->backend);
	named = strncmp(s->url, s->backend, blen) == 0 && s->url[blen] == ':';
	printf("database: %s%s%s%s\n", named ? "" : s->backend,
	    named ? "" : " ", s->url, s->exists ? "" : " (no syncs yet)");
	if (n == 0) {
		printf("no endpoints\n");
		print_logins(s);
		print_verdict(s);
		return;
	}
	if ((c = calloc(n, sizeof(*c))) == NULL)
		err(EX_OSERR, NULL);
	for (k = 0; k < NCOL; k++)
		width[k] = (int)strlen(heads[k]);
	for (i = 0; i < n; i++) {
		cells(&rows[i], s->now, c[i]);
		for (k = 0; k < NCOL; k++)
			if ((int)strlen(c[i][k]) > width[k])
				width[k] = (int)strlen(c[i][k]);
	}
	for (k = 0; k < NCOL; k++)
		printf("%-*s%s", k == NCOL - 1 ? 0 : width[k], heads[k],
		    k == NCOL - 1 ? "\n" : "  ");
	for (i = 0; i < n; i++)
		for (k = 0; k < NCOL; k++)
			printf("%-*s%s", k == NCOL - 1 ? 0 : width[k], c[i][k],
			    k == NCOL - 1 ? "\n" : "  ");
	free(c);

	for (i = 0; i < n; i++) {
		const struct fc_ep_state *st = rows[i].st;

		if (rows[i].failing)
			printf("%s: failing: last sync %s %s ago%s%s\n",
			    rows[i].name, st->last_status,
			    fc_time_age(s->now - st->last_started_at, age,
			    sizeof(age)), st->last_error ? ": " : "",
			    st->last_error ? st->last_error : "");
		if (rows[i].overdue) {
			if (rows[i].last_ok != 0)
				printf("%s: overdue: no good sync since %s\n",
				    rows[i].name,
				    fc_time_fmt(rows[i].last_ok, tbuf));
			else
				printf("%s: overdue: never synced, known "
				    "since %s\n", rows[i].name,
				    fc_time_fmt(st->created_at, tbuf));
		}
		/* shown from the first, unhealthy once it lasts */
		if (rows[i].active && st != NULL && st->incomplete > 0)
			printf("%s: incomplete: the last %lld listing%s ended "
			    "incomplete; nothing deleted since %s\n",
			    rows[i].name, (long long)st->incomplete,
			    st->incomplete == 1 ? "" : "s",
			    st->last_complete_at ? fc_time_fmt(
			    st->last_complete_at, tbuf) : "the start");
	}
	print_logins(s);
	print_verdict(s);
}

/* Once: the table or the JSON document, and the verdict. */
static int
report(const struct fc_conf *conf, int json, int64_t now)
{
	struct fc_status s;
	struct fc_err e = { 0, "" };
	struct fc_jw w;
	int rv;

	if (fc_status_load(&s, conf, now, 0, &e) == -1)
		errx(e.code, "%s", e.msg);
	if (s.dberr.code != 0) {
		warnx("%s", s.dberr.msg);
		rv = s.dberr.code;
		fc_status_free(&s);
		return rv;
	}
	if (json) {
		fc_jw_init(&w);
		fc_status_json(&s, &w);
		if (fc_jw_line(&w, stdout) == -1)
			err(EX_IOERR, "stdout");
		fc_jw_free(&w);
	} else
		print_text(&s);
	rv = s.healthy ? 0 : 1;
	fc_status_free(&s);
	return rv;
}

/*
 * Serves /health and /status until SIGTERM or SIGINT.  The signals are
 * blocked before the server's threads start, so they inherit the mask
 * and the signal is taken here, by sigwait(2), and nowhere else.
 */
static int
serve(const struct fc_conf *conf, const char *listen, int64_t now,
    int verbose)
{
	struct fc_httpd *h;
	struct fc_log *log;
	struct fc_err e = { 0, "" };
	sigset_t set;
	char name[300];
	int fd, sig;

	signal(SIGPIPE, SIG_IGN);
	if ((log = fc_log_conf(conf, "fc-status", verbose ? FC_LOG_DEBUG : 0,
	    &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (e.code != 0)
		warnx("%s", e.msg);	/* no log is no reason to stop */
	if (strcmp(listen, "systemd") == 0)
		fd = fc_httpd_systemd(&e);
	else
		fd = fc_httpd_bind(listen, &e);
	if (fd == -1 || fc_httpd_name(fd, name, sizeof(name), &e) == -1) {
		fc_log(log, FC_ERROR, NULL, "listen", NULL, "%s", e.msg);
		fc_log_close(log);
		errx(e.code, "%s", e.msg);
	}

	/*
	 * Logged before the start: from then on, until they are stopped,
	 * the server's threads are the log's only writers.
	 */
	fc_log(log, FC_INFO, NULL, "listen", NULL, "listening on %s", name);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if ((h = fc_httpd_start(fd, conf, now, log, &e)) == NULL) {
		fc_log(log, FC_ERROR, NULL, "listen", NULL, "%s", e.msg);
		fc_log_close(log);
		errx(e.code, "%s", e.msg);
	}
	/* the line a supervisor or a test waits for, port 0 resolved */
	printf("listening on %s\n", name);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fc_httpd_stop(h);
		fc_log_close(log);
		err(EX_IOERR, "stdout");
	}

	sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	fc_httpd_stop(h);
	fc_log(log, FC_INFO, NULL, "stop", NULL, "stopped by %s",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	fc_log_close(log);
	return 0;
}

int
main(int argc, char *argv[])
{
	enum { OPT_JSON = CHAR_MAX + 1, OPT_NOW };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "listen", required_argument, NULL, 'l' },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *confpath = NULL, *nowarg = NULL, *listen = NULL;
	struct fc_conf *conf;
	struct fc_err e = { 0, "" };
	char tz[128];
	size_t i;
	int ch, json = 0, verbose = 0, rv;
	int64_t now;

	while ((ch = getopt_long(argc, argv, "c:hl:Vv", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			confpath = optarg;
			break;
		case 'h':
			usage(stdout, 1);
			return 0;
		case OPT_JSON:
			json = 1;
			break;
		case 'l':
			listen = optarg;
			break;
		case OPT_NOW:
			nowarg = optarg;
			break;
		case 'V':
			printf("fc-status (fc) %s\n", FC_VERSION);
			return 0;
		case 'v':
			verbose = 1;
			break;
		default:
			usage(stderr, 0);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0 || (json && listen != NULL)) {
		usage(stderr, 0);
		return EX_USAGE;
	}
	if (nowarg == NULL)
		now = listen ? 0 : fc_time_now();
	else if (fc_time_parse(nowarg, &now) == -1) {
		warnx("--now %s: expected a time like 2026-11-25T13:15:00Z",
		    nowarg);
		return EX_USAGE;
	}

	if ((conf = fc_conf_open(confpath, 0, NULL, &e)) == NULL) {
		warnx("%s", e.msg);
		return e.code;
	}
	for (i = 0; i < conf->n_warnings; i++)
		warnx("%s", conf->warnings[i]);
	/*
	 * cron schedules read the clock of settings.time_zone (sched.h);
	 * set before the server's threads start: setenv(3) is not
	 * thread-safe, localtime_r(3) after it is
	 */
	snprintf(tz, sizeof(tz), ":%s", conf->time_zone);
	if (setenv("TZ", tz, 1) == -1)
		err(EX_OSERR, "setenv TZ");
	tzset();
	if (listen != NULL)
		rv = serve(conf, listen, now, verbose);
	else
		rv = report(conf, json, now);
	fc_conf_free(conf);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	return rv;
}
