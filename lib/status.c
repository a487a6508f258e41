/*
 * status.c: the endpoints, their last syncs, next due times and health,
 * as fc-status shows them in a table, as JSON and over HTTP.
 *
 * Rows come in the configuration's order, then the endpoints only the
 * database still knows (gone from the file: inactive, never overdue).
 * Next-due times come from fc_sched_next(), the code fc-auth decides
 * with, so the two never disagree.  Nothing here keeps state between
 * calls, so the HTTP server's threads each build their own.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "conf.h"
#include "db.h"
#include "json.h"
#include "sched.h"
#include "status.h"
#include "gauth.h"
#include "token.h"

#define DEFAULT_DB	"./data/connector.db"

static int
cmpstate(const void *a, const void *b)
{
	return strcmp(((const struct fc_ep_state *)a)->name,
	    ((const struct fc_ep_state *)b)->name);
}

char *
fc_status_redact(const char *url)
{
	return fc_db_redact(url);
}

/* Reads the database's state into s; a missing database is no error. */
static void
load_db(struct fc_status *s, const struct fc_conf *c, int flags)
{
	struct fc_db *db;

	if ((db = fc_db_open(c->database_url, FC_DB_NOCREATE | FC_DB_READONLY,
	    &s->dberr)) == NULL) {
		if (s->dberr.code == EX_NOINPUT) {
			s->exists = 0;
			memset(&s->dberr, 0, sizeof(s->dberr));
		}
		return;
	}
	s->backend = fc_db_backend(db);
	if (fc_db_states(db, flags & FC_STATUS_HEALTH ? FC_DB_NOCOUNT : 0,
	    &s->states, &s->nstates, &s->dberr) == -1) {
		s->states = NULL;
		s->nstates = 0;
	} else if (s->nstates > 0)	/* NULL when empty: not for qsort */
		qsort(s->states, s->nstates, sizeof(*s->states), cmpstate);
	fc_db_close(db);
}

static void
judge(struct fc_status *s, struct fc_status_ep *r)
{
	int64_t since;
	int iv = s->default_interval;

	r->last_ok = r->st ? r->st->last_ok_at : 0;
	r->next = fc_sched_next(r->ep, iv, r->last_ok);
	r->due = r->active && r->next <= s->now;
	since = r->last_ok ? r->last_ok : r->st ? r->st->created_at : 0;
	r->deadline = fc_sched_deadline(r->ep, iv, since);
	r->overdue = r->active && s->now > r->deadline;
	r->failing = r->active && r->st && r->st->last_status &&
	    (strcmp(r->st->last_status, "failed") == 0 ||
	    strcmp(r->st->last_status, "refused") == 0);
	/*
	 * Partial listings are good syncs, but they delete nothing: files
	 * gone from the source stay present until a complete one.
	 */
	if (r->active && r->st && r->st->incomplete > 0) {
		since = r->st->last_complete_at ? r->st->last_complete_at :
		    r->st->created_at;
		r->incomplete = s->now > fc_sched_deadline(r->ep, iv, since);
	}
	s->nfailing += r->failing;
	s->noverdue += r->overdue;
	s->nincomplete += r->incomplete;
}

/* A refresh refused, as fc_tok_refused() left it in the file. */
static void
refused(struct fc_status_login *l, const struct fc_token *t)
{
	const char *p;
	char *q;

	if (t->refused == NULL)
		return;
	/* the token service's word, in a table and a line of text */
	for (p = t->refused, q = l->refused; *p != '\0' &&
	    q < l->refused + sizeof(l->refused) - 1; p++, q++)
		*q = (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f ?
		    '?' : *p;
	*q = '\0';
	if (l->refused[0] == '\0')
		snprintf(l->refused, sizeof(l->refused), "refused");
	l->refused_at = t->refused_at;
}

/*
 * The token file, or its directory, could not be read (fc_tok_peek's
 * *e): which of the two a person must mend, and why.
 */
static void
tokfail(struct fc_status_login *l, const struct fc_err *e)
{
	/* fc_tok_peek's codes for token_dir itself, as fc_tok_open's */
	l->unusable = e->code == EX_CONFIG || e->code == EX_CANTCREAT ?
	    "token_dir" : "token_file";
	snprintf(l->error, sizeof(l->error), "%s", e->msg);
}

/* A credentials file others can read, as fc-auth warns of it. */
static void
readable(struct fc_status_login *l, const char *key, const char *path,
    unsigned mode, const char *what)
{
	if (mode & 004)
		snprintf(l->warning, sizeof(l->warning), "%s %s: readable by "
		    "others (mode %04o): %s is a secret; chmod 600 it", key,
		    path, mode, what);
}

/*
 * Tallies l: what a person must do counts only when an active endpoint
 * needs the client.  person: the grant is a person's login, which a
 * person must renew; 2-legged tokens and a service account's are minted
 * when needed.
 */
static void
tally(struct fc_status *s, struct fc_status_login *l, int person)
{
	if (l->needed && l->unusable != NULL)
		s->nunusable++;
	else if (l->needed && person)
		l->login = l->error[0] != '\0' || !l->logged_in ||
		    l->expired || l->refused[0] != '\0';
	s->nlogin += l->login;
}

/*
 * The Autodesk client's login, when it is configured or an active
 * endpoint needs it.  The token file is only read: no lock, nothing
 * created.
 */
static void
load_login(struct fc_status *s, const struct fc_conf *c)
{
	struct fc_status_login *l = &s->logins[s->nlogins];
	const struct fc_autodesk *ad = &c->autodesk;
	struct fc_token t;
	struct stat st;
	struct fc_err e;
	int r;

	l->needed = fc_conf_type_active(c, "autodesk_construction_cloud");
	if ((ad->client_id == NULL || ad->client_id[0] == '\0') && !l->needed)
		return;
	s->nlogins++;
	l->client = "autodesk";
	l->auth = "autodesk";
	l->grant = ad->grant;
	memset(&e, 0, sizeof(e));
	/* what fc_auth_open() refuses, in its words */
	if (ad->client_id == NULL || ad->client_id[0] == '\0') {
		l->unusable = "configuration";
		snprintf(l->error, sizeof(l->error), "clients.autodesk."
		    "client_id: missing (or set CONNECTOR_AUTODESK_CLIENT_ID)");
	} else if ((ad->client_secret == NULL || ad->client_secret[0] ==
	    '\0') && ad->client_secret_file == NULL) {
		l->unusable = "configuration";
		snprintf(l->error, sizeof(l->error), "clients.autodesk: no "
		    "client_secret, client_secret_file or "
		    "CONNECTOR_AUTODESK_CLIENT_SECRET");
	} else if ((r = fc_tok_peek(c->token_dir, "autodesk", &t, &e)) == -1)
		tokfail(l, &e);
	else if (r == 0 && t.client_id != NULL &&
	    strcmp(t.client_id, ad->client_id) != 0) {
		/* another app's tokens, which fc-list will not use */
		snprintf(l->error, sizeof(l->error), "the token file holds "
		    "another client_id's login");
		fc_token_clear(&t);
	} else if (r == 0) {
		l->logged_in = (t.refresh_token != NULL ||
		    strcmp(t.grant, "client_credentials") == 0) &&
		    t.refused == NULL;
		refused(l, &t);
		l->access_expires_at = t.expires_at;
		l->refresh_expires_at = t.refresh_token != NULL ?
		    t.refresh_expires_at : 0;
		l->expired = t.refresh_token != NULL &&
		    t.refresh_expires_at != 0 && t.refresh_expires_at <= s->now;
		fc_token_clear(&t);
	}
	if (ad->client_secret_file != NULL &&
	    (ad->client_secret == NULL || ad->client_secret[0] == '\0') &&
	    stat(ad->client_secret_file, &st) == 0)
		readable(l, "clients.autodesk.client_secret_file",
		    ad->client_secret_file, (unsigned)(st.st_mode & 07777),
		    "the client secret");
	tally(s, l, strcmp(l->grant, "client_credentials") != 0);
}

/*
 * The Google client, when credentials_path is set or an active endpoint
 * needs it.  A service account has no person to log in: what stops it
 * is a key it cannot use, so the key is read (never sent anywhere), and
 * one fc cannot use is a key a person must mend.  A person's login
 * (auth: user) is as Autodesk's: the OAuth client file must read, and
 * the token file hold a refresh token of that client.
 */
static void
load_google(struct fc_status *s, const struct fc_conf *c)
{
	struct fc_status_login *l = &s->logins[s->nlogins];
	const struct fc_google *g = &c->google;
	struct fc_gauth_key *k = NULL;
	struct fc_gauth_client *cl = NULL;
	struct fc_token t;
	struct fc_err e;
	const char *other;
	int user, r;

	l->needed = fc_conf_type_active(c, "google_drive");
	if (g->credentials_path == NULL && !l->needed)
		return;
	s->nlogins++;
	l->client = "google_drive";
	l->auth = "google";
	l->grant = g->auth;
	user = strcmp(l->grant, "user") == 0;
	memset(&e, 0, sizeof(e));
	if (g->credentials_path == NULL) {
		l->unusable = "configuration";
		snprintf(l->error, sizeof(l->error), "clients.google_drive."
		    "credentials_path: missing (%s)", user ? "the OAuth client "
		    "file of a Desktop app" : "the service account's JSON key");
	} else if (user ? (cl = fc_gauth_client_read(g->credentials_path,
	    &e)) == NULL : (k = fc_gauth_key_read(g->credentials_path,
	    &e)) == NULL) {
		l->unusable = user ? "client_file" : "key";
		snprintf(l->error, sizeof(l->error), "%s", e.msg);
	} else if ((r = fc_tok_peek(c->token_dir, "google_drive", &t, &e)) ==
	    -1)
		tokfail(l, &e);
	else {
		l->logged_in = !user;
		other = r == 0 ? fc_gauth_token_other(g, user ?
		    fc_gauth_client_id(cl) : fc_gauth_key_email(k), &t) : NULL;
		if (r == 0 && user && other != NULL)
			/* fc-list will not refresh it: a login is needed */
			snprintf(l->error, sizeof(l->error), "the token file "
			    "holds a login of %s", other);
		else if (r == 0 && user) {
			l->logged_in = t.refresh_token != NULL &&
			    t.refused == NULL;
			refused(l, &t);
			l->access_expires_at = t.expires_at;
		} else if (r == 0 && other == NULL)
			/* another account's or subject's is never used */
			l->access_expires_at = t.expires_at;
		if (r == 0)
			fc_token_clear(&t);
	}
	if (k != NULL)
		readable(l, "clients.google_drive.credentials_path",
		    g->credentials_path, fc_gauth_key_mode(k),
		    "the service account's key");
	fc_gauth_key_free(k);
	fc_gauth_client_free(cl);
	tally(s, l, user);
}

int
fc_status_load(struct fc_status *s, const struct fc_conf *c, int64_t now,
    int flags, struct fc_err *e)
{
	struct fc_ep_state key;
	unsigned char *used;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->now = now;
	s->default_interval = c->sync_interval_minutes;
	s->exists = 1;
	if ((s->url = fc_status_redact(c->database_url &&
	    *c->database_url ? c->database_url : DEFAULT_DB)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	s->backend = fc_db_url_backend(c->database_url);
	load_db(s, c, flags);

	s->eps = calloc(c->n_endpoints + s->nstates + 1, sizeof(*s->eps));
	used = calloc(s->nstates + 1, 1);
	if (s->eps == NULL || used == NULL) {
		free(used);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	memset(&key, 0, sizeof(key));
	for (i = 0; i < c->n_endpoints; i++) {
		struct fc_status_ep *r = &s->eps[s->n++];
		const struct fc_endpoint *ep = &c->endpoints[i];

		key.name = ep->name;
		r->ep = ep;
		r->st = s->nstates ? bsearch(&key, s->states, s->nstates,
		    sizeof(*s->states), cmpstate) : NULL;
		if (r->st != NULL)
			used[r->st - s->states] = 1;
		r->name = ep->name;
		r->type = ep->endpoint_type;
		r->active = ep->is_active;
		judge(s, r);
	}
	for (i = 0; i < s->nstates; i++) {
		struct fc_status_ep *r;

		if (used[i])
			continue;
		/* gone from the configuration: its rows stay; inactive */
		r = &s->eps[s->n++];
		r->st = &s->states[i];
		r->name = s->states[i].name;
		r->type = s->states[i].endpoint_type;
		r->last_ok = s->states[i].last_ok_at;
		r->next = INT64_MAX;
		r->deadline = INT64_MAX;
	}
	free(used);
	load_login(s, c);
	load_google(s, c);
	s->healthy = s->dberr.code == 0 && s->nfailing + s->noverdue +
	    s->nincomplete + s->nlogin + s->nunusable == 0;
	return 0;
}

void
fc_status_free(struct fc_status *s)
{
	free(s->eps);
	free(s->url);
	fc_ep_states_free(s->states, s->nstates);
	s->eps = NULL;
	s->url = NULL;
	s->states = NULL;
	s->n = s->nstates = 0;
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

static void
jw_endpoint(struct fc_jw *w, const struct fc_status_ep *r, int default_iv)
{
	const struct fc_ep_state *st = r->st;

	fc_jw_obj(w, NULL);
	fc_jw_str(w, "name", r->name);
	fc_jw_str(w, "endpoint_type", r->type);
	fc_jw_bool(w, "is_active", r->active);
	fc_jw_bool(w, "in_config", r->ep != NULL);
	jw_schedule(w, r->ep, default_iv);
	fc_jw_int(w, "files_present", st ? st->files_present : 0);
	fc_jw_int(w, "files_deleted", st ? st->files_deleted : 0);
	if (st == NULL || st->last_status == NULL)
		fc_jw_null(w, "last_sync");
	else {
		fc_jw_obj(w, "last_sync");
		fc_jw_str(w, "status", st->last_status);
		fc_jw_time(w, "started_at", st->last_started_at);
		fc_jw_time(w, "finished_at", st->last_finished_at);
		fc_jw_int(w, "seen", st->last_seen);
		fc_jw_int(w, "inserted", st->last_inserted);
		fc_jw_int(w, "updated", st->last_updated);
		fc_jw_int(w, "deleted", st->last_deleted);
		fc_jw_str(w, "error", st->last_error);
		fc_jw_end_obj(w);
	}
	fc_jw_time(w, "last_ok_at", r->last_ok);
	fc_jw_int(w, "failures", st ? st->failures : 0);
	fc_jw_bool(w, "due", r->due);
	if (r->next == 0 || r->next == INT64_MAX || !r->active)
		fc_jw_null(w, "next_due");
	else
		fc_jw_time(w, "next_due", r->next);
	fc_jw_bool(w, "overdue", r->overdue);
	fc_jw_bool(w, "failing", r->failing);
	fc_jw_time(w, "last_complete_at", st ? st->last_complete_at : 0);
	fc_jw_int(w, "incomplete_syncs", st ? st->incomplete : 0);
	fc_jw_bool(w, "incomplete", r->incomplete);
	fc_jw_end_obj(w);
}

void
fc_status_json(const struct fc_status *s, struct fc_jw *w)
{
	size_t i;

	fc_jw_obj(w, NULL);
	fc_jw_obj(w, "database");
	fc_jw_str(w, "backend", s->backend);
	fc_jw_str(w, "url", s->url);
	fc_jw_bool(w, "exists", s->exists);
	fc_jw_end_obj(w);
	fc_jw_bool(w, "healthy", s->healthy);
	fc_jw_time(w, "now", s->now);
	fc_jw_arr(w, "endpoints");
	for (i = 0; i < s->n; i++)
		jw_endpoint(w, &s->eps[i], s->default_interval);
	fc_jw_end_arr(w);
	fc_jw_arr(w, "logins");
	for (i = 0; i < s->nlogins; i++) {
		const struct fc_status_login *l = &s->logins[i];

		fc_jw_obj(w, NULL);
		fc_jw_str(w, "client", l->client);
		fc_jw_str(w, "grant", l->grant);
		fc_jw_bool(w, "needed", l->needed);
		fc_jw_bool(w, "logged_in", l->logged_in);
		fc_jw_bool(w, "expired", l->expired);
		fc_jw_str(w, "refused", l->refused[0] ? l->refused : NULL);
		fc_jw_time(w, "refused_at", l->refused_at);
		fc_jw_bool(w, "login_required", l->login);
		fc_jw_str(w, "unusable", l->unusable);
		fc_jw_time(w, "access_expires_at", l->access_expires_at);
		fc_jw_time(w, "refresh_expires_at", l->refresh_expires_at);
		fc_jw_str(w, "error", l->error[0] ? l->error : NULL);
		fc_jw_str(w, "warning", l->warning[0] ? l->warning : NULL);
		fc_jw_end_obj(w);
	}
	fc_jw_end_arr(w);
	fc_jw_end_obj(w);
}

void
fc_status_health(const struct fc_status *s, struct fc_jw *w)
{
	size_t i;

	fc_jw_obj(w, NULL);
	fc_jw_bool(w, "healthy", s->healthy);
	fc_jw_str(w, "database", s->dberr.code != 0 ? "error" :
	    s->exists ? "ok" : "missing");
	if (s->dberr.code != 0)
		fc_jw_str(w, "error", s->dberr.msg);
	fc_jw_arr(w, "failing");
	for (i = 0; i < s->n; i++)
		if (s->eps[i].failing)
			fc_jw_str(w, NULL, s->eps[i].name);
	fc_jw_end_arr(w);
	fc_jw_arr(w, "overdue");
	for (i = 0; i < s->n; i++)
		if (s->eps[i].overdue)
			fc_jw_str(w, NULL, s->eps[i].name);
	fc_jw_end_arr(w);
	fc_jw_arr(w, "incomplete");
	for (i = 0; i < s->n; i++)
		if (s->eps[i].incomplete)
			fc_jw_str(w, NULL, s->eps[i].name);
	fc_jw_end_arr(w);
	fc_jw_arr(w, "login");
	for (i = 0; i < s->nlogins; i++)
		if (s->logins[i].login)
			fc_jw_str(w, NULL, s->logins[i].client);
	fc_jw_end_arr(w);
	fc_jw_arr(w, "unusable");
	for (i = 0; i < s->nlogins; i++)
		if (s->logins[i].needed && s->logins[i].unusable != NULL)
			fc_jw_str(w, NULL, s->logins[i].client);
	fc_jw_end_arr(w);
	fc_jw_end_obj(w);
}
