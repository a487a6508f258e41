/*
 * apsdoc.h: the bodies Autodesk Platform Services answers with, read
 * from bytes: hubs and projects pages, contents pages, top folders,
 * folder and item documents, error bodies.  Nothing here does I/O or keeps state: list_aps.c makes
 * the requests and decides what to do with what these find, and
 * fuzz/aps.c hands them any bytes at all.  The shapes are those of
 * shared/reference/aps.md (JSON:API 1.0, tips in included[]).
 */
#ifndef FC_APSDOC_H
#define FC_APSDOC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "json.h"

enum fc_apsdoc_kind {
	FC_APSDOC_OTHER,	/* neither: no "type", or another one */
	FC_APSDOC_FOLDER,
	FC_APSDOC_ITEM
};

/*
 * One element of a document's data: strings and documents lent for the
 * duration of the callback only.
 */
struct fc_apsdoc_entry {
	enum fc_apsdoc_kind kind;
	const char	*id;		/* NULL when missing or empty */
	const char	*name;		/* a folder's attributes.name, or NULL */
	int		 hidden;	/* attributes.hidden */
	int64_t		 mtime;		/* a folder's lastModifiedTime, ms; -1 */
	int64_t		 rollup;	/* its lastModifiedTimeRollup, ms; -1 */
	const struct fc_jdoc *el;	/* the element itself */
	const struct fc_jdoc *tip;	/* an item's tip from included[], or NULL */
};

/* Called for each element; a non-zero return stops the reading. */
typedef int	fc_apsdoc_fn(void *arg, const struct fc_apsdoc_entry *en);

/*
 * Reads a page of folder contents, or the answer of topFolders: calls fn
 * for each element of data[] in order, an item joined with its tip in
 * included[] on relationships.tip.data.id.  Returns 0 with *next the
 * page's links.next.href (malloc'd; NULL when there is none, the last
 * page) and *odd NULL, or a reason the paging cannot go on ("links.next
 * without an href"); 1 when fn stopped it (*next NULL); -1 with *e set
 * when the body is not such a page (EX_PROTOCOL, fn never called) or
 * memory ran out (EX_OSERR).  The href is the API's, not yet resolved.
 */
int	fc_apsdoc_page(const char *body, size_t len, fc_apsdoc_fn *fn,
	    void *arg, char **next, const char **odd, struct fc_err *e);

/*
 * Reads the answer of GET folder or GET item: calls fn once, for data
 * (an item with its tip from included[], or NULL when not there).
 * Returns what fn did, or -1 with *e set as fc_apsdoc_page() does.
 */
int	fc_apsdoc_one(const char *body, size_t len, fc_apsdoc_fn *fn,
	    void *arg, struct fc_err *e);

/*
 * An element of GET hubs' data: strings lent for the duration of the
 * callback only, each NULL when missing or empty.
 */
struct fc_apsdoc_hub {
	const char	*id;		/* "b.<account uuid>" */
	const char	*name;		/* attributes.name */
	const char	*region;	/* attributes.region: "US", "EMEA"... */
	int		 account;	/* an ACC or BIM 360 account's hub, by
					   attributes.extension.type */
};

/* One of GET hubs' meta.warnings, lent likewise (APS spells it PascalCase). */
struct fc_apsdoc_warning {
	const char	*code;		/* ErrorCode */
	const char	*status;	/* HttpStatusCode, a string */
	const char	*detail;	/* Detail */
};

/* An element of GET projects' data, lent likewise. */
struct fc_apsdoc_project {
	const char	*id;		/* "b.<uuid>", as project_id wants it */
	const char	*name;		/* attributes.name */
	const char	*type;		/* extension.data.projectType: "ACC"... */
};

/* Called for each; a non-zero return stops the reading. */
typedef int	fc_apsdoc_hub_fn(void *arg, const struct fc_apsdoc_hub *h);
typedef void	fc_apsdoc_warning_fn(void *arg,
		    const struct fc_apsdoc_warning *w);
typedef int	fc_apsdoc_project_fn(void *arg,
		    const struct fc_apsdoc_project *p);

/*
 * Reads a page of GET hubs: warn for each element of meta.warnings
 * first (they say why data may be short, or missing: warn is called
 * even when the page is then refused), then fn for each element of data
 * in order.  Returns as fc_apsdoc_page() does: 0 with *next and *odd, 1
 * when fn stopped it, or -1 with *e set when the body is not such a page
 * (EX_PROTOCOL: "not a JSON object", warn not called either; "no data
 * array", fn never called) or memory ran out (EX_OSERR).
 */
int	fc_apsdoc_hubs(const char *body, size_t len, fc_apsdoc_warning_fn *warn,
	    fc_apsdoc_hub_fn *fn, void *arg, char **next, const char **odd,
	    struct fc_err *e);

/* Reads a page of GET hubs/:hub_id/projects likewise, fn for each project. */
int	fc_apsdoc_projects(const char *body, size_t len,
	    fc_apsdoc_project_fn *fn, void *arg, char **next, const char **odd,
	    struct fc_err *e);

/*
 * Reads the answer of GET hubs/:hub_id/projects/:project_id: *name its
 * data.attributes.name, malloc'd, or NULL when it has none (the caller
 * names the project by its id).  Returns 0, or -1 with *e set: the body
 * is not a JSON object (EX_PROTOCOL), memory ran out (EX_OSERR).
 */
int	fc_apsdoc_project_name(const char *body, size_t len, char **name,
	    struct fc_err *e);

/*
 * What an item and its tip version say of a file.  The strings are lent
 * by the two documents and by f itself: free with fc_apsdoc_file_free()
 * once done with them.
 */
struct fc_apsdoc_file {
	const char	*id;		/* the lineage id */
	const char	*name;		/* the tip's name, or a displayName */
	const char	*file_type;	/* the tip's fileType, or NULL */
	const char	*source_name;	/* extension.data.sourceFileName */
	const char	*link;		/* the item's links.webView.href */
	const char	*version_id;	/* the tip's id */
	const char	*version;	/* versionNumber, else version_id */
	const char	*mime_type;	/* the tip's mimeType, or NULL */
	const char	*ext_type;	/* the item's extension.type */
	const char	*created_by;	/* createUserName, item's first */
	const char	*modified_by;	/* lastModifiedUserName, tip's first */
	int64_t		 size;		/* storageSize; -1 unknown */
	int64_t		 created_at;	/* epoch seconds; 0 unknown */
	int64_t		 updated_at;
	int		 hidden;
	/* private */
	char		 vbuf[24];
	struct fc_jdoc	*held[24];
	int		 nheld;
};

/*
 * Fills *f from item and its tip (NULL: the item alone).  Returns 0, or
 * -1 when the item has no id or no name (f needs freeing either way).
 */
int	fc_apsdoc_file(const struct fc_jdoc *item, const struct fc_jdoc *tip,
	    struct fc_apsdoc_file *f);
void	fc_apsdoc_file_free(struct fc_apsdoc_file *f);

/*
 * Why an answer is not a 200, for a message of one line, in buf: "HTTP
 * 403 BIM360DM_ERROR", the code of the DM or the gateway error shape
 * when the body has one (control characters made '?'), never more of
 * the body.  Status 0 means no answer came: transport says why.
 */
void	fc_apsdoc_why(long status, const char *body, size_t len,
	    const char *transport, char *buf, size_t buflen);

/*
 * An APS time in milliseconds since the epoch, or -1: the three forms
 * aps.md lists ("...00.000Z", "...00.0000000Z", "...+00:00"), the
 * fraction kept to the millisecond.
 */
int64_t	fc_apsdoc_ms(const char *s);

#endif
