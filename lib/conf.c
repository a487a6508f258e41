/*
 * conf.c: connector.yaml into a struct fc_conf.
 *
 * The file is loaded whole with libyaml's document API (yaml_parser_load)
 * rather than walked as a stream of events, so every node keeps its
 * start_mark and every message can name the line it is about.  Before
 * that, its size is checked and a pass over the events bounds how deep
 * it nests and how much its aliases repeat (see prescan()), as libyaml
 * itself sets no limits.  The walk is one small function per mapping of
 * the schema, each handed the key path of its node
 * ("endpoints[1].schedule"), so that messages read
 *
 *	connector.yaml:14: endpoints[1].schedule.type: expected interval, cron or manual
 *
 * The order is: find the file, parse it, check every value, fill in the
 * defaults, resolve root and credentials_path against the file's
 * directory, then apply the environment, which wins.  An unknown key is a
 * warning collected in c->warnings, never an error, so an older fc can
 * read a newer file.  No message ever carries a value of client_secret.
 *
 * clients.google_drive.token_url has no default on purpose: a service
 * account's key file names its token endpoint (token_uri), and a default
 * here would silently win over it.  It stays NULL unless the file sets it.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <search.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include <yaml.h>

#include "conf.h"
#include "json.h"
#include "list.h"
#include "sched.h"

#define ETC_CONF	"/etc/fc/connector.yaml"
#define CWD_CONF	"config/connector.yaml"

/* Bounds for endpoint_details turned into JSON: aliases can nest or loop. */
#define DETAILS_DEPTH	16
#define DETAILS_NODES	10000

/*
 * Bounds for the file, in connector.yaml(5): far beyond any real one
 * (etc/connector.yaml, every key with comments, is 4 KB and 4 deep: 1
 * MiB holds thousands of endpoints), and low enough that libyaml's cost
 * stays small: within them it is linear, 0.5 s and 83 MB at worst (1
 * MiB of one-character list items).  See prescan() for nesting and
 * aliases.
 */
#define CONF_SIZE	(1024 * 1024)
#define CONF_DEPTH	64

struct ctx {
	yaml_document_t	*doc;
	const char	*file;		/* as given or found, for messages */
	struct fc_conf	*c;
	struct fc_err	*e;
	size_t		 budget;	/* nodes left for one details JSON */
};

/* What one endpoint's walk remembers for the checks after it. */
struct epwalk {
	struct fc_endpoint *ep;
	yaml_node_t	*item;		/* the endpoint's mapping */
	yaml_node_t	*name;
	yaml_node_t	*details;
	yaml_node_t	*schedule;
	char		 path[64];	/* "endpoints[3]" */
};

struct schedwalk {
	yaml_node_t	*type;
	yaml_node_t	*interval;
	yaml_node_t	*cron;
};

typedef int	 keyfn(struct ctx *, void *, const char *, yaml_node_t *,
		    const char *);

static unsigned long
line(const yaml_node_t *n)
{
	return (unsigned long)n->start_mark.line + 1;
}

static const char *
val(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int
nomem(struct ctx *x)
{
	return fc_seterr(x->e, EX_OSERR, "out of memory");
}

/* "file:line: key: why", or "file:line: why" at the top. */
static int __attribute__((format(printf, 4, 5)))
bad(struct ctx *x, const yaml_node_t *n, const char *kp, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (*kp == '\0')
		return fc_seterr(x->e, EX_CONFIG, "%s:%lu: %s", x->file,
		    line(n), why);
	return fc_seterr(x->e, EX_CONFIG, "%s:%lu: %s: %s", x->file, line(n),
	    kp, why);
}

static int
warn(struct ctx *x, const yaml_node_t *n, const char *kp, const char *why)
{
	struct fc_conf *c = x->c;
	char *s, **v;

	if (asprintf(&s, "%s:%lu: %s: %s", x->file, line(n), kp, why) == -1)
		return nomem(x);
	v = reallocarray(c->warnings, c->n_warnings + 1, sizeof(*v));
	if (v == NULL) {
		free(s);
		return nomem(x);
	}
	c->warnings = v;
	c->warnings[c->n_warnings++] = s;
	return 0;
}

/*
 * The key path of a child.  Keys come from the file: a control character
 * in one would break the one-line message, so it becomes '?'.
 */
static void
keypath(char *buf, size_t len, const char *parent, const char *key)
{
	size_t i;

	snprintf(buf, len, "%s%s%s", parent, *parent ? "." : "", key);
	for (i = 0; buf[i] != '\0'; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
}

/* Whether s holds no control characters. */
static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* Absent, empty or a plain null (YAML 1.1: ~, null): the key is unset. */
static int
isnull(const yaml_node_t *n)
{
	const char *s;

	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE)
		return 0;
	s = val(n);
	if (*s == '\0')
		return 1;
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* A scalar, checked: a NUL inside would silently cut the value short. */
static int
scalar(struct ctx *x, const yaml_node_t *n, const char *kp, const char *what)
{
	if (n->type != YAML_SCALAR_NODE)
		return bad(x, n, kp, "expected %s", what);
	if (strlen(val(n)) != n->data.scalar.length)
		return bad(x, n, kp, "expected %s without NUL bytes", what);
	return 0;
}

static int
getstr(struct ctx *x, yaml_node_t *n, const char *kp, char **out)
{
	if (isnull(n))
		return 0;
	if (scalar(x, n, kp, "a string") == -1)
		return -1;
	free(*out);
	if ((*out = strdup(val(n))) == NULL)
		return nomem(x);
	return 0;
}

static int
getbool(struct ctx *x, yaml_node_t *n, const char *kp, int *out)
{
	const char *s;

	if (isnull(n))
		return 0;
	if (scalar(x, n, kp, "true or false") == -1)
		return -1;
	s = val(n);
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "on") == 0)
		*out = 1;
	else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "off") == 0)
		*out = 0;
	else
		return bad(x, n, kp, "expected true or false");
	return 0;
}

static int
getposint(struct ctx *x, yaml_node_t *n, const char *kp, int *out)
{
	if (isnull(n))
		return 0;
	if (scalar(x, n, kp, "a positive integer") == -1)
		return -1;
	if (fc_conf_posint(val(n), out) == -1)
		return bad(x, n, kp, "expected a positive integer");
	return 0;
}

/* DEBUG, INFO, WARNING or ERROR in any case, stored in upper case. */
static char *
loglevel(const char *s)
{
	static const char *const levels[] = { "DEBUG", "INFO", "WARNING",
	    "ERROR" };
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcasecmp(s, levels[i]) == 0)
			return strdup(levels[i]);
	errno = EINVAL;
	return NULL;
}

static int
getlevel(struct ctx *x, yaml_node_t *n, const char *kp, char **out)
{
	if (isnull(n))
		return 0;
	if (scalar(x, n, kp, "a log level") == -1)
		return -1;
	free(*out);
	if ((*out = loglevel(val(n))) == NULL) {
		if (errno == ENOMEM)
			return nomem(x);
		return bad(x, n, kp, "expected DEBUG, INFO, WARNING or ERROR");
	}
	return 0;
}

/*
 * dir/p unless p is absolute, without "." components or doubled and
 * trailing slashes.  ".." stays: past a symbolic link it does not mean
 * the lexical parent.
 */
static char *
abspath(const char *dir, const char *p)
{
	char *s, *r, *w;
	size_t n;

	n = strlen(dir) + strlen(p) + 2;
	if ((s = malloc(n)) == NULL)
		return NULL;
	if (p[0] == '/')
		memcpy(s, p, strlen(p) + 1);
	else
		snprintf(s, n, "%s/%s", dir, p);
	for (r = w = s; *r != '\0';) {
		if (r[0] == '/' && r[1] == '/') {
			r++;
			continue;
		}
		if (r[0] == '/' && r[1] == '.' && (r[2] == '/' || r[2] == '\0')) {
			r += 2;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	while (w > s + 1 && w[-1] == '/')
		*--w = '\0';
	if (w == s)
		memcpy(s, "/", 2);
	return s;
}

struct strref {
	const char	*s;
	size_t		 i;
};

static int
strrefcmp(const void *a, const void *b)
{
	const struct strref *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * For the n strings s[] in file order (NULL: none there), sets first[i]
 * to the index of the earliest string equal to s[i], i itself when it
 * has none before it.  By sorting, not pair by pair: a mapping of 40000
 * keys took 8.8 s to check pairwise, 50000 endpoint names 8.7 s.
 */
static int
repeats(struct ctx *x, const char **s, size_t n, size_t *first)
{
	struct strref *v;
	size_t i, m = 0, g;

	for (i = 0; i < n; i++)
		first[i] = i;
	if (n < 2)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return nomem(x);
	for (i = 0; i < n; i++)
		if (s[i] != NULL) {
			v[m].s = s[i];
			v[m++].i = i;
		}
	qsort(v, m, sizeof(*v), strrefcmp);
	for (g = 0, i = 1; i < m; i++) {
		if (strcmp(v[g].s, v[i].s) != 0)
			g = i;
		else
			first[v[i].i] = v[g].i;
	}
	free(v);
	return 0;
}

/*
 * Calls fn for each key of the mapping map, in file order; fn returns 0
 * (done), 1 (not a key it knows: warn) or -1 (error set).  A null map is
 * an empty one.  YAML forbids a key twice in one mapping and libyaml does
 * not check, so it is done here.
 */
static int
walk(struct ctx *x, yaml_node_t *map, const char *path, keyfn *fn, void *arg)
{
	yaml_node_pair_t *pairs;
	yaml_node_t *k;
	const char **keys;
	size_t i, n, *first;
	char kp[256];
	int rv = 0;

	if (isnull(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return bad(x, map, path, "expected a mapping");
	pairs = map->data.mapping.pairs.start;
	n = (size_t)(map->data.mapping.pairs.top - pairs);
	keys = calloc(n + 1, sizeof(*keys));
	first = calloc(n + 1, sizeof(*first));
	if (keys == NULL || first == NULL) {
		rv = nomem(x);
		goto out;
	}
	for (i = 0; i < n; i++) {
		k = yaml_document_get_node(x->doc, pairs[i].key);
		if (k->type == YAML_SCALAR_NODE)
			keys[i] = val(k);
	}
	if ((rv = repeats(x, keys, n, first)) == -1)
		goto out;
	for (i = 0; i < n && rv == 0; i++) {
		k = yaml_document_get_node(x->doc, pairs[i].key);
		if (k->type != YAML_SCALAR_NODE) {
			rv = bad(x, k, path, "expected a string as key");
			break;
		}
		if (strlen(val(k)) != k->data.scalar.length) {
			rv = bad(x, k, path, "expected a key without NUL "
			    "characters");
			break;
		}
		keypath(kp, sizeof(kp), path, val(k));
		if (first[i] != i)
			rv = bad(x, k, kp, "duplicate key (first at line %lu)",
			    line(yaml_document_get_node(x->doc,
			    pairs[first[i]].key)));
		else if ((rv = fn(x, arg, val(k), yaml_document_get_node(
		    x->doc, pairs[i].value), kp)) == 1)
			rv = warn(x, k, kp, "unknown key");
	}
out:
	free(keys);
	free(first);
	return rv;
}

/*
 * 1 when url names a port that is not 1 to 65535 ("host:", "host:0",
 * "host:99999"): getaddrinfo() would wrap it, so fc would listen on one
 * port and send the API another.
 */
static int
badport(const char *url)
{
	const char *h, *end, *c;
	size_t n;
	long port;

	if ((h = strstr(url, "://")) == NULL)
		return 0;
	h += 3;
	end = h + strcspn(h, "/?#");
	if (*h == '[')
		c = (c = memchr(h, ']', (size_t)(end - h))) ? c + 1 : end;
	else
		c = memchr(h, ':', (size_t)(end - h));
	if (c == NULL || c >= end || *c != ':')
		return 0;
	c++;
	n = strspn(c, "0123456789");
	if (n == 0 || n > 5 || c + n != end)
		return 1;
	port = strtol(c, NULL, 10);
	return port < 1 || port > 65535;
}

static int
autodesk_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct fc_autodesk *a = arg;

	if (strcmp(key, "client_id") == 0)
		return getstr(x, v, kp, &a->client_id);
	if (strcmp(key, "client_secret") == 0)
		return getstr(x, v, kp, &a->client_secret);
	if (strcmp(key, "base_url") == 0)
		return getstr(x, v, kp, &a->base_url);
	if (strcmp(key, "callback_url") == 0) {
		if (getstr(x, v, kp, &a->callback_url) == -1)
			return -1;
		if (a->callback_url != NULL && badport(a->callback_url))
			return bad(x, v, kp, "expected a port from 1 to 65535");
		return 0;
	}
	if (strcmp(key, "client_secret_file") == 0)
		return getstr(x, v, kp, &a->client_secret_file);
	if (strcmp(key, "scope") == 0)
		return getstr(x, v, kp, &a->scope);
	if (strcmp(key, "grant") == 0) {
		if (getstr(x, v, kp, &a->grant) == -1)
			return -1;
		if (a->grant != NULL &&
		    strcmp(a->grant, "authorization_code") != 0 &&
		    strcmp(a->grant, "client_credentials") != 0)
			return bad(x, v, kp, "expected authorization_code or "
			    "client_credentials");
		return 0;
	}
	return 1;
}

/* An e-mail address: one line, no blanks, an "@" with text on both sides. */
static int
isemail(const char *s)
{
	const char *at = strchr(s, '@');
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return 0;
	return at != NULL && at != s && at[1] != '\0' && strchr(at + 1, '@') ==
	    NULL;
}

/* What the walk of clients.google_drive remembers for the check after. */
struct gwalk {
	struct fc_google *g;
	yaml_node_t	*subject;
};

static int
google_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct gwalk *gw = arg;
	struct fc_google *g = gw->g;

	if (strcmp(key, "credentials_path") == 0)
		return getstr(x, v, kp, &g->credentials_path);
	if (strcmp(key, "application_name") == 0) {
		if (getstr(x, v, kp, &g->application_name) == -1)
			return -1;
		/* it goes into a header: a control byte would split it */
		if (g->application_name != NULL &&
		    !printable(g->application_name))
			return bad(x, v, kp, "expected a name without control "
			    "characters");
		return 0;
	}
	if (strcmp(key, "subject") == 0) {
		if (getstr(x, v, kp, &g->subject) == -1)
			return -1;
		if (g->subject != NULL && !isemail(g->subject))
			return bad(x, v, kp, "expected the e-mail address of "
			    "the user whose Drive the account reads");
		gw->subject = g->subject != NULL ? v : NULL;
		return 0;
	}
	if (strcmp(key, "auth") == 0) {
		if (getstr(x, v, kp, &g->auth) == -1)
			return -1;
		if (g->auth != NULL && strcmp(g->auth, "service_account") != 0 &&
		    strcmp(g->auth, "user") != 0)
			return bad(x, v, kp, "expected service_account or user");
		return 0;
	}
	if (strcmp(key, "scope") == 0)
		return getstr(x, v, kp, &g->scope);
	if (strcmp(key, "base_url") == 0)
		return getstr(x, v, kp, &g->base_url);
	if (strcmp(key, "token_url") == 0)
		return getstr(x, v, kp, &g->token_url);
	return 1;
}

static int
clients_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct fc_conf *c = arg;
	struct gwalk gw;
	char skp[256];
	int rv;

	if (strcmp(key, "autodesk") == 0)
		return walk(x, v, kp, autodesk_key, &c->autodesk);
	if (strcmp(key, "google_drive") == 0) {
		gw.g = &c->google;
		gw.subject = NULL;
		if ((rv = walk(x, v, kp, google_key, &gw)) != 0)
			return rv;
		/* in either order in the file: checked once both are read */
		keypath(skp, sizeof(skp), kp, "subject");
		if (gw.subject != NULL && c->google.auth != NULL &&
		    strcmp(c->google.auth, "user") == 0)
			return bad(x, gw.subject, skp, "for a service "
			    "account's delegation, not with auth: user: a "
			    "person's login reads that person's Drive");
		return 0;
	}
	return 1;
}

/*
 * A time zone as glibc will read it: the name of a TZif file under
 * $TZDIR or /usr/share/zoneinfo.  Checked here because glibc takes a zone
 * it cannot read for UTC without a word, and a typo would move every cron
 * schedule by hours.  The name is held to the characters of IANA names,
 * relative and without "..", so it can only name a file of the database.
 */
static int
gettz(struct ctx *x, yaml_node_t *n, const char *kp, char **out)
{
	char path[PATH_MAX], magic[4];
	const char *s, *dir;
	struct stat st;
	size_t i;
	int fd, ok;

	if (isnull(n))
		return 0;
	if (scalar(x, n, kp, "a time zone name") == -1)
		return -1;
	s = val(n);
	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("/_+-.", s[i]) ==
		    NULL)
			break;
	if (s[i] != '\0' || i > 64 || s[0] == '/' || s[0] == '.' ||
	    strstr(s, "/.") != NULL || strstr(s, "//") != NULL)
		return bad(x, n, kp, "expected a time zone name like "
		    "Europe/London");
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof(path), "%s/%s", dir, s);
	ok = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
		close(fd);
	}
	if (!ok)
		return bad(x, n, kp, "unknown time zone \"%s\": no zone file "
		    "%s", s, path);
	free(*out);
	if ((*out = strdup(s)) == NULL)
		return nomem(x);
	return 0;
}

static int
settings_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct fc_conf *c = arg;

	if (strcmp(key, "database_url") == 0)
		return getstr(x, v, kp, &c->database_url);
	if (strcmp(key, "sync_interval_minutes") == 0)
		return getposint(x, v, kp, &c->sync_interval_minutes);
	if (strcmp(key, "max_concurrent_syncs") == 0)
		return getposint(x, v, kp, &c->max_concurrent_syncs);
	if (strcmp(key, "log_level") == 0)
		return getlevel(x, v, kp, &c->log_level);
	if (strcmp(key, "log_file") == 0)
		return getstr(x, v, kp, &c->log_file);
	if (strcmp(key, "token_dir") == 0)
		return getstr(x, v, kp, &c->token_dir);
	if (strcmp(key, "time_zone") == 0)
		return gettz(x, v, kp, &c->time_zone);
	return 1;
}

/* One extension: trimmed, without a leading "." or "*.", lower case. */
static char *
ext(const char *s, size_t n)
{
	char *t;
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == '*' || *s == '.')) {
		s++;
		n--;
	}
	if ((t = strndup(s, n)) == NULL)
		return NULL;
	for (i = 0; t[i] != '\0'; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			t[i] = (char)(t[i] - 'A' + 'a');
	return t;
}

static int
addext(struct ctx *x, struct fc_details *d, const char *s, size_t n)
{
	char **v, *t;

	if ((t = ext(s, n)) == NULL)
		return nomem(x);
	if (*t == '\0') {
		free(t);
		return 1;
	}
	v = reallocarray(d->file_types, d->n_file_types + 1, sizeof(*v));
	if (v == NULL) {
		free(t);
		return nomem(x);
	}
	d->file_types = v;
	d->file_types[d->n_file_types++] = t;
	return 0;
}

/* A list of extensions, or one string of them separated by commas. */
static int
getexts(struct ctx *x, yaml_node_t *v, const char *kp, struct fc_details *d)
{
	yaml_node_item_t *it;
	yaml_node_t *n;
	const char *s, *comma;
	char ip[300];
	int rv;

	if (isnull(v))
		return 0;
	if (v->type == YAML_SCALAR_NODE) {
		if (scalar(x, v, kp, "a string") == -1)
			return -1;
		/* "rvt, dwg," : an empty piece is a stray comma */
		for (s = val(v); ; s = comma + 1) {
			comma = strchr(s, ',');
			rv = addext(x, d, s, comma ? (size_t)(comma - s) :
			    strlen(s));
			if (rv == -1)
				return -1;
			if (comma == NULL)
				return 0;
		}
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return bad(x, v, kp,
		    "expected a list or a comma-separated string");
	for (it = v->data.sequence.items.start;
	    it < v->data.sequence.items.top; it++) {
		n = yaml_document_get_node(x->doc, *it);
		snprintf(ip, sizeof(ip), "%s[%zu]", kp,
		    (size_t)(it - v->data.sequence.items.start));
		if (isnull(n))
			return bad(x, n, ip, "expected a file extension");
		if (scalar(x, n, ip, "a string") == -1)
			return -1;
		if ((rv = addext(x, d, val(n), strlen(val(n)))) == -1)
			return -1;
		if (rv == 1)
			return bad(x, n, ip, "expected a file extension");
	}
	return 0;
}

/* folder_id of a local endpoint names a directory below root. */
static int
inside(const char *p)
{
	const char *s;

	if (p[0] == '/')
		return 0;
	for (s = p; s != NULL; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
			return 0;
	}
	return 1;
}

/*
 * A Drive id: letters, digits, "-" and "_" (folder_id may also be
 * "root", Drive's name for My Drive).  People paste the folder's address
 * instead; the message says where the id is in it.
 */
static int
driveid(struct ctx *x, yaml_node_t *v, const char *kp, const char *id,
    const char *what)
{
	int folder = strcmp(what, "folder") == 0;

	if (strcmp(id, "root") == 0)
		return folder ? 0 : bad(x, v, kp, "root is My Drive, not a "
		    "shared drive: leave drive_id out");
	if (strncmp(id, "http://", 7) == 0 || strncmp(id, "https://", 8) == 0)
		return bad(x, v, kp, "expected the %s's id, not its address: "
		    "the last part of https://drive.google.com/drive/folders/"
		    "<id>", what);
	if (*id == '\0' || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(id))
		return bad(x, v, kp, "expected a %s id (letters, digits, - "
		    "and _)", folder ? "Drive folder" : "shared drive");
	return 0;
}

static int
details_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct epwalk *w = arg;
	struct fc_details *d = &w->ep->details;
	char *root = NULL;
	int gdrive = strcmp(w->ep->endpoint_type, "google_drive") == 0;

	if (strcmp(key, "project_id") == 0)
		return getstr(x, v, kp, &d->project_id);
	/*
	 * On Drive, no folder and no shared drive is everything the account
	 * sees: a key left empty by mistake must not widen the scope so.
	 */
	if (gdrive && (strcmp(key, "folder_id") == 0 ||
	    strcmp(key, "drive_id") == 0) && isnull(v))
		return bad(x, v, kp, "empty: give the id, or leave %s out to "
		    "list everything the account sees", key);
	if (strcmp(key, "folder_id") == 0) {
		if (getstr(x, v, kp, &d->folder_id) == -1)
			return -1;
		if (d->folder_id != NULL &&
		    strcmp(w->ep->endpoint_type, "local") == 0 &&
		    !inside(d->folder_id))
			return bad(x, v, kp, "expected a relative path "
			    "inside root, without ..");
		if (d->folder_id != NULL && gdrive)
			return driveid(x, v, kp, d->folder_id, "folder");
		return 0;
	}
	if (strcmp(key, "drive_id") == 0 && gdrive) {
		if (getstr(x, v, kp, &d->drive_id) == -1)
			return -1;
		return d->drive_id == NULL ? 0 :
		    driveid(x, v, kp, d->drive_id, "shared drive");
	}
	if (strcmp(key, "root") == 0) {
		if (getstr(x, v, kp, &root) == -1)
			return -1;
		if (root == NULL)
			return 0;
		d->root = abspath(x->c->dir, root);
		free(root);
		return d->root == NULL ? nomem(x) : 0;
	}
	if (strcmp(key, "file_types") == 0)
		return getexts(x, v, kp, d);
	if (strcmp(key, "include_subfolders") == 0)
		return getbool(x, v, kp, &d->include_subfolders);
	/*
	 * The local lister walks everything every time, but a value it
	 * does not use must still be one fc-list reads from the line.
	 */
	if (strcmp(key, "full_every") == 0) {
		if (isnull(v))
			return 0;
		if (scalar(x, v, kp, "a duration") == -1)
			return -1;
		if (fc_conf_duration(val(v), &d->full_every) == -1)
			return bad(x, v, kp, "expected a duration such as "
			    "3600, 90m, 24h or 2d (at most 1000d)");
		return 0;
	}
	/* the cloud types keep hub_id and such; a local one has no use */
	return strcmp(w->ep->endpoint_type, "local") == 0;
}

/*
 * Another key of endpoint_details as JSON: YAML's plain true and false
 * as booleans, plain integers of up to 15 digits (exact as doubles) as
 * numbers, null as null, any other scalar as a string.
 */
static int
tojson(struct ctx *x, struct fc_jw *jw, const char *key, yaml_node_t *n,
    const char *kp, int depth)
{
	yaml_node_item_t *it;
	yaml_node_pair_t *p;
	yaml_node_t *k;
	const char *s, *d;

	if (depth > DETAILS_DEPTH || x->budget == 0)
		return bad(x, n, kp, "nested too deeply or too large");
	x->budget--;
	switch (n->type) {
	case YAML_SCALAR_NODE:
		s = val(n);
		/* a "\0" escape: JSON could carry it, no reader of it may */
		if (strlen(s) != n->data.scalar.length)
			return bad(x, n, kp, "expected a value without NUL "
			    "characters");
		if (isnull(n)) {
			fc_jw_null(jw, key);
			break;
		}
		if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
			fc_jw_strn(jw, key, s, n->data.scalar.length);
			break;
		}
		if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) {
			fc_jw_bool(jw, key, *s == 't' || *s == 'T');
			break;
		}
		d = s + (*s == '-');
		if (*d != '\0' && strspn(d, "0123456789") == strlen(d) &&
		    strlen(d) <= 15 &&
		    (d[0] != '0' || d[1] == '\0')) {
			fc_jw_int(jw, key, strtoll(s, NULL, 10));
			break;
		}
		fc_jw_strn(jw, key, s, n->data.scalar.length);
		break;
	case YAML_SEQUENCE_NODE:
		fc_jw_arr(jw, key);
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			if (tojson(x, jw, NULL, yaml_document_get_node(x->doc,
			    *it), kp, depth + 1) == -1)
				return -1;
		fc_jw_end_arr(jw);
		break;
	case YAML_MAPPING_NODE:
		fc_jw_obj(jw, key);
		for (p = n->data.mapping.pairs.start;
		    p < n->data.mapping.pairs.top; p++) {
			k = yaml_document_get_node(x->doc, p->key);
			if (k->type != YAML_SCALAR_NODE)
				return bad(x, k, kp, "expected a string as key");
			if (strlen(val(k)) != k->data.scalar.length)
				return bad(x, k, kp, "expected a key without NUL "
				    "characters");
			if (tojson(x, jw, val(k), yaml_document_get_node(x->doc,
			    p->value), kp, depth + 1) == -1)
				return -1;
		}
		fc_jw_end_obj(jw);
		break;
	default:
		fc_jw_null(jw, key);
		break;
	}
	return 0;
}

/*
 * details.json: endpoint_details in file order with the known keys as
 * loaded (root absolute, file_types normalised, include_subfolders a
 * boolean and always there), so fc-list needs no defaults of its own.
 */
static int
details_json(struct ctx *x, struct epwalk *w)
{
	struct fc_details *d = &w->ep->details;
	struct fc_jw jw;
	yaml_node_pair_t *p;
	yaml_node_t *k;
	const char *key;
	char path[128], kp[256];
	size_t i;
	int rv = 0, subs = 0;

	snprintf(path, sizeof(path), "%s.endpoint_details", w->path);
	fc_jw_init(&jw);
	fc_jw_obj(&jw, NULL);
	x->budget = DETAILS_NODES;
	if (w->details != NULL && w->details->type == YAML_MAPPING_NODE) {
		for (p = w->details->data.mapping.pairs.start;
		    rv == 0 && p < w->details->data.mapping.pairs.top; p++) {
			k = yaml_document_get_node(x->doc, p->key);
			key = val(k);
			if (strcmp(key, "project_id") == 0)
				fc_jw_str(&jw, key, d->project_id);
			else if (strcmp(key, "folder_id") == 0)
				fc_jw_str(&jw, key, d->folder_id);
			else if (strcmp(key, "drive_id") == 0 &&
			    strcmp(w->ep->endpoint_type, "google_drive") == 0)
				fc_jw_str(&jw, key, d->drive_id);
			else if (strcmp(key, "root") == 0)
				fc_jw_str(&jw, key, d->root);
			else if (strcmp(key, "include_subfolders") == 0) {
				fc_jw_bool(&jw, key, d->include_subfolders);
				subs = 1;
			} else if (strcmp(key, "full_every") == 0)
				/* in seconds: lines.c reads no units */
				fc_jw_int(&jw, key, d->full_every);
			else if (strcmp(key, "file_types") == 0) {
				fc_jw_arr(&jw, key);
				for (i = 0; i < d->n_file_types; i++)
					fc_jw_str(&jw, NULL, d->file_types[i]);
				fc_jw_end_arr(&jw);
			} else {
				keypath(kp, sizeof(kp), path, key);
				rv = tojson(x, &jw, key, yaml_document_get_node(
				    x->doc, p->value), kp, 0);
			}
		}
	}
	if (!subs)
		fc_jw_bool(&jw, "include_subfolders", d->include_subfolders);
	fc_jw_end_obj(&jw);
	if (rv == 0 && (jw.oom ||
	    (d->json = strndup(jw.buf, jw.len)) == NULL))
		rv = nomem(x);
	fc_jw_free(&jw);
	return rv;
}

static int
schedule_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct schedwalk *s = arg;

	if (strcmp(key, "type") == 0)
		s->type = v;
	else if (strcmp(key, "interval_minutes") == 0)
		s->interval = v;
	else if (strcmp(key, "cron") == 0)
		s->cron = v;
	else if (strcmp(key, "time_zone") == 0)
		/* TZ is one per process (sched.h): a silent UTC would be worse */
		return bad(x, v, kp, "one zone serves all endpoints: set "
		    "settings.time_zone");
	else
		return 1;
	return 0;
}

/*
 * Every value given is checked, but only the one the type uses is kept;
 * the other draws a warning, as it is likely a mistake.
 */
static int
schedule(struct ctx *x, struct epwalk *w)
{
	struct fc_schedule *sc = &w->ep->schedule;
	struct schedwalk s = { NULL, NULL, NULL };
	struct fc_cron cron;
	char path[128], kp[160], why[128];
	const char *t;
	char *expr = NULL;
	int minutes = 0;

	snprintf(path, sizeof(path), "%s.schedule", w->path);
	if (walk(x, w->schedule, path, schedule_key, &s) == -1)
		return -1;
	sc->type = FC_SCHED_INTERVAL;
	if (!isnull(s.type)) {
		snprintf(kp, sizeof(kp), "%s.type", path);
		if (scalar(x, s.type, kp, "interval, cron or manual") == -1)
			return -1;
		t = val(s.type);
		if (strcmp(t, "cron") == 0)
			sc->type = FC_SCHED_CRON;
		else if (strcmp(t, "manual") == 0)
			sc->type = FC_SCHED_MANUAL;
		else if (strcmp(t, "interval") != 0)
			return bad(x, s.type, kp,
			    "expected interval, cron or manual");
	}
	snprintf(kp, sizeof(kp), "%s.interval_minutes", path);
	if (getposint(x, s.interval, kp, &minutes) == -1)
		return -1;
	if (minutes > FC_INTERVAL_MAX)
		return bad(x, s.interval, kp, "expected at most %d minutes",
		    FC_INTERVAL_MAX);
	if (!isnull(s.interval) && sc->type != FC_SCHED_INTERVAL &&
	    warn(x, s.interval, kp, "ignored unless type is interval") == -1)
		return -1;
	if (sc->type == FC_SCHED_INTERVAL)
		sc->interval_minutes = minutes;

	snprintf(kp, sizeof(kp), "%s.cron", path);
	if (getstr(x, s.cron, kp, &expr) == -1)
		return -1;
	if (expr != NULL && fc_cron_parse(expr, &cron, why, sizeof(why)) == -1) {
		free(expr);
		return bad(x, s.cron, kp, "%s", why);
	}
	if (sc->type == FC_SCHED_CRON) {
		if (expr == NULL)
			return bad(x, w->schedule, kp, "required for type cron");
		sc->cron = expr;
		return 0;
	}
	free(expr);
	if (!isnull(s.cron) &&
	    warn(x, s.cron, kp, "ignored unless type is cron") == -1)
		return -1;
	return 0;
}

static int
endpoint_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct epwalk *w = arg;
	struct fc_endpoint *ep = w->ep;
	const struct fc_lister *lr;
	char types[FC_LISTER_TYPES];
	const char *s;

	if (strcmp(key, "name") == 0) {
		w->name = v;
		if (getstr(x, v, kp, &ep->name) == -1)
			return -1;
		for (s = ep->name; s != NULL && *s != '\0'; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				return bad(x, v, kp, "expected a name "
				    "without control characters");
		return 0;
	}
	if (strcmp(key, "endpoint_type") == 0) {
		if (getstr(x, v, kp, &ep->endpoint_type) == -1)
			return -1;
		if (ep->endpoint_type == NULL)
			return 0;
		if ((lr = fc_lister_find(ep->endpoint_type)) == NULL)
			return bad(x, v, kp, "expected %s",
			    fc_lister_types(types, sizeof(types)));
		/* an alias is stored, and sent on, by its canonical name */
		if (strcmp(ep->endpoint_type, lr->type) != 0) {
			free(ep->endpoint_type);
			if ((ep->endpoint_type = strdup(lr->type)) == NULL)
				return fc_seterr(x->e, EX_OSERR,
				    "out of memory");
		}
		return 0;
	}
	if (strcmp(key, "project_id") == 0)
		return getstr(x, v, kp, &ep->project_id);
	if (strcmp(key, "user_id") == 0)
		return getstr(x, v, kp, &ep->user_id);
	if (strcmp(key, "is_active") == 0)
		return getbool(x, v, kp, &ep->is_active);
	/* these two are read once the type is known */
	if (strcmp(key, "endpoint_details") == 0)
		w->details = v;
	else if (strcmp(key, "schedule") == 0)
		w->schedule = v;
	else
		return 1;
	return 0;
}

/*
 * The endpoint's name is checked against those before it once its keys
 * are read; dup is the index of the first endpoint of the same name
 * (i: none), from epname() and repeats().
 */
static int
endpoint(struct ctx *x, yaml_node_t *item, size_t i, size_t dup)
{
	struct fc_conf *c = x->c;
	struct fc_endpoint *ep = &c->endpoints[c->n_endpoints++];
	struct epwalk w;
	char kp[128];

	memset(&w, 0, sizeof(w));
	w.ep = ep;
	w.item = item;
	snprintf(w.path, sizeof(w.path), "endpoints[%zu]", i);
	ep->line = (int)line(item);
	ep->is_active = 1;
	ep->details.include_subfolders = 1;
	ep->details.full_every = FC_FULL_EVERY;
	ep->schedule.type = FC_SCHED_INTERVAL;
	if (isnull(item) || item->type != YAML_MAPPING_NODE)
		return bad(x, item, w.path, "expected a mapping");
	if (walk(x, item, w.path, endpoint_key, &w) == -1)
		return -1;

	snprintf(kp, sizeof(kp), "%s.name", w.path);
	if (ep->name == NULL)
		return bad(x, w.name ? w.name : item, kp,
		    "required key missing");
	if (dup != i)
		return bad(x, w.name, kp, "duplicate endpoint name "
		    "\"%s\" (endpoints[%zu] at line %d)", ep->name, dup,
		    c->endpoints[dup].line);
	snprintf(kp, sizeof(kp), "%s.endpoint_type", w.path);
	if (ep->endpoint_type == NULL)
		return bad(x, item, kp, "required key missing");

	snprintf(kp, sizeof(kp), "%s.endpoint_details", w.path);
	if (walk(x, w.details, kp, details_key, &w) == -1)
		return -1;
	if (strcmp(ep->endpoint_type, "local") == 0 && ep->details.root == NULL)
		return bad(x, w.details ? w.details : item,
		    strcat(kp, ".root"), "required for a local endpoint");
	if (details_json(x, &w) == -1)
		return -1;
	return schedule(x, &w);
}

/* The name endpoint_key() will keep for item, or NULL. */
static const char *
epname(struct ctx *x, yaml_node_t *item)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	if (item->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = item->data.mapping.pairs.start;
	    p < item->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(x->doc, p->key);
		if (k->type != YAML_SCALAR_NODE || strcmp(val(k), "name") != 0)
			continue;
		v = yaml_document_get_node(x->doc, p->value);
		return v->type == YAML_SCALAR_NODE && !isnull(v) ? val(v) :
		    NULL;
	}
	return NULL;
}

static int
endpoints(struct ctx *x, yaml_node_t *v, const char *kp)
{
	struct fc_conf *c = x->c;
	yaml_node_item_t *items;
	const char **names;
	size_t i, n, *first;
	int rv = 0;

	if (isnull(v))
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return bad(x, v, kp, "expected a list");
	items = v->data.sequence.items.start;
	n = (size_t)(v->data.sequence.items.top - items);
	if (n == 0)
		return 0;
	c->endpoints = calloc(n, sizeof(*c->endpoints));
	names = calloc(n, sizeof(*names));
	first = calloc(n, sizeof(*first));
	if (c->endpoints == NULL || names == NULL || first == NULL)
		rv = nomem(x);
	for (i = 0; rv == 0 && i < n; i++)
		names[i] = epname(x, yaml_document_get_node(x->doc, items[i]));
	if (rv == 0)
		rv = repeats(x, names, n, first);
	for (i = 0; rv == 0 && i < n; i++)
		rv = endpoint(x, yaml_document_get_node(x->doc, items[i]), i,
		    first[i]);
	free(names);
	free(first);
	return rv;
}

static int
top_key(struct ctx *x, void *arg, const char *key, yaml_node_t *v,
    const char *kp)
{
	struct fc_conf *c = arg;

	if (strcmp(key, "clients") == 0)
		return walk(x, v, kp, clients_key, c);
	if (strcmp(key, "endpoints") == 0)
		return endpoints(x, v, kp);
	if (strcmp(key, "settings") == 0)
		return walk(x, v, kp, settings_key, c);
	return 1;
}

/* The line of byte off in buf, counting from 1. */
static unsigned long
lineat(const char *buf, size_t len, size_t off)
{
	unsigned long ln = 1;
	size_t i;

	for (i = 0; i < off && i < len; i++)
		if (buf[i] == '\n')
			ln++;
	return ln;
}

/*
 * libyaml's own words and line.  A reader error (bad UTF-8, say) comes
 * with a byte offset only; the line is counted from the text.
 */
static int
yamlerr(const yaml_parser_t *p, const char *buf, size_t len,
    const char *file, struct fc_err *e)
{
	unsigned long ln;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return fc_seterr(e, EX_OSERR, "out of memory");
	case YAML_READER_ERROR:
		return fc_seterr(e, EX_CONFIG, "%s:%lu: %s", file,
		    lineat(buf, len, p->problem_offset), p->problem);
	default:
		ln = (unsigned long)p->problem_mark.line + 1;
		if (p->context == NULL)
			return fc_seterr(e, EX_CONFIG, "%s:%lu: %s", file, ln,
			    p->problem ? p->problem : "syntax error");
		return fc_seterr(e, EX_CONFIG, "%s:%lu: %s (%s at line %lu)",
		    file, ln, p->problem ? p->problem : "syntax error",
		    p->context, (unsigned long)p->context_mark.line + 1);
	}
}

/* An anchor of the first pass, and what an alias of it repeats. */
struct anchor {
	char	*name;
	size_t	 weight;
};

static int
anchorcmp(const void *a, const void *b)
{
	return strcmp(((const struct anchor *)a)->name,
	    ((const struct anchor *)b)->name);
}

static void
anchorfree(void *p)
{
	struct anchor *a = p;

	free(a->name);
	free(a);
}

/* Takes name; an anchor of a name seen before replaces it, as in YAML. */
static int
anchor(void **root, char *name, size_t weight)
{
	struct anchor *a, **found;

	if (name == NULL || (a = malloc(sizeof(*a))) == NULL) {
		free(name);
		return -1;
	}
	a->name = name;
	a->weight = weight;
	if ((found = tsearch(a, root, anchorcmp)) == NULL) {
		anchorfree(a);
		return -1;
	}
	if (*found != a) {
		(*found)->weight = weight;
		anchorfree(a);
	}
	return 0;
}

/*
 * An alias of a node still open (a cycle) weighs nothing here: the walk
 * stops those itself, as no key fc reads can hold one.
 */
static size_t
aliasweight(void *const *root, const char *name)
{
	struct anchor key, **found;

	key.name = (char *)name;
	found = tfind(&key, root, anchorcmp);
	return found != NULL ? (*found)->weight : 0;
}

static char *
anchordup(const yaml_char_t *s)
{
	return s != NULL ? strdup((const char *)s) : NULL;
}

/*
 * The first pass, over libyaml's events, for the limits libyaml does
 * not set.
 *
 * Depth.  libyaml 0.2.5's scanner looks at every open flow level for
 * each token, so [[[[... took 0.3 s to load at 10000 levels, 6 s at
 * 40000 and half a minute at 100000; "- - - ..." nests block sequences
 * in linear time but 330 bytes a level.  Events come in file order, and
 * the scanner runs ahead of them by at most one line or 1024 characters
 * (a simple key's limit), so the pass stops after reading little more
 * than the level past CONF_DEPTH.  Unlike a scan of the bytes, it
 * cannot be fooled by brackets in quotes, comments or block scalars,
 * and it sees block nesting too.
 *
 * Aliases.  The loaded document shares an anchored node among its
 * aliases, but the walk visits, copies and warns about it once per
 * alias: 15000 endpoints whose endpoint_details alias one list of 10000
 * items took 15 s and 327 MB to load, and an alias of a long string
 * costs its length each time.  So a node weighs one plus the length of
 * its text, a collection the sum of its own, and the weights that the
 * aliases repeat may add up to CONF_SIZE: with aliases expanded, the
 * file is no larger than one twice the size limit.
 *
 * Syntax errors show up here first, in the words yaml_parser_load()
 * would use.
 */
static int
prescan(const char *buf, size_t len, const char *file, struct fc_err *e)
{
	struct {
		size_t	 start;		/* sum before the collection */
		char	*anchor;
	} open[CONF_DEPTH];
	yaml_parser_t p;
	yaml_event_t ev;
	const yaml_char_t *a;
	void *anchors = NULL;
	size_t d = 0, sum = 0, repeated = 0, w;
	int rv = 0, done = 0;

	if (!yaml_parser_initialize(&p))
		return fc_seterr(e, EX_OSERR, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done && rv == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			rv = yamlerr(&p, buf, len, file, e);
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			w = 1 + ev.data.scalar.length;
			sum += w;
			if ((a = ev.data.scalar.anchor) != NULL &&
			    anchor(&anchors, anchordup(a), w) == -1)
				rv = fc_seterr(e, EX_OSERR, "out of memory");
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (d == CONF_DEPTH) {
				rv = fc_seterr(e, EX_CONFIG,
				    "%s:%lu: nested deeper than %d levels",
				    file, (unsigned long)ev.start_mark.line + 1,
				    CONF_DEPTH);
				break;
			}
			a = ev.type == YAML_SEQUENCE_START_EVENT ?
			    ev.data.sequence_start.anchor :
			    ev.data.mapping_start.anchor;
			open[d].start = sum++;
			if ((open[d].anchor = anchordup(a)) == NULL && a != NULL)
				rv = fc_seterr(e, EX_OSERR, "out of memory");
			d++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			d--;
			if (open[d].anchor != NULL && anchor(&anchors,
			    open[d].anchor, sum - open[d].start) == -1)
				rv = fc_seterr(e, EX_OSERR, "out of memory");
			break;
		case YAML_ALIAS_EVENT:
			w = aliasweight(&anchors,
			    (const char *)ev.data.alias.anchor);
			sum += w;
			if ((repeated += w) > CONF_SIZE)
				rv = fc_seterr(e, EX_CONFIG, "%s:%lu: aliases "
				    "repeat more than %d bytes", file,
				    (unsigned long)ev.start_mark.line + 1,
				    CONF_SIZE);
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	while (d > 0)
		free(open[--d].anchor);
	tdestroy(anchors, anchorfree);
	yaml_parser_delete(&p);
	return rv;
}

static int
parse(struct fc_conf *c, const char *buf, size_t len, struct fc_err *e)
{
	yaml_parser_t p;
	yaml_document_t doc, more;
	yaml_node_t *root, *next;
	struct ctx x;
	int rv = 0;

	if (len > CONF_SIZE)
		return fc_seterr(e, EX_CONFIG, "%s:%lu: larger than %d bytes",
		    c->path, lineat(buf, len, CONF_SIZE), CONF_SIZE);
	if (prescan(buf, len, c->path, e) == -1)
		return -1;
	if (!yaml_parser_initialize(&p))
		return fc_seterr(e, EX_OSERR, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &doc)) {
		rv = yamlerr(&p, buf, len, c->path, e);
		yaml_parser_delete(&p);
		return rv;
	}
	x.doc = &doc;
	x.file = c->path;
	x.c = c;
	x.e = e;
	x.budget = 0;
	if ((root = yaml_document_get_root_node(&doc)) != NULL) {
		/* a second document would be silently ignored */
		if (!yaml_parser_load(&p, &more))
			rv = yamlerr(&p, buf, len, c->path, e);
		else {
			if ((next = yaml_document_get_root_node(&more)) != NULL)
				rv = fc_seterr(e, EX_CONFIG,
				    "%s:%lu: expected a single YAML document",
				    c->path, line(next));
			yaml_document_delete(&more);
		}
		if (rv == 0)
			rv = walk(&x, root, "", top_key, c);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	return rv;
}

static int
setdefault(char **s, const char *def)
{
	if (*s == NULL && (*s = strdup(def)) == NULL)
		return -1;
	return 0;
}

static int
defaults(struct fc_conf *c, struct fc_err *e)
{
	char *p;

	/* 8081: 8080 is fc-status -l's by convention */
	if (setdefault(&c->autodesk.base_url,
	    "https://developer.api.autodesk.com") == -1 ||
	    setdefault(&c->autodesk.callback_url,
	    "http://localhost:8081/oauth/callback") == -1 ||
	    setdefault(&c->google.base_url, "https://www.googleapis.com") == -1 ||
	    setdefault(&c->google.auth, "service_account") == -1 ||
	    setdefault(&c->google.scope, FC_GOOGLE_SCOPE) == -1 ||
	    setdefault(&c->log_level, "INFO") == -1 ||
	    setdefault(&c->log_file, "./logs/connector.log") == -1 ||
	    setdefault(&c->token_dir, "./tokens") == -1 ||
	    setdefault(&c->time_zone, "UTC") == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if (setdefault(&c->autodesk.grant, "authorization_code") == -1 ||
	    setdefault(&c->autodesk.scope, "data:read") == -1)
		return fc_seterr(e, EX_OSERR, "out of memory");
	if (c->autodesk.client_secret_file != NULL) {
		if ((p = abspath(c->dir, c->autodesk.client_secret_file)) ==
		    NULL)
			return fc_seterr(e, EX_OSERR, "out of memory");
		free(c->autodesk.client_secret_file);
		c->autodesk.client_secret_file = p;
	}
	if (c->google.credentials_path != NULL) {
		if ((p = abspath(c->dir, c->google.credentials_path)) == NULL)
			return fc_seterr(e, EX_OSERR, "out of memory");
		free(c->google.credentials_path);
		c->google.credentials_path = p;
	}
	return 0;
}

/* An environment variable; empty counts as unset. */
static const char *
env(const char *name)
{
	const char *s = getenv(name);

	return s != NULL && *s != '\0' ? s : NULL;
}

static int
envstr(const char *name, char **out, struct fc_err *e)
{
	const char *s;
	char *t;

	if ((s = env(name)) == NULL)
		return 0;
	if ((t = strdup(s)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	free(*out);
	*out = t;
	return 0;
}

static int
envint(const char *name, int *out, struct fc_err *e)
{
	const char *s;

	if ((s = env(name)) != NULL && fc_conf_posint(s, out) == -1)
		return fc_seterr(e, EX_CONFIG, "%s: expected a positive integer",
		    name);
	return 0;
}

static int
envover(struct fc_conf *c, struct fc_err *e)
{
	const char *s;
	char *t;

	if (envstr("DATABASE_URL", &c->database_url, e) == -1 ||
	    envint("SYNC_INTERVAL_MINUTES", &c->sync_interval_minutes, e) == -1 ||
	    envint("MAX_CONCURRENT_SYNCS", &c->max_concurrent_syncs, e) == -1 ||
	    envstr("CONNECTOR_LOG_FILE", &c->log_file, e) == -1 ||
	    envstr("CONNECTOR_AUTODESK_CLIENT_ID", &c->autodesk.client_id,
	    e) == -1 ||
	    envstr("CONNECTOR_AUTODESK_CLIENT_SECRET",
	    &c->autodesk.client_secret, e) == -1)
		return -1;
	/* a dry pass: fc-ingest writes nothing, no program makes its log */
	c->dry_run = env("FC_DRY_RUN") != NULL;
	if ((s = env("CONNECTOR_LOG_LEVEL")) != NULL) {
		if ((t = loglevel(s)) == NULL)
			return errno == ENOMEM ?
			    fc_seterr(e, EX_OSERR, "out of memory") :
			    fc_seterr(e, EX_CONFIG, "CONNECTOR_LOG_LEVEL: "
			    "expected DEBUG, INFO, WARNING or ERROR");
		free(c->log_level);
		c->log_level = t;
	}
	return 0;
}

/* Opens path unless it is missing; a directory is refused like fopen would. */
static FILE *
openconf(const char *path)
{
	struct stat st;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		errno = EISDIR;
		return NULL;
	}
	return fp;
}

/*
 * The file named by -c or $FC_CONFIG must exist; otherwise the first of
 * the usual places that does.  Returns NULL with *e and *fail set.
 */
static FILE *
find(const char *path, char **found, enum fc_conf_fail *fail,
    struct fc_err *e)
{
	const char *try[3], *s;
	char *xdg = NULL;
	size_t i, n = 0;
	int sys;
	FILE *fp = NULL;

	*fail = FC_CONF_UNREADABLE;
	if (path == NULL)
		path = env("FC_CONFIG");
	if (path != NULL) {
		if ((fp = openconf(path)) == NULL) {
			fc_seterr(e, EX_NOINPUT, "%s: %s", path,
			    strerror(errno));
			return NULL;
		}
		if ((*found = strdup(path)) == NULL) {
			fclose(fp);
			*fail = FC_CONF_NOMEM;
			fc_seterr(e, EX_OSERR, "out of memory");
			return NULL;
		}
		return fp;
	}

	try[n++] = CWD_CONF;
	/* XDG: a relative $XDG_CONFIG_HOME is invalid and ignored */
	if ((s = env("XDG_CONFIG_HOME")) != NULL && s[0] == '/') {
		if (asprintf(&xdg, "%s/fc/connector.yaml", s) == -1)
			xdg = NULL;
	} else if ((s = env("HOME")) != NULL) {
		if (asprintf(&xdg, "%s/.config/fc/connector.yaml", s) == -1)
			xdg = NULL;
	}
	if (xdg != NULL)
		try[n++] = xdg;
	/* as git's GIT_CONFIG_NOSYSTEM: a test must not find an installed fc */
	if ((sys = env("FC_CONFIG_NOSYSTEM") == NULL))
		try[n++] = ETC_CONF;

	for (i = 0; i < n; i++) {
		if ((fp = openconf(try[i])) != NULL) {
			if ((*found = strdup(try[i])) == NULL) {
				fclose(fp);
				fp = NULL;
				*fail = FC_CONF_NOMEM;
				fc_seterr(e, EX_OSERR, "out of memory");
			}
			break;
		}
		if (errno != ENOENT && errno != ENOTDIR) {
			fc_seterr(e, EX_NOINPUT, "%s: %s", try[i],
			    strerror(errno));
			break;
		}
	}
	if (i == n) {
		*fail = FC_CONF_NOTFOUND;
		fc_seterr(e, EX_CONFIG, "no connector.yaml found (tried %s%s%s%s%s)",
		    CWD_CONF, xdg ? ", " : "", xdg ? xdg : "",
		    sys ? ", " : "", sys ? ETC_CONF : "");
	}
	free(xdg);
	return fp;
}

/* The directory of the file, absolute; the file itself may be a link. */
static char *
dirof(const char *path)
{
	char *copy, *dir;

	if ((copy = strdup(path)) == NULL)
		return NULL;
	dir = realpath(dirname(copy), NULL);
	free(copy);
	return dir;
}

/*
 * The whole file, or CONF_SIZE + 1 bytes of it, which parse() refuses:
 * a file that never ends (a FIFO, /dev/zero) is read no further.
 */
static char *
slurp(FILE *fp, const char *file, size_t *len, enum fc_conf_fail *fail,
    struct fc_err *e)
{
	char *buf;
	size_t n;

	if ((buf = malloc(CONF_SIZE + 1)) == NULL) {
		*fail = FC_CONF_NOMEM;
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, CONF_SIZE + 1, fp);
	if (ferror(fp)) {
		*fail = FC_CONF_UNREADABLE;
		fc_seterr(e, EX_NOINPUT, "%s: %s", file, strerror(errno));
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/*
 * A configuration from the len bytes at buf, named name; or, name NULL,
 * from no file at all: the defaults.  The environment goes over either.
 */
static struct fc_conf *
build(const char *name, const char *buf, size_t len, enum fc_conf_fail *fail,
    struct fc_err *e)
{
	struct fc_conf *c;

	*fail = FC_CONF_NOMEM;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (name != NULL && (c->path = strdup(name)) == NULL)) {
		free(c);
		fc_seterr(e, EX_OSERR, "out of memory");
		return NULL;
	}
	c->sync_interval_minutes = 60;
	c->max_concurrent_syncs = 4;
	if (name != NULL && (c->dir = dirof(c->path)) == NULL) {
		*fail = errno == ENOMEM ? FC_CONF_NOMEM : FC_CONF_UNREADABLE;
		fc_seterr(e, errno == ENOMEM ? EX_OSERR : EX_NOINPUT, "%s: %s",
		    c->path, strerror(errno));
		goto fail;
	}
	*fail = FC_CONF_INVALID;
	if (name != NULL && parse(c, buf, len, e) == -1)
		goto fail;
	*fail = FC_CONF_NOMEM;
	if (defaults(c, e) == -1)
		goto fail;
	*fail = FC_CONF_ENV;
	if (envover(c, e) == -1)
		goto fail;
	*fail = FC_CONF_OK;
	return c;
fail:
	if (e != NULL && e->code == EX_OSERR)
		*fail = FC_CONF_NOMEM;
	fc_conf_free(c);
	return NULL;
}

struct fc_conf *
fc_conf_open(const char *path, int flags, enum fc_conf_fail *fail,
    struct fc_err *e)
{
	enum fc_conf_fail f;
	struct fc_conf *c = NULL;
	char *found = NULL, *buf;
	size_t len;
	FILE *fp;

	if ((fp = find(path, &found, &f, e)) == NULL) {
		if (f == FC_CONF_NOTFOUND && (flags & FC_CONF_OPTIONAL))
			c = build(NULL, NULL, 0, &f, e);
	} else {
		buf = slurp(fp, found, &len, &f, e);
		fclose(fp);
		if (buf != NULL)
			c = build(found, buf, len, &f, e);
		free(buf);
		free(found);
	}
	if (fail != NULL)
		*fail = c != NULL ? FC_CONF_OK : f;
	return c;
}

struct fc_conf *
fc_conf_load(const char *path, struct fc_err *e)
{
	return fc_conf_open(path, 0, NULL, e);
}

struct fc_conf *
fc_conf_parse(const char *name, const char *buf, size_t len,
    struct fc_err *e)
{
	enum fc_conf_fail f;

	return build(name, buf, len, &f, e);
}

static void
freeendpoint(struct fc_endpoint *ep)
{
	size_t i;

	free(ep->name);
	free(ep->endpoint_type);
	free(ep->project_id);
	free(ep->user_id);
	free(ep->details.project_id);
	free(ep->details.folder_id);
	free(ep->details.drive_id);
	free(ep->details.root);
	for (i = 0; i < ep->details.n_file_types; i++)
		free(ep->details.file_types[i]);
	free(ep->details.file_types);
	free(ep->details.json);
	free(ep->schedule.cron);
}

void
fc_conf_free(struct fc_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n_endpoints; i++)
		freeendpoint(&c->endpoints[i]);
	free(c->endpoints);
	free(c->path);
	free(c->dir);
	free(c->autodesk.client_id);
	free(c->autodesk.client_secret);
	free(c->autodesk.base_url);
	free(c->autodesk.callback_url);
	free(c->autodesk.client_secret_file);
	free(c->autodesk.grant);
	free(c->autodesk.scope);
	free(c->google.credentials_path);
	free(c->google.application_name);
	free(c->google.base_url);
	free(c->google.token_url);
	free(c->google.auth);
	free(c->google.subject);
	free(c->google.scope);
	free(c->database_url);
	free(c->log_level);
	free(c->log_file);
	free(c->token_dir);
	free(c->time_zone);
	for (i = 0; i < c->n_warnings; i++)
		free(c->warnings[i]);
	free(c->warnings);
	free(c);
}

const struct fc_endpoint *
fc_conf_endpoint(const struct fc_conf *c, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < c->n_endpoints; i++)
		if (strcmp(c->endpoints[i].name, name) == 0)
			return &c->endpoints[i];
	return NULL;
}

int
fc_conf_names(const struct fc_conf *c, char *const *names, size_t n,
    struct fc_err *e)
{
	char list[sizeof(e->msg)];
	size_t i, k, bad = 0, len = 0;

	list[0] = '\0';
	for (i = 0; i < n; i++) {
		if (fc_conf_endpoint(c, names[i]) != NULL)
			continue;
		for (k = 0; k < i; k++)		/* each name once */
			if (strcmp(names[k], names[i]) == 0)
				break;
		if (k < i)
			continue;
		if (len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    "%s\"%s\"", bad > 0 ? ", " : "", names[i]);
		bad++;
	}
	if (bad == 0)
		return 0;
	return fc_seterr(e, EX_USAGE, "%s: no endpoint%s named %s",
	    c->path != NULL ? c->path : "(no connector.yaml)",
	    bad > 1 ? "s" : "", list);
}

int
fc_conf_posint(const char *s, int *out)
{
	int v = 0, d;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = *s - '0';
		if (v > (INT_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

int
fc_conf_duration(const char *s, long long *out)
{
	static const struct {
		char	 unit;
		long long secs;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	long long v = 0, mul = 1;
	size_t i;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > FC_FULL_EVERY_MAX)
			return -1;
	}
	if (*s != '\0') {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (*s == units[i].unit)
				mul = units[i].secs;
		if (mul == 1 && *s != 's')
			return -1;
		if (s[1] != '\0')
			return -1;
	}
	if (v > FC_FULL_EVERY_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

int
fc_conf_type_active(const struct fc_conf *c, const char *type)
{
	size_t i;

	for (i = 0; i < c->n_endpoints; i++)
		if (c->endpoints[i].is_active &&
		    strcmp(c->endpoints[i].endpoint_type, type) == 0)
			return 1;
	return 0;
}
