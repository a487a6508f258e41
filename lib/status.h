/*
 * status.h: what fc-status reports, built once for every way of showing
 * it: the table, the --json document, and the HTTP /status and /health
 * replies of fc-status --listen.  One builder, so a monitor polling
 * /health and a cron job reading the exit status can never disagree.
 *
 *	struct fc_status s;
 *
 *	if (fc_status_load(&s, conf, now, &e) == -1)	(out of memory)
 *		...;
 *	if (s.dberr.code != 0)			(database unreadable)
 *		...;
 *	fc_status_json(&s, &w);			(the --json document)
 *	fc_status_free(&s);
 *
 * Health: an active endpoint is failing when its last sync failed or was
 * refused, overdue when a second due time passed with no good sync
 * (fc_sched_deadline()), incomplete when its listings keep ending
 * incomplete and a second due time passed since the last complete one
 * (nothing is deleted meanwhile); the state is healthy when none is and
 * no client an active endpoint uses needs a login or a mend.  A
 * missing database is healthy: nothing has synced, so nothing can be
 * late.  A database that cannot be read is not, nor one missing that no
 * sync could create (fc_db_creatable()).
 *
 * Everything here is safe to use from several threads at once as long as
 * each has its own struct fc_status and the configuration is not
 * changed meanwhile: the database is opened and closed inside
 * fc_status_load().
 */
#ifndef FC_STATUS_H
#define FC_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "db.h"
#include "err.h"
#include "json.h"

/* One endpoint as shown: from the configuration, the database or both. */
struct fc_status_ep {
	const struct fc_endpoint *ep;	/* NULL: only in the database */
	const struct fc_ep_state *st;	/* NULL: never seen by fc-ingest */
	const char *name;
	const char *type;
	int	 active;
	int64_t	 last_ok;	/* end of the last good sync; 0: none */
	int64_t	 next;		/* fc_sched_next(); INT64_MAX: never */
	int64_t	 deadline;	/* overdue after this */
	int	 due;
	int	 failing;
	int	 overdue;
	int	 incomplete;	/* no complete listing for as long */
};

/*
 * A cloud client's login, from its token file, when the client is
 * configured or an active endpoint uses it.  needed: an active endpoint
 * uses the client.  unusable: what a person must mend before any token
 * can be had, with error saying why: "configuration" (no client id, key
 * or secret configured), "key" (Google's service account key file),
 * "client_file" (the OAuth client file of auth: user), "token_dir" (open
 * to others, or no directory), "token_file" (readable by others, or not
 * fc's); else NULL.  login: a person must log in (needed, the grant is
 * a person's, nothing is unusable, and there is no login, it has
 * expired, its last refresh was refused, or the file holds another
 * client's).  Either makes the state unhealthy.  For Google's service
 * account, logged_in says its key can be used.  warning: a credentials
 * file others can read, which fc uses all the same.
 */
struct fc_status_login {
	const char *client;	/* "autodesk", "google_drive" */
	const char *auth;	/* its name to fc-auth: "autodesk", "google" */
	const char *grant;
	int	 needed;
	int	 logged_in;
	int	 expired;	/* the refresh token's 15 days are over */
	char	 refused[48];	/* the OAuth error of a refused refresh, or "" */
	int64_t	 refused_at;	/* and when; 0: unknown */
	int	 login;
	const char *unusable;	/* a string constant, or NULL */
	int64_t	 access_expires_at;	/* 0: none */
	int64_t	 refresh_expires_at;	/* 0: none or unknown */
	char	 error[512];	/* why unusable, or why a login is needed */
	char	 warning[300];	/* "" or a file others can read */
};

/*
 * Read-only for callers.  Strings point into the configuration (which
 * must outlive the status), into states, or are string constants; url
 * and the arrays belong to the status.
 */
struct fc_status {
	int64_t	 now;
	int	 default_interval;	/* sync_interval_minutes */
	const char *backend;	/* "sqlite", "postgresql" */
	char	*url;		/* database URL, password removed */
	int	 exists;	/* 0: no database yet ("no syncs yet") */
	struct fc_err dberr;	/* code 0, or why it was unreadable */
	int	 healthy;	/* 0 too when dberr is set */
	int	 nfailing;
	int	 noverdue;
	int	 nincomplete;
	struct fc_status_ep *eps;	/* the config's, then the rest */
	size_t	 n;
	struct fc_ep_state *states;
	size_t	 nstates;
#define FC_STATUS_LOGINS	2	/* autodesk, google_drive */
	struct fc_status_login logins[FC_STATUS_LOGINS];	/* configured */
	size_t	 nlogins;
	int	 nlogin;	/* how many need a person to log in */
	int	 nunusable;	/* how many needed have unusable set */
};

/*
 * Fills *s from the configuration and the database at c->database_url,
 * judged at now.  Opens the database with FC_DB_NOCREATE, reads it in
 * one snapshot and closes it again.  A database that does not exist is
 * not an error (exists is 0); one that cannot be read sets s->dberr and
 * leaves the configuration's endpoints without state.  With
 * FC_STATUS_HEALTH in flags it reads only what fc_status_health()
 * writes: the files are not counted, which on a large inventory is most
 * of the work.  Returns 0, or -1 with *e set (EX_OSERR) when memory ran
 * out; free *s with fc_status_free() either way.
 */
#define FC_STATUS_HEALTH	1
int	fc_status_load(struct fc_status *s, const struct fc_conf *c,
	    int64_t now, int flags, struct fc_err *e);
void	fc_status_free(struct fc_status *s);

/*
 * Writes the fc-status --json document (see fc-status(1)) to w as one
 * object, without a newline.  Not meant for a status with dberr set.
 */
void	fc_status_json(const struct fc_status *s, struct fc_jw *w);

/*
 * Writes the /health reply to w:
 *	{"healthy":true,"database":"ok","failing":[],"overdue":[],
 *	 "incomplete":[],"login":[],"unusable":[]}
 * database is "ok", "missing" or "error" (then an "error" member says
 * why); failing, overdue and incomplete name the endpoints that are, login
 * the clients a person must log in to again, unusable the needed clients
 * whose configuration, key or token files a person must mend.
 */
void	fc_status_health(const struct fc_status *s, struct fc_jw *w);

/*
 * The database URL without its password: "scheme://user:pass@host" loses
 * ":pass", and a "password=" query parameter goes.  Returns a malloc'd
 * string, or NULL when memory ran out.
 */
char	*fc_status_redact(const char *url);

#endif
