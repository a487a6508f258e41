/*
 * gauth_key.c: a Google service account's key file, read strictly, and
 * the JWT assertion signed with it (gdrive.md section 2), with OpenSSL's
 * EVP interface.
 *
 * Apart from gauth.c, which trades the assertion for tokens over HTTP,
 * so that a program that only checks a key (fc-status) links no
 * libcurl.
 *
 * The key file is parsed with fc_jdoc (json.c), whose messages never
 * quote the input, and checked member by member so a wrong file says
 * which member is wrong and what file it probably is instead (an OAuth
 * client, a gcloud user credential).  PEM_read_bio_PrivateKey() gets a
 * password callback that refuses: OpenSSL's default would prompt on the
 * terminal for an encrypted key, in the middle of a cron job.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "gauth.h"
#include "json.h"

#define KEYFILE_MAX	65536	/* a key file is about 2.4 KB */
#define JWT_LIFE	3600	/* the most Google accepts */
#define JWT_BACKDATE	10	/* seconds iat is set back for clock drift */

struct fc_gauth_key {
	char		*email;
	char		*key_id;
	char		*client_id;
	char		*token_uri;
	EVP_PKEY	*pkey;
	unsigned	 mode;		/* the file's permissions; 0: none */
};

/* ---- the key file ---- */

void
fc_gauth_key_free(struct fc_gauth_key *k)
{
	if (k == NULL)
		return;
	free(k->email);
	free(k->key_id);
	free(k->client_id);
	free(k->token_uri);
	EVP_PKEY_free(k->pkey);
	free(k);
}

const char *
fc_gauth_key_email(const struct fc_gauth_key *k)
{
	return k->email;
}

const char *
fc_gauth_key_id(const struct fc_gauth_key *k)
{
	return k->key_id;
}

const char *
fc_gauth_key_client_id(const struct fc_gauth_key *k)
{
	return k->client_id;
}

unsigned
fc_gauth_key_mode(const struct fc_gauth_key *k)
{
	return k->mode;
}

const char *
fc_gauth_key_token_uri(const struct fc_gauth_key *k)
{
	return k->token_uri != NULL ? k->token_uri : FC_GAUTH_TOKEN_URI;
}

/* Never a prompt: an encrypted key is refused, not asked about. */
static int
nopass(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/*
 * A string member into *out (NULL when absent and optional).  Returns 0
 * or -1 with *e set, naming the member.
 */
static int
member_of(const struct fc_jdoc *d, const char *name, const char *key,
    int required, char **out, const char *kind, struct fc_err *e)
{
	const char *s;
	int r;

	*out = NULL;
	if ((r = fc_jdoc_str(d, key, &s)) == -1)
		return fc_seterr(e, EX_CONFIG, "%s: \"%s\": expected a string",
		    name, key);
	if (r == 1 || *s == '\0') {
		if (!required)
			return 0;
		return fc_seterr(e, EX_CONFIG, "%s: \"%s\": missing; not %s "
		    "as the Cloud console gives it", name, key, kind);
	}
	if ((*out = strdup(s)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	return 0;
}

static int
member(const struct fc_jdoc *d, const char *name, const char *key,
    int required, char **out, struct fc_err *e)
{
	return member_of(d, name, key, required, out, "a service account key",
	    e);
}

/* An endpoint a file names must be an http(s) address. */
static int
http_url(const char *name, const char *key, const char *u, struct fc_err *e)
{
	if (u != NULL && strncmp(u, "https://", 8) != 0 &&
	    strncmp(u, "http://", 7) != 0)
		return fc_seterr(e, EX_CONFIG, "%s: \"%s\": expected an "
		    "http(s) address", name, key);
	return 0;
}

/* What "type" says, when it is not service_account. */
static int
wrongtype(const struct fc_jdoc *d, const char *name, struct fc_err *e)
{
	struct fc_jdoc *o;
	const char *t;
	int r;

	if (fc_jdoc_obj(d, "installed", &o) == 0 ||
	    fc_jdoc_obj(d, "web", &o) == 0) {
		fc_jdoc_free(o);
		return fc_seterr(e, EX_CONFIG, "%s: an OAuth client file, not "
		    "a service account key: for a person's login set auth: "
		    "user; for a service account make a key under its Keys "
		    "tab", name);
	}
	if ((r = fc_jdoc_str(d, "type", &t)) == 1)
		return fc_seterr(e, EX_CONFIG, "%s: \"type\": missing; not a "
		    "service account key", name);
	if (r == -1)
		return fc_seterr(e, EX_CONFIG, "%s: \"type\": expected a "
		    "string", name);
	if (strcmp(t, "authorized_user") == 0)
		return fc_seterr(e, EX_CONFIG, "%s: \"type\" is "
		    "authorized_user: a person's gcloud credentials, not a "
		    "service account key", name);
	return fc_seterr(e, EX_CONFIG, "%s: \"type\": expected "
	    "service_account", name);
}

/* The PEM in pem (NUL-terminated) as an RSA key of 2048 bits or more. */
static EVP_PKEY *
readpem(const char *name, const char *pem, struct fc_err *e)
{
	EVP_PKEY *pkey;
	BIO *bio;

	if (strchr(pem, '\n') == NULL && strstr(pem, "\\n") != NULL) {
		fc_seterr(e, EX_CONFIG, "%s: \"private_key\": its line breaks "
		    "are the two characters \\n (the file was escaped twice); "
		    "use the file as the console gave it", name);
		return NULL;
	}
	if (strstr(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL ||
	    strstr(pem, "Proc-Type: 4,ENCRYPTED") != NULL) {
		fc_seterr(e, EX_CONFIG, "%s: \"private_key\": encrypted; fc "
		    "needs the key unencrypted, as Google issues it", name);
		return NULL;
	}
	if ((bio = BIO_new_mem_buf(pem, (int)strlen(pem))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	pkey = PEM_read_bio_PrivateKey(bio, NULL, nopass, NULL);
	BIO_free(bio);
	/* OpenSSL's queue would otherwise greet the next caller */
	ERR_clear_error();
	if (pkey == NULL) {
		fc_seterr(e, EX_CONFIG, "%s: \"private_key\": not a PEM "
		    "private key (BEGIN PRIVATE KEY) OpenSSL can read", name);
		return NULL;
	}
	if (EVP_PKEY_base_id(pkey) != EVP_PKEY_RSA) {
		fc_seterr(e, EX_CONFIG, "%s: \"private_key\": not an RSA key, "
		    "which RS256 needs", name);
		EVP_PKEY_free(pkey);
		return NULL;
	}
	if (EVP_PKEY_bits(pkey) < 2048) {
		fc_seterr(e, EX_CONFIG, "%s: \"private_key\": an RSA key of "
		    "%d bits; Google's have 2048", name, EVP_PKEY_bits(pkey));
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

struct fc_gauth_key *
fc_gauth_key_parse(const char *name, const char *buf, size_t len,
    struct fc_err *e)
{
	struct fc_gauth_key *k;
	struct fc_jdoc *d;
	const char *t;
	char *pem = NULL;

	if ((d = fc_jdoc_parse(buf, len, e)) == NULL) {
		e->code = EX_CONFIG;
		fc_errctx(e, "%s: not a service account key", name);
		return NULL;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		goto fail;
	}
	if (fc_jdoc_str(d, "type", &t) != 0 ||
	    strcmp(t, "service_account") != 0) {
		wrongtype(d, name, e);
		goto fail;
	}
	if (member(d, name, "client_email", 1, &k->email, e) == -1 ||
	    member(d, name, "private_key_id", 0, &k->key_id, e) == -1 ||
	    member(d, name, "client_id", 0, &k->client_id, e) == -1 ||
	    member(d, name, "token_uri", 0, &k->token_uri, e) == -1 ||
	    member(d, name, "private_key", 1, &pem, e) == -1)
		goto fail;
	if (strchr(k->email, '@') == NULL) {
		fc_seterr(e, EX_CONFIG, "%s: \"client_email\": expected the "
		    "account's address", name);
		goto fail;
	}
	if (k->token_uri != NULL && strncmp(k->token_uri, "https://", 8) != 0 &&
	    strncmp(k->token_uri, "http://", 7) != 0) {
		http_url(name, "token_uri", k->token_uri, e);
		goto fail;
	}
	if ((k->pkey = readpem(name, pem, e)) == NULL)
		goto fail;
	explicit_bzero(pem, strlen(pem));
	free(pem);
	fc_jdoc_free(d);
	return k;
fail:
	if (pem != NULL) {
		explicit_bzero(pem, strlen(pem));
		free(pem);
	}
	fc_jdoc_free(d);
	fc_gauth_key_free(k);
	return NULL;
}

/*
 * The credentials file at path, malloc'd into *buf (*len bytes, a NUL
 * after them; a secret: zero it before freeing), its permissions in
 * *mode.  0, or -1 with *e set.
 */
static int
slurp(const char *path, char **buf, size_t *len, unsigned *mode,
    struct fc_err *e)
{
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return fc_seterr(e, EX_CONFIG, "clients.google_drive."
		    "credentials_path %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > KEYFILE_MAX) {
		close(fd);
		return fc_seterr(e, EX_CONFIG, "clients.google_drive."
		    "credentials_path %s: not a credentials file (a regular "
		    "file of at most %d bytes)", path, KEYFILE_MAX);
	}
	if ((*buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	n = read(fd, *buf, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		explicit_bzero(*buf, (size_t)st.st_size);
		free(*buf);
		return fc_seterr(e, EX_CONFIG, "clients.google_drive."
		    "credentials_path %s: short read", path);
	}
	(*buf)[n] = '\0';
	*len = (size_t)n;
	*mode = (unsigned)(st.st_mode & 07777);
	return 0;
}

struct fc_gauth_key *
fc_gauth_key_read(const char *path, struct fc_err *e)
{
	struct fc_gauth_key *k;
	char *buf;
	size_t n;
	unsigned mode;

	if (slurp(path, &buf, &n, &mode, e) == -1)
		return NULL;
	if ((k = fc_gauth_key_parse(path, buf, n, e)) != NULL)
		k->mode = mode;
	explicit_bzero(buf, n);
	free(buf);
	return k;
}

/* ---- the OAuth client file ---- */

struct fc_gauth_client {
	char	*client_id;
	char	*secret;
	char	*auth_uri;
	char	*token_uri;
};

void
fc_gauth_client_free(struct fc_gauth_client *c)
{
	if (c == NULL)
		return;
	if (c->secret != NULL)
		explicit_bzero(c->secret, strlen(c->secret));
	free(c->client_id);
	free(c->secret);
	free(c->auth_uri);
	free(c->token_uri);
	free(c);
}

const char *
fc_gauth_client_id(const struct fc_gauth_client *c)
{
	return c->client_id;
}

const char *
fc_gauth_client_secret(const struct fc_gauth_client *c)
{
	return c->secret;
}

const char *
fc_gauth_client_auth_uri(const struct fc_gauth_client *c)
{
	return c->auth_uri != NULL ? c->auth_uri : FC_GAUTH_AUTH_URI;
}

const char *
fc_gauth_client_token_uri(const struct fc_gauth_client *c)
{
	return c->token_uri != NULL ? c->token_uri : FC_GAUTH_TOKEN_URI;
}

struct fc_gauth_client *
fc_gauth_client_parse(const char *name, const char *buf, size_t len,
    struct fc_err *e)
{
	struct fc_gauth_client *c = NULL;
	struct fc_jdoc *d, *in = NULL;
	const char *t;
	const char *kind = "an OAuth client file (Desktop app)";

	if ((d = fc_jdoc_parse(buf, len, e)) == NULL) {
		e->code = EX_CONFIG;
		fc_errctx(e, "%s: not an OAuth client file", name);
		return NULL;
	}
	if (fc_jdoc_obj(d, "installed", &in) != 0) {
		if (fc_jdoc_obj(d, "web", &in) == 0)
			fc_seterr(e, EX_CONFIG, "%s: a Web application client; "
			    "fc needs one of type Desktop app (\"installed\"), "
			    "whose logins come back to this machine", name);
		else if (fc_jdoc_str(d, "type", &t) == 0 &&
		    strcmp(t, "service_account") == 0)
			fc_seterr(e, EX_CONFIG, "%s: a service account key, "
			    "and auth is user: set auth: service_account, or "
			    "name the OAuth client file", name);
		else
			fc_seterr(e, EX_CONFIG, "%s: \"installed\": missing; "
			    "not %s", name, kind);
		goto fail;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		goto fail;
	}
	if (member_of(in, name, "client_id", 1, &c->client_id, kind, e) == -1 ||
	    member_of(in, name, "client_secret", 1, &c->secret, kind, e) ==
	    -1 || member_of(in, name, "auth_uri", 0, &c->auth_uri, kind, e) ==
	    -1 || member_of(in, name, "token_uri", 0, &c->token_uri, kind,
	    e) == -1 || http_url(name, "auth_uri", c->auth_uri, e) == -1 ||
	    http_url(name, "token_uri", c->token_uri, e) == -1)
		goto fail;
	fc_jdoc_free(in);
	fc_jdoc_free(d);
	return c;
fail:
	fc_jdoc_free(in);
	fc_jdoc_free(d);
	fc_gauth_client_free(c);
	return NULL;
}

struct fc_gauth_client *
fc_gauth_client_read(const char *path, struct fc_err *e)
{
	struct fc_gauth_client *c;
	char *buf;
	size_t n;
	unsigned mode;

	if (slurp(path, &buf, &n, &mode, e) == -1)
		return NULL;
	c = fc_gauth_client_parse(path, buf, n, e);
	explicit_bzero(buf, n);
	free(buf);
	return c;
}

/* ---- whose token ---- */

/* s, or "" for NULL, for comparing optional strings. */
static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* Here, not in gauth.c, for fc-status: it links no libcurl. */
const char *
fc_gauth_token_other(const struct fc_google *cf, const char *id,
    const struct fc_token *t)
{
	int user = strcmp(nz(cf->auth), "user") == 0;

	if (strcmp(t->grant, user ? "user" : "service_account") != 0)
		return "another grant";
	if (strcmp(nz(t->client_id), id) != 0)
		return user ? "another OAuth client" : "another account";
	/* a person's login: whoever logged in, the subject is theirs */
	if (!user && strcmp(nz(t->subject), nz(cf->subject)) != 0)
		return "another subject";
	if (strcmp(nz(t->scopes), cf->scope) != 0)
		return "another scope";
	return NULL;
}

/* ---- the assertion ---- */

/* base64url of in without padding, into out (4 * ceil(n / 3) + 1 bytes). */
static void
b64url(const unsigned char *in, size_t n, char *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned long v;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 |
		    in[i + 2];
		*out++ = a[v >> 18];
		*out++ = a[(v >> 12) & 63];
		*out++ = a[(v >> 6) & 63];
		*out++ = a[v & 63];
	}
	if (n - i == 1) {
		v = (unsigned long)in[i] << 16;
		*out++ = a[v >> 18];
		*out++ = a[(v >> 12) & 63];
	} else if (n - i == 2) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
		*out++ = a[v >> 18];
		*out++ = a[(v >> 12) & 63];
		*out++ = a[(v >> 6) & 63];
	}
	*out = '\0';
}

/* Appends base64url(in) to s at *len (s has room). */
static void
append64(char *s, size_t *len, const void *in, size_t n)
{
	b64url(in, n, s + *len);
	*len += strlen(s + *len);
}

char *
fc_gauth_jwt(const struct fc_gauth_key *k, const char *scope, const char *aud,
    const char *sub, int64_t now, struct fc_err *e)
{
	struct fc_jw h, c;
	EVP_MD_CTX *ctx = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0, len = 0, cap;
	char *out = NULL;

	fc_jw_init(&h);
	fc_jw_obj(&h, NULL);
	fc_jw_str(&h, "alg", "RS256");
	fc_jw_str(&h, "typ", "JWT");
	if (k->key_id != NULL)
		fc_jw_str(&h, "kid", k->key_id);
	fc_jw_end_obj(&h);
	fc_jw_init(&c);
	fc_jw_obj(&c, NULL);
	fc_jw_str(&c, "iss", k->email);
	fc_jw_str(&c, "scope", scope);
	fc_jw_str(&c, "aud", aud);
	fc_jw_int(&c, "iat", now - JWT_BACKDATE);
	fc_jw_int(&c, "exp", now - JWT_BACKDATE + JWT_LIFE);
	if (sub != NULL)
		fc_jw_str(&c, "sub", sub);
	fc_jw_end_obj(&c);
	if (h.oom || c.oom || h.lossy || c.lossy) {
		fc_seterr(e, h.oom || c.oom ? EX_OSERR : EX_CONFIG,
		    h.oom || c.oom ? "out of memory" : "google: the account, "
		    "scope or subject is not UTF-8");
		goto out;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k->pkey) != 1 ||
	    EVP_DigestSign(ctx, NULL, &siglen, NULL, 0) != 1) {
		fc_seterr(e, EX_SOFTWARE, "google: OpenSSL cannot sign with "
		    "the key");
		goto out;
	}
	cap = (h.len + c.len + siglen) * 4 / 3 + 16;
	if ((out = malloc(cap)) == NULL || (sig = malloc(siglen)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		free(out);
		out = NULL;
		goto out;
	}
	append64(out, &len, h.buf, h.len);
	out[len++] = '.';
	append64(out, &len, c.buf, c.len);
	/* RSASSA-PKCS1-v1_5, the RSA default: RS256 is never PSS */
	if (EVP_DigestSign(ctx, sig, &siglen, (unsigned char *)out, len) != 1) {
		fc_seterr(e, EX_SOFTWARE, "google: OpenSSL cannot sign with "
		    "the key");
		free(out);
		out = NULL;
		goto out;
	}
	out[len++] = '.';
	append64(out, &len, sig, siglen);
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	free(sig);
	fc_jw_free(&h);
	fc_jw_free(&c);
	return out;
}
