/*
 * gdrive.c: the readers of what Google Drive and its token endpoint
 * answer, on any bytes.  The first byte picks the reader, the rest is
 * the body:
 *
 *   0  a files.list page (fc_gdrivedoc_files, and the token
 *      fc_gdrivedoc_peek_next finds must be the same)
 *   1  one file, as files.get gives it (fc_gdrivedoc_one)
 *   2  a changes.list page (fc_gdrivedoc_changes)
 *   3  the answer of changes/startPageToken (fc_gdrivedoc_start)
 *   4  an error body (fc_gdrivedoc_error, fc_gdrivedoc_limited), status
 *      by the 2nd byte
 *   5  an answer of the token endpoint (fc_gauth_answer and, when it is
 *      a refusal, fc_oauth_error)
 *
 * Each file read becomes a file line as fc-list writes it, and a removed
 * change a deletion line by id alone; each must parse back to the same
 * values: a name, id, size or time never changes on its way through fc.
 * A file's size and version are what its strings said, digits only.  A
 * message is one line, and one about a token never quotes it.
 */
#include <string.h>

#include "gauth.h"
#include "gdrivedoc.h"
#include "oauth.h"
#include "token.h"
#include "fuzz.h"

#define NOW	1700000000

static int
digits(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* What a file of Drive's says, and the line fc-list writes of it. */
static int
file(void *arg, const struct fc_gdrivedoc_file *x, const char *why)
{
	struct fc_file ff;
	struct fc_jw raw;
	char *path;
	size_t i;
	int *count = arg;

	(*count)++;
	if (x == NULL) {
		CHECK(why != NULL && *why != '\0' && fuzz_oneline(why));
		return 0;
	}
	CHECK(why == NULL && x->el != NULL);
	CHECK(x->id != NULL && *x->id != '\0' && fuzz_utf8(x->id));
	CHECK(x->name != NULL && *x->name != '\0' && fuzz_utf8(x->name));
	CHECK(x->mime != NULL && fuzz_utf8(x->mime));
	CHECK(x->folder == (strcmp(x->mime, FC_GDRIVE_FOLDER) == 0));
	CHECK(x->size >= -1);
	CHECK(x->version == NULL || digits(x->version));
	CHECK(x->np == 0 || x->parents != NULL);
	for (i = 0; i < x->np; i++)
		CHECK(x->parents[i] != NULL && fuzz_utf8(x->parents[i]));
	CHECK(x->trashed == 0 || x->trashed == 1);
	if (x->folder)
		return 0;	/* fc-list writes no line for these */

	/* the raw record list_gdrive.c's emit() writes */
	fc_jw_init(&raw);
	fc_jw_obj(&raw, NULL);
	fc_jw_str(&raw, "md5Checksum", x->md5);
	fc_jw_str(&raw, "driveId", x->drive);
	fc_jw_arr(&raw, "parents");
	for (i = 0; i < x->np; i++)
		fc_jw_str(&raw, NULL, x->parents[i]);
	fc_jw_end_arr(&raw);
	if (x->shortcut != NULL)
		fc_jw_raw(&raw, "shortcutDetails", x->shortcut);
	fc_jw_end_obj(&raw);
	path = fuzz_path("Shared with me", x->name);
	memset(&ff, 0, sizeof(ff));
	ff.endpoint = "drive";
	ff.id = x->id;
	ff.name = x->name;
	ff.path = path;
	ff.link = x->link;
	ff.size = x->size;
	ff.created_at = x->created;
	ff.updated_at = x->updated;
	ff.version = x->version;
	ff.mime_type = x->mime;
	ff.state = x->trashed ? "trashed" : "present";
	ff.raw = fuzz_jw_cstr(&raw);
	fuzz_roundtrip(&ff);
	fc_jw_free(&raw);
	free(path);
	return 0;
}

static void
files(const char *body, size_t len, int one)
{
	struct fc_err e = { 0 };
	char *next, *peek;
	int rv, n = 0, inc, pr;

	if (one) {
		if ((rv = fc_gdrivedoc_one(body, len, file, &n, &e)) != 0)
			fuzz_refused(rv, &e);
		else
			CHECK(n == 1);
		return;
	}
	pr = fc_gdrivedoc_peek_next(body, len, &peek);
	CHECK(pr == 1 ? peek != NULL : pr == 0 && peek == NULL);
	if ((rv = fc_gdrivedoc_files(body, len, file, &n, &next, &inc,
	    &e)) != 0) {
		fuzz_refused(rv, &e);
		CHECK(n == 0);
		free(peek);
		return;
	}
	CHECK(inc == 0 || inc == 1);
	CHECK(next == NULL || (*next != '\0' && fuzz_utf8(next)));
	/* a token peeked at is the one the page gives (none: it may have) */
	if (pr == 1)
		CHECK(next != NULL && strcmp(peek, next) == 0);
	free(peek);
	free(next);
}

static int
change(void *arg, const struct fc_gdrivedoc_change *c)
{
	struct fc_file ff;
	int *n = arg;

	(*n)++;
	if (c->drive) {
		CHECK(c->file == NULL);
		return 0;
	}
	CHECK(c->file_id == NULL || (*c->file_id != '\0' && fuzz_utf8(c->file_id)));
	CHECK(c->why == NULL || (*c->why != '\0' && fuzz_oneline(c->why)));
	CHECK(c->file_id != NULL || c->why != NULL);
	if (c->removed || c->why != NULL)
		CHECK(c->file == NULL);
	if (c->file != NULL) {
		CHECK(fuzz_same(c->file->id, c->file_id));
		file(&(int){ 0 }, c->file, NULL);
	}
	if (c->removed && c->why == NULL) {
		/* a deletion, by id alone */
		memset(&ff, 0, sizeof(ff));
		ff.endpoint = "drive";
		ff.id = c->file_id;
		ff.size = -1;
		ff.state = "deleted";
		fuzz_roundtrip(&ff);
	}
	return 0;
}

static void
changes(const char *body, size_t len)
{
	struct fc_err e = { 0 };
	char *next, *newstart;
	int rv, n = 0;

	if ((rv = fc_gdrivedoc_changes(body, len, change, &n, &next,
	    &newstart, &e)) != 0) {
		fuzz_refused(rv, &e);
		CHECK(n == 0 && next == NULL && newstart == NULL);
		return;
	}
	/* one of the two: more pages, or the feed's next start */
	CHECK((next == NULL) != (newstart == NULL));
	CHECK(next == NULL || (*next != '\0' && fuzz_utf8(next)));
	CHECK(newstart == NULL || (*newstart != '\0' && fuzz_utf8(newstart)));
	free(next);
	free(newstart);
}

static void
start(const char *body, size_t len)
{
	struct fc_err e = { 0 };
	char *t;

	if (fc_gdrivedoc_start(body, len, &t, &e) == -1) {
		fuzz_refused(-1, &e);
		CHECK(t == NULL);
		return;
	}
	CHECK(t != NULL && *t != '\0' && fuzz_utf8(t));
	free(t);
}

static void
error(long status, const char *body, size_t len)
{
	char reason[64], msg[128], loc[32];
	int rv;

	rv = fc_gdrivedoc_error(body, len, reason, sizeof(reason), msg,
	    sizeof(msg), loc, sizeof(loc));
	CHECK(rv == 0 || rv == -1);
	CHECK(fuzz_oneline(reason) && fuzz_utf8(reason));
	CHECK(fuzz_oneline(msg) && fuzz_utf8(msg));
	CHECK(fuzz_oneline(loc) && fuzz_utf8(loc));
	if (rv == -1)
		CHECK(reason[0] == '\0' && msg[0] == '\0' && loc[0] == '\0');
	/* a rate limit is a 403 of one of two reasons, nothing else */
	CHECK(fc_gdrivedoc_limited(status, body, len) == (status == 403 &&
	    rv == 0 && (strcmp(reason, "userRateLimitExceeded") == 0 ||
	    strcmp(reason, "rateLimitExceeded") == 0)));
}

static void
token(const uint8_t *data, size_t len)
{
	static const struct fc_token zero;
	struct fc_token t;
	struct fc_err e = { 0 };
	char *body, err[48], desc[256];
	size_t i;

	CHECK((body = malloc(len + 1)) != NULL);
	memcpy(body, data, len);
	if (fc_gauth_answer(body, len, NOW, &t, &e) == 0) {
		CHECK(t.access_token != NULL && *t.access_token != '\0');
		CHECK(t.expires_at > NOW && t.expires_at <= NOW + 86400);
		CHECK(t.obtained_at == NOW);
		CHECK(t.refresh_token == NULL || *t.refresh_token != '\0');
		fc_token_clear(&t);
	} else {
		CHECK(memcmp(&t, &zero, sizeof(t)) == 0);
		CHECK(e.msg[0] != '\0' && fuzz_oneline(e.msg));
		CHECK(e.code == EX_PROTOCOL || e.code == EX_OSERR);
		CHECK(!fuzz_quotes_token(data, len, e.msg));
	}
	/* it held tokens, perhaps: nothing of it is left in memory */
	for (i = 0; i < len; i++)
		CHECK(body[i] == '\0');
	free(body);
	/* the same bytes as a refusal: Google's words, printable, short */
	fc_oauth_error((const char *)data, len, err, sizeof(err), desc,
	    sizeof(desc));
	CHECK(fuzz_oneline(err) && strlen(err) <= 40);
	CHECK(fuzz_oneline(desc));
	for (i = 0; err[i] != '\0'; i++)
		CHECK((unsigned char)err[i] < 0x7f);
	for (i = 0; desc[i] != '\0'; i++)
		CHECK((unsigned char)desc[i] < 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long status = 0;
	size_t skip;
	int sel;

	if (size < 1)
		return 0;
	sel = data[0] % 6;
	skip = sel == 4 ? 2 : 1;	/* the selector, and a status */
	if (size < skip || fuzz_jq_leaks(data + skip, size - skip))
		return 0;
	if (sel == 4)
		status = fuzz_status(data[1]);
	switch (sel) {
	case 0:
	case 1:
		files((const char *)data + 1, size - 1, sel);
		break;
	case 2:
		changes((const char *)data + 1, size - 1);
		break;
	case 3:
		start((const char *)data + 1, size - 1);
		break;
	case 4:
		error(status, (const char *)data + 2, size - 2);
		break;
	case 5:
		token(data + 1, size - 1);
		break;
	}
	return 0;
}
