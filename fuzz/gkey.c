/*
 * gkey.c: the readers of Google credential files, on any bytes.  The
 * first byte picks the reader, the rest is the file:
 *
 *   0  a service account's JSON key (fc_gauth_key_parse)
 *   1  the OAuth client file of a Desktop app (fc_gauth_client_parse)
 *
 * What a reader takes must be what the file says (an address with an
 * '@', endpoints that are http(s), a client id and secret that are not
 * empty); what it refuses gets one line, EX_CONFIG (or EX_OSERR), that
 * names the file and never quotes a secret of it: the private key, the
 * client secret.
 */
#include <sysexits.h>
#include <string.h>

#include "gauth.h"
#include "json.h"
#include "fuzz.h"

#define NAME	"key.json"
#define QUOTABLE 16	/* a secret this long is looked for in messages */

static int
http(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/*
 * A PEM key's armour is public, and a message may name it ("not a PEM
 * private key (BEGIN PRIVATE KEY) ..."): a piece of a key that is a piece
 * of its armour quotes nothing secret (fuzz/crashes/gkey/crash-a3aa...).
 */
static int
armour(const char *piece)
{
	return strstr("-----BEGIN PRIVATE KEY-----", piece) != NULL ||
	    strstr("-----END PRIVATE KEY-----", piece) != NULL;
}

/* Whether msg quotes a long enough string at key of d (or of d.sub). */
static int
quotes(const char *msg, const char *data, size_t len, const char *sub,
    const char *key)
{
	struct fc_jdoc *d, *o = NULL;
	struct fc_err pe;
	const char *s;
	char piece[QUOTABLE + 1];
	size_t i, n;
	int q = 0;

	if ((d = fc_jdoc_parse(data, len, &pe)) == NULL)
		return 0;
	if (sub != NULL && fc_jdoc_obj(d, sub, &o) != 0)
		o = NULL;
	if ((sub == NULL || o != NULL) &&
	    fc_jdoc_str(sub ? o : d, key, &s) == 0 &&
	    (n = strlen(s)) >= QUOTABLE)
		/* no piece of it, wherever it is cut */
		for (i = 0; i + QUOTABLE <= n && !q; i += QUOTABLE / 2) {
			memcpy(piece, s + i, QUOTABLE);
			piece[QUOTABLE] = '\0';
			q = strstr(msg, piece) != NULL && !armour(piece);
		}
	fc_jdoc_free(o);
	fc_jdoc_free(d);
	return q;
}

static void
refused(const struct fc_err *e)
{
	CHECK(e->code == EX_CONFIG || e->code == EX_OSERR);
	CHECK(e->msg[0] != '\0' && fuzz_oneline(e->msg));
	CHECK(e->code == EX_OSERR || strstr(e->msg, NAME) != NULL);
}

static void
key(const char *data, size_t len)
{
	struct fc_gauth_key *k;
	struct fc_err e = { 0 };

	if ((k = fc_gauth_key_parse(NAME, data, len, &e)) == NULL) {
		refused(&e);
		CHECK(!quotes(e.msg, data, len, NULL, "private_key"));
		return;
	}
	CHECK(strchr(fc_gauth_key_email(k), '@') != NULL);
	CHECK(http(fc_gauth_key_token_uri(k)));
	CHECK(fc_gauth_key_id(k) == NULL || *fc_gauth_key_id(k) != '\0');
	fc_gauth_key_free(k);
}

static void
client(const char *data, size_t len)
{
	struct fc_gauth_client *c;
	struct fc_err e = { 0 };

	if ((c = fc_gauth_client_parse(NAME, data, len, &e)) == NULL) {
		refused(&e);
		CHECK(!quotes(e.msg, data, len, "installed", "client_secret"));
		CHECK(!quotes(e.msg, data, len, "web", "client_secret"));
		return;
	}
	CHECK(*fc_gauth_client_id(c) != '\0');
	CHECK(*fc_gauth_client_secret(c) != '\0');
	CHECK(http(fc_gauth_client_auth_uri(c)));
	CHECK(http(fc_gauth_client_token_uri(c)));
	fc_gauth_client_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || fuzz_jq_leaks(data + 1, size - 1))
		return 0;
	if (data[0] % 2 == 0)
		key((const char *)data + 1, size - 1);
	else
		client((const char *)data + 1, size - 1);
	return 0;
}
