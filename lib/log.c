/*
 * log.c: the JSON-lines log.
 *
 * Each record is built whole in memory and written with one write(2) on
 * an O_APPEND descriptor: POSIX makes such appends atomic with respect
 * to each other for regular files, so concurrent fc processes (cron runs
 * overlapping, fc-list children) never interleave records.  Short-lived
 * programs open the file once; a long-lived one (fc-status -l) notices
 * when logrotate has renamed it away and opens the new file, so no
 * signal is needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "json.h"
#include "log.h"
#include "timefmt.h"

struct fc_log {
	int	 fd;		/* -1: records are dropped */
	int	 nocreate;	/* a dry run's: the file is never created */
	char	*path;
	int	 level;
	char	*program;
	char	*run;
	struct fc_jw w;
};

static const char *const names[] = { "DEBUG", "INFO", "WARNING", "ERROR" };

int
fc_log_level(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "WARN") == 0)
		return FC_WARNING;
	return -1;
}

/* mkdir -p for the directories above path. */
static int
mkparents(const char *path)
{
	char *p, *s;
	int rv = 0;

	if ((p = strdup(path)) == NULL)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST) {
			rv = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rv;
}

static struct fc_log *
logopen(const char *path, const char *level, const char *program,
    int nocreate, struct fc_err *e)
{
	struct fc_log *l;
	int lv = FC_INFO;

	if (level != NULL && (lv = fc_log_level(level)) < 0) {
		fc_seterr(e, EX_CONFIG,
		    "log level %s: expected DEBUG, INFO, WARNING or ERROR",
		    level);
		return NULL;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->program = strdup(program)) == NULL) {
		free(l);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	l->fd = -1;
	l->level = lv;
	l->nocreate = nocreate;
	fc_jw_init(&l->w);
	if (path == NULL)
		return l;
	if ((l->path = strdup(path)) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		fc_log_close(l);
		return NULL;
	}
	if (nocreate) {
		/* no file yet: a dry run drops its records */
		l->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
		return l;
	}
	if (mkparents(path) == -1 ||
	    (l->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0640)) == -1) {
		fc_seterr(e, EX_CANTCREAT, "%s: %s", path, strerror(errno));
		fc_log_close(l);
		return NULL;
	}
	return l;
}

struct fc_log *
fc_log_open(const char *path, const char *level, const char *program,
    struct fc_err *e)
{
	return logopen(path, level, program, 0, e);
}

struct fc_log *
fc_log_conf(const struct fc_conf *c, const char *program, int flags,
    struct fc_err *warn)
{
	struct fc_log *l;
	const char *level;

	level = (flags & FC_LOG_DEBUG) ? "DEBUG" : c->log_level;
	memset(warn, 0, sizeof(*warn));
	if ((l = logopen(c->log_file, level, program,
	    (flags & FC_LOG_NOCREATE) || c->dry_run, warn)) != NULL ||
	    warn->code == EX_OSERR)
		return l;
	/* the level was checked with the configuration: the file failed */
	if ((l = logopen(NULL, level, program, 0, NULL)) == NULL)
		fc_seterr(warn, EX_OSERR, "out of memory");
	return l;
}

void
fc_log_close(struct fc_log *l)
{
	if (l == NULL)
		return;
	if (l->fd != -1)
		close(l->fd);
	fc_jw_free(&l->w);
	free(l->program);
	free(l->path);
	free(l->run);
	free(l);
}

void
fc_log_set_run(struct fc_log *l, const char *run)
{
	if (l == NULL)
		return;
	free(l->run);
	l->run = run ? strdup(run) : NULL;
}

/*
 * Opens the file at l->path again when it is no longer the one l->fd
 * has open (rotated away).  A stat(2) per record is cheap next to the
 * write: fc logs per listing, not per file.
 */
static void
reopen(struct fc_log *l)
{
	struct stat a, b;
	int fd;

	if (stat(l->path, &a) == 0 && fstat(l->fd, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return;
	fd = open(l->path, O_WRONLY | O_APPEND | O_CLOEXEC |
	    (l->nocreate ? 0 : O_CREAT), 0640);
	if (fd != -1) {
		close(l->fd);
		l->fd = fd;
	}
}

void
fc_log(struct fc_log *l, enum fc_level level, const char *endpoint,
    const char *event, struct fc_jw *fields, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	struct fc_jw *w;

	if (l == NULL || l->fd == -1 || (int)level < l->level)
		return;
	reopen(l);
	w = &l->w;
	fc_jw_reset(w);
	fc_jw_obj(w, NULL);
	fc_jw_time(w, "time", fc_time_now());
	fc_jw_str(w, "level", names[level]);
	fc_jw_str(w, "program", l->program);
	fc_jw_int(w, "pid", (int64_t)getpid());
	if (l->run != NULL)
		fc_jw_str(w, "run", l->run);
	if (endpoint != NULL)
		fc_jw_str(w, "endpoint", endpoint);
	fc_jw_str(w, "event", event);
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		fc_jw_str(w, "msg", msg);
	}
	/* fields holds '{' and members, perhaps a '}': splice the members */
	if (fields != NULL && !fields->oom && fields->len > 1) {
		size_t len = fields->len - 1;
		char *members;

		if (fields->buf[len] == '}')
			len--;
		if (len > 0 && (members = strndup(fields->buf + 1, len)) != NULL) {
			fc_jw_raw(w, NULL, members);
			free(members);
		}
	}
	fc_jw_end_obj(w);
	(void)fc_jw_write(w, l->fd);	/* a lost log record is not an error */
}
