/*
 * auth.c: Autodesk's OAuth v2 (aps.md section 1) for fc: the
 * client_credentials grant, the refresh of a 3-legged login, and the
 * pieces of the login itself (PKCE, the authorize URL, the code
 * exchange, revocation).
 *
 * The client authenticates with HTTP Basic only: APS answers 400 when
 * the credentials come both in the header and in the form.  The answer
 * names no scope, so the scope asked for is what the file records.
 *
 * The crash windows of a refresh, which fc-auth(1) tells users about:
 * the lock is held from re-reading the file to renaming the new one in.
 * A crash before the request is sent loses nothing.  A crash after APS
 * has answered and before the rename loses the new pair, and the old
 * refresh token is spent: the next run gets invalid_grant and asks for a
 * login (77).  That window is the time to write a few hundred bytes and
 * fsync them; no order of operations closes it, since the new token
 * exists only in the answer.  A crash after the rename loses nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "auth.h"
#include "gauth.h"
#include "http.h"
#include "json.h"
#include "oauth.h"
#include "timefmt.h"

#define WHYLEN	64	/* an OAuth error code, cut short */

struct fc_auth {
	const struct fc_conf	*conf;
	const struct fc_autodesk *ad;
	char			 client[32];
	char			*secret;
	struct fc_tokstore	*store;
	struct fc_http		*http;
	char			*hdr;		/* "Bearer …", lent out */
	struct fc_log		*log;
	struct fc_gauth		*g;		/* google_drive: all of it */
	char			 warning[300];	/* "" or fc_auth_warning() */
};

/*
 * The secret from the config, the environment (conf.c) or its file; a
 * file others can read is said in warning (wlen bytes), not refused, as
 * for Google's key (gauth.c).
 */
static char *
load_secret(const struct fc_autodesk *ad, char *warning, size_t wlen,
    struct fc_err *e)
{
	struct stat st;
	char buf[1024];
	size_t n;
	FILE *fp;

	if (ad->client_secret != NULL && ad->client_secret[0] != '\0')
		return strdup(ad->client_secret);
	if (ad->client_secret_file == NULL) {
		fc_seterr(e, EX_CONFIG, "clients.autodesk: no client_secret, "
		    "client_secret_file or CONNECTOR_AUTODESK_CLIENT_SECRET");
		return NULL;
	}
	if ((fp = fopen(ad->client_secret_file, "r")) == NULL) {
		fc_seterr(e, EX_CONFIG, "clients.autodesk.client_secret_file "
		    "%s: %s", ad->client_secret_file, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 004))
		snprintf(warning, wlen, "clients.autodesk.client_secret_file "
		    "%s: readable by others (mode %04o): the client secret is "
		    "a secret; chmod 600 it", ad->client_secret_file,
		    (unsigned)(st.st_mode & 07777));
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	/* a longer file would be cut short, not refused */
	if (n == sizeof(buf) - 1 && fgetc(fp) != EOF) {
		fclose(fp);
		explicit_bzero(buf, sizeof(buf));
		fc_seterr(e, EX_CONFIG, "clients.autodesk.client_secret_file "
		    "%s: longer than %zu bytes: not a client secret",
		    ad->client_secret_file, sizeof(buf) - 1);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	/* a second line is not part of the secret: refuse, never guess */
	if (n == 0 || strlen(buf) != n || strcspn(buf, "\r\n") != n) {
		explicit_bzero(buf, sizeof(buf));
		fc_seterr(e, EX_CONFIG, "clients.autodesk.client_secret_file "
		    "%s: empty, or not one line of text", ad->client_secret_file);
		return NULL;
	}
	return strdup(buf);
}

struct fc_auth *
fc_auth_open(const struct fc_conf *c, const char *client, struct fc_log *log,
    struct fc_err *e)
{
	struct fc_http_opts ho;
	struct fc_auth *a;

	if (strcmp(client, "autodesk") != 0 &&
	    strcmp(client, "google_drive") != 0) {
		fc_seterr(e, EX_USAGE, "%s: expected autodesk or google_drive",
		    client);
		return NULL;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	if (strcmp(client, "google_drive") == 0) {
		snprintf(a->client, sizeof(a->client), "%s", client);
		if ((a->g = fc_gauth_open(c, log, e)) == NULL) {
			free(a);
			return NULL;
		}
		return a;
	}
	a->conf = c;
	a->ad = &c->autodesk;
	a->log = log;
	snprintf(a->client, sizeof(a->client), "%s", client);
	if (a->ad->client_id == NULL || a->ad->client_id[0] == '\0') {
		/* in a pipe, fc-list may have found no file to read at all */
		if (c->path == NULL)
			fc_seterr(e, EX_CONFIG, "clients.autodesk.client_id: "
			    "missing: no configuration file was found (name "
			    "it with -c or FC_CONFIG, or set "
			    "CONNECTOR_AUTODESK_CLIENT_ID)");
		else
			fc_seterr(e, EX_CONFIG, "clients.autodesk.client_id: "
			    "missing (or set CONNECTOR_AUTODESK_CLIENT_ID)");
		goto fail;
	}
	if ((a->secret = load_secret(a->ad, a->warning, sizeof(a->warning),
	    e)) == NULL)
		goto fail;
	if ((a->store = fc_tok_open(c->token_dir, client, e)) == NULL)
		goto fail;
	if (c->dry_run)
		fc_tok_dry(a->store);
	memset(&ho, 0, sizeof(ho));
	ho.retries = 2;
	ho.log = log;
	ho.max_active = 1;
	if ((a->http = fc_http_new(&ho, e)) == NULL)
		goto fail;
	return a;
fail:
	fc_auth_close(a);
	return NULL;
}

void
fc_auth_close(struct fc_auth *a)
{
	if (a == NULL)
		return;
	if (a->secret != NULL)
		explicit_bzero(a->secret, strlen(a->secret));
	free(a->secret);
	fc_oauth_bearer_free(a->hdr);
	fc_tok_close(a->store);
	fc_http_free(a->http);
	fc_gauth_close(a->g);
	free(a);
}

const char *
fc_auth_grant(const struct fc_auth *a)
{
	return a->g != NULL ? fc_gauth_grant(a->g) : a->ad->grant;
}

const char *
fc_auth_callback_url(const struct fc_auth *a)
{
	if (a->g != NULL)
		/* a Desktop client's login may come back to any port */
		return strcmp(fc_gauth_grant(a->g), "user") == 0 ?
		    "http://127.0.0.1:0" : NULL;
	return a->ad->callback_url;
}

int
fc_auth_set_redirect(struct fc_auth *a, const char *url, struct fc_err *e)
{
	return a->g != NULL ? fc_gauth_set_redirect(a->g, url, e) : 0;
}

/* base64url without padding, as PKCE wants it. */
static void
b64url(const unsigned char *in, int n, char *out)
{
	char *p;
	int len;

	len = EVP_EncodeBlock((unsigned char *)out, in, n);
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (p = out; *p != '\0'; p++)
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
}

int
fc_auth_pkce(char verifier[FC_AUTH_VERIFIER], char challenge[44],
    char state[FC_AUTH_STATE], struct fc_err *e)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[48], md[32];
	char tmp[72];
	unsigned int mdlen = 0;
	int i;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return fc_seterr(e, EX_SOFTWARE, "no random bytes");
	b64url(r, sizeof(r), tmp);		/* 64 unreserved characters */
	memcpy(verifier, tmp, FC_AUTH_VERIFIER - 1);
	verifier[FC_AUTH_VERIFIER - 1] = '\0';
	if (EVP_Digest(verifier, strlen(verifier), md, &mdlen, EVP_sha256(),
	    NULL) != 1)
		return fc_seterr(e, EX_SOFTWARE, "SHA-256 failed");
	b64url(md, (int)mdlen, tmp);		/* 43 characters */
	memcpy(challenge, tmp, 43);
	challenge[43] = '\0';
	/* state: [A-Za-z0-9,._-] only, so hex */
	if (RAND_bytes(r, 16) != 1)
		return fc_seterr(e, EX_SOFTWARE, "no random bytes");
	for (i = 0; i < 16; i++) {
		state[2 * i] = hex[r[i] >> 4];
		state[2 * i + 1] = hex[r[i] & 15];
	}
	state[32] = '\0';
	explicit_bzero(r, sizeof(r));
	return 0;
}

/* "base/authentication/v2/<what>", malloc'd. */
static char *
oauth_url(const struct fc_auth *a, const char *what)
{
	const char *b = a->ad->base_url;
	size_t n = strlen(b);
	char *u;

	while (n > 0 && b[n - 1] == '/')
		n--;
	if ((u = malloc(n + 32 + strlen(what))) == NULL)
		return NULL;
	sprintf(u, "%.*s/authentication/v2/%s", (int)n, b, what);
	return u;
}

char *
fc_auth_authorize_url(const struct fc_auth *a, const char *state,
    const char *challenge)
{
	char *base, *q = NULL, *u = NULL;

	if (a->g != NULL)
		return fc_gauth_authorize_url(a->g, state, challenge);
	if ((base = oauth_url(a, "authorize")) == NULL)
		return NULL;
	if (fc_oauth_form(&q, "response_type", "code",
	    "client_id", a->ad->client_id,
	    "redirect_uri", a->ad->callback_url,
	    "scope", a->ad->scope,
	    "state", state,
	    "code_challenge", challenge,
	    "code_challenge_method", "S256", (char *)NULL) == 0 &&
	    (u = malloc(strlen(base) + strlen(q) + 2)) != NULL)
		sprintf(u, "%s?%s", base, q);
	free(base);
	free(q);
	return u;
}

/* "Basic base64(id:secret)", malloc'd: APS wants the client this way. */
static char *
basic_auth(const struct fc_auth *a)
{
	size_t cl = strlen(a->ad->client_id) + strlen(a->secret) + 2;
	char *cred, *basic;

	if ((cred = malloc(cl)) == NULL)
		return NULL;
	if ((basic = malloc(4 * cl / 3 + 16)) != NULL) {
		snprintf(cred, cl, "%s:%s", a->ad->client_id, a->secret);
		memcpy(basic, "Basic ", 6);
		EVP_EncodeBlock((unsigned char *)basic + 6,
		    (unsigned char *)cred, (int)strlen(cred));
	}
	explicit_bzero(cred, cl);
	free(cred);
	return basic;
}

int
fc_auth_answer(long status, char *body, size_t len, const char *grantname,
    const char *what, int64_t now, struct fc_token *t, struct fc_err *e)
{
	struct fc_jdoc *d;
	const char *s;
	char why[64];
	int64_t n;
	int rv = -1;

	memset(t, 0, sizeof(*t));
	if (status != 200) {
		fc_oauth_error(body, len, why, sizeof(why), NULL, 0);
		if (status == 400 && strcmp(why, "invalid_grant") == 0 &&
		    strcmp(what, "code exchange") == 0)
			/* a stale code, a wrong verifier or redirect_uri */
			return fc_seterr(e, EX_NOPERM, "autodesk: the code was "
			    "refused (expired, used, or not from this login): "
			    "log in again");
		if (status == 400 && strcmp(why, "invalid_grant") == 0)
			return fc_seterr(e, EX_NOPERM, "autodesk: %s refused "
			    "(invalid_grant): run fc-auth login autodesk", what);
		if (status == 401)
			return fc_seterr(e, EX_CONFIG, "autodesk: the client_id "
			    "or client_secret was refused (401%s%s)",
			    why[0] ? " " : "", why);
		/* the service is down or busy for now: cron tries again */
		if (status >= 500 || status == 429)
			return fc_seterr(e, EX_TEMPFAIL, "autodesk token "
			    "service: %s answered %ld%s%s: try again later",
			    what, status, why[0] ? " " : "", why);
		return fc_seterr(e, fc_http_status_code(status),
		    "autodesk token service: %s answered %ld%s%s", what,
		    status, why[0] ? " " : "", why);
	}
	d = fc_jdoc_parse(body, len, e);
	explicit_bzero(body, len);
	if (d == NULL) {
		fc_errctx(e, "autodesk token service: the answer");
		return -1;
	}
	if (fc_jdoc_str(d, "access_token", &s) != 0 || *s == '\0') {
		rv = fc_seterr(e, EX_PROTOCOL, "autodesk token service: "
		    "\"access_token\": missing");
		goto out;
	}
	if ((t->access_token = strdup(s)) == NULL)
		goto oom;
	/* what APS gives when the answer says nothing, or nonsense */
	if (fc_jdoc_int(d, "expires_in", &n) != 0 || n <= 0 ||
	    n > FC_AUTH_REFRESH_LIFE)
		n = 3599;
	t->expires_at = now + n;
	if (fc_jdoc_str(d, "refresh_token", &s) == 0 && *s != '\0') {
		if ((t->refresh_token = strdup(s)) == NULL)
			goto oom;
		t->refresh_expires_at = now + FC_AUTH_REFRESH_LIFE;
	}
	t->obtained_at = now;
	if ((t->grant = strdup(grantname)) == NULL)
		goto oom;
	rv = 0;
	goto out;
oom:
	rv = fc_seterr(e, EX_OSERR, "out of memory");
out:
	fc_jdoc_free(d);
	if (rv == -1)
		fc_token_clear(t);
	return rv;
}

/*
 * One record in the log for a token request that failed (what, as in
 * messages): the message, and the API's own reason when it answered.
 */
static void
log_failure(struct fc_auth *a, const char *what, const char *sent,
    long status, const char *body, size_t len, const struct fc_err *e)
{
	char err[64], desc[256];

	err[0] = desc[0] = '\0';
	if (status != 0 && status != 200)
		fc_oauth_error(body, len, err, sizeof(err), desc, sizeof(desc));
	fc_tok_log_failed(a->log, "autodesk", what, e, status, err, desc,
	    a->secret, sent);
}

/*
 * POSTs form to the token endpoint with Basic client authentication
 * and fills *t from the answer.  grant is what the file will say, what
 * names the request in messages ("refresh"), sent is the code or
 * refresh token in form (NULL: none).  Returns 0, or -1 with *e set and
 * the OAuth error of a refusal in why (else "").
 */
static int
token_call(struct fc_auth *a, const char *grant, const char *what,
    const char *sent, char *form, struct fc_token *t,
    char why[WHYLEN], struct fc_err *e)
{
	struct fc_http_resp resp;
	struct fc_http_req *r;
	char *url, *basic;
	int rv = -1;

	memset(t, 0, sizeof(*t));
	why[0] = '\0';
	if ((url = oauth_url(a, "token")) == NULL ||
	    (basic = basic_auth(a)) == NULL) {
		free(url);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	r = fc_http_req_new("POST", url, "token", 0, e);
	free(url);
	if (r == NULL || fc_http_req_header(r, "Authorization", basic, e) == -1 ||
	    fc_http_req_header(r, "Accept", "application/json", e) == -1 ||
	    fc_http_req_body(r, "application/x-www-form-urlencoded", form,
	    strlen(form), e) == -1) {
		fc_http_req_free(r);
		goto out;
	}
	if (fc_http_do(a->http, r, &resp, e) == -1) {
		/* unreachable after the retries, or timed out: try later */
		e->code = EX_TEMPFAIL;
		fc_errctx(e, "autodesk token service: %s", what);
		log_failure(a, what, sent, 0, NULL, 0, e);
		goto out;
	}
	/* a refusal's body is kept by fc_auth_answer; a 200's is wiped */
	if (resp.status != 200)
		fc_oauth_error(resp.body, resp.len, why, WHYLEN, NULL, 0);
	rv = fc_auth_answer(resp.status, resp.body, resp.len, grant, what,
	    fc_time_now(), t, e);
	if (rv == -1)
		log_failure(a, what, sent, resp.status, resp.body, resp.len, e);
	fc_http_resp_free(&resp);
	if (rv == 0 && ((t->scopes = strdup(a->ad->scope)) == NULL ||
	    (t->client_id = strdup(a->ad->client_id)) == NULL)) {
		fc_token_clear(t);
		rv = fc_seterr(e, EX_OSERR, "out of memory");
	}
out:
	explicit_bzero(basic, strlen(basic));
	free(basic);
	return rv;
}

int
fc_auth_bearer(struct fc_auth *a, int force, const char **hdr,
    struct fc_err *e)
{
	struct fc_token t, n;
	struct fc_err we;
	char *form = NULL, why[WHYLEN], when[FC_TIMELEN];
	int64_t now = fc_time_now();
	int r, cc, rv = -1;

	if (a->g != NULL)
		return fc_gauth_bearer(a->g, force, hdr, e);
	memset(&t, 0, sizeof(t));
	memset(&n, 0, sizeof(n));
	cc = strcmp(a->ad->grant, "client_credentials") == 0;
	/* nothing to refresh: no lock, so no token_dir is made for it */
	if (!cc && !fc_tok_exists(a->store))
		return fc_seterr(e, EX_NOPERM, "autodesk: not logged in: run "
		    "fc-auth login autodesk");
	if (fc_tok_lock(a->store, e) == -1)
		return -1;
	if ((r = fc_tok_read(a->store, &t, e)) == -1)
		goto out;
	/* a login of another grant or client is not ours to use */
	if (r == 0 && (strcmp(t.grant, a->ad->grant) != 0 ||
	    (t.client_id != NULL && strcmp(t.client_id, a->ad->client_id) !=
	    0))) {
		if (!cc) {
			rv = fc_seterr(e, EX_NOPERM, "autodesk: %s holds "
			    "another client's login: run fc-auth login "
			    "autodesk", fc_tok_path(a->store));
			goto out;
		}
		fc_token_clear(&t);
		r = 1;
	}
	/* a refresh token once refused stays so: never sent again */
	if (r == 0 && !cc && t.refused != NULL) {
		if (t.refused_at != 0)
			rv = fc_seterr(e, EX_NOPERM, "autodesk: refresh refused "
			    "(%.40s) at %s: run fc-auth login autodesk",
			    t.refused, fc_time_fmt(t.refused_at, when));
		else
			rv = fc_seterr(e, EX_NOPERM, "autodesk: refresh refused "
			    "(%.40s): run fc-auth login autodesk", t.refused);
		goto out;
	}
	if (r == 0 && t.access_token != NULL &&
	    t.expires_at > now + FC_AUTH_MARGIN &&
	    !(force && fc_oauth_bearer_is(a->hdr, t.access_token))) {
		rv = fc_oauth_bearer(&a->hdr, t.access_token, hdr, e);
		goto out;
	}
	if (cc) {
		if (fc_oauth_form(&form, "grant_type", "client_credentials",
		    "scope", a->ad->scope, (char *)NULL) == -1) {
			rv = fc_seterr(e, EX_OSERR, "out of memory");
			goto out;
		}
		if (token_call(a, "client_credentials", "client_credentials",
		    NULL, form, &n, why, e) == -1)
			goto out;
	} else {
		if (r == 1) {
			rv = fc_seterr(e, EX_NOPERM, "autodesk: not logged "
			    "in: run fc-auth login autodesk");
			goto out;
		}
		if (t.refresh_token == NULL || (t.refresh_expires_at != 0 &&
		    t.refresh_expires_at <= now)) {
			rv = fc_seterr(e, EX_NOPERM, "autodesk: the login "
			    "expired: run fc-auth login autodesk");
			goto out;
		}
		if (fc_oauth_form(&form, "grant_type", "refresh_token",
		    "refresh_token", t.refresh_token, (char *)NULL) == -1) {
			rv = fc_seterr(e, EX_OSERR, "out of memory");
			goto out;
		}
		if (token_call(a, "authorization_code", "refresh",
		    t.refresh_token, form, &n, why, e) == -1) {
			/*
			 * Said in the file at once, for fc-status and /health;
			 * the tokens stay.  Should the write fail, the refusal
			 * is still the news: the next run asks again.
			 */
			memset(&we, 0, sizeof(we));
			if (strcmp(why, "invalid_grant") == 0 &&
			    e->code == EX_NOPERM)
				(void)fc_tok_refused(a->store, &t, why, now,
				    &we);
			goto out;
		}
		/* APS always rotates; should it not, keep what still works */
		if (n.refresh_token == NULL) {
			n.refresh_token = t.refresh_token;
			n.refresh_expires_at = t.refresh_expires_at;
			t.refresh_token = NULL;
		}
	}
	/*
	 * On disk before it is used: the old refresh token is spent now,
	 * so even a dry pass writes it (over the file it read).  A minted
	 * 2-legged token can be had again: a dry pass keeps it in memory.
	 */
	if ((cc ? fc_tok_cache(a->store, &n, e) : fc_tok_write(a->store, &n,
	    e)) == -1)
		goto out;
	rv = fc_oauth_bearer(&a->hdr, n.access_token, hdr, e);
out:
	fc_tok_unlock(a->store);
	fc_oauth_form_free(form);
	fc_token_clear(&t);
	fc_token_clear(&n);
	return rv;
}

int
fc_auth_exchange(struct fc_auth *a, const char *code, const char *verifier,
    struct fc_err *e)
{
	struct fc_token t;
	char *form = NULL, why[WHYLEN];
	int rv = -1;

	if (a->g != NULL)
		return fc_gauth_exchange(a->g, code, verifier, e);
	if (fc_oauth_form(&form, "grant_type", "authorization_code",
	    "code", code, "redirect_uri", a->ad->callback_url,
	    "code_verifier", verifier, (char *)NULL) == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	/* the new file has no mark of an earlier refused refresh */
	if (token_call(a, "authorization_code", "code exchange", code, form,
	    &t, why, e) == 0) {
		if (fc_tok_lock(a->store, e) == 0 &&
		    fc_tok_write(a->store, &t, e) == 0)
			rv = 0;
		fc_tok_unlock(a->store);
		fc_token_clear(&t);
	}
	fc_oauth_form_free(form);
	return rv;
}

int
fc_auth_logout(struct fc_auth *a, struct fc_err *e)
{
	struct fc_http_resp resp;
	struct fc_http_req *r;
	struct fc_token t;
	struct fc_err ignored;
	char *form = NULL, *url, *basic = NULL;
	int rv;

	if (a->g != NULL)
		return fc_gauth_logout(a->g, e);
	if (!fc_tok_exists(a->store))
		return 0;		/* nothing to revoke or remove */
	if (fc_tok_lock(a->store, e) == -1)
		return -1;
	if ((rv = fc_tok_read_leaked(a->store, &t, e)) == 0 &&
	    t.refresh_token != NULL &&
	    fc_oauth_form(&form, "token", t.refresh_token,
	    "token_type_hint", "refresh_token", (char *)NULL) == 0 &&
	    (url = oauth_url(a, "revoke")) != NULL) {
		/* best effort: the file goes whatever the answer */
		memset(&ignored, 0, sizeof(ignored));
		r = fc_http_req_new("POST", url, "revoke", 0, &ignored);
		free(url);
		if ((basic = basic_auth(a)) == NULL || r == NULL ||
		    fc_http_req_header(r, "Authorization", basic,
		    &ignored) == -1 || fc_http_req_body(r,
		    "application/x-www-form-urlencoded", form, strlen(form),
		    &ignored) == -1) {
			fc_http_req_free(r);
			r = NULL;
		}
		/* fc_http_do takes r, answered or not: never free it after */
		if (r != NULL && fc_http_do(a->http, r, &resp, &ignored) == 0)
			fc_http_resp_free(&resp);
		if (basic != NULL) {
			explicit_bzero(basic, strlen(basic));
			free(basic);
		}
	}
	fc_oauth_form_free(form);
	if (rv == 0)
		fc_token_clear(&t);
	rv = rv == -1 && e->code != EX_DATAERR ? -1 :
	    fc_tok_remove(a->store, e);
	fc_tok_unlock(a->store);
	return rv;
}

int
fc_auth_peek(struct fc_auth *a, struct fc_token *t, struct fc_err *e)
{
	if (a->g != NULL)
		return fc_gauth_peek(a->g, t, e);
	return fc_tok_read(a->store, t, e);
}

const char *
fc_auth_account(const struct fc_auth *a)
{
	return a->g != NULL ? fc_gauth_account(a->g) : NULL;
}

const char *
fc_auth_subject(const struct fc_auth *a)
{
	return a->g != NULL ? fc_gauth_subject(a->g) : NULL;
}

const char *
fc_auth_other(const struct fc_auth *a, const struct fc_token *t)
{
	if (a->g != NULL)
		return fc_gauth_other(a->g, t);
	if (strcmp(t->grant, a->ad->grant) != 0)
		return "another grant";
	return t->client_id != NULL && strcmp(t->client_id,
	    a->ad->client_id) != 0 ? "another client_id" : NULL;
}

const char *
fc_auth_warning(const struct fc_auth *a)
{
	if (a->g != NULL)
		return fc_gauth_warning(a->g);
	return a->warning[0] != '\0' ? a->warning : NULL;
}
