/*
 * token.c: a client's token file, written atomically, read strictly,
 * shared between processes under flock(2).  The design is in token.h.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "json.h"
#include "log.h"
#include "timefmt.h"
#include "token.h"

#define TOKFILE_MAX	65536	/* a token file is a few KiB at most */
/*
 * The times fc_time_fmt() writes back as they are, 0000-01-01T00:00:00Z
 * to 9999-12-31T23:59:59Z: an offset can carry a time read outside them,
 * and the file's next write would make it the epoch.
 */
#define TIME_MIN	(-62167219200LL)
#define TIME_MAX	253402300799LL

struct fc_tokstore {
	char	 dir[PATH_MAX];
	char	 path[PATH_MAX];
	char	 lockpath[PATH_MAX];
	char	 name[16];		/* the client to fc-auth: "google" */
	int	 lockfd;		/* -1 while unlocked */
	int	 ready;			/* dir exists and was checked */
	int	 dry;			/* a dry pass's: creates nothing */
};

/* Makes dir and its parents; the last one mode 0700. */
static int
mkdirs(const char *dir, struct fc_err *e)
{
	char p[PATH_MAX], *s;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return fc_seterr(e, EX_CONFIG, "%s: path too long", dir);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST)
			return fc_seterr(e, EX_CANTCREAT, "%s: %s", p,
			    strerror(errno));
		*s = '/';
	}
	if (mkdir(p, 0700) == -1 && errno != EEXIST)
		return fc_seterr(e, EX_CANTCREAT, "%s: %s", p, strerror(errno));
	return 0;
}

static int	checkdir(struct fc_tokstore *, int, struct fc_err *);

/* A store's names, nothing touched on disk yet. */
static struct fc_tokstore *
store_new(const char *dir, const char *client, struct fc_err *e)
{
	struct fc_tokstore *s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	s->lockfd = -1;
	/* what a person types: fc-auth logout google */
	snprintf(s->name, sizeof(s->name), "%s", strcmp(client,
	    "google_drive") == 0 ? "google" : client);
	if (snprintf(s->dir, sizeof(s->dir), "%s", dir) >=
	    (int)sizeof(s->dir) ||
	    snprintf(s->path, sizeof(s->path), "%s/%s_tokens.json", dir,
	    client) >= (int)sizeof(s->path) ||
	    snprintf(s->lockpath, sizeof(s->lockpath), "%s/%s_tokens.lock",
	    dir, client) >= (int)sizeof(s->lockpath)) {
		fc_seterr(e, EX_CONFIG, "token_dir %s: path too long", dir);
		free(s);
		return NULL;
	}
	return s;
}

int
fc_tok_peek(const char *dir, const char *client, struct fc_token *t,
    struct fc_err *e)
{
	struct fc_tokstore *s;
	int rv;

	memset(t, 0, sizeof(*t));
	if ((s = store_new(dir, client, e)) == NULL)
		return -1;
	/* a directory every writer refuses is no login either */
	if ((rv = checkdir(s, 0, e)) == 0)
		rv = fc_tok_read(s, t, e);
	free(s);
	return rv;
}

/*
 * Checks s's directory, making it first when make is set.  Returns 0,
 * 1 when it is missing (and make is not set), or -1 with *e set.
 */
static int
checkdir(struct fc_tokstore *s, int make, struct fc_err *e)
{
	struct stat st;

	if (make && mkdirs(s->dir, e) == -1)
		return -1;
	if (stat(s->dir, &st) == -1) {
		if (errno == ENOENT && !make)
			return 1;
		return fc_seterr(e, EX_CANTCREAT, "%s: %s", s->dir,
		    strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return fc_seterr(e, EX_CONFIG, "token_dir %s: not a directory",
		    s->dir);
	/* a directory others can enter could let them swap files in */
	if ((st.st_mode & 077) != 0)
		return fc_seterr(e, EX_CONFIG, "token_dir %s: open to others "
		    "(mode %04o); chmod 700 it", s->dir,
		    (unsigned)(st.st_mode & 07777));
	s->ready = 1;
	return 0;
}

struct fc_tokstore *
fc_tok_open(const char *dir, const char *client, struct fc_err *e)
{
	struct fc_tokstore *s;

	if ((s = store_new(dir, client, e)) == NULL)
		return NULL;
	/* made by the first lock: a reader leaves nothing behind */
	if (checkdir(s, 0, e) == -1) {
		free(s);
		return NULL;
	}
	return s;
}

void
fc_tok_dry(struct fc_tokstore *s)
{
	s->dry = 1;
}

void
fc_tok_close(struct fc_tokstore *s)
{
	if (s == NULL)
		return;
	fc_tok_unlock(s);
	free(s);
}

const char *
fc_tok_path(const struct fc_tokstore *s)
{
	return s->path;
}

int
fc_tok_exists(const struct fc_tokstore *s)
{
	struct stat st;

	return lstat(s->path, &st) == 0 || errno != ENOENT;
}

int
fc_tok_lock(struct fc_tokstore *s, struct fc_err *e)
{
	int fd, r;

	if (s->lockfd != -1)
		return 0;
	if (s->dry) {
		/*
		 * No directory, or no lock file: no token file that another
		 * process could be writing; a dry pass makes neither.
		 */
		if (!s->ready && (r = checkdir(s, 0, e)) != 0)
			return r == 1 ? 0 : -1;
		if ((fd = open(s->lockpath, O_RDWR | O_CLOEXEC)) == -1 &&
		    errno == ENOENT)
			return 0;
	} else {
		if (!s->ready && checkdir(s, 1, e) == -1)
			return -1;
		fd = open(s->lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	}
	if (fd == -1)
		return fc_seterr(e, EX_IOERR, "%s: %s", s->lockpath,
		    strerror(errno));
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			close(fd);
			return fc_seterr(e, EX_IOERR, "%s: %s", s->lockpath,
			    strerror(errno));
		}
	s->lockfd = fd;
	return 0;
}

void
fc_tok_unlock(struct fc_tokstore *s)
{
	if (s->lockfd != -1) {
		close(s->lockfd);	/* drops the flock */
		s->lockfd = -1;
	}
}

void
fc_token_clear(struct fc_token *t)
{
	if (t->access_token != NULL)
		explicit_bzero(t->access_token, strlen(t->access_token));
	if (t->refresh_token != NULL)
		explicit_bzero(t->refresh_token, strlen(t->refresh_token));
	free(t->access_token);
	free(t->refresh_token);
	free(t->grant);
	free(t->scopes);
	free(t->client_id);
	free(t->subject);
	free(t->refused);
	memset(t, 0, sizeof(*t));
}

/* A string member, copied; absent or null leaves *out NULL. */
static int
getstr(const struct fc_jdoc *d, const char *key, char **out)
{
	const char *v;
	int r;

	*out = NULL;
	if ((r = fc_jdoc_str(d, key, &v)) < 0)
		return -1;
	if (r == 0 && (*out = strdup(v)) == NULL)
		return -1;
	return 0;
}

static int
gettime(const struct fc_jdoc *d, const char *key, int64_t *out)
{
	const char *v;
	int r;

	*out = 0;
	if ((r = fc_jdoc_str(d, key, &v)) < 0)
		return -1;
	if (r == 0 && (fc_time_parse(v, out) != 0 || *out < TIME_MIN ||
	    *out > TIME_MAX))
		return -1;
	return 0;
}

int
fc_tok_parse(const char *buf, size_t len, const char *name,
    struct fc_token *t, struct fc_err *e)
{
	static const char *const skeys[] = { "grant", "access_token",
	    "refresh_token", "scopes", "client_id", "subject", "refused" };
	static const char *const tkeys[] = { "expires_at",
	    "refresh_expires_at", "obtained_at", "refused_at" };
	char **sv[7];
	int64_t *tv[4];
	struct fc_jdoc *d;
	size_t i;

	memset(t, 0, sizeof(*t));
	if ((d = fc_jdoc_parse(buf, len, e)) == NULL) {
		fc_errctx(e, "%s", name);
		return -1;
	}
	sv[0] = &t->grant;
	sv[1] = &t->access_token;
	sv[2] = &t->refresh_token;
	sv[3] = &t->scopes;
	sv[4] = &t->client_id;
	sv[5] = &t->subject;
	sv[6] = &t->refused;
	tv[0] = &t->expires_at;
	tv[1] = &t->refresh_expires_at;
	tv[2] = &t->obtained_at;
	tv[3] = &t->refused_at;
	for (i = 0; i < 7; i++)
		if (getstr(d, skeys[i], sv[i]) == -1) {
			fc_seterr(e, EX_DATAERR, "%s: \"%s\": expected a "
			    "string", name, skeys[i]);
			goto bad;
		}
	for (i = 0; i < 4; i++)
		if (gettime(d, tkeys[i], tv[i]) == -1) {
			fc_seterr(e, EX_DATAERR, "%s: \"%s\": expected an "
			    "RFC 3339 time", name, tkeys[i]);
			goto bad;
		}
	if (t->grant == NULL || (t->access_token == NULL &&
	    t->refresh_token == NULL)) {
		fc_seterr(e, EX_DATAERR, "%s: \"%s\": missing", name,
		    t->grant == NULL ? "grant" : "access_token");
		goto bad;
	}
	fc_jdoc_free(d);
	return 0;
bad:
	fc_jdoc_free(d);
	fc_token_clear(t);
	return -1;
}

static int
readtok(struct fc_tokstore *s, struct fc_token *t, int anymode,
    struct fc_err *e)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd, rv;

	memset(t, 0, sizeof(*t));
	if ((fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 1;
		return fc_seterr(e, EX_IOERR, "%s: %s", s->path,
		    strerror(errno));
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fc_seterr(e, EX_DATAERR, "%s: not a regular file",
		    s->path);
	}
	if ((st.st_mode & 077) != 0 && !anymode) {
		close(fd);
		return fc_seterr(e, EX_NOPERM, "%s: readable by others (mode "
		    "%04o): its tokens may have leaked; run fc-auth logout %s, "
		    "then log in again", s->path, (unsigned)(st.st_mode &
		    07777), s->name);
	}
	if (st.st_size > TOKFILE_MAX) {
		close(fd);
		return fc_seterr(e, EX_DATAERR, "%s: larger than %d bytes",
		    s->path, TOKFILE_MAX);
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return fc_seterr(e, EX_OSERR, "out of memory");
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		explicit_bzero(buf, (size_t)st.st_size);
		free(buf);
		return fc_seterr(e, EX_IOERR, "%s: short read", s->path);
	}
	rv = fc_tok_parse(buf, (size_t)n, s->path, t, e);
	explicit_bzero(buf, (size_t)n);
	free(buf);
	return rv;
}

int
fc_tok_read(struct fc_tokstore *s, struct fc_token *t, struct fc_err *e)
{
	return readtok(s, t, 0, e);
}

int
fc_tok_read_leaked(struct fc_tokstore *s, struct fc_token *t,
    struct fc_err *e)
{
	return readtok(s, t, 1, e);
}

void
fc_tok_json(const struct fc_token *t, struct fc_jw *w)
{
	fc_jw_obj(w, NULL);
	fc_jw_str(w, "grant", t->grant);
	fc_jw_str(w, "client_id", t->client_id);
	if (t->subject != NULL)
		fc_jw_str(w, "subject", t->subject);
	fc_jw_str(w, "scopes", t->scopes);
	fc_jw_str(w, "access_token", t->access_token);
	fc_jw_time(w, "expires_at", t->expires_at);
	fc_jw_str(w, "refresh_token", t->refresh_token);
	fc_jw_time(w, "refresh_expires_at", t->refresh_expires_at);
	fc_jw_time(w, "obtained_at", t->obtained_at);
	/* only in a refused login's file, which a new login replaces */
	if (t->refused != NULL)
		fc_jw_str(w, "refused", t->refused);
	if (t->refused_at != 0)
		fc_jw_time(w, "refused_at", t->refused_at);
	fc_jw_end_obj(w);
}

int
fc_tok_write(struct fc_tokstore *s, const struct fc_token *t,
    struct fc_err *e)
{
	char tmp[PATH_MAX];
	struct fc_jw w;
	int fd, dfd, rv = -1;

	/* a dry pass replaces a file that is there, and makes none */
	if (s->dry && !fc_tok_exists(s))
		return 0;
	if (!s->ready && checkdir(s, 1, e) == -1)
		return -1;
	fc_jw_init(&w);
	fc_tok_json(t, &w);
	if (w.oom || w.lossy) {
		rv = fc_seterr(e, w.oom ? EX_OSERR : EX_DATAERR,
		    "%s: a token is not UTF-8", s->path);
		goto out;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", s->path) >=
	    (int)sizeof(tmp)) {
		rv = fc_seterr(e, EX_IOERR, "%s: path too long", s->path);
		goto out;
	}
	/* mkstemp makes it 0600 */
	if ((fd = mkstemp(tmp)) == -1) {
		rv = fc_seterr(e, EX_IOERR, "%s: %s", s->dir, strerror(errno));
		goto out;
	}
	if (write(fd, w.buf, w.len) != (ssize_t)w.len ||
	    write(fd, "\n", 1) != 1 || fsync(fd) == -1) {
		rv = fc_seterr(e, EX_IOERR, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, s->path) == -1) {
		rv = fc_seterr(e, EX_IOERR, "%s: %s", s->path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* the rename itself must reach the disk before the token is used */
	if ((dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		if (fsync(dfd) == -1) {
			rv = fc_seterr(e, EX_IOERR, "%s: %s", s->dir,
			    strerror(errno));
			close(dfd);
			goto out;
		}
		close(dfd);
	}
	rv = 0;
out:
	if (w.buf != NULL)
		explicit_bzero(w.buf, w.cap);
	fc_jw_free(&w);
	return rv;
}

int
fc_tok_cache(struct fc_tokstore *s, const struct fc_token *t,
    struct fc_err *e)
{
	return s->dry ? 0 : fc_tok_write(s, t, e);
}

int
fc_tok_refused(struct fc_tokstore *s, const struct fc_token *t,
    const char *why, int64_t now, struct fc_err *e)
{
	struct fc_token r = *t;		/* shallow: nothing here is freed */

	r.refused = (char *)why;
	r.refused_at = now;
	return fc_tok_write(s, &r, e);
}

int
fc_tok_remove(struct fc_tokstore *s, struct fc_err *e)
{
	if (unlink(s->path) == -1 && errno != ENOENT)
		return fc_seterr(e, EX_IOERR, "%s: %s", s->path,
		    strerror(errno));
	return 0;
}

/* Whether a service's text s quotes secret or sent (each NULL or "": none). */
static int
quotes(const char *s, const char *secret, const char *sent)
{
	return (secret != NULL && *secret != '\0' && strstr(s, secret) !=
	    NULL) || (sent != NULL && *sent != '\0' && strstr(s, sent) != NULL);
}

void
fc_tok_log_failed(struct fc_log *log, const char *client, const char *what,
    const struct fc_err *e, long status, const char *err, const char *desc,
    const char *secret, const char *sent)
{
	struct fc_jw f;

	err = err != NULL ? err : "";
	desc = desc != NULL ? desc : "";
	if (quotes(err, secret, sent))
		err = "(withheld)";
	if (quotes(desc, secret, sent))
		desc = "(withheld: it quotes a secret)";
	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_str(&f, "client", client);
	fc_jw_str(&f, "request", what);
	fc_jw_int(&f, "code", e->code);
	if (status != 0)
		fc_jw_int(&f, "status", status);
	if (*err != '\0')
		fc_jw_str(&f, "error", err);
	if (*desc != '\0')
		fc_jw_str(&f, "error_description", desc);
	fc_jw_end_obj(&f);
	fc_log(log, e->code == EX_TEMPFAIL ? FC_WARNING : FC_ERROR, NULL,
	    "token_failed", &f, "%s%s%s%s", e->msg, *desc ? " (" : "", desc,
	    *desc ? ")" : "");
	fc_jw_free(&f);
}
