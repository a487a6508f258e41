/*
 * fc-status: what happened, what is due, and whether all is well.
 *
 * Reads connector.yaml and the sync state in the database (never writes
 * either) and prints a table for people, or with --json one JSON
 * document for scripts and monitors.  The exit status is the health: 0
 * when no active endpoint is failing or overdue, 1 when one is, a
 * sysexits(3) code when fc-status itself could not tell.
 *
 * An endpoint is failing when its last sync failed or was refused, and
 * overdue when a second due time passed with no good sync
 * (fc_sched_deadline()).  Next-due times come from fc_sched_next(), the
 * code fc-auth decides with, so the two never disagree.
 */
#include <err.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "conf.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "sched.h"
#include "timefmt.h"

#define DEFAULT_DB	"./data/connector.db"

/* One endpoint as shown: from the configuration, the database or both. */
struct row {
	const struct fc_endpoint *ep;	/* NULL: only in the database */
	const struct fc_ep_state *st;	/* NULL: never seen by fc-ingest */
	const char *name;
	const char *type;
	int	 active;
	int64_t	 last_ok;
	int64_t	 next;		/* fc_sched_next(); 0 due, INT64_MAX never */
	int64_t	 deadline;	/* overdue after this */
	int	 due;
	int	 failing;
	int	 overdue;
};

static void
usage(FILE *fp)
{
	fputs("usage: fc-status [-c file] [--json] [--now time]\n", fp);
}

static int
cmpstate(const void *a, const void *b)
{
	return strcmp(((const struct fc_ep_state *)a)->name,
	    ((const struct fc_ep_state *)b)->name);
}

/*
 * The database URL without a password: "scheme://user:pass@host" loses
 * ":pass", and a "password=" query parameter (libpq takes one) goes.
 * Returns a malloc'd string.
 */
static char *
redact(const char *url)
{
	const char *auth, *end, *at, *colon, *q, *p, *amp;
	char *out, *o;
	size_t n;

	if ((out = malloc(strlen(url) + 1)) == NULL)
		err(EX_OSERR, NULL);
	if ((auth = strstr(url, "://")) == NULL) {
		memcpy(out, url, strlen(url) + 1);
		return out;
	}
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	o = out;
	at = NULL;
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	n = (size_t)((colon ? colon : end) - url);
	memcpy(o, url, n);
	o += n;
	if (colon != NULL) {
		n = (size_t)(end - at);
		memcpy(o, at, n);
		o += n;
	}
	/* the path as it is, then the query without password= */
	q = end + strcspn(end, "?#");
	memcpy(o, end, (size_t)(q - end));
	o += q - end;
	if (*q == '?') {
		char sep = '?';

		for (p = q + 1; *p != '\0' && *p != '#'; p = amp) {
			amp = p + strcspn(p, "&#");
			if (strncmp(p, "password=", 9) != 0 && amp > p) {
				*o++ = sep;
				memcpy(o, p, (size_t)(amp - p));
				o += amp - p;
				sep = '&';
			}
			if (*amp == '&')
				amp++;
		}
		q = p;
	}
	memcpy(o, q, strlen(q) + 1);
	return out;
}

static void
jw_schedule(struct fc_jw *w, const struct fc_endpoint *ep, int default_iv)
{
	static const char *const types[] = { "interval", "cron", "manual" };

	if (ep == NULL) {
		fc_jw_null(w, "schedule");
		return;
	}
	fc_jw_obj(w, "schedule");
	fc_jw_str(w, "type", types[ep->schedule.type]);
	if (ep->schedule.type == FC_SCHED_INTERVAL)
		fc_jw_int(w, "interval_minutes",
		    ep->schedule.interval_minutes > 0 ?
		    ep->schedule.interval_minutes : default_iv);
	if (ep->schedule.type == FC_SCHED_CRON)
		fc_jw_str(w, "cron", ep->schedule.cron);
	fc_jw_end_obj(w);
}

static int
print_json(const struct row *rows, size_t n, const char *backend,
    const char *url, int exists, int healthy, int default_iv, int64_t now)
{
	struct fc_jw w;
	const struct fc_ep_state *st;
	size_t i;
	int rv;

	fc_jw_init(&w);
	fc_jw_obj(&w, NULL);
	fc_jw_obj(&w, "database");
	fc_jw_str(&w, "backend", backend);
	fc_jw_str(&w, "url", url);
	fc_jw_bool(&w, "exists", exists);
	fc_jw_end_obj(&w);
	fc_jw_bool(&w, "healthy", healthy);
	fc_jw_time(&w, "now", now);
	fc_jw_arr(&w, "endpoints");
	for (i = 0; i < n; i++) {
		st = rows[i].st;
		fc_jw_obj(&w, NULL);
		fc_jw_str(&w, "name", rows[i].name);
		fc_jw_str(&w, "endpoint_type", rows[i].type);
		fc_jw_bool(&w, "is_active", rows[i].active);
		fc_jw_bool(&w, "in_config", rows[i].ep != NULL);
		jw_schedule(&w, rows[i].ep, default_iv);
		fc_jw_int(&w, "files_present", st ? st->files_present : 0);
		fc_jw_int(&w, "files_deleted", st ? st->files_deleted : 0);
		if (st == NULL || st->last_status == NULL)
			fc_jw_null(&w, "last_sync");
		else {
			fc_jw_obj(&w, "last_sync");
			fc_jw_str(&w, "status", st->last_status);
			fc_jw_time(&w, "started_at", st->last_started_at);
			fc_jw_time(&w, "finished_at", st->last_finished_at);
			fc_jw_int(&w, "seen", st->last_seen);
			fc_jw_int(&w, "inserted", st->last_inserted);
			fc_jw_int(&w, "updated", st->last_updated);
			fc_jw_int(&w, "deleted", st->last_deleted);
			fc_jw_str(&w, "error", st->last_error);
			fc_jw_end_obj(&w);
		}
		fc_jw_time(&w, "last_ok_at", rows[i].last_ok);
		fc_jw_int(&w, "failures", st ? st->failures : 0);
		fc_jw_bool(&w, "due", rows[i].due);
		if (rows[i].next == 0 || rows[i].next == INT64_MAX ||
		    !rows[i].active)
			fc_jw_null(&w, "next_due");
		else
			fc_jw_time(&w, "next_due", rows[i].next);
		fc_jw_bool(&w, "overdue", rows[i].overdue);
		fc_jw_bool(&w, "failing", rows[i].failing);
		fc_jw_end_obj(&w);
	}
	fc_jw_end_arr(&w);
	fc_jw_end_obj(&w);
	rv = fc_jw_line(&w, stdout);
	fc_jw_free(&w);
	return rv;
}

/* The table's columns, widest first computed, then printed. */
enum { C_NAME, C_TYPE, C_ACTIVE, C_FILES, C_LAST, C_CHANGES, C_NEXT,
	C_FAILURES, NCOL };

static const char *const heads[NCOL] = {
	"ENDPOINT", "TYPE", "ACTIVE", "FILES", "LAST SYNC", "CHANGES",
	"NEXT DUE", "FAILURES"
};

static void
cells(const struct row *r, int64_t now, char c[NCOL][80])
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

static void
print_text(const struct row *rows, size_t n, const char *backend,
    const char *url, int exists, int64_t now)
{
	char (*c)[NCOL][80], tbuf[FC_TIMELEN], age[16];
	int width[NCOL], k, nfail = 0, nover = 0;
	size_t i;

	printf("database: %s %s%s\n", backend, url,
	    exists ? "" : " (no syncs yet)");
	if (n == 0) {
		printf("no endpoints\n");
		printf("healthy\n");
		return;
	}
	if ((c = calloc(n, sizeof(*c))) == NULL)
		err(EX_OSERR, NULL);
	for (k = 0; k < NCOL; k++)
		width[k] = (int)strlen(heads[k]);
	for (i = 0; i < n; i++) {
		cells(&rows[i], now, c[i]);
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

		if (rows[i].failing) {
			nfail++;
			printf("%s: failing: last sync %s %s ago%s%s\n",
			    rows[i].name, st->last_status,
			    fc_time_age(now - st->last_started_at, age,
			    sizeof(age)), st->last_error ? ": " : "",
			    st->last_error ? st->last_error : "");
		}
		if (rows[i].overdue) {
			nover++;
			if (rows[i].last_ok != 0)
				printf("%s: overdue: no good sync since %s\n",
				    rows[i].name,
				    fc_time_fmt(rows[i].last_ok, tbuf));
			else
				printf("%s: overdue: never synced, known "
				    "since %s\n", rows[i].name,
				    fc_time_fmt(st->created_at, tbuf));
		}
	}
	if (nfail + nover == 0)
		printf("healthy\n");
	else
		printf("unhealthy: %d failing, %d overdue\n", nfail, nover);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ "now", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	const char *confpath = NULL, *nowarg = NULL, *backend;
	struct fc_conf *conf;
	struct fc_db *db;
	struct fc_ep_state *states = NULL, key;
	struct fc_err e = { 0, "" };
	struct row *rows;
	char *url;
	size_t nstates = 0, nrows = 0, i;
	unsigned char *used;
	int ch, json = 0, exists = 1, healthy = 1, iv;
	int64_t now, since;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			confpath = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'J':
			json = 1;
			break;
		case 'N':
			nowarg = optarg;
			break;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		usage(stderr);
		return EX_USAGE;
	}
	if (nowarg == NULL)
		now = fc_time_now();
	else if (fc_time_parse(nowarg, &now) == -1) {
		warnx("--now %s: expected a time like 2026-11-25T13:15:00Z",
		    nowarg);
		return EX_USAGE;
	}

	if ((conf = fc_conf_load(confpath, &e)) == NULL) {
		warnx("%s", e.msg);
		return e.code;
	}
	for (i = 0; i < conf->n_warnings; i++)
		warnx("%s", conf->warnings[i]);
	iv = conf->sync_interval_minutes;
	url = redact(conf->database_url && *conf->database_url ?
	    conf->database_url : DEFAULT_DB);
	backend = strncmp(url, "postgres", 8) == 0 ? "postgresql" : "sqlite";

	if ((db = fc_db_open(conf->database_url, FC_DB_NOCREATE, &e)) == NULL) {
		if (e.code != EX_NOINPUT) {
			warnx("%s", e.msg);
			free(url);
			fc_conf_free(conf);
			return e.code;
		}
		exists = 0;
	} else {
		backend = fc_db_backend(db);
		if (fc_db_states(db, &states, &nstates, &e) == -1) {
			warnx("%s", e.msg);
			fc_db_close(db);
			free(url);
			fc_conf_free(conf);
			return e.code;
		}
		qsort(states, nstates, sizeof(*states), cmpstate);
	}

	memset(&key, 0, sizeof(key));
	/* the configuration's endpoints in its order, then the database's */
	rows = calloc(conf->n_endpoints + nstates + 1, sizeof(*rows));
	used = calloc(nstates + 1, 1);
	if (rows == NULL || used == NULL)
		err(EX_OSERR, NULL);
	for (i = 0; i < conf->n_endpoints; i++) {
		struct row *r = &rows[nrows++];
		const struct fc_endpoint *ep = &conf->endpoints[i];

		key.name = ep->name;
		r->ep = ep;
		r->st = nstates ? bsearch(&key, states, nstates,
		    sizeof(*states), cmpstate) : NULL;
		if (r->st != NULL)
			used[r->st - states] = 1;
		r->name = ep->name;
		r->type = ep->endpoint_type;
		r->active = ep->is_active;
		r->last_ok = r->st ? r->st->last_ok_at : 0;
		r->next = fc_sched_next(ep, iv, r->last_ok);
		r->due = r->active && r->next <= now;
		since = r->last_ok ? r->last_ok : r->st ? r->st->created_at : 0;
		r->deadline = fc_sched_deadline(ep, iv, since);
		r->overdue = r->active && now > r->deadline;
		r->failing = r->active && r->st && r->st->last_status &&
		    (strcmp(r->st->last_status, "failed") == 0 ||
		    strcmp(r->st->last_status, "refused") == 0);
		if (r->overdue || r->failing)
			healthy = 0;
	}
	for (i = 0; i < nstates; i++) {
		struct row *r;

		if (used[i])
			continue;
		/* gone from the configuration: its rows stay; inactive */
		r = &rows[nrows++];
		r->st = &states[i];
		r->name = states[i].name;
		r->type = states[i].endpoint_type;
		r->last_ok = states[i].last_ok_at;
		r->next = INT64_MAX;
		r->deadline = INT64_MAX;
	}

	if (json) {
		if (print_json(rows, nrows, backend, url, exists, healthy, iv,
		    now) == -1)
			err(EX_IOERR, "stdout");
	} else
		print_text(rows, nrows, backend, url, exists, now);

	free(rows);
	free(used);
	free(url);
	fc_ep_states_free(states, nstates);
	fc_db_close(db);
	fc_conf_free(conf);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	return healthy ? 0 : 1;
}
