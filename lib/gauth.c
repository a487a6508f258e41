/*
 * gauth.c: a Google service account's access tokens (gdrive.md section
 * 2): the assertion gauth_key.c signs traded at the token endpoint, its
 * answers turned into one line each.
 *
 * Token errors: Google answers a refused assertion with 400 invalid_grant
 * and a description, which is the only thing telling a wrong clock from a
 * deleted key; the few descriptions known (gdrive.md, and what Google's
 * documentation quotes) pick the message, anything else is passed on
 * trimmed to printable text.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>


#include "auth.h"
#include "gauth.h"
#include "http.h"
#include "json.h"
#include "oauth.h"
#include "timefmt.h"

struct fc_gauth {
	const struct fc_google	*cf;
	struct fc_gauth_key	*key;		/* a service account's */
	struct fc_gauth_client	*client;	/* auth: user */
	const char		*token_url;
	char			*redirect;	/* user: the login's address */
	char			*account;	/* user: whose login, if known */
	struct fc_tokstore	*store;
	struct fc_http		*http;
	struct fc_log		*log;
	char			*hdr;		/* "Bearer …", lent out */
	char			 warning[300];	/* "" or fc_gauth_warning() */
};

/* ---- the client ---- */

struct fc_gauth *
fc_gauth_open(const struct fc_conf *c, struct fc_log *log, struct fc_err *e)
{
	const struct fc_google *cf = &c->google;
	struct fc_http_opts ho;
	struct fc_gauth *g;

	struct fc_token t;
	struct fc_err pe;
	int user = cf->auth != NULL && strcmp(cf->auth, "user") == 0;

	if (cf->credentials_path == NULL) {
		/* in a pipe, fc-list may have found no file to read at all */
		if (c->path == NULL)
			fc_seterr(e, EX_CONFIG, "clients.google_drive."
			    "credentials_path: missing: no configuration file "
			    "was found (name it with -c or FC_CONFIG)");
		else
			fc_seterr(e, EX_CONFIG, "clients.google_drive."
			    "credentials_path: missing (%s)", user ? "the OAuth "
			    "client file of a Desktop app" : "the service "
			    "account's JSON key");
		return NULL;
	}
	if (user && cf->subject != NULL) {
		fc_seterr(e, EX_CONFIG, "clients.google_drive.subject: for a "
		    "service account's delegation; a person's login (auth: "
		    "user) reads that person's Drive");
		return NULL;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	g->cf = cf;
	g->log = log;
	if (user) {
		if ((g->client = fc_gauth_client_read(cf->credentials_path,
		    e)) == NULL)
			goto fail;
		g->token_url = cf->token_url != NULL ? cf->token_url :
		    fc_gauth_client_token_uri(g->client);
	} else {
		if ((g->key = fc_gauth_key_read(cf->credentials_path, e)) ==
		    NULL)
			goto fail;
		/* the key file says where its tokens come from, unless told */
		g->token_url = cf->token_url != NULL ? cf->token_url :
		    fc_gauth_key_token_uri(g->key);
		/*
		 * Said, not refused: the file is the person's, where they
		 * put it; a container's secret mount is 0644 or 0444.
		 */
		if (fc_gauth_key_mode(g->key) & 004)
			snprintf(g->warning, sizeof(g->warning), "clients."
			    "google_drive.credentials_path %s: readable by "
			    "others (mode %04o): the service account's key is "
			    "a secret; chmod 600 it", cf->credentials_path,
			    fc_gauth_key_mode(g->key));
	}
	if ((g->store = fc_tok_open(c->token_dir, "google_drive", e)) == NULL)
		goto fail;
	if (c->dry_run)
		fc_tok_dry(g->store);
	/* whose login it is, for messages; unknown is no reason to stop */
	memset(&pe, 0, sizeof(pe));
	if (user && fc_tok_peek(c->token_dir, "google_drive", &t, &pe) == 0) {
		if (t.subject != NULL && strcmp(t.grant, "user") == 0)
			g->account = strdup(t.subject);
		fc_token_clear(&t);
	}
	memset(&ho, 0, sizeof(ho));
	ho.agent = cf->application_name;
	ho.retries = 2;
	ho.log = log;
	ho.max_active = 1;
	if ((g->http = fc_http_new(&ho, e)) == NULL)
		goto fail;
	return g;
fail:
	fc_gauth_close(g);
	return NULL;
}

void
fc_gauth_close(struct fc_gauth *g)
{
	if (g == NULL)
		return;
	fc_oauth_bearer_free(g->hdr);
	free(g->redirect);
	free(g->account);
	fc_gauth_key_free(g->key);
	fc_gauth_client_free(g->client);
	fc_tok_close(g->store);
	fc_http_free(g->http);
	free(g);
}

const char *
fc_gauth_grant(const struct fc_gauth *g)
{
	return g->client != NULL ? "user" : "service_account";
}

const char *
fc_gauth_account(const struct fc_gauth *g)
{
	return g->client != NULL ? g->account : fc_gauth_key_email(g->key);
}

const char *
fc_gauth_subject(const struct fc_gauth *g)
{
	return g->client != NULL ? NULL : g->cf->subject;
}

const char *
fc_gauth_warning(const struct fc_gauth *g)
{
	return g->warning[0] != '\0' ? g->warning : NULL;
}

/* s, or "" for NULL, for comparing optional strings. */
static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

const char *
fc_gauth_other(const struct fc_gauth *g, const struct fc_token *t)
{
	return fc_gauth_token_other(g->cf, g->client != NULL ?
	    fc_gauth_client_id(g->client) : fc_gauth_key_email(g->key), t);
}

/* One line for a refused assertion, naming the likely cause. */
static int
refused(struct fc_gauth *g, long status, const char *err, const char *desc,
    struct fc_err *e)
{
	const char *who = fc_gauth_key_email(g->key), *sub = g->cf->subject;

	if (strcmp(err, "invalid_grant") == 0) {
		if (strcasestr(desc, "timeframe") != NULL ||
		    strstr(desc, "iat") != NULL || strstr(desc, "exp") != NULL)
			return fc_seterr(e, EX_CONFIG, "google: the token "
			    "service refused the assertion's time "
			    "(invalid_grant): this machine's clock is probably "
			    "wrong; check date -u and NTP");
		if (strcasestr(desc, "signature") != NULL)
			return fc_seterr(e, EX_NOPERM, "google: the key of %s "
			    "was refused (invalid_grant: Invalid JWT "
			    "Signature): it was deleted or disabled in the "
			    "Cloud console, or is not that account's; make a "
			    "new key", who);
		if (strcasestr(desc, "account not found") != NULL)
			return fc_seterr(e, EX_NOPERM, "google: service "
			    "account %s was not found (invalid_grant): it was "
			    "deleted, or the key belongs to another project",
			    who);
		if (strcasestr(desc, "email or user id") != NULL)
			return fc_seterr(e, EX_CONFIG, "google: subject %s is "
			    "not a user %s may act for (invalid_grant: "
			    "Invalid email or User ID): check "
			    "clients.google_drive.subject", nz(sub), who);
		if (strcasestr(desc, "audience") != NULL)
			return fc_seterr(e, EX_CONFIG, "google: %s is not the "
			    "token endpoint of this key (invalid_grant: "
			    "audience): leave clients.google_drive.token_url "
			    "out, so the key's token_uri is used",
			    g->token_url);
		return fc_seterr(e, EX_NOPERM, "google: the token service "
		    "refused the key of %s (invalid_grant: %.120s)", who, desc);
	}
	if (strcmp(err, "unauthorized_client") == 0) {
		if (sub != NULL)
			return fc_seterr(e, EX_NOPERM, "google: %s may not act "
			    "for %s (unauthorized_client): domain-wide "
			    "delegation is missing; a Workspace administrator "
			    "must allow client id %s the scope %s", who, sub,
			    nz(fc_gauth_key_client_id(g->key)), g->cf->scope);
		return fc_seterr(e, EX_NOPERM, "google: %s may not get tokens "
		    "(unauthorized_client: %.120s)", who, desc);
	}
	if (strcmp(err, "invalid_scope") == 0)
		return fc_seterr(e, EX_CONFIG, "google: the scope %s was "
		    "refused (invalid_scope): check clients.google_drive.scope",
		    g->cf->scope);
	if (strcmp(err, "internal_failure") == 0 ||
	    strcmp(err, "server_error") == 0 ||
	    strcmp(err, "temporarily_unavailable") == 0)
		return fc_seterr(e, EX_TEMPFAIL, "google token service: %s "
		    "(%ld): try again later", err, status);
	/* down or busy after the retries: a later run may get through */
	return fc_seterr(e, status >= 500 || status == 429 ? EX_TEMPFAIL :
	    EX_PROTOCOL, "google token service: answered %ld%s%s%s%.120s%s",
	    status, err[0] ? " " : "", err, desc[0] ? ": " : "", desc,
	    status >= 500 || status == 429 ? ": try again later" : "");
}

/*
 * POSTs form (zeroed and freed here) to the token endpoint.  Returns 0
 * with *resp (free it), or -1 with *e set when no answer came.
 */
static int
post(struct fc_gauth *g, char *form, struct fc_http_resp *resp,
    struct fc_err *e)
{
	struct fc_http_req *r;

	r = fc_http_req_new("POST", g->token_url, "token", 0, e);
	if (r == NULL ||
	    fc_http_req_header(r, "Accept", "application/json", e) == -1 ||
	    fc_http_req_body(r, "application/x-www-form-urlencoded", form,
	    strlen(form), e) == -1) {
		fc_http_req_free(r);
		fc_oauth_form_free(form);
		return -1;
	}
	fc_oauth_form_free(form);
	if (fc_http_do(g->http, r, resp, e) == -1) {
		/* unreachable after the retries, or timed out: try later */
		e->code = EX_TEMPFAIL;
		fc_errctx(e, "google token service %s", g->token_url);
		return -1;
	}
	return 0;
}

/*
 * One record in the log for a token request that failed (what: "refresh",
 * "code exchange", "assertion"): the message, and Google's own error and
 * description when it answered.
 */
static void
log_failure(struct fc_gauth *g, const char *what, const char *sent,
    long status, const char *err, const char *desc, const struct fc_err *e)
{
	fc_tok_log_failed(g->log, "google_drive", what, e, status, err, desc,
	    g->client != NULL ? fc_gauth_client_secret(g->client) : NULL,
	    sent);
}

int
fc_gauth_answer(char *body, size_t len, int64_t now, struct fc_token *t,
    struct fc_err *e)
{
	struct fc_jdoc *d;
	const char *s;
	int64_t n;
	int rv = -1;

	memset(t, 0, sizeof(*t));
	d = fc_jdoc_parse(body, len, e);
	explicit_bzero(body, len);
	if (d == NULL) {
		e->code = EX_PROTOCOL;
		fc_errctx(e, "google token service: the answer");
		return -1;
	}
	if (fc_jdoc_str(d, "access_token", &s) != 0 || *s == '\0') {
		fc_seterr(e, EX_PROTOCOL, "google token service: "
		    "\"access_token\": missing");
		goto out;
	}
	if ((t->access_token = strdup(s)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		goto out;
	}
	/* "Bearer" in any case (gdrive.md); another type fc cannot send */
	if (fc_jdoc_str(d, "token_type", &s) == 0 && strcasecmp(s, "bearer") !=
	    0) {
		fc_seterr(e, EX_PROTOCOL, "google token service: "
		    "\"token_type\": expected Bearer");
		goto out;
	}
	/* a number, or a number in a string */
	if (fc_jdoc_int(d, "expires_in", &n) != 0 || n <= 0 || n > 86400) {
		fc_seterr(e, EX_PROTOCOL, "google token service: "
		    "\"expires_in\": expected seconds");
		goto out;
	}
	if (fc_jdoc_str(d, "refresh_token", &s) == 0 && *s != '\0' &&
	    (t->refresh_token = strdup(s)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		goto out;
	}
	t->expires_at = now + n;
	t->obtained_at = now;
	rv = 0;
out:
	fc_jdoc_free(d);
	if (rv == -1)
		fc_token_clear(t);
	return rv;
}

/*
 * A 200 of the token endpoint into *t (fc_gauth_answer), with what fc
 * records beside the tokens: grant, scopes, client.  Frees resp.
 */
static int
answer(struct fc_gauth *g, struct fc_http_resp *resp, const char *grant,
    struct fc_token *t, struct fc_err *e)
{
	int rv;

	rv = fc_gauth_answer(resp->body, resp->len, fc_time_now(), t, e);
	fc_http_resp_free(resp);
	if (rv == -1)
		return -1;
	if ((t->grant = strdup(grant)) == NULL ||
	    (t->scopes = strdup(g->cf->scope)) == NULL ||
	    (t->client_id = strdup(g->client != NULL ?
	    fc_gauth_client_id(g->client) : fc_gauth_key_email(g->key))) ==
	    NULL || (g->client == NULL && g->cf->subject != NULL &&
	    (t->subject = strdup(g->cf->subject)) == NULL)) {
		fc_token_clear(t);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	return 0;
}

/* Signs an assertion, trades it for an access token, fills *t. */
static int
mint(struct fc_gauth *g, struct fc_token *t, struct fc_err *e)
{
	struct fc_http_resp resp;
	char *jwt, *form = NULL, err[48], desc[256];

	memset(t, 0, sizeof(*t));
	if ((jwt = fc_gauth_jwt(g->key, g->cf->scope, g->token_url,
	    g->cf->subject, fc_time_now(), e)) == NULL)
		return -1;
	if (fc_oauth_form(&form,
	    "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
	    "assertion", jwt, (char *)NULL) == -1) {
		explicit_bzero(jwt, strlen(jwt));
		free(jwt);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	explicit_bzero(jwt, strlen(jwt));
	free(jwt);
	if (post(g, form, &resp, e) == -1) {
		log_failure(g, "assertion", NULL, 0, "", "", e);
		return -1;
	}
	if (resp.status != 200) {
		fc_oauth_error(resp.body, resp.len, err, sizeof(err), desc,
		    sizeof(desc));
		refused(g, resp.status, err, desc, e);
		log_failure(g, "assertion", NULL, resp.status, err, desc, e);
		fc_http_resp_free(&resp);
		return -1;
	}
	if (answer(g, &resp, "service_account", t, e) == -1) {
		log_failure(g, "assertion", NULL, 200, "", "", e);
		return -1;
	}
	return 0;
}

/* One line for a refusal of a person's login or of the OAuth client. */
static int
user_refused(struct fc_gauth *g, long status, const char *err,
    const char *desc, const char *what, struct fc_err *e)
{
	if (strcmp(err, "invalid_grant") == 0 && strcmp(what, "refresh") == 0)
		return fc_seterr(e, EX_NOPERM, "google: refresh refused "
		    "(invalid_grant): run fc-auth login google");
	if (strcmp(err, "invalid_grant") == 0)
		return fc_seterr(e, EX_NOPERM, "google: the code was refused "
		    "(invalid_grant: %.80s): expired, used, or not from this "
		    "login; log in again", desc);
	if (strcmp(err, "invalid_client") == 0 ||
	    strcmp(err, "unauthorized_client") == 0)
		return fc_seterr(e, EX_CONFIG, "google: the OAuth client of %s "
		    "was refused (%s): its id or secret is wrong, or it was "
		    "deleted", g->cf->credentials_path, err);
	if (strcmp(err, "redirect_uri_mismatch") == 0)
		return fc_seterr(e, EX_CONFIG, "google: the redirect address "
		    "was refused (redirect_uri_mismatch): the OAuth client "
		    "must be of type Desktop app");
	return refused(g, status, err, desc, e);
}

/*
 * Posts a person's grant (form, consumed; sent is the code or refresh
 * token in it) and reads the answer into *out; a refusal is one line
 * naming what was refused (what), with Google's error in err (else "").
 */
static int
user_grant(struct fc_gauth *g, char *form, const char *what,
    const char *sent, struct fc_token *out, char err[48], struct fc_err *e)
{
	struct fc_http_resp resp;
	char desc[256];

	err[0] = '\0';
	if (post(g, form, &resp, e) == -1) {
		log_failure(g, what, sent, 0, "", "", e);
		return -1;
	}
	if (resp.status != 200) {
		fc_oauth_error(resp.body, resp.len, err, 48, desc,
		    sizeof(desc));
		user_refused(g, resp.status, err, desc, what, e);
		log_failure(g, what, sent, resp.status, err, desc, e);
		fc_http_resp_free(&resp);
		return -1;
	}
	if (answer(g, &resp, "user", out, e) == -1) {
		log_failure(g, what, sent, 200, "", "", e);
		return -1;
	}
	return 0;
}

/*
 * Trades the refresh token of t for a new access token in *n; err as
 * for user_grant.
 */
static int
refresh(struct fc_gauth *g, const struct fc_token *t, struct fc_token *n,
    char err[48], struct fc_err *e)
{
	char *form = NULL;

	/* a Desktop client's secret goes in the body (gdrive.md section 3) */
	if (fc_oauth_form(&form, "grant_type", "refresh_token",
	    "refresh_token", t->refresh_token,
	    "client_id", fc_gauth_client_id(g->client),
	    "client_secret", fc_gauth_client_secret(g->client),
	    (char *)NULL) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if (user_grant(g, form, "refresh", t->refresh_token, n, err, e) == -1)
		return -1;
	/* Google seldom sends a new one: the one we have goes on working */
	if (n->refresh_token == NULL &&
	    (n->refresh_token = strdup(t->refresh_token)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if (t->subject != NULL && (n->subject = strdup(t->subject)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	return 0;
}

/*
 * Whether the file's token is for this account, subject and scope; for
 * a person's login, for this OAuth client and scope (the person is
 * whoever logged in).
 */
static int
ours(const struct fc_gauth *g, const struct fc_token *t)
{
	return fc_gauth_other(g, t) == NULL;
}

int
fc_gauth_bearer(struct fc_gauth *g, int force, const char **hdr,
    struct fc_err *e)
{
	struct fc_token t, n;
	struct fc_err we;
	char err[48], when[FC_TIMELEN];
	int64_t now = fc_time_now();
	int r, rv = -1;

	memset(&t, 0, sizeof(t));
	memset(&n, 0, sizeof(n));
	/* a person's login that is not there: no lock, no token_dir made */
	if (g->client != NULL && !fc_tok_exists(g->store))
		return fc_seterr(e, EX_NOPERM, "google: not logged in: run "
		    "fc-auth login google");
	if (fc_tok_lock(g->store, e) == -1)
		return -1;
	if ((r = fc_tok_read(g->store, &t, e)) == -1)
		goto out;
	/* another account's or subject's token is replaced, never used */
	if (r == 0 && ours(g, &t) && t.access_token != NULL &&
	    t.expires_at > now + FC_AUTH_MARGIN && !(force &&
	    (g->hdr == NULL || fc_oauth_bearer_is(g->hdr, t.access_token)))) {
		rv = fc_oauth_bearer(&g->hdr, t.access_token, hdr, e);
		goto out;
	}
	if (g->client != NULL) {
		/* a person's login: refreshed, never made here */
		if (r == 1) {
			fc_seterr(e, EX_NOPERM, "google: not logged in: run "
			    "fc-auth login google");
			goto out;
		}
		if (!ours(g, &t)) {
			fc_seterr(e, EX_NOPERM, "google: %s holds a login of "
			    "%s: run fc-auth login google",
			    fc_tok_path(g->store), fc_gauth_other(g, &t));
			goto out;
		}
		if (t.refresh_token == NULL) {
			fc_seterr(e, EX_NOPERM, "google: the login has no "
			    "refresh token: run fc-auth login google");
			goto out;
		}
		/* a refresh token once refused stays so: never sent again */
		if (t.refused != NULL) {
			if (t.refused_at != 0)
				fc_seterr(e, EX_NOPERM, "google: refresh refused "
				    "(%.40s) at %s: run fc-auth login google",
				    t.refused, fc_time_fmt(t.refused_at, when));
			else
				fc_seterr(e, EX_NOPERM, "google: refresh refused "
				    "(%.40s): run fc-auth login google",
				    t.refused);
			goto out;
		}
		if (refresh(g, &t, &n, err, e) == -1) {
			/* in the file at once, for fc-status; as auth.c does */
			memset(&we, 0, sizeof(we));
			if (strcmp(err, "invalid_grant") == 0)
				(void)fc_tok_refused(g->store, &t, err, now,
				    &we);
			goto out;
		}
	} else if (mint(g, &n, e) == -1)
		goto out;
	/*
	 * On disk before it is used, so the other processes share it; a
	 * dry pass keeps it in memory: Google's refresh tokens stay good.
	 */
	if (fc_tok_cache(g->store, &n, e) == -1)
		goto out;
	rv = fc_oauth_bearer(&g->hdr, n.access_token, hdr, e);
out:
	fc_tok_unlock(g->store);
	fc_token_clear(&t);
	fc_token_clear(&n);
	return rv;
}

int
fc_gauth_peek(struct fc_gauth *g, struct fc_token *t, struct fc_err *e)
{
	return fc_tok_read(g->store, t, e);
}

/* The revocation endpoint beside the token endpoint: …/token → …/revoke. */
static char *
revoke_url(const char *token_url)
{
	size_t n = strlen(token_url);
	char *u;

	if (n < 6 || strcmp(token_url + n - 6, "/token") != 0 ||
	    (u = malloc(n + 2)) == NULL)
		return NULL;
	memcpy(u, token_url, n - 5);
	strcpy(u + n - 5, "revoke");
	return u;
}

int
fc_gauth_logout(struct fc_gauth *g, struct fc_err *e)
{
	struct fc_http_resp resp;
	struct fc_http_req *r;
	struct fc_token t;
	struct fc_err ignored;
	char *form = NULL, *url;
	int rv;

	if (!fc_tok_exists(g->store))
		return 0;		/* nothing to revoke or remove */
	if (fc_tok_lock(g->store, e) == -1)
		return -1;
	/*
	 * A refresh token takes its access tokens with it.  A file others
	 * could read is read all the same: its tokens may have leaked, so
	 * all the more reason to revoke them.
	 */
	if ((rv = fc_tok_read_leaked(g->store, &t, e)) == 0 &&
	    (t.refresh_token != NULL || t.access_token != NULL) &&
	    fc_oauth_form(&form,
	    "token", t.refresh_token != NULL ? t.refresh_token : t.access_token,
	    (char *)NULL) == 0 &&
	    (url = revoke_url(g->token_url)) != NULL) {
		/* best effort: the file goes whatever the answer */
		memset(&ignored, 0, sizeof(ignored));
		r = fc_http_req_new("POST", url, "revoke", 0, &ignored);
		free(url);
		if (r != NULL && fc_http_req_body(r,
		    "application/x-www-form-urlencoded", form, strlen(form),
		    &ignored) == -1) {
			fc_http_req_free(r);
			r = NULL;
		}
		/* fc_http_do takes r, answered or not */
		if (r != NULL && fc_http_do(g->http, r, &resp, &ignored) == 0)
			fc_http_resp_free(&resp);
	}
	fc_oauth_form_free(form);
	if (rv == 0)
		fc_token_clear(&t);
	rv = rv == -1 && e->code != EX_DATAERR ? -1 :
	    fc_tok_remove(g->store, e);
	fc_tok_unlock(g->store);
	return rv;
}

/* ---- a person's login (auth: user) ---- */

int
fc_gauth_set_redirect(struct fc_gauth *g, const char *url, struct fc_err *e)
{
	char *p;

	if ((p = strdup(url)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	free(g->redirect);
	g->redirect = p;
	return 0;
}

char *
fc_gauth_authorize_url(const struct fc_gauth *g, const char *state,
    const char *challenge)
{
	const char *base;
	char *q = NULL, *u = NULL;

	if (g->client == NULL || g->redirect == NULL)
		return NULL;
	base = fc_gauth_client_auth_uri(g->client);
	/* offline and consent: a refresh token, every time (gdrive.md) */
	if (fc_oauth_form(&q, "client_id", fc_gauth_client_id(g->client),
	    "redirect_uri", g->redirect,
	    "response_type", "code",
	    "scope", g->cf->scope,
	    "code_challenge", challenge,
	    "code_challenge_method", "S256",
	    "state", state,
	    "access_type", "offline",
	    "prompt", "consent", (char *)NULL) == 0 &&
	    (u = malloc(strlen(base) + strlen(q) + 2)) != NULL)
		sprintf(u, "%s%c%s", base, strchr(base, '?') ? '&' : '?', q);
	free(q);
	return u;
}

/*
 * Whose login it is: Drive's about.user, asked with the new token.  Best
 * effort: without it the login works, only messages say less.
 */
static char *
whoami(struct fc_gauth *g, const char *token)
{
	struct fc_http_resp resp;
	struct fc_http_req *r;
	struct fc_jdoc *d = NULL, *u = NULL;
	struct fc_err ignored;
	const char *s;
	char *url, *hdr, *who = NULL;
	size_t n = strlen(g->cf->base_url) + 64;

	memset(&ignored, 0, sizeof(ignored));
	if ((url = malloc(n)) == NULL ||
	    (hdr = malloc(strlen(token) + 8)) == NULL) {
		free(url);
		return NULL;
	}
	snprintf(url, n, "%s/drive/v3/about?fields=user(emailAddress)",
	    g->cf->base_url);
	sprintf(hdr, "Bearer %s", token);
	r = fc_http_req_new("GET", url, "about", 0, &ignored);
	free(url);
	if (r != NULL && fc_http_req_header(r, "Authorization", hdr,
	    &ignored) == -1) {
		fc_http_req_free(r);
		r = NULL;
	}
	explicit_bzero(hdr, strlen(hdr));
	free(hdr);
	if (r == NULL || fc_http_do(g->http, r, &resp, &ignored) == -1)
		return NULL;
	if (resp.status == 200 &&
	    (d = fc_jdoc_parse(resp.body, resp.len, &ignored)) != NULL &&
	    fc_jdoc_obj(d, "user", &u) == 0 &&
	    fc_jdoc_str(u, "emailAddress", &s) == 0 && strchr(s, '@') != NULL)
		who = strdup(s);
	fc_jdoc_free(u);
	fc_jdoc_free(d);
	fc_http_resp_free(&resp);
	return who;
}

int
fc_gauth_exchange(struct fc_gauth *g, const char *code, const char *verifier,
    struct fc_err *e)
{
	struct fc_token t;
	char *form = NULL, err[48];
	int rv = -1;

	if (g->client == NULL || g->redirect == NULL)
		return fc_seterr(e, EX_USAGE, "google: a service account has "
		    "no login");
	/* redirect_uri exactly as in the consent, or Google refuses */
	if (fc_oauth_form(&form, "grant_type", "authorization_code",
	    "code", code,
	    "code_verifier", verifier,
	    "redirect_uri", g->redirect,
	    "client_id", fc_gauth_client_id(g->client),
	    "client_secret", fc_gauth_client_secret(g->client),
	    (char *)NULL) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	/* the new file has no mark of an earlier refused refresh */
	if (user_grant(g, form, "code exchange", code, &t, err, e) == -1)
		return -1;
	if (t.refresh_token == NULL) {
		fc_seterr(e, EX_PROTOCOL, "google token service: no refresh "
		    "token came with the login (access_type=offline was "
		    "asked for)");
		goto out;
	}
	t.subject = whoami(g, t.access_token);
	if (fc_tok_lock(g->store, e) == 0 && fc_tok_write(g->store, &t, e) == 0)
		rv = 0;
	fc_tok_unlock(g->store);
	if (rv == 0 && t.subject != NULL) {
		free(g->account);
		g->account = strdup(t.subject);
	}
out:
	fc_token_clear(&t);
	return rv;
}
