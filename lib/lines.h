/*
 * lines.h: the NDJSON lines that pass between fc-auth, fc-list and
 * fc-ingest, as documented in fc-lines(5).  Changing a field here changes
 * a public interface.
 *
 * Every line is one JSON object with a "type" and, for all types fc
 * defines, an "endpoint" (the endpoint's name).  A line of a type fc does
 * not know is not an error: fc_line_parse() reports FC_LINE_OTHER and the
 * command passes it through unchanged.
 *
 * fc_line_parse() checks every field of the known types; the strings in
 * a parsed line are lent and live until the next fc_line_parse() on the
 * same struct or fc_line_clear().
 */
#ifndef FC_LINES_H
#define FC_LINES_H

#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "err.h"
#include "json.h"

enum fc_line_type {
	FC_LINE_OTHER,		/* unknown type: pass it through */
	FC_LINE_ENDPOINT,	/* fc-auth: list this endpoint */
	FC_LINE_BEGIN,		/* fc-list: a listing starts */
	FC_LINE_FILE,		/* fc-list: one file */
	FC_LINE_END,		/* fc-list: the listing ends */
	FC_LINE_ERROR,		/* any: an endpoint failed */
	FC_LINE_SYNC		/* fc-ingest: what a sync did */
};

/* The file states; FC_STATE_DELETED only appears in delta listings. */
#define FC_STATES	"present, trashed, hidden or deleted"

struct fc_file {
	const char *endpoint;
	const char *id;		/* the provider's id; unique per endpoint */
	const char *name;
	const char *path;	/* "/"-separated, from the endpoint's scope */
	const char *link;	/* NULL when the provider has none */
	int64_t	    size;	/* -1: unknown */
	int64_t	    created_at;	/* Unix time, 0: unknown */
	int64_t	    updated_at;
	const char *version;
	const char *mime_type;
	const char *state;	/* present, trashed, hidden, deleted */
	const char *raw;	/* the provider's record as compact JSON, or NULL */
};

struct fc_begin {
	const char *endpoint;
	const char *endpoint_type;
	const char *mode;	/* "full": absent files are gone; "delta" */
	const char *scope;	/* what was listed, for people */
	const char *run;
	int64_t	    started_at;
};

struct fc_end {
	const char *endpoint;
	int	    complete;	/* every file of the scope was listed */
	int64_t	    count;	/* file lines in the listing */
	const char *cursor;	/* for the next incremental listing, or NULL */
	int64_t	    finished_at;
};

struct fc_error {
	const char *endpoint;
	int	    code;	/* sysexits value */
	const char *message;
	int64_t	    retry_after;	/* seconds, 0: none */
	const char *run;	/* the pass it belongs to, or NULL */
};

/* What fc-ingest did with one listing; its summary line. */
struct fc_sync {
	const char *endpoint;
	const char *run;
	const char *status;	/* ok, partial, failed, refused, busy */
	int	    dry_run;
	int	    complete;
	int64_t	    seen;
	int64_t	    inserted;
	int64_t	    updated;
	int64_t	    unchanged;
	int64_t	    deleted;
	int64_t	    started_at;
	int64_t	    finished_at;
	int	    code;	/* sysexits value; 0 when ok */
	const char *error;	/* NULL when ok */
};

/*
 * An endpoint line carries the endpoint's configuration minus anything
 * secret, the cursor of its last sync and the run id.  On parsing, the
 * configuration is rebuilt in ep, whose strings are lent like the rest.
 */
struct fc_endpoint_line {
	struct fc_endpoint ep;
	const char *cursor;
	const char *run;
};

struct fc_line {
	enum fc_line_type type;
	const char *typestr;	/* the "type" member as written */
	union {
		struct fc_endpoint_line endpoint;
		struct fc_begin	 begin;
		struct fc_file	 file;
		struct fc_end	 end;
		struct fc_error	 error;
		struct fc_sync	 sync;
	} u;
	void	*priv;		/* the parsed document and lent storage */
};

/*
 * Parses one line into l.  Returns 0, or -1 with *e set to EX_DATAERR and
 * a message naming the field ("\"size\": expected an integer").  Lines
 * whose type is unknown parse as FC_LINE_OTHER and are not checked.
 */
int	fc_line_parse(struct fc_line *l, const char *buf, size_t len,
	    struct fc_err *e);
void	fc_line_clear(struct fc_line *l);

/*
 * Writers: one line each to fp, built in w (a scratch writer the caller
 * keeps across calls so a listing allocates once).  Return 0, or -1 when
 * the write failed (errno set).  They do not flush.
 */
int	fc_emit_endpoint(FILE *fp, struct fc_jw *w,
	    const struct fc_endpoint *ep, const char *cursor, const char *run);
int	fc_emit_begin(FILE *fp, struct fc_jw *w, const struct fc_begin *b);
int	fc_emit_file(FILE *fp, struct fc_jw *w, const struct fc_file *f);
int	fc_emit_end(FILE *fp, struct fc_jw *w, const struct fc_end *en);
int	fc_emit_error(FILE *fp, struct fc_jw *w, const struct fc_error *er,
	    const char *run);
int	fc_emit_sync(FILE *fp, struct fc_jw *w, const struct fc_sync *s);

/* A fresh run id: 16 hex digits from the system's random source. */
void	fc_run_id(char buf[17]);

#endif
