/*
 * lineio.h: the one line loop every filter uses, so blank lines, CRLF,
 * line numbers and read errors behave the same in all of them.
 */
#ifndef FC_LINEIO_H
#define FC_LINEIO_H

#include <stddef.h>
#include <stdio.h>

/*
 * Calls fn for each non-blank line of fp with the trailing newline (and
 * CR) removed and the buffer NUL-terminated.  fn returns 0 to go on or
 * anything else to stop; that value is returned.  Returns -1 on a read
 * error (errno set), 0 at end of file.
 */
int	fc_lines(FILE *fp, int (*fn)(void *arg, char *line, size_t len,
	    size_t lineno), void *arg);

#endif
