/*
 * fc-list: lists endpoints.  Reads endpoint lines (from fc-auth) on the
 * standard input or the named files, or takes the endpoints from the
 * configuration with -e and -t, and writes each endpoint's listing, a
 * begin line, its file lines and an end line (or an error line), as
 * fc-lines(5) describes.  Lines of other types pass through unchanged.
 *
 * Up to MAX_CONCURRENT_SYNCS endpoints are listed at once, one child
 * process each.  A child writes its whole listing to an unlinked file
 * of its own, and the parent copies a listing to the standard output
 * when its child has exited, so the lines of two endpoints never mix and
 * fc-ingest reads one listing after another.  The parent is the only
 * writer of the standard output.  A child that dies before its end line
 * leaves its last whole line followed by an error line written by the
 * parent: downstream sees begin ... error, never a listing that stops.
 *
 * With one endpoint (or a limit of 1) there is nothing to keep apart, so
 * the listing goes straight to the standard output, and fc-ingest works
 * on it while the walk goes on.  In the line mode, the first endpoint
 * line is therefore held until the next one or the end of the input
 * says whether it is alone.
 *
 * Within one listing a cloud lister has requests of its own in flight
 * (-j, on one connection pool in its process); -v sets the log to DEBUG,
 * where lib/http records each of them.  A cloud lister given the cursor
 * of its endpoint's last complete listing lists only what changed since,
 * unless --full says otherwise.
 *
 * --list-projects is how a person finds the project id an Autodesk
 * endpoint needs: the projects of every ACC and BIM 360 hub the client
 * sees, as a table, or with --json one JSON object a line.  It lists no
 * files and reads no input.
 */
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"
#include "json.h"
#include "lineio.h"
#include "lines.h"
#include "list.h"
#include "log.h"
#include "timefmt.h"
#include "version.h"

#define LIMIT_MAX	256	/* children at once, whatever is asked */
#define OUTBUF		(1 << 20)
#define JOBS_MAX	64	/* requests in flight per cloud listing */
/* A child's status when its temporary file could not take the listing. */
#define CHILD_LOST	125

struct job {
	pid_t	 pid;		/* 0: a free slot */
	int	 fd;		/* the child's unlinked temporary file */
	char	*name;		/* the endpoint, for an error line */
	char	*run;
	size_t	 seq;		/* its place in the input */
};

struct fclist {
	struct fc_conf *conf;
	struct fc_log *log;
	struct fc_jw w;
	int64_t	 max_files;
	int	 requests;	/* -j: in flight per cloud listing */
	int	 verbose;	/* -v: the log at DEBUG, every request */
	int	 full;		/* --full: no cloud listing skips anything */
	int	 limit;		/* endpoints listed at once */
	int	 parallel;	/* listings go through children */
	struct job *jobs;	/* limit slots */
	int	 running;
	int	 status;	/* the first failure's exit status */
	size_t	 failseq;	/* where in the input that failure was */
	size_t	 seq;		/* the next endpoint or line read */
	char	 run[17];	/* for endpoints that come without one */
	const char *tmpdir;

	/* the line mode */
	const char *fname;	/* the input, for messages */
	struct fc_line line;
	char	*held;		/* the first endpoint line, waiting */
	size_t	 heldlen;
	size_t	 heldseq;
};

/*
 * The synopsis, as fc-list(1) has it; with the options too, one a line
 * as the manual's list has them, for --help.  The options are fc(7)'s.
 */
static void
usage(FILE *fp, int options)
{
	static const char *const opts[][2] = {
		{ "-c file, --config file", "read this configuration" },
		{ "-e name, --endpoint name", "list this endpoint of it" },
		{ "--full", "every cloud listing in full, not from a cursor" },
		{ "-h, --help", "print this and exit" },
		{ "--json", "with --list-projects: JSON lines" },
		{ "-j jobs, --jobs jobs", "requests in flight per listing" },
		{ "--list-projects", "the Autodesk projects, not files" },
		{ "-m max-files, --max-files max-files", "stop each listing there" },
		{ "-t type, --type type", "list the active endpoints of a type" },
		{ "-V, --version", "print the version and exit" },
		{ "-v, --verbose", "log at DEBUG, every request" },
	};
	size_t i;

	fputs("usage: fc-list [-v] [--full] [-c file] [-e name] [-j jobs] "
	    "[-m max-files] [-t type] [file ...]\n"
	    "       fc-list [-v] [-c file] --list-projects [--json]\n", fp);
	for (i = 0; options && i < sizeof(opts) / sizeof(opts[0]); i++)
		fprintf(fp, "  %-35s  %s\n", opts[i][0], opts[i][1]);
}

/* --list-projects: the table's rows, or JSON lines as they come. */
enum { P_HUB, P_NAME, P_ID, P_TYPE, P_REGION, PCOLS };
struct projects {
	int	 json;
	struct fc_jw w;
	char	*(*rows)[PCOLS];
	size_t	 n, cap;
};

/* Control bytes of s shown as '?': what an API said, fit for one line. */
static char *
shown(char *s)
{
	char *p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}

/* A cell for people: a copy, control bytes shown as '?', "-" for none. */
static char *
cell(const char *s)
{
	char *c;

	if ((c = strdup(s != NULL ? s : "-")) == NULL)
		err(EX_OSERR, NULL);
	return shown(c);
}

/* Columns on a terminal: UTF-8 characters, not bytes. */
static int
width(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
on_project(void *arg, const struct fc_aps_project *p)
{
	struct projects *pr = arg;

	if (pr->json) {
		fc_jw_reset(&pr->w);
		fc_jw_obj(&pr->w, NULL);
		fc_jw_str(&pr->w, "hub", p->hub);
		fc_jw_str(&pr->w, "hub_id", p->hub_id);
		fc_jw_str(&pr->w, "region", p->region);
		fc_jw_str(&pr->w, "name", p->name);
		fc_jw_str(&pr->w, "id", p->id);
		fc_jw_str(&pr->w, "project_type", p->type);
		fc_jw_end_obj(&pr->w);
		if (fc_jw_line(&pr->w, stdout) == -1)
			err(EX_IOERR, "stdout");
		return;
	}
	if (pr->n == pr->cap) {
		pr->cap = pr->cap ? 2 * pr->cap : 64;
		if ((pr->rows = reallocarray(pr->rows, pr->cap,
		    sizeof(*pr->rows))) == NULL)
			err(EX_OSERR, NULL);
	}
	pr->rows[pr->n][P_HUB] = cell(p->hub);
	pr->rows[pr->n][P_NAME] = cell(p->name);
	pr->rows[pr->n][P_ID] = cell(p->id);
	pr->rows[pr->n][P_TYPE] = cell(p->type);
	pr->rows[pr->n][P_REGION] = cell(p->region);
	pr->n++;
}

static void
print_projects(struct projects *pr)
{
	static const char *const heads[PCOLS] = {
		"HUB", "PROJECT", "ID", "TYPE", "REGION"
	};
	int w[PCOLS], k;
	size_t i;

	for (k = 0; k < PCOLS; k++)
		w[k] = width(heads[k]);
	for (i = 0; i < pr->n; i++)
		for (k = 0; k < PCOLS; k++)
			if (width(pr->rows[i][k]) > w[k])
				w[k] = width(pr->rows[i][k]);
	for (k = 0; k < PCOLS; k++)
		printf("%s%*s", heads[k], k == PCOLS - 1 ? 0 :
		    w[k] - width(heads[k]) + 2, "");
	printf("\n");
	for (i = 0; i < pr->n; i++) {
		for (k = 0; k < PCOLS; k++) {
			printf("%s%*s", pr->rows[i][k], k == PCOLS - 1 ? 0 :
			    w[k] - width(pr->rows[i][k]) + 2, "");
			free(pr->rows[i][k]);
		}
		printf("\n");
	}
	free(pr->rows);
}

/* fc-list --list-projects: returns the exit status. */
static int
list_projects(struct fclist *c, int json)
{
	struct fc_aps_report rep;
	struct projects pr;
	struct fc_err e;
	int rv;

	memset(&pr, 0, sizeof(pr));
	memset(&e, 0, sizeof(e));
	pr.json = json;
	fc_jw_init(&pr.w);
	rv = fc_aps_projects(c->conf, c->log, on_project, &pr, &rep, &e);
	/* what came before a failure is shown all the same */
	if (!json && (rv == 0 || pr.n > 0))
		print_projects(&pr);
	fc_jw_free(&pr.w);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	if (rep.warnings > 0)
		warnx("GET hubs warns: %s%s", shown(rep.warning),
		    rep.warnings > 1 ?
		    " (and more: see the log)" : "");
	if (rv == -1) {
		warnx("%s", e.msg);
		fc_log(c->log, FC_ERROR, NULL, "list_error", NULL, "%s", e.msg);
		return e.code;
	}
	if (rep.unreadable > 0) {
		warnx("incomplete list of projects, %zu unreadable; the "
		    "first: %s", rep.unreadable, shown(rep.first));
		return rep.code;
	}
	return 0;
}

/*
 * Records a failure.  "First" is by place in the input, not by time, so
 * the exit status does not depend on which child finishes first.
 */
static void
failed(struct fclist *c, int code, size_t seq)
{
	if (c->status == 0 || seq < c->failseq) {
		c->status = code;
		c->failseq = seq;
	}
}

/*
 * Lists one endpoint to out; an endpoint that cannot be listed gets an
 * error line instead (or after its begin line).  Returns 0 or the
 * sysexits value of the failure.
 */
static int
list_one(struct fclist *c, FILE *out, const struct fc_endpoint *ep,
    const char *cursor, const char *run)
{
	struct fc_list_report rep;
	struct fc_list_opts o;
	struct fc_error er;
	struct fc_err e;
	struct fc_jw f;
	int64_t t0 = fc_time_now();
	int rv;

	memset(&e, 0, sizeof(e));
	memset(&rep, 0, sizeof(rep));
	memset(&o, 0, sizeof(o));
	o.max_files = c->max_files;
	o.run = run;
	o.cursor = cursor;
	o.report = &rep;
	o.log = c->log;
	o.jobs = c->requests;
	o.full = c->full;
	/* APS counts an app's requests, not a process's */
	o.share = c->parallel ? c->limit : 1;
	fc_log_set_run(c->log, run);
	fc_log(c->log, FC_INFO, ep->name, "list_start", NULL,
	    "listing endpoint %s", ep->name);
	rv = fc_list(out, &c->w, ep, c->conf, &o, &e);

	if (rv == -1) {
		/* a failed output is said once, where it is flushed last */
		if (!ferror(out))
			warnx("%s: %s", ep->name, e.msg);
		fc_log(c->log, FC_ERROR, ep->name, "list_error", NULL, "%s",
		    e.msg);
		memset(&er, 0, sizeof(er));
		er.endpoint = ep->name;
		er.code = e.code;
		er.message = e.msg;
		er.retry_after = rep.retry_after;
		if (fc_emit_error(out, &c->w, &er, run) == -1)
			return EX_IOERR;
		return e.code;
	}

	if (rep.unreadable > 0) {
		warnx("%s: incomplete listing, %lld unreadable; the first: %s",
		    ep->name, (long long)rep.unreadable, rep.first);
		fc_log(c->log, FC_WARNING, ep->name, "list_unreadable", NULL,
		    "incomplete listing, %lld unreadable; the first: %s",
		    (long long)rep.unreadable, rep.first);
	}
	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_int(&f, "count", rep.count);
	fc_jw_bool(&f, "complete", rep.complete);
	fc_jw_int(&f, "seconds", fc_time_now() - t0);
	fc_log(c->log, FC_INFO, ep->name, "list_end", &f, "listed %lld files%s",
	    (long long)rep.count, rep.complete ? "" : ", incomplete");
	fc_jw_free(&f);
	return 0;
}

/* Kills the children we started, after a failure of the standard output. */
static void
die_stdout(struct fclist *c)
{
	int i, saved = errno;

	for (i = 0; i < c->limit; i++)
		if (c->jobs[i].pid > 0) {
			kill(c->jobs[i].pid, SIGTERM);
			waitpid(c->jobs[i].pid, NULL, 0);
		}
	errno = saved;
	err(EX_IOERR, "stdout");
}

/* Copies the first len bytes of fd (len -1: all of it) to stdout. */
static void
copy_out(struct fclist *c, int fd, off_t len)
{
	char buf[65536];
	ssize_t n;
	size_t want;

	if (lseek(fd, 0, SEEK_SET) == -1)
		err(EX_OSERR, "temporary file");
	for (;;) {
		want = sizeof(buf);
		if (len >= 0 && (off_t)want > len)
			want = (size_t)len;
		if (want == 0)
			break;
		if ((n = read(fd, buf, want)) == -1) {
			if (errno == EINTR)
				continue;
			err(EX_OSERR, "temporary file");
		}
		if (n == 0)
			break;
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			die_stdout(c);
		if (len >= 0)
			len -= n;
	}
}

/* Where the last whole line of fd ends: a half-written one is dropped. */
static off_t
last_line_end(int fd)
{
	char buf[4096];
	off_t end, at;
	ssize_t n, i;

	if ((end = lseek(fd, 0, SEEK_END)) == -1)
		return 0;
	while (end > 0) {
		at = end > (off_t)sizeof(buf) ? end - (off_t)sizeof(buf) : 0;
		if ((n = pread(fd, buf, (size_t)(end - at), at)) <= 0)
			return 0;
		for (i = n - 1; i >= 0; i--)
			if (buf[i] == '\n')
				return at + i + 1;
		end = at;
	}
	return 0;
}

/* A child has exited: its listing goes out, completed if need be. */
static void
finish(struct fclist *c, struct job *j, int st)
{
	struct fc_error er;
	char msg[128];
	int code;

	if (WIFEXITED(st) && (WEXITSTATUS(st) == 0 ||
	    (WEXITSTATUS(st) >= EX__BASE && WEXITSTATUS(st) <= EX__MAX))) {
		/* the child wrote its end or error line itself */
		copy_out(c, j->fd, -1);
		if (WEXITSTATUS(st) != 0)
			failed(c, WEXITSTATUS(st), j->seq);
	} else {
		if (WIFEXITED(st) && WEXITSTATUS(st) == CHILD_LOST) {
			code = EX_IOERR;
			snprintf(msg, sizeof(msg), "the listing was lost: its "
			    "temporary file could not be written");
		} else if (WIFSIGNALED(st)) {
			code = EX_SOFTWARE;
			snprintf(msg, sizeof(msg), "the lister was killed by "
			    "signal %d (%s)", WTERMSIG(st),
			    strsignal(WTERMSIG(st)));
		} else {
			code = EX_SOFTWARE;
			snprintf(msg, sizeof(msg), "the lister exited with "
			    "status %d", WEXITSTATUS(st));
		}
		copy_out(c, j->fd, last_line_end(j->fd));
		warnx("%s: %s", j->name, msg);
		fc_log_set_run(c->log, j->run);
		fc_log(c->log, FC_ERROR, j->name, "list_error", NULL, "%s",
		    msg);
		memset(&er, 0, sizeof(er));
		er.endpoint = j->name;
		er.code = code;
		er.message = msg;
		if (fc_emit_error(stdout, &c->w, &er, j->run) == -1)
			die_stdout(c);
		failed(c, code, j->seq);
	}
	close(j->fd);
	free(j->name);
	free(j->run);
	memset(j, 0, sizeof(*j));
	c->running--;
}

/* Waits for a child (block) or collects those done (!block). */
static void
reap(struct fclist *c, int block)
{
	pid_t pid;
	int st, i;

	while (c->running > 0) {
		pid = waitpid(-1, &st, block ? 0 : WNOHANG);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid == -1)
			err(EX_OSERR, "waitpid");
		if (pid == 0)
			return;
		for (i = 0; i < c->limit; i++)
			if (c->jobs[i].pid == pid) {
				finish(c, &c->jobs[i], st);
				break;
			}
		if (block)
			return;
	}
}

/* An endpoint we cannot even start a child for gets its error line here. */
static void
start_failed(struct fclist *c, const struct fc_endpoint *ep, const char *run,
    size_t seq, int code, const char *what)
{
	struct fc_error er;
	char msg[256];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(errno));
	warnx("%s: %s", ep->name, msg);
	fc_log(c->log, FC_ERROR, ep->name, "list_error", NULL, "%s", msg);
	memset(&er, 0, sizeof(er));
	er.endpoint = ep->name;
	er.code = code;
	er.message = msg;
	if (fc_emit_error(stdout, &c->w, &er, run) == -1)
		die_stdout(c);
	failed(c, code, seq);
}

/* Lists an endpoint: here, or in a child when listings run in parallel. */
static void
start(struct fclist *c, const struct fc_endpoint *ep, const char *cursor,
    const char *run, size_t seq)
{
	struct job *j;
	char path[PATH_MAX];
	FILE *fp;
	char *buf;
	int fd, rv;
	pid_t pid, parent;

	if (run == NULL)
		run = c->run;
	if (!c->parallel) {
		if ((rv = list_one(c, stdout, ep, cursor, run)) != 0)
			failed(c, rv, seq);
		if (ferror(stdout))
			die_stdout(c);
		return;
	}

	while (c->running >= c->limit)
		reap(c, 1);
	for (j = c->jobs; j->pid != 0; j++)
		;
	snprintf(path, sizeof(path), "%s/fc-list.XXXXXX", c->tmpdir);
	if ((fd = mkstemp(path)) == -1) {
		start_failed(c, ep, run, seq, EX_CANTCREAT, "temporary file");
		return;
	}
	unlink(path);
	/* the child must not inherit lines still in our buffer */
	if (fflush(stdout) == EOF)
		die_stdout(c);
	parent = getpid();
	if ((pid = fork()) == -1) {
		close(fd);
		start_failed(c, ep, run, seq, EX_OSERR, "fork");
		return;
	}
	if (pid == 0) {
		/* a lister outliving a killed fc-list only fills /tmp */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(CHILD_LOST);
		if ((fp = fdopen(fd, "w")) == NULL)
			_exit(CHILD_LOST);
		if ((buf = malloc(OUTBUF)) != NULL)
			setvbuf(fp, buf, _IOFBF, OUTBUF);
		rv = list_one(c, fp, ep, cursor, run);
		if (fflush(fp) == EOF || ferror(fp)) {
			warn("%s: temporary file", ep->name);
			rv = CHILD_LOST;
		}
		fclose(fp);
		free(buf);
		/* _exit: our copies of the parent's stdio buffers stay put */
		_exit(rv);
	}
	j->pid = pid;
	j->fd = fd;
	j->seq = seq;
	if ((j->name = strdup(ep->name)) == NULL ||
	    (j->run = strdup(run)) == NULL)
		err(EX_OSERR, NULL);
	c->running++;
}

/* The held first endpoint line goes off, to a child or here. */
static void
start_held(struct fclist *c)
{
	struct fc_line l;
	struct fc_err e;

	memset(&l, 0, sizeof(l));
	/* it parsed once already, so it parses again */
	if (fc_line_parse(&l, c->held, c->heldlen, &e) == 0)
		start(c, &l.u.endpoint.ep, l.u.endpoint.cursor,
		    l.u.endpoint.run, c->heldseq);
	fc_line_clear(&l);
	free(c->held);
	c->held = NULL;
}

static int
online(void *arg, char *buf, size_t len, size_t lineno)
{
	struct fclist *c = arg;
	struct fc_endpoint_line *el;
	struct fc_err e;

	if (c->parallel)
		reap(c, 0);
	if (fc_line_parse(&c->line, buf, len, &e) == -1) {
		warnx("%s:%zu: %s", c->fname, lineno, e.msg);
		failed(c, EX_DATAERR, c->seq++);
		return 0;
	}
	if (c->line.type != FC_LINE_ENDPOINT) {
		buf[len] = '\n';
		if (fwrite(buf, 1, len + 1, stdout) != len + 1)
			die_stdout(c);
		buf[len] = '\0';
		return 0;
	}
	el = &c->line.u.endpoint;
	if (c->limit > 1 && !c->parallel) {
		if (c->held == NULL) {
			if ((c->held = malloc(len + 1)) == NULL)
				err(EX_OSERR, NULL);
			memcpy(c->held, buf, len + 1);
			c->heldlen = len;
			c->heldseq = c->seq++;
			return 0;
		}
		c->parallel = 1;
		start_held(c);
	}
	start(c, &el->ep, el->cursor, el->run, c->seq++);
	return 0;
}

static void
read_lines(struct fclist *c, FILE *fp, const char *name)
{
	c->fname = name;
	if (fc_lines(fp, online, c) == -1) {
		warn("%s", name);
		failed(c, EX_IOERR, c->seq++);
	}
	fc_line_clear(&c->line);
}

/* The endpoints -e and -t pick, in the order of the configuration. */
static void
from_conf(struct fclist *c, char **names, size_t nnames, const char *type)
{
	const struct fc_endpoint **sel, *ep;
	size_t i, k, n = 0;

	if ((sel = calloc(c->conf->n_endpoints + 1, sizeof(*sel))) == NULL)
		err(EX_OSERR, NULL);
	for (i = 0; i < c->conf->n_endpoints; i++) {
		ep = &c->conf->endpoints[i];
		for (k = 0; k < nnames; k++)
			if (strcmp(ep->name, names[k]) == 0)
				break;
		/* -e lists an endpoint even when it is not active */
		if (k < nnames || (type != NULL && ep->is_active &&
		    strcmp(ep->endpoint_type, type) == 0))
			sel[n++] = ep;
	}
	if (n == 0)
		warnx("%s: no active endpoint of type %s", c->conf->path, type);
	c->parallel = n > 1 && c->limit > 1;
	for (i = 0; i < n; i++)
		start(c, sel[i], NULL, NULL, c->seq++);
	free(sel);
}

static int
max_files(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * The configuration.  Asked for (-c, -e, -t): it must be there.
 * Otherwise the endpoints come from the lines, and a configuration found
 * on the search path only supplies settings; without one, the
 * environment does.
 */
static struct fc_conf *
load_conf(const char *path, int needed)
{
	struct fc_conf *conf;
	struct fc_err e;
	size_t i;

	memset(&e, 0, sizeof(e));
	if ((conf = fc_conf_open(path, needed ? 0 : FC_CONF_OPTIONAL, NULL,
	    &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (needed)
		for (i = 0; i < conf->n_warnings; i++)
			warnx("%s", conf->warnings[i]);
	return conf;
}

static void
settings(struct fclist *c)
{
	struct fc_err e;
	const char *s;

	c->limit = c->conf->max_concurrent_syncs;
	if (c->limit < 1)
		c->limit = 1;
	if (c->limit > LIMIT_MAX)
		c->limit = LIMIT_MAX;
	if ((c->log = fc_log_conf(c->conf, "fc-list",
	    c->verbose ? FC_LOG_DEBUG : 0, &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (e.code != 0)
		warnx("%s", e.msg);	/* no log is no reason not to list */
	if ((s = getenv("TMPDIR")) == NULL || *s == '\0')
		s = "/tmp";
	c->tmpdir = s;
}

int
main(int argc, char *argv[])
{
	enum { OPT_FULL = CHAR_MAX + 1, OPT_JSON, OPT_LIST_PROJECTS };
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "endpoint",	required_argument,	NULL, 'e' },
		{ "full",	no_argument,		NULL, OPT_FULL },
		{ "help",	no_argument,		NULL, 'h' },
		{ "jobs",	required_argument,	NULL, 'j' },
		{ "json",	no_argument,		NULL, OPT_JSON },
		{ "list-projects", no_argument,		NULL, OPT_LIST_PROJECTS },
		{ "max-files",	required_argument,	NULL, 'm' },
		{ "type",	required_argument,	NULL, 't' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	/* static: stdio keeps using it until the process is gone */
	static char obuf[OUTBUF];
	struct fclist c;
	struct fc_err e;
	const char *confpath = NULL, *type = NULL;
	const struct fc_lister *lr;
	char **names = NULL, types[FC_LISTER_TYPES];
	size_t nnames = 0;
	FILE *fp;
	int ch, i, rv, json = 0, projects = 0, other = 0;

	/*
	 * Children share our stderr: a line-buffered one writes each message
	 * with one write(2), so two children's messages never mix.
	 */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	memset(&c, 0, sizeof(c));
	c.max_files = -1;
	/* -n max-files: -m's old spelling, kept for scripts (fc(7)) */
	while ((ch = getopt_long(argc, argv, "c:e:hj:m:n:t:Vv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			confpath = optarg;
			break;
		case 'e':
			other = 1;
			if ((names = reallocarray(names, nnames + 1,
			    sizeof(*names))) == NULL)
				err(EX_OSERR, NULL);
			names[nnames++] = optarg;
			break;
		case OPT_FULL:
			other = 1;
			c.full = 1;
			break;
		case 'h':
			usage(stdout, 1);
			free(names);
			return 0;
		case 'j':
			if (fc_conf_posint(optarg, &c.requests) == -1 ||
			    c.requests > JOBS_MAX)
				errx(EX_USAGE, "-j %s: expected 1 to %d requests",
				    optarg, JOBS_MAX);
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_LIST_PROJECTS:
			projects = 1;
			break;
		case 'm':
		case 'n':
			other = 1;
			if (max_files(optarg, &c.max_files) == -1)
				errx(EX_USAGE, "-%c %s: expected a number of "
				    "files", ch, optarg);
			break;
		case 't':
			other = 1;
			type = optarg;
			break;
		case 'V':
			printf("fc-list (fc) %s\n", FC_VERSION);
			free(names);
			return 0;
		case 'v':
			c.verbose = 1;
			break;
		default:
			usage(stderr, 0);
			free(names);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (json && !projects) {
		warnx("--json goes with --list-projects");
		usage(stderr, 0);
		free(names);
		return EX_USAGE;
	}
	if (projects && (other || argc > 0)) {
		warnx("--list-projects lists projects, not endpoints");
		usage(stderr, 0);
		free(names);
		return EX_USAGE;
	}
	if (projects) {
		c.conf = load_conf(confpath, 1);
		settings(&c);
		rv = list_projects(&c, json);
		fc_log_close(c.log);
		fc_conf_free(c.conf);
		return rv;
	}
	if (type != NULL) {
		if ((lr = fc_lister_find(type)) == NULL)
			errx(EX_USAGE, "-t %s: expected %s", type,
			    fc_lister_types(types, sizeof(types)));
		type = lr->type;
	}
	if ((nnames > 0 || type != NULL) && argc > 0) {
		warnx("endpoints come from -e and -t or from input files, "
		    "not both");
		usage(stderr, 0);
		free(names);
		return EX_USAGE;
	}

	c.conf = load_conf(confpath, confpath != NULL || nnames > 0 ||
	    type != NULL);
	/* a name mistyped among good ones: nothing is listed */
	if (fc_conf_names(c.conf, names, nnames, &e) == -1)
		errx(e.code, "%s", e.msg);
	settings(&c);
	fc_jw_init(&c.w);
	fc_run_id(c.run);
	if ((c.jobs = calloc((size_t)c.limit, sizeof(*c.jobs))) == NULL)
		err(EX_OSERR, NULL);
	/* a pipe gets 4 KiB writes by default: too many for a big tree */
	setvbuf(stdout, obuf, _IOFBF, OUTBUF);

	if (nnames > 0 || type != NULL)
		from_conf(&c, names, nnames, type);
	else if (argc == 0)
		read_lines(&c, stdin, "<stdin>");
	else
		for (i = 0; i < argc; i++) {
			if (strcmp(argv[i], "-") == 0) {
				read_lines(&c, stdin, "<stdin>");
				continue;
			}
			if ((fp = fopen(argv[i], "r")) == NULL) {
				warn("%s", argv[i]);
				failed(&c, EX_NOINPUT, c.seq++);
				continue;
			}
			read_lines(&c, fp, argv[i]);
			fclose(fp);
		}
	if (c.held != NULL)	/* alone after all: listed here */
		start_held(&c);
	while (c.running > 0)
		reap(&c, 1);

	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	fc_jw_free(&c.w);
	fc_log_close(c.log);
	fc_conf_free(c.conf);
	free(c.jobs);
	free(names);
	return c.status;
}
