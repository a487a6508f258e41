/*
 * err.h: the error every library call fills in instead of printing.
 *
 * A library function that can fail takes a struct fc_err * as its last
 * argument.  On failure it sets code to the sysexits(3) value the command
 * should exit with and msg to one line without the program name, without a
 * trailing newline and never with a secret (token, password, client secret)
 * or a whole input line in it.  The command prints it with warnx("%s", ...).
 */
#ifndef FC_ERR_H
#define FC_ERR_H

struct fc_err {
	int	code;		/* sysexits value; 0 while no error */
	char	msg[512];	/* one line */
};

/* Sets *e (e may be NULL) and returns -1, so "return fc_seterr(...)" reads. */
int	fc_seterr(struct fc_err *e, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in *e with "fmt: " (a location, say). */
void	fc_errctx(struct fc_err *e, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
