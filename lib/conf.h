/*
 * conf.h: connector.yaml, read with libyaml into plain structs.
 *
 * fc_conf_load() finds the file (see connector.yaml(5) for the search
 * order), parses it, checks every key and value, resolves relative paths
 * against the directory of the file, and then applies the environment
 * overrides (DATABASE_URL, SYNC_INTERVAL_MINUTES, MAX_CONCURRENT_SYNCS,
 * CONNECTOR_LOG_LEVEL, CONNECTOR_LOG_FILE, CONNECTOR_AUTODESK_CLIENT_ID,
 * CONNECTOR_AUTODESK_CLIENT_SECRET; and FC_DRY_RUN, which fc-sync -n sets
 * for its three programs).  Errors are EX_CONFIG (or EX_NOINPUT
 * when an explicitly named file is missing) with a message of the form
 *
 *	connector.yaml:14: endpoints[1].schedule.type: expected interval, cron or manual
 *
 * settings.time_zone must name a TZif file under $TZDIR or
 * /usr/share/zoneinfo; the commands hand it to TZ (see sched.h).
 *
 * Everything in a struct fc_conf belongs to it and dies with fc_conf_free().
 * Strings that are absent from the file are NULL, never "".
 */
#ifndef FC_CONF_H
#define FC_CONF_H

#include <stddef.h>

#include "err.h"

enum fc_sched_type {
	FC_SCHED_INTERVAL,
	FC_SCHED_CRON,
	FC_SCHED_MANUAL
};

/*
 * The longest interval an endpoint may name, in minutes (about 694
 * days): the most an endpoint line carries (see lines.c).
 */
#define FC_INTERVAL_MAX	1000000

/*
 * endpoint_details.full_every of a cloud endpoint: how long incremental
 * listings go on before the next full walk, in seconds (0: every
 * listing is full); the default and the largest value allowed.
 */
#define FC_FULL_EVERY		86400
#define FC_FULL_EVERY_MAX	(1000 * 86400)

struct fc_schedule {
	enum fc_sched_type type;
	int	 interval_minutes;	/* 0: use fc_conf.sync_interval_minutes */
	char	*cron;			/* FC_SCHED_CRON: the expression, checked */
};

struct fc_details {
	char	*project_id;
	char	*folder_id;	/* local: a subpath of root; google_drive: an id */
	char	*drive_id;	/* google_drive: a shared drive's id */
	char	*root;		/* local: absolute after loading */
	char   **file_types;	/* lower case, without a leading dot */
	size_t	 n_file_types;	/* 0: every type */
	int	 include_subfolders;	/* default 1 */
	long long full_every;	/* cloud: seconds; default FC_FULL_EVERY */
	char	*json;		/* the whole endpoint_details mapping as JSON */
};

struct fc_endpoint {
	char	*name;
	char	*endpoint_type;	/* local, autodesk, google_drive */
	char	*project_id;
	char	*user_id;
	struct fc_details details;
	struct fc_schedule schedule;
	int	 is_active;	/* default 1 */
	int	 line;		/* where the entry starts in the file */
};

struct fc_autodesk {
	char	*client_id;
	char	*client_secret;		/* never print */
	char	*client_secret_file;	/* or the secret's file, absolute */
	char	*base_url;		/* default https://developer.api.autodesk.com */
	char	*callback_url;		/* default http://localhost:8081/oauth/callback */
	char	*grant;			/* authorization_code (default) or
					   client_credentials */
	char	*scope;			/* default "data:read" */
};

struct fc_google {
	char	*credentials_path;	/* absolute after loading */
	char	*application_name;	/* goes into the User-Agent */
	char	*auth;			/* service_account (default) or user */
	char	*subject;		/* domain-wide delegation: whose Drive */
	char	*scope;			/* default FC_GOOGLE_SCOPE */
	char	*base_url;		/* default https://www.googleapis.com */
	char	*token_url;		/* NULL: the key file's token_uri */
};

#define FC_GOOGLE_SCOPE \
	"https://www.googleapis.com/auth/drive.metadata.readonly"

struct fc_conf {
	char	*path;			/* the file read; NULL: none */
	char	*dir;			/* its directory, absolute; NULL: none */
	struct fc_autodesk autodesk;
	struct fc_google google;
	struct fc_endpoint *endpoints;
	size_t	 n_endpoints;

	/* settings: and their environment overrides */
	char	*database_url;		/* NULL: sqlite ./data/connector.db */
	int	 sync_interval_minutes;	/* default 60 */
	int	 max_concurrent_syncs;	/* default 4 */
	char	*log_level;		/* DEBUG, INFO, WARNING, ERROR; default INFO */
	char	*log_file;		/* default ./logs/connector.log */
	char	*token_dir;		/* default ./tokens */
	char	*time_zone;		/* IANA name, checked; default UTC */
	int	 dry_run;		/* $FC_DRY_RUN set: fc-sync -n's pass */

	/* Unknown keys and the like: one line each, as "file:line: key: why". */
	char   **warnings;
	size_t	 n_warnings;
};

/* What went wrong, beside the exit status in the struct fc_err. */
enum fc_conf_fail {
	FC_CONF_OK,
	FC_CONF_NOTFOUND,	/* none named, none on the search path: 78 */
	FC_CONF_UNREADABLE,	/* the file named or found cannot be read: 66 */
	FC_CONF_INVALID,	/* the file is wrong: 78 */
	FC_CONF_ENV,		/* an environment override is wrong: 78 */
	FC_CONF_NOMEM		/* 71 */
};

/*
 * The configuration, as every command gets it: the file and the
 * environment over it.  path is the -c operand or NULL to search
 * $FC_CONFIG, ./config/connector.yaml, $XDG_CONFIG_HOME/fc/connector.yaml
 * (default ~/.config), /etc/fc/connector.yaml (unless $FC_CONFIG_NOSYSTEM
 * is set).  An environment variable that is set but empty counts as unset,
 * here and for every override.
 *
 * With FC_CONF_OPTIONAL, finding no file when none was named (by path or
 * $FC_CONFIG) is no failure: the configuration returned has no file (path
 * and dir NULL), no endpoints, and the defaults and the environment for
 * settings.  Returns NULL with *e set, and *fail (when not NULL) saying
 * why, so that no caller reads the message to know.
 */
#define FC_CONF_OPTIONAL	0x1
struct fc_conf	*fc_conf_open(const char *path, int flags,
		    enum fc_conf_fail *fail, struct fc_err *e);

/* fc_conf_open(path, 0, NULL, e), for tests and tools. */
struct fc_conf	*fc_conf_load(const char *path, struct fc_err *e);
void		 fc_conf_free(struct fc_conf *c);

/*
 * Like fc_conf_load() from the len bytes at buf (no NUL needed) rather
 * than a file: name stands for the file in messages and c->path, and
 * relative paths resolve against its directory, which must exist.  For
 * tests and the fuzzer.
 */
struct fc_conf	*fc_conf_parse(const char *name, const char *buf, size_t len,
		    struct fc_err *e);

/* The endpoint called name, or NULL. */
const struct fc_endpoint *fc_conf_endpoint(const struct fc_conf *c,
		    const char *name);

/* Whether an active endpoint of c is of type type (canonical name). */
int		 fc_conf_type_active(const struct fc_conf *c, const char *type);

/*
 * Checks that each of the n names (-e operands) is an endpoint of c:
 * returns 0, or -1 with *e set to EX_USAGE and one message naming every
 * unknown one, the same words whichever program asks, before any of them
 * lists or syncs a thing.
 */
int		 fc_conf_names(const struct fc_conf *c, char *const *names,
		    size_t n, struct fc_err *e);

/*
 * Parses a SCHEDULE interval or an integer setting from the environment;
 * shared with the commands so "SYNC_INTERVAL_MINUTES=abc" and
 * "interval_minutes: abc" fail alike.  Returns 0 or -1.
 */
int		 fc_conf_posint(const char *s, int *out);

/*
 * Parses a duration: whole seconds ("3600"), or a number with a unit
 * s, m, h or d ("90m", "24h", "2d").  Returns 0 with *out in seconds, or
 * -1 for anything else, a value past FC_FULL_EVERY_MAX included.
 */
int		 fc_conf_duration(const char *s, long long *out);

#endif
