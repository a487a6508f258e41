/*
 * log.h: the JSON-lines log file.
 *
 * Each record is one line, written with a single write(2) to a file
 * opened O_APPEND, so records from concurrent processes never interleave:
 *
 *	{"time":"…Z","level":"INFO","program":"fc-ingest","run":"…",
 *	 "endpoint":"docs","event":"sync","msg":"…", …fields}
 *
 * A struct fc_log with no file (path NULL or open failed) drops records,
 * so callers never check.  Nothing secret may be passed in.
 */
#ifndef FC_LOG_H
#define FC_LOG_H

#include "conf.h"
#include "err.h"
#include "json.h"

enum fc_level {
	FC_DEBUG,
	FC_INFO,
	FC_WARNING,
	FC_ERROR
};

struct fc_log;

/*
 * Opens (creating it and its directory) the log at path for program.
 * level is DEBUG, INFO, WARNING or ERROR (case ignored; NULL: INFO).
 * Returns NULL with *e set on a bad level (EX_CONFIG) or when the file
 * cannot be opened (EX_CANTCREAT).
 */
struct fc_log	*fc_log_open(const char *path, const char *level,
		    const char *program, struct fc_err *e);
void		 fc_log_close(struct fc_log *l);

/*
 * The log every command opens: the file and level of the configuration
 * (settings.log_file and log_level, or the environment's), for program.
 * FC_LOG_DEBUG makes the level DEBUG whatever they say (-v).  With
 * FC_LOG_NOCREATE (a dry run), or in a dry pass (c->dry_run), nothing is
 * created, neither the file nor its directory: records go to the file
 * only when it exists.  A log that
 * cannot be opened is no reason for a program to stop: it gets a log
 * that drops records, and *warn says why (code EX_CANTCREAT; 0 when all
 * went well), for the command to print.  Returns NULL only when memory
 * ran out, with *warn set (EX_OSERR).
 */
#define FC_LOG_DEBUG	0x1
#define FC_LOG_NOCREATE	0x2
struct fc_log	*fc_log_conf(const struct fc_conf *c, const char *program,
		    int flags, struct fc_err *warn);

/* Every later record carries this run id (copied; NULL: none). */
void		 fc_log_set_run(struct fc_log *l, const char *run);

/* Parses a level name; returns -1 for an unknown one. */
int		 fc_log_level(const char *name);

/*
 * Writes a record.  endpoint may be NULL; fields is NULL or a writer
 * whose object members (written after fc_jw_obj(w, NULL)) are appended;
 * msg is printf-style.
 */
void	fc_log(struct fc_log *l, enum fc_level level, const char *endpoint,
	    const char *event, struct fc_jw *fields, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

#endif
