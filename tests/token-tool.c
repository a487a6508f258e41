/*
 * token-tool.c: drives lib/token for tests/0410-token.t.
 *
 *	token-tool dir client write grant access expires-at [refresh]
 *	token-tool dir client read	prints the members, tokens as lengths
 *	token-tool dir client hold	locks, says "locked", waits for EOF
 *	token-tool dir client remove
 *
 * Exits with the sysexits value of a failure, its message on stderr.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "timefmt.h"
#include "token.h"

int
main(int argc, char *argv[])
{
	struct fc_tokstore *s;
	struct fc_token t;
	struct fc_err e;
	char buf[FC_TIMELEN];
	int r, c;

	memset(&e, 0, sizeof(e));
	memset(&t, 0, sizeof(t));
	if (argc < 4)
		return EX_USAGE;
	if ((s = fc_tok_open(argv[1], argv[2], &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (strcmp(argv[3], "write") == 0 && argc >= 7) {
		t.grant = argv[4];
		t.access_token = argv[5];
		if (fc_time_parse(argv[6], &t.expires_at) != 0)
			return EX_USAGE;
		t.refresh_token = argc > 7 ? argv[7] : NULL;
		t.scopes = "data:read";
		t.client_id = "cid";
		if (fc_tok_lock(s, &e) == -1 || fc_tok_write(s, &t, &e) == -1)
			errx(e.code, "%s", e.msg);
	} else if (strcmp(argv[3], "read") == 0) {
		if ((r = fc_tok_read(s, &t, &e)) == -1)
			errx(e.code, "%s", e.msg);
		if (r == 1)
			printf("none\n");
		else
			printf("%s %zu %s %zu %s\n", t.grant,
			    t.access_token ? strlen(t.access_token) : 0,
			    fc_time_fmt(t.expires_at, buf),
			    t.refresh_token ? strlen(t.refresh_token) : 0,
			    t.scopes ? t.scopes : "-");
		fc_token_clear(&t);
	} else if (strcmp(argv[3], "hold") == 0) {
		if (fc_tok_lock(s, &e) == -1)
			errx(e.code, "%s", e.msg);
		printf("locked\n");
		fflush(stdout);
		while ((c = getchar()) != EOF)
			;
	} else if (strcmp(argv[3], "remove") == 0) {
		if (fc_tok_remove(s, &e) == -1)
			errx(e.code, "%s", e.msg);
	} else
		return EX_USAGE;
	fc_tok_close(s);
	return 0;
}
