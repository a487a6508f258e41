/*
 * gauth.h: access tokens for Google Drive (clients.google_drive): from
 * a service account's key, by the JWT-bearer grant of RFC 7523; or, with
 * auth: user, from a person's login (see fc_gauth_exchange below).
 *
 * A service account has no refresh token: fc signs a fresh assertion
 * with the key (RS256: RSASSA-PKCS1-v1_5 with SHA-256, through OpenSSL's
 * EVP interface), trades it at the token endpoint for an access token
 * of an hour, and keeps that in the token file google_drive_tokens.json
 * (token.h) until shortly before it expires, so the processes of a pass
 * share one.  Minting happens under the token file's lock, after reading
 * the file again, like a refresh.
 *
 * The token endpoint is the key file's token_uri, unless the
 * configuration sets clients.google_drive.token_url; the assertion's
 * audience is the address it is posted to.
 *
 * Nothing here prints or logs the key, an assertion, a code, a client
 * secret or a token, and no message quotes the key or client file.
 */
#ifndef FC_GAUTH_H
#define FC_GAUTH_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "err.h"
#include "log.h"
#include "token.h"

/* Google's token and consent endpoints, when a file names none. */
#define FC_GAUTH_TOKEN_URI	"https://oauth2.googleapis.com/token"
#define FC_GAUTH_AUTH_URI	"https://accounts.google.com/o/oauth2/v2/auth"

/* ---- the key file ---- */

struct fc_gauth_key;

/*
 * Reads a service account's JSON key strictly: "type" must be
 * "service_account", client_email and private_key are required, the key
 * an unencrypted PEM RSA key (PKCS#8 or PKCS#1) of at least 2048 bits.
 * Returns the key (free it with fc_gauth_key_free), or NULL with *e set
 * (EX_CONFIG), its message naming the file and the member at fault and
 * the likely cause, never a value.
 */
struct fc_gauth_key *fc_gauth_key_read(const char *path, struct fc_err *e);
/* The same from the len bytes at buf; name stands for the file. */
struct fc_gauth_key *fc_gauth_key_parse(const char *name, const char *buf,
	    size_t len, struct fc_err *e);
void	fc_gauth_key_free(struct fc_gauth_key *k);

/* Lent from k: client_email; private_key_id and client_id or NULL. */
const char *fc_gauth_key_email(const struct fc_gauth_key *k);
const char *fc_gauth_key_id(const struct fc_gauth_key *k);
const char *fc_gauth_key_client_id(const struct fc_gauth_key *k);
/* The file's permissions (0 for a key parsed from memory). */
unsigned	fc_gauth_key_mode(const struct fc_gauth_key *k);
/* token_uri, or FC_GAUTH_TOKEN_URI when the file names none. */
const char *fc_gauth_key_token_uri(const struct fc_gauth_key *k);

/*
 * The signed assertion for scope (blank-separated), audience aud and,
 * for domain-wide delegation, sub (NULL: none), issued at now - 10
 * (clocks drift) and valid for an hour:
 *
 *	{"alg":"RS256","typ":"JWT","kid":"<private_key_id>"}
 *	{"iss":"<client_email>","scope":"…","aud":"…","iat":…,"exp":…,"sub":"…"}
 *
 * each part base64url without padding.  Returns it malloc'd (a secret:
 * zero it before freeing), or NULL with *e set.
 */
char	*fc_gauth_jwt(const struct fc_gauth_key *k, const char *scope,
	    const char *aud, const char *sub, int64_t now, struct fc_err *e);

/* ---- the OAuth client file, for auth: user ---- */

struct fc_gauth_client;

/*
 * Reads the OAuth client file of a Desktop app as the Cloud console
 * gives it, {"installed": {"client_id", "client_secret", "auth_uri",
 * "token_uri", ...}}.  Returns it (free it with fc_gauth_client_free),
 * or NULL with *e set (EX_CONFIG) naming the file and what is wrong (a
 * Web application client, a service account key), never a value.
 */
struct fc_gauth_client *fc_gauth_client_read(const char *path,
	    struct fc_err *e);
struct fc_gauth_client *fc_gauth_client_parse(const char *name,
	    const char *buf, size_t len, struct fc_err *e);
void	fc_gauth_client_free(struct fc_gauth_client *c);

/* Lent from c; the endpoints default to Google's. */
const char *fc_gauth_client_id(const struct fc_gauth_client *c);
const char *fc_gauth_client_secret(const struct fc_gauth_client *c);
const char *fc_gauth_client_auth_uri(const struct fc_gauth_client *c);
const char *fc_gauth_client_token_uri(const struct fc_gauth_client *c);

/* ---- the client ---- */

struct fc_gauth;

/*
 * Whether t, read from the token file, was made for the configuration
 * cf whose key or OAuth client is id (a service account's address, or
 * the OAuth client id of auth: user): NULL when it was, else what it was
 * made for instead, for a message ("another account", "another subject",
 * "another scope", "another OAuth client", "another grant").  A token
 * made for anything else is never used.
 */
const char *fc_gauth_token_other(const struct fc_google *cf, const char *id,
	    const struct fc_token *t);

/*
 * The Google client of c: reads the key named by credentials_path (or,
 * with auth: user, the OAuth client file) and opens the token store
 * under token_dir.  Returns NULL with *e set: EX_CONFIG without
 * credentials_path, for a file fc_gauth_key_read() or
 * fc_gauth_client_read() refuses, or for a subject with auth: user; or
 * what fc_tok_open() says.  In a dry pass (c->dry_run) the token store
 * creates nothing (fc_tok_dry): minted and refreshed tokens stay in
 * memory.
 */
struct fc_gauth	*fc_gauth_open(const struct fc_conf *c, struct fc_log *log,
		    struct fc_err *e);
/*
 * A warning about the credentials, for the command to print once, or
 * NULL: a key file others can read.
 */
const char	*fc_gauth_warning(const struct fc_gauth *g);
void		 fc_gauth_close(struct fc_gauth *g);

/*
 * The Authorization header value ("Bearer …") of a usable access token,
 * lent until the next call or fc_gauth_close.  force: the one handed out
 * last was refused (401), so mint another unless the file already holds
 * a different one; before any was handed out, force always mints (so
 * fc-auth login checks the key).  Returns 0, or -1 with *e set and one
 * line naming the
 * likely cause: EX_NOPERM when the key or the delegation is refused, or
 * a person's refresh (recorded in the token file, as fc_auth_bearer()
 * does), EX_CONFIG for a wrong clock, subject, scope or token endpoint,
 * EX_TEMPFAIL when the token service cannot be reached or answers 5xx or
 * 429 after the retries.  Failed requests are logged with Google's
 * reason.
 */
int	fc_gauth_bearer(struct fc_gauth *g, int force, const char **hdr,
	    struct fc_err *e);

/*
 * An answer of 200 of the token endpoint (len bytes at body) read at
 * now: t's access token, its expiry, a refresh token if one came (the
 * caller adds grant, scopes and client).  The body is wiped, since it
 * holds tokens.  Returns 0, or -1 with *e set and t empty: EX_PROTOCOL
 * without an access token, a token_type other than Bearer, or an
 * expires_in that is not seconds (at most a day).
 */
int	fc_gauth_answer(char *body, size_t len, int64_t now,
	    struct fc_token *t, struct fc_err *e);

/* What the token file holds: 0, 1 when nothing, -1 with *e set. */
int	fc_gauth_peek(struct fc_gauth *g, struct fc_token *t, struct fc_err *e);

/*
 * Revokes the refresh token of a login, or a service account's cached
 * access token (best effort), and removes the token file, also one
 * others could read (fc_tok_read_leaked).  The key itself stays: it is
 * the credential.
 */
int	fc_gauth_logout(struct fc_gauth *g, struct fc_err *e);

/*
 * auth: user, a person's login through the browser (fc-auth login): the
 * redirect address first (a loopback address on the port fc-auth
 * listens on: Desktop clients may use any), then the consent URL with
 * its PKCE challenge and state, asking for a refresh token
 * (access_type=offline, prompt=consent); then the code exchanged with
 * the verifier, and the tokens stored with the address of whoever
 * logged in (Drive's about.user, when it answers).  Later tokens come
 * from the refresh token, which Google does not rotate.
 */
int	fc_gauth_set_redirect(struct fc_gauth *g, const char *url,
	    struct fc_err *e);
char	*fc_gauth_authorize_url(const struct fc_gauth *g, const char *state,
	    const char *challenge);
int	fc_gauth_exchange(struct fc_gauth *g, const char *code,
	    const char *verifier, struct fc_err *e);

/*
 * The grant ("service_account" or "user"), the account (the service
 * account's address; for a login, the person's, when known, else NULL),
 * the subject or NULL, and what the token file's t was made for instead
 * of this client (fc_gauth_token_other), or NULL.
 */
const char *fc_gauth_grant(const struct fc_gauth *g);
const char *fc_gauth_account(const struct fc_gauth *g);
const char *fc_gauth_subject(const struct fc_gauth *g);
const char *fc_gauth_other(const struct fc_gauth *g, const struct fc_token *t);

#endif
