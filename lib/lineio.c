/*
 * lineio.c: the shared line loop.  getline(3) keeps one buffer for the
 * whole stream, so memory is bounded by the longest line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lineio.h"

int
fc_lines(FILE *fp, int (*fn)(void *, char *, size_t, size_t), void *arg)
{
	char *buf = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rv = 0;

	while ((n = getline(&buf, &cap, fp)) != -1) {
		lineno++;
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if (n == 0)
			continue;
		if ((rv = fn(arg, buf, (size_t)n, lineno)) != 0)
			break;
	}
	if (rv == 0 && ferror(fp))
		rv = -1;
	free(buf);
	return rv;
}
