/*
 * auth.h: access tokens for a cloud client, minted or refreshed when
 * needed, kept in its token file (token.h).
 *
 * Autodesk (clients.autodesk): grant authorization_code, the 3-legged
 * login of fc-auth login, whose refresh tokens rotate and work once; or
 * grant client_credentials, minted again shortly before expiry.  Every
 * refresh happens under the token file's lock, after re-reading the
 * file, and the new pair is on disk before the access token is used.
 *
 * Google Drive (clients.google_drive): a service account's tokens,
 * minted from its key shortly before expiry; or, with auth: user, a
 * person's login through the browser, as for Autodesk, refreshed with a
 * refresh token Google does not rotate.  gauth.h does the work; the
 * calls here hand on to it.
 *
 * The token requests use an HTTP handle of their own, so the 401 hook of
 * a listing's handle may call fc_auth_bearer().
 */
#ifndef FC_AUTH_H
#define FC_AUTH_H

#include <stdint.h>

#include "conf.h"
#include "err.h"
#include "log.h"
#include "token.h"

/* An access token is renewed this long before it expires. */
#define FC_AUTH_MARGIN	300
/* Autodesk refresh tokens live this long (aps.md: 15 days). */
#define FC_AUTH_REFRESH_LIFE	(15 * 86400)

struct fc_auth;

/*
 * The client named ("autodesk" or "google_drive") of c.  Returns NULL
 * with *e set: EX_CONFIG for a client without client_id or secret (or an
 * unreadable client_secret_file), for Google without a usable key (see
 * fc_gauth_open), or what fc_tok_open() says about token_dir.  In a
 * dry pass (c->dry_run) nothing is created under token_dir (fc_tok_dry):
 * tokens that can be had again stay in memory.
 */
struct fc_auth	*fc_auth_open(const struct fc_conf *c, const char *client,
		    struct fc_log *log, struct fc_err *e);
void		 fc_auth_close(struct fc_auth *a);

/*
 * The Authorization header value ("Bearer …") of a usable access token,
 * lent until the next call or fc_auth_close.  force: the token last
 * handed out was refused (401); a new one is fetched unless another
 * process has already put a different one in the file.  Returns 0, or
 * -1 with *e set: EX_NOPERM when a person must log in ("run fc-auth
 * login autodesk"), EX_CONFIG when the client credentials are refused,
 * EX_TEMPFAIL when the token service cannot be reached or answers 5xx
 * or 429 after the retries (a later run may succeed).  A refresh
 * refused with invalid_grant is recorded in the token file at once
 * (fc_tok_refused), and a refresh token so marked is never sent again:
 * only a new login clears it.  Failed token requests are logged with
 * the API's reason (its OAuth error and description), never a value.
 */
int	fc_auth_bearer(struct fc_auth *a, int force, const char **hdr,
	    struct fc_err *e);

/*
 * The 3-legged login, in the order fc-auth makes the calls.  A PKCE
 * verifier (64 unreserved characters) with its S256 challenge, and a
 * random state of hex digits, each NUL-terminated.
 */
#define FC_AUTH_VERIFIER	65
#define FC_AUTH_STATE		33
int	fc_auth_pkce(char verifier[FC_AUTH_VERIFIER], char challenge[44],
	    char state[FC_AUTH_STATE], struct fc_err *e);
/*
 * The address to listen on for the browser's return: Autodesk's
 * callback_url; for a Google login "http://127.0.0.1:0", any free
 * port, whose address fc-auth then gives with fc_auth_set_redirect();
 * NULL for a service account.
 */
const char *fc_auth_callback_url(const struct fc_auth *a);
int	fc_auth_set_redirect(struct fc_auth *a, const char *url,
	    struct fc_err *e);
/* The authorize URL for a person's browser (malloc'd), or NULL. */
char	*fc_auth_authorize_url(const struct fc_auth *a, const char *state,
	    const char *challenge);
/* Exchanges the code for tokens and stores them.  0 or -1 with *e. */
int	fc_auth_exchange(struct fc_auth *a, const char *code,
	    const char *verifier, struct fc_err *e);
/*
 * Revokes the refresh token (best effort) and removes the file, also
 * one others could read.
 */
int	fc_auth_logout(struct fc_auth *a, struct fc_err *e);
/* What the file holds, for fc-auth status: 0, 1 none, -1 with *e. */
int	fc_auth_peek(struct fc_auth *a, struct fc_token *t, struct fc_err *e);
/*
 * The answer of the token endpoint (status and body, len bytes), to a
 * request made at now for a login of grantname (what the file will
 * say), named in messages by what ("refresh", "code exchange",
 * "client_credentials"): fills t's tokens, their expiry and grant (the
 * caller adds scopes and client).  The body is wiped, since a 200 holds
 * tokens.  Returns 0, or -1 with *e set, t empty, and a message that
 * quotes of the body only the OAuth error code: EX_NOPERM for
 * invalid_grant, EX_CONFIG when the client was refused (401),
 * EX_TEMPFAIL for 5xx and 429, EX_PROTOCOL without an access_token.
 */
int	fc_auth_answer(long status, char *body, size_t len,
	    const char *grantname, const char *what, int64_t now,
	    struct fc_token *t, struct fc_err *e);
/* The grant the configuration asks for ("service_account" or "user" for
 * Google). */
const char *fc_auth_grant(const struct fc_auth *a);
/* Google: the service account's address, and the subject or NULL. */
const char *fc_auth_account(const struct fc_auth *a);
const char *fc_auth_subject(const struct fc_auth *a);
/*
 * What the token file's t was made for instead of this client, or NULL
 * when it is this client's: "another client_id", "another grant", or as
 * fc_gauth_token_other() says for Google.
 */
const char *fc_auth_other(const struct fc_auth *a, const struct fc_token *t);
/*
 * A warning about the credentials, for the command to say once, or
 * NULL: a key or client secret file others can read.
 */
const char *fc_auth_warning(const struct fc_auth *a);

#endif
