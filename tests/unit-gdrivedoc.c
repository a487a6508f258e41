/*
 * unit-gdrivedoc.c: TAP tests of fc_gdrivedoc_peek_next(), the cheap
 * reading of a files.list page's nextPageToken that lets fc-list ask for
 * the next page while it reads this one.  Each case is also read with
 * fc_gdrivedoc_files(): where the peek names a token, the full reading
 * must name the same one, or the page asked for ahead would be wrong.
 * Where the peek cannot tell cheaply it says nothing, and the lister
 * asks after the full reading.  The fuzz harness (fuzz/gdrive.c) holds
 * the two to the same on any bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdrivedoc.h"
#include "tap.h"

static int
count(void *arg, const struct fc_gdrivedoc_file *f, const char *why)
{
	(void)f;
	(void)why;
	(*(int *)arg)++;
	return 0;
}

/* body: the page; want: the token the peek gives, or NULL for none. */
static void
peek(const char *body, const char *want, const char *desc)
{
	struct fc_err e = { 0 };
	char *got, *full = NULL, d[256];
	int r, inc, n = 0;

	r = fc_gdrivedoc_peek_next(body, strlen(body), &got);
	snprintf(d, sizeof(d), "%s: peeked", desc);
	ok(r == (want != NULL) && (r == 1) == (got != NULL), d);
	snprintf(d, sizeof(d), "%s: the token", desc);
	is(got, want, d);
	if (got != NULL && fc_gdrivedoc_files(body, strlen(body), count, &n,
	    &full, &inc, &e) == 0) {
		snprintf(d, sizeof(d), "%s: as the full reading", desc);
		is(full, got, d);
	}
	free(full);
	free(got);
}

int
main(void)
{
	peek("{\"nextPageToken\":\"~!!~abc\",\"files\":[]}", "~!!~abc",
	    "first member");
	peek("{\"files\":[{\"id\":\"a\",\"name\":\"n\",\"mimeType\":\"m\"}],"
	    "\"nextPageToken\":\"t2\"}", "t2", "after the files");
	peek(" {\n \"kind\" : \"drive#fileList\" ,\n \"nextPageToken\"\t:\n"
	    " \"t3\" , \"files\" : [ ] }\n", "t3", "blanks everywhere");
	peek("{\"files\":[]}", NULL, "the last page");
	peek("{\"nextPageToken\":null,\"files\":[]}", NULL, "null: none");
	peek("{\"nextPageToken\":\"a\",\"nextPageToken\":\"b\",\"files\":[]}",
	    "b", "twice: the last, as jq reads it");
	peek("{\"nextPageToken\":\"a\",\"nextPageToken\":7,\"files\":[]}",
	    NULL, "a later number: none");
	peek("{\"nextPageToken\":\"a\",\"nextPageToken\":{\"x\":\"y\"},"
	    "\"files\":[]}", NULL, "a later object: none");
	/* the name inside a file, or inside a string, is not the member */
	peek("{\"files\":[{\"nextPageToken\":\"no\",\"id\":\"a\",\"name\":"
	    "\"n\",\"mimeType\":\"m\"}]}", NULL, "a file's member");
	peek("{\"files\":[{\"id\":\"a\",\"name\":\"\\\"nextPageToken\\\":"
	    "\\\"no\\\"\",\"mimeType\":\"m\"}]}", NULL, "inside a name");
	peek("{\"kind\":\"nextPageToken\",\"files\":[]}", NULL,
	    "as a value");
	peek("{\"a\":[\"nextPageToken\",\"x\"],\"files\":[]}", NULL,
	    "in an array");
	/* what would need decoding: left to the full reading */
	peek("{\"nextPageToken\":\"a\\/b\",\"files\":[]}", NULL,
	    "an escape in the token");
	peek("{\"next\\u0050ageToken\":\"t\",\"files\":[]}", NULL,
	    "an escape in a member name");
	peek("{\"nextPageToken\":\"\",\"files\":[]}", NULL, "empty");
	peek("{\"nextPageToken\":\"t", NULL, "cut short in the token");
	peek("", NULL, "no bytes");
	peek("[\"nextPageToken\",\"t\"]", NULL, "an array, not an object");
	return tap_done();
}
