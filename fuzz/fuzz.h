/*
 * fuzz.h: what every harness in fuzz/ shares.
 *
 * A harness is one LLVMFuzzerTestOneInput() per parser, built twice: by
 * `make fuzz` with clang's libFuzzer, ASan and UBSan (fuzz/run.sh), and
 * by `make check` with $(CC) and fuzz/replay.c, which runs it over the
 * saved corpus and crash reproducers without libFuzzer's engine.  Beyond
 * not crashing, a harness checks what must hold of the parser's answer;
 * a check that fails aborts, which both builds report as a crash.  A
 * reproducer goes to fuzz/crashes/NAME/ with its fix; one whose fix is
 * still to come is let through by a test in the harness marked KNOWN,
 * to be dropped with the fix.
 */
#ifndef FC_FUZZ_H
#define FC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

/* The input as a C string: a copy cut at its first NUL (free it). */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t i;

	CHECK(s != NULL);
	for (i = 0; i < size && data[i] != '\0'; i++)
		s[i] = (char)data[i];
	s[i] = '\0';
	return s;
}

/* A message fit for one line of stderr: no control characters. */
static inline int
fuzz_oneline(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * libjq 1.6 leaks the string it has just read when it meets it inside an
 * array or object right after another value: value() in jv_parse.c
 * returns "Expected separator between values" before freeing it.  Not
 * ours to fix, and LeakSanitizer would stop on it every few seconds, so
 * harnesses that hand JSON to libjq pass such input by.  Asking libjq
 * would leak too, and a leak check after each such input slows libFuzzer
 * tenfold (15000 executions a second fell to 300), so this follows jq's
 * scanner: a string that opens, inside a container, while a value waits
 * for its separator.  It may also pass by input libjq would refuse
 * earlier; that costs nothing.
 */
static inline int
fuzz_jq_leaks(const uint8_t *p, size_t n)
{
	static const char special[] = "[]{}:,\" \t\r\n";
	size_t i, depth = 0;
	int waiting = 0, literal = 0;

	for (i = 0; i < n; i++) {
		if (memchr(special, p[i], sizeof(special) - 1) == NULL) {
			literal = 1;		/* a number, true, null... */
			continue;
		}
		if (literal)
			waiting = 1;
		literal = 0;
		switch (p[i]) {
		case '"':
			if (waiting && depth > 0)
				return 1;
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			waiting = 1;
			break;
		case '[':
		case '{':
			depth++;
			waiting = 0;
			break;
		case ']':
		case '}':
			if (depth > 0)
				depth--;
			waiting = 1;
			break;
		case ',':
		case ':':
			waiting = 0;
			break;
		}
	}
	return 0;
}

#endif
