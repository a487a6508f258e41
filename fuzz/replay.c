/*
 * replay.c: runs a harness's LLVMFuzzerTestOneInput() over each file
 * named, or each file in each directory named, without libFuzzer, so
 * that `make check` replays the saved corpora and crash reproducers
 * with whatever compiler and sanitizers the rest of the build uses.
 * Prints each file's name before running it: after a crash, the last
 * line names the input.  Exits 0 when every input ran.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
run(const char *path)
{
	FILE *fp;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL) {
		warn("%s", path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((buf = realloc(buf, cap)) == NULL)
				err(1, "%s", path);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		warn("%s", path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	printf("%s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's files in name order, so runs are repeatable. */
static int
rundir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char **v = NULL, *p;
	size_t n = 0, i;
	int rv = 0;

	if ((d = opendir(dir)) == NULL) {
		warn("%s", dir);
		return -1;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((v = reallocarray(v, n + 1, sizeof(*v))) == NULL ||
		    asprintf(&p, "%s/%s", dir, de->d_name) == -1)
			err(1, "%s", dir);
		v[n++] = p;
	}
	if (errno != 0) {
		warn("%s", dir);
		rv = -1;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp);
	for (i = 0; i < n; i++) {
		if (run(v[i]) == -1)
			rv = -1;
		free(v[i]);
	}
	free(v);
	return rv;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	int i, rv = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s file|directory ...\n", argv[0]);
		return 64;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			warn("%s", argv[i]);
			rv = 1;
		} else if ((S_ISDIR(st.st_mode) ? rundir(argv[i]) :
		    run(argv[i])) == -1)
			rv = 1;
	}
	if (fflush(stdout) == EOF || ferror(stdout))
		err(74, "stdout");
	return rv;
}
