/*
 * fc-ingest: applies listings to the database.  Reads the lines of
 * fc-lines(5) from the named files or the standard input; each listing
 * (a begin line, file lines, an end line, all of one endpoint) is one
 * transaction, applied as it streams, and ends in one sync line on the
 * standard output.  Lines of a type fc-ingest does not consume pass
 * through unchanged.
 *
 * Each file line goes to the database with a digest of its bytes: a line
 * stored byte for byte is an unchanged file, found without comparing a
 * column, which is what makes an unchanged re-load cheap.  A listing that goes wrong (a bad line, a
 * line of another endpoint, an error line, the input ending before the
 * end line, a signal) is rolled back and logged as failed; the next
 * listing goes on, and the exit status is the first failure's.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "conf.h"
#include "db.h"
#include "json.h"
#include "lineio.h"
#include "lines.h"
#include "log.h"
#include "timefmt.h"
#include "version.h"

struct ingest {
	struct fc_db	*db;
	struct fc_log	*log;
	struct fc_listing_opts opts;
	struct fc_line	 line;
	struct fc_jw	 w;
	const char	*fname;		/* the input, for messages */
	size_t		 lineno;

	struct fc_listing *l;		/* the open listing, or NULL */
	char		*endpoint;	/* of the open or the skipped listing */
	char		*run;
	int64_t		 started_at;
	int64_t		 files;		/* file lines in the open listing */
	int		 skip;		/* drop endpoint's lines to its end */
	char		*orphan;	/* last endpoint warned as outside */
	const char	*created;	/* what opening the database made */
	int		 status;	/* the first failure's exit status */
};

/* The only global: what a signal handler may touch. */
static volatile sig_atomic_t stopsig;

/*
 * The synopsis, as fc-ingest(1) has it; with the options too, one a line
 * as the manual's list has them, for --help.  The options are fc(7)'s.
 */
static void
usage(FILE *fp, int options)
{
	static const char *const opts[][2] = {
		{ "--allow-empty", "accept an empty complete listing" },
		{ "-c file, --config file", "read this configuration" },
		{ "-h, --help", "print this and exit" },
		{ "--max-delete n", "refuse to delete more than n files" },
		{ "-n, --dry-run", "write and create nothing; report" },
		{ "-V, --version", "print the version and exit" },
		{ "-v, --verbose", "log at DEBUG" },
	};
	size_t i;

	fputs("usage: fc-ingest [-nv] [-c file] [--allow-empty] "
	    "[--max-delete n] [file ...]\n", fp);
	for (i = 0; options && i < sizeof(opts) / sizeof(opts[0]); i++)
		fprintf(fp, "  %-35s  %s\n", opts[i][0], opts[i][1]);
}

static void
onsignal(int sig)
{
	stopsig = sig;
}

static void
failed(struct ingest *in, int code)
{
	if (in->status == 0)
		in->status = code;
}

static char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		err(EX_OSERR, NULL);
	return p;
}

static void
emit(struct ingest *in, const struct fc_sync *s)
{
	/* a reader that went away costs the summary, not the data */
	if (fc_emit_sync(stdout, &in->w, s) == 0)
		fflush(stdout);
}

static void
logsync(struct ingest *in, const struct fc_sync *s)
{
	struct fc_jw f;
	enum fc_level lv;

	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_str(&f, "status", s->status);
	fc_jw_bool(&f, "dry_run", s->dry_run);
	fc_jw_bool(&f, "complete", s->complete);
	fc_jw_int(&f, "seen", s->seen);
	fc_jw_int(&f, "inserted", s->inserted);
	fc_jw_int(&f, "updated", s->updated);
	fc_jw_int(&f, "unchanged", s->unchanged);
	fc_jw_int(&f, "deleted", s->deleted);
	fc_jw_int(&f, "code", s->code);
	fc_jw_end_obj(&f);
	lv = s->code == 0 ? FC_INFO :
	    s->code == EX_TEMPFAIL ? FC_WARNING : FC_ERROR;
	if (s->code == 0)
		fc_log(in->log, lv, s->endpoint, "sync_end", &f,
		    "%s: %lld seen, %lld inserted, %lld updated, %lld deleted",
		    s->status, (long long)s->seen, (long long)s->inserted,
		    (long long)s->updated, (long long)s->deleted);
	else
		fc_log(in->log, lv, s->endpoint, "sync_failed", &f, "%s: %s",
		    s->status, s->error != NULL ? s->error : "");
	fc_jw_free(&f);
}

static void
setlisting(struct ingest *in, const char *endpoint, const char *run)
{
	free(in->endpoint);
	free(in->run);
	in->endpoint = xstrdup(endpoint);
	in->run = run != NULL ? xstrdup(run) : NULL;
	in->files = 0;
	in->skip = 0;
}

/*
 * Abandons the open listing: roll back, record, tell.  The rest of its
 * lines are dropped up to its end line or the next begin.  said: the
 * failure is an error line's, whose writer said it on stderr already; a
 * pipeline shows each failure once, so here it goes to the sync line and
 * the log only, unless it could not be recorded.
 */
static void
abandon(struct ingest *in, int code, const char *why, int said)
{
	struct fc_sync s;
	struct fc_err e;
	char full[1024];

	memset(&s, 0, sizeof(s));
	memset(&e, 0, sizeof(e));
	/* when not even sync_logs can have it, stderr and stdout must */
	if (fc_db_listing_fail(in->l, code, why, &s, &e) == -1) {
		snprintf(full, sizeof(full), "%s (not recorded: %s)", why,
		    e.msg);
		why = full;
		said = 0;
	}
	in->l = NULL;
	s.endpoint = in->endpoint;
	s.run = in->run;
	s.error = why;
	if (!said)
		warnx("%s", why);
	emit(in, &s);
	logsync(in, &s);
	failed(in, code);
	in->skip = 1;
}

static void
fail_listing(struct ingest *in, int code, const char *why)
{
	abandon(in, code, why, 0);
}

/*
 * A listing that could not begin, or an error line outside one (record:
 * in sync_logs; said, as abandon() has it).
 */
static void
fail_outside(struct ingest *in, const char *status, int code,
    const char *endpoint, const char *run, int64_t started, const char *why,
    int record, int said)
{
	struct fc_sync s;
	struct fc_err e;

	memset(&s, 0, sizeof(s));
	memset(&e, 0, sizeof(e));
	if (record && !in->opts.dry_run &&
	    fc_db_log_failure(in->db, endpoint, run, code, why, &s, &e) == -1)
		warnx("endpoint %s: recording the failure: %s", endpoint,
		    e.msg);
	s.status = status;
	s.dry_run = in->opts.dry_run;
	s.code = code;
	s.finished_at = fc_time_now();
	s.started_at = started != 0 ? started : s.finished_at;
	s.endpoint = endpoint;
	s.run = run;
	s.error = why;
	if (!said)
		warnx("%s", why);
	emit(in, &s);
	logsync(in, &s);
	failed(in, code);
}

/* A line for some endpoint while another's listing is open. */
static void
interleaved(struct ingest *in, const char *what, const char *endpoint)
{
	char why[512];

	snprintf(why, sizeof(why), "%s:%zu: %s line of endpoint %s inside "
	    "the listing of %s", in->fname, in->lineno, what, endpoint,
	    in->endpoint);
	fail_listing(in, EX_DATAERR, why);
	/* the line itself now belongs to no listing: no second warning */
	free(in->orphan);
	in->orphan = xstrdup(endpoint);
}

/*
 * A file or end line that belongs to no open listing.  (nonnull: without
 * it gcc -fsanitize=undefined takes the strcmp() check for a NULL path.)
 */
static void outside(struct ingest *, const char *, const char *)
    __attribute__((nonnull));
static void
outside(struct ingest *in, const char *what, const char *endpoint)
{
	failed(in, EX_DATAERR);
	if (in->orphan == NULL || strcmp(in->orphan, endpoint) != 0) {
		warnx("%s:%zu: %s line of endpoint %s outside a listing",
		    in->fname, in->lineno, what, endpoint);
		free(in->orphan);
		in->orphan = xstrdup(endpoint);
	}
	/* else said once already for this run of lines */
}

static int
skipped(const struct ingest *in, const char *endpoint)
{
	return in->skip && in->l == NULL && in->endpoint != NULL &&
	    strcmp(in->endpoint, endpoint) == 0;
}

static void
on_begin(struct ingest *in, const struct fc_begin *b)
{
	struct fc_sync s;
	struct fc_err e;
	struct fc_jw f;
	char why[512];

	if (in->l != NULL) {
		snprintf(why, sizeof(why), "%s:%zu: begin of endpoint %s "
		    "before the end of the listing of %s", in->fname,
		    in->lineno, b->endpoint, in->endpoint);
		fail_listing(in, EX_DATAERR, why);
	}
	free(in->orphan);
	in->orphan = NULL;
	setlisting(in, b->endpoint, b->run);
	in->started_at = b->started_at != 0 ? b->started_at : fc_time_now();
	fc_log_set_run(in->log, b->run);
	if (in->created != NULL) {
		fc_log(in->log, FC_INFO, NULL, "db_created", NULL, "%s",
		    in->created);
		in->created = NULL;
	}

	memset(&e, 0, sizeof(e));
	if ((in->l = fc_db_listing_begin(in->db, b, &in->opts, &s,
	    &e)) == NULL) {
		/* busy, or failed and recorded already */
		fail_outside(in, s.status, e.code, in->endpoint, in->run,
		    in->started_at, e.msg, 0, 0);
		in->skip = 1;
		return;
	}
	fc_jw_init(&f);
	fc_jw_obj(&f, NULL);
	fc_jw_str(&f, "mode", b->mode);
	fc_jw_str(&f, "scope", b->scope);
	fc_jw_bool(&f, "dry_run", in->opts.dry_run);
	fc_jw_end_obj(&f);
	fc_log(in->log, FC_DEBUG, b->endpoint, "sync_begin", &f,
	    "applying a %s listing", b->mode);
	fc_jw_free(&f);
}

static void
on_file(struct ingest *in, const struct fc_file *f, const char *buf,
    size_t len)
{
	struct fc_err e;
	char why[768];

	if (in->l != NULL && strcmp(f->endpoint, in->endpoint) == 0) {
		in->files++;
		memset(&e, 0, sizeof(e));
		if (fc_db_listing_put(in->l, f, buf, len, &e) == -1) {
			snprintf(why, sizeof(why), "endpoint %s: %s",
			    in->endpoint, e.msg);
			fail_listing(in, e.code, why);
		}
		return;
	}
	if (in->l != NULL)
		interleaved(in, "file", f->endpoint);
	else if (!skipped(in, f->endpoint))
		outside(in, "file", f->endpoint);
}

static void
on_end(struct ingest *in, const struct fc_end *en)
{
	struct fc_sync s;
	struct fc_err e;
	char why[512];
	int r;

	if (in->l != NULL && strcmp(en->endpoint, in->endpoint) == 0) {
		if (en->count >= 0 && en->count != in->files) {
			snprintf(why, sizeof(why), "%s:%zu: the end line of "
			    "endpoint %s counts %lld files, the listing had "
			    "%lld", in->fname, in->lineno, in->endpoint,
			    (long long)en->count, (long long)in->files);
			fail_listing(in, EX_DATAERR, why);
			in->skip = 0;
			return;
		}
		memset(&s, 0, sizeof(s));
		memset(&e, 0, sizeof(e));
		r = fc_db_listing_end(in->l, en, &s, &e);
		in->l = NULL;
		s.endpoint = in->endpoint;
		s.run = in->run;
		s.error = r == -1 ? e.msg : NULL;
		if (r == -1) {
			warnx("%s", e.msg);
			failed(in, e.code);
		}
		emit(in, &s);
		logsync(in, &s);
		return;
	}
	if (in->l != NULL)
		interleaved(in, "end", en->endpoint);
	else if (skipped(in, en->endpoint))
		in->skip = 0;
	else
		outside(in, "end", en->endpoint);
}

static void
on_error(struct ingest *in, const struct fc_error *er)
{
	char why[768];

	snprintf(why, sizeof(why), "endpoint %s: %s", er->endpoint,
	    er->message);
	if (in->l != NULL && strcmp(er->endpoint, in->endpoint) == 0) {
		abandon(in, er->code, why, 1);
		return;
	}
	if (in->l != NULL)
		interleaved(in, "error", er->endpoint);
	else if (skipped(in, er->endpoint))
		return;		/* that listing was not ours to record */
	fail_outside(in, "failed", er->code, er->endpoint, er->run, 0, why, 1,
	    1);
}

static int
online(void *arg, char *buf, size_t len, size_t lineno)
{
	struct ingest *in = arg;
	struct fc_err e;
	char why[768];

	if (stopsig)
		return 1;
	in->lineno = lineno;
	memset(&e, 0, sizeof(e));
	if (fc_line_parse(&in->line, buf, len, &e) == -1) {
		snprintf(why, sizeof(why), "%s:%zu: %s", in->fname, lineno,
		    e.msg);
		if (in->l != NULL)
			fail_listing(in, EX_DATAERR, why);
		else {
			warnx("%s", why);
			failed(in, EX_DATAERR);
		}
		return 0;
	}
	switch (in->line.type) {
	case FC_LINE_BEGIN:
		on_begin(in, &in->line.u.begin);
		break;
	case FC_LINE_FILE:
		on_file(in, &in->line.u.file, buf, len);
		break;
	case FC_LINE_END:
		on_end(in, &in->line.u.end);
		break;
	case FC_LINE_ERROR:
		on_error(in, &in->line.u.error);
		break;
	default:
		/* not ours: the next stage may want it */
		if (fwrite(buf, 1, len, stdout) != len || putchar('\n') == EOF)
			failed(in, EX_IOERR);
		break;
	}
	return 0;
}

/* Reads one input; a listing must end in the input it began in. */
static void
ingest(struct ingest *in, FILE *fp, const char *name)
{
	char why[512];
	int r, saved;

	in->fname = name;
	in->lineno = 0;
	r = fc_lines(fp, online, in);
	saved = errno;
	if (stopsig) {
		if (in->l != NULL) {
			snprintf(why, sizeof(why), "endpoint %s: interrupted "
			    "by signal %d", in->endpoint, (int)stopsig);
			fail_listing(in, EX_TEMPFAIL, why);
		}
		failed(in, EX_TEMPFAIL);
		return;
	}
	if (r == -1) {
		warnx("%s: %s", name, strerror(saved));
		if (in->l != NULL) {
			snprintf(why, sizeof(why), "%s: read error in the "
			    "listing of endpoint %s", name, in->endpoint);
			fail_listing(in, EX_IOERR, why);
		}
		failed(in, EX_IOERR);
	} else if (in->l != NULL) {
		snprintf(why, sizeof(why), "%s:%zu: input ended inside the "
		    "listing of endpoint %s", name, in->lineno, in->endpoint);
		fail_listing(in, EX_DATAERR, why);
	}
	in->skip = 0;
	free(in->orphan);
	in->orphan = NULL;
}

/*
 * The configuration.  Hand-made listings need no connector.yaml: without
 * one to find, the settings come from the environment (conf->path is
 * NULL).  One named by -c or $FC_CONFIG must be there.
 */
static struct fc_conf *
loadconf(const char *path)
{
	struct fc_conf *c;
	struct fc_err e;
	size_t i;

	memset(&e, 0, sizeof(e));
	if ((c = fc_conf_open(path, FC_CONF_OPTIONAL, NULL, &e)) == NULL)
		errx(e.code, "%s", e.msg);
	for (i = 0; i < c->n_warnings; i++)
		warnx("%s", c->warnings[i]);
	return c;
}

int
main(int argc, char *argv[])
{
	enum { OPT_ALLOW_EMPTY = CHAR_MAX + 1, OPT_MAX_DELETE };
	static const struct option longopts[] = {
		{ "allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY },
		{ "config", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "max-delete", required_argument, NULL, OPT_MAX_DELETE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ingest in;
	struct fc_conf *conf;
	struct fc_err e;
	struct sigaction sa;
	const char *confpath = NULL;
	char *end;
	FILE *fp;
	long long n;
	int ch, i, verbose = 0;

	/*
	 * The pipeline's programs share one stderr: line-buffered, each
	 * message is one write(2) and never splits another's line.
	 */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	memset(&in, 0, sizeof(in));
	in.opts.max_delete = -1;
	while ((ch = getopt_long(argc, argv, "c:hnVv", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			confpath = optarg;
			break;
		case 'h':
			usage(stdout, 1);
			return 0;
		case 'n':
			in.opts.dry_run = 1;
			break;
		case 'V':
			printf("fc-ingest (fc) %s\n", FC_VERSION);
			return 0;
		case 'v':
			verbose = 1;
			break;
		case OPT_ALLOW_EMPTY:
			in.opts.allow_empty = 1;
			break;
		case OPT_MAX_DELETE:
			errno = 0;
			n = strtoll(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    n < 0) {
				warnx("--max-delete %s: expected a number of "
				    "files", optarg);
				usage(stderr, 0);
				return EX_USAGE;
			}
			in.opts.max_delete = n;
			break;
		default:
			usage(stderr, 0);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	/* a reader that goes away is an I/O error at exit, not a death */
	signal(SIGPIPE, SIG_IGN);
	/* no SA_RESTART: a read waiting on a quiet pipe must return */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	conf = loadconf(confpath);
	if (conf->dry_run)
		in.opts.dry_run = 1;	/* fc-sync -n's pass */
	/* a dry run creates nothing, neither the log nor the database */
	if ((in.log = fc_log_conf(conf, "fc-ingest", (in.opts.dry_run ?
	    FC_LOG_NOCREATE : 0) | (verbose ? FC_LOG_DEBUG : 0), &e)) == NULL)
		errx(e.code, "%s", e.msg);
	if (e.code != 0)
		warnx("%s", e.msg);	/* no log is no reason to stop */
	memset(&e, 0, sizeof(e));
	if ((in.db = fc_db_open(conf->database_url, in.opts.dry_run ?
	    FC_DB_DRYRUN : 0, &e)) == NULL) {
		fc_log(in.log, FC_ERROR, NULL, "db_open", NULL, "%s", e.msg);
		errx(e.code, "%s", e.msg);
	}
	/* said with the first listing's run id, or at the end */
	in.created = fc_db_created(in.db);
	/* a dry run writes nothing, the endpoints table included */
	if (conf->path != NULL && !in.opts.dry_run &&
	    fc_db_sync_endpoints(in.db, conf, &e) == -1) {
		fc_log(in.log, FC_ERROR, NULL, "endpoints", NULL, "%s", e.msg);
		errx(e.code, "%s", e.msg);
	}
	fc_conf_free(conf);
	fc_jw_init(&in.w);

	if (argc == 0)
		ingest(&in, stdin, "<stdin>");
	for (i = 0; i < argc && !stopsig; i++) {
		if (strcmp(argv[i], "-") == 0) {
			ingest(&in, stdin, "<stdin>");
			continue;
		}
		if ((fp = fopen(argv[i], "r")) == NULL) {
			warn("%s", argv[i]);
			failed(&in, EX_NOINPUT);
			continue;
		}
		ingest(&in, fp, argv[i]);
		fclose(fp);
	}

	if (in.created != NULL)
		fc_log(in.log, FC_INFO, NULL, "db_created", NULL, "%s",
		    in.created);
	fc_line_clear(&in.line);
	fc_jw_free(&in.w);
	free(in.endpoint);
	free(in.run);
	free(in.orphan);
	fc_db_close(in.db);
	fc_log_close(in.log);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warn("stdout");
		return in.status != 0 ? in.status : EX_IOERR;
	}
	return in.status;
}
