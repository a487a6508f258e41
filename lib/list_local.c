/*
 * list_local.c: the lister for endpoints of type local, a directory tree.
 *
 * One fts(3) walk of the scope (root, or root/folder_id) and one statx(2)
 * per candidate file.  fts runs with FTS_NOSTAT so that plain files are
 * not stat'ed by fts and again by us: it stats directories only, and the
 * statx of a file is the one call that fetches everything a file line
 * needs, birth time included.  The walk is the hot path of fc-list, so
 * nothing in it allocates per file: the link is encoded into a buffer
 * that only grows, the small fields are formatted into arrays on the
 * stack, and the line goes out through the caller's writer.
 *
 * A file's id is its path relative to the scope (see fc-list(1)): two
 * listings of the same tree give the same ids whatever the inode numbers
 * and the device, and an editor that saves by writing a temporary file
 * and renaming it over the old one keeps the id.
 *
 * Anything the walk cannot read (a directory without permission, an
 * entry that vanished in an odd way) makes the listing incomplete, so
 * fc-ingest never deletes what it could not see; it is counted in the
 * report for the command to warn about.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "lines.h"
#include "list.h"
#include "timefmt.h"

/*
 * Media types by extension, a few the connector's users keep (drawings,
 * models, documents).  The pairs are those of /etc/mime.types in
 * Debian 12's media-types 10.0.0, which follows the IANA media type
 * registry; IFC is application/p21 there (ISO 10303-21, the STEP file
 * format IFC files are written in), not the older application/x-step.
 * Sorted by extension for bsearch(3).
 */
static const struct mime {
	const char *ext;
	const char *type;
} mimes[] = {
	{ "7z",		"application/x-7z-compressed" },
	{ "csv",	"text/csv" },
	{ "doc",	"application/msword" },
	{ "docx",	"application/vnd.openxmlformats-officedocument."
			    "wordprocessingml.document" },
	{ "dwf",	"model/vnd.dwf" },
	{ "dwg",	"image/vnd.dwg" },
	{ "dxf",	"image/vnd.dxf" },
	{ "gif",	"image/gif" },
	{ "gz",		"application/gzip" },
	{ "htm",	"text/html" },
	{ "html",	"text/html" },
	{ "ifc",	"application/p21" },
	{ "jpeg",	"image/jpeg" },
	{ "jpg",	"image/jpeg" },
	{ "json",	"application/json" },
	{ "md",		"text/markdown" },
	{ "obj",	"model/obj" },
	{ "pdf",	"application/pdf" },
	{ "png",	"image/png" },
	{ "ppt",	"application/vnd.ms-powerpoint" },
	{ "pptx",	"application/vnd.openxmlformats-officedocument."
			    "presentationml.presentation" },
	{ "rtf",	"application/rtf" },
	{ "step",	"model/step" },
	{ "stl",	"model/stl" },
	{ "stp",	"model/step" },
	{ "svg",	"image/svg+xml" },
	{ "tar",	"application/x-tar" },
	{ "tif",	"image/tiff" },
	{ "tiff",	"image/tiff" },
	{ "txt",	"text/plain" },
	{ "xls",	"application/vnd.ms-excel" },
	{ "xlsx",	"application/vnd.openxmlformats-officedocument."
			    "spreadsheetml.sheet" },
	{ "xml",	"application/xml" },
	{ "zip",	"application/zip" },
};

#define MIME_DEFAULT	"application/octet-stream"

struct walk {
	struct fc_listing *l;
	char	*link;		/* file://, the encoded scope, "/" */
	size_t	 linkpre;	/* length up to and including that "/" */
	size_t	 linkcap;
	char	*path;		/* a path with a '%' in it, escaped */
	size_t	 pathcap;
};

static int
mimecmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct mime *)elem)->ext);
}

/* The extension of a name: after its last dot, which may not lead. */
static const char *
extension(const char *name, size_t len, size_t *extlen)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL || dot == name || (size_t)(dot - name) + 1 == len)
		return NULL;
	*extlen = len - (size_t)(dot - name) - 1;
	return dot + 1;
}

const char *
fc_list_mime(const char *name, size_t len)
{
	char low[8];
	const char *ext;
	const struct mime *m;
	size_t n, i;

	if ((ext = extension(name, len, &n)) == NULL || n >= sizeof(low))
		return MIME_DEFAULT;
	for (i = 0; i < n; i++)
		low[i] = (ext[i] >= 'A' && ext[i] <= 'Z') ? ext[i] - 'A' + 'a' :
		    ext[i];
	low[n] = '\0';
	m = bsearch(low, mimes, sizeof(mimes) / sizeof(mimes[0]),
	    sizeof(mimes[0]), mimecmp);
	return m ? m->type : MIME_DEFAULT;
}

/*
 * Percent-encodes s for a file: URI (RFC 8089, RFC 3986 section 2.1):
 * everything but the unreserved characters and "/", byte by byte, so a
 * name that is not UTF-8 still makes a link that names it exactly.  The
 * same set as Python's pathlib.Path.as_uri(), which the tests compare
 * against.  dst has room for 3 * len bytes.
 */
static size_t
pct_encode(char *dst, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/')
			dst[n++] = (char)c;
		else {
			dst[n++] = '%';
			dst[n++] = hex[c >> 4];
			dst[n++] = hex[c & 15];
		}
	}
	return n;
}

/* Decimal digits of v into the end of buf; returns where they start. */
static char *
fmt_i64(char *end, int64_t v)
{
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*--end = '\0';
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--end = '-';
	return end;
}

static int
link_room(struct walk *k, size_t len)
{
	size_t need = k->linkpre + 3 * len + 1;
	char *p;

	if (need <= k->linkcap)
		return 0;
	if (need < 2 * k->linkcap)
		need = 2 * k->linkcap;
	if ((p = realloc(k->link, need)) == NULL)
		return -1;
	k->link = p;
	k->linkcap = need;
	return 0;
}

/*
 * Writes the file line of one regular file.  rel is the path from the
 * scope ("a/b/c.pdf"), name its last component.  Returns what
 * fc_listing_file() returns.
 */
static int
emit(struct walk *k, const struct statx *sx, const char *rel, size_t rellen,
    const char *name, size_t namelen, struct fc_err *e)
{
	char vbuf[24], raw[192];
	struct fc_file f;
	size_t n;

	if (link_room(k, rellen) == -1)
		return fc_seterr(e, EX_OSERR, "%s", strerror(errno));
	n = pct_encode(k->link + k->linkpre, rel, rellen);
	k->link[k->linkpre + n] = '\0';

	/* dev and ino as strings: both are 64-bit and may pass 2^53 */
	snprintf(raw, sizeof(raw), "{\"dev\":\"%llu\",\"ino\":\"%llu\","
	    "\"mode\":\"%04o\",\"uid\":%u,\"gid\":%u,\"nlink\":%u}",
	    (unsigned long long)makedev(sx->stx_dev_major, sx->stx_dev_minor),
	    (unsigned long long)sx->stx_ino, (unsigned)(sx->stx_mode & 07777),
	    (unsigned)sx->stx_uid, (unsigned)sx->stx_gid,
	    (unsigned)sx->stx_nlink);

	memset(&f, 0, sizeof(f));
	f.id = rel;
	f.name = name;
	f.path = rel;
	/* the id stays the name itself; the path has its '%' escaped */
	if (memchr(rel, '%', rellen) != NULL) {
		if (3 * rellen + 1 > k->pathcap) {
			free(k->path);
			k->pathcap = 3 * rellen + 1;
			if ((k->path = malloc(k->pathcap)) == NULL) {
				k->pathcap = 0;
				return fc_seterr(e, EX_OSERR, "%s",
				    strerror(errno));
			}
		}
		k->path[fc_list_pathesc(k->path, rel, rellen, 1)] = '\0';
		f.path = k->path;
	}
	f.link = k->link;
	f.size = (int64_t)sx->stx_size;
	/* no birth time on this file system (or not for this file): null */
	f.created_at = (sx->stx_mask & STATX_BTIME) ? sx->stx_btime.tv_sec : 0;
	f.updated_at = sx->stx_mtime.tv_sec;
	/* nanoseconds: a rewrite within the same second still shows */
	f.version = fmt_i64(vbuf + sizeof(vbuf),
	    sx->stx_mtime.tv_sec * 1000000000LL + sx->stx_mtime.tv_nsec);
	f.mime_type = fc_list_mime(name, namelen);
	f.state = (rel[0] == '.' || strstr(rel, "/.") != NULL) ?
	    "hidden" : "present";
	f.raw = raw;
	return fc_listing_file(k->l, &f, e);
}

/*
 * The scope as an absolute path without "//" or a trailing "/", in a
 * malloc'd string.  folder_id may not climb out of root.
 */
static char *
scope_path(const struct fc_details *d, struct fc_err *e)
{
	const char *f = d->folder_id, *c;
	char *cwd = NULL, *s, *p, *q;
	size_t len;

	if (d->root == NULL || d->root[0] == '\0') {
		fc_seterr(e, EX_CONFIG, "endpoint_details.root: missing");
		return NULL;
	}
	if (f != NULL) {
		for (c = f; *c != '\0'; c += strcspn(c, "/")) {
			c += strspn(c, "/");
			if (strncmp(c, "..", 2) == 0 &&
			    (c[2] == '/' || c[2] == '\0')) {
				fc_seterr(e, EX_CONFIG, "endpoint_details."
				    "folder_id: \"..\" leaves the root");
				return NULL;
			}
		}
	}
	if (d->root[0] != '/' && (cwd = getcwd(NULL, 0)) == NULL) {
		fc_seterr(e, EX_OSERR, "getcwd: %s", strerror(errno));
		return NULL;
	}
	len = (cwd ? strlen(cwd) + 1 : 0) + strlen(d->root) + 1 +
	    (f ? strlen(f) : 0) + 1;
	if ((s = malloc(len)) == NULL) {
		free(cwd);
		fc_seterr(e, EX_OSERR, "%s", strerror(errno));
		return NULL;
	}
	snprintf(s, len, "%s%s%s/%s", cwd ? cwd : "", cwd ? "/" : "",
	    d->root, f ? f : "");
	free(cwd);
	/* squeeze "//" and drop a trailing "/", keeping "/" itself */
	for (p = q = s; *p != '\0'; p++)
		if (*p != '/' || q == s || q[-1] != '/')
			*q++ = *p;
	if (q > s + 1 && q[-1] == '/')
		q--;
	*q = '\0';
	return s;
}

/* Checks that the scope is a directory we can open, before the begin line. */
static int
scope_check(const struct fc_details *d, const char *scope, struct fc_err *e)
{
	int fd, code;

	if ((fd = open(scope, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		close(fd);
		return 0;
	}
	code = errno == ENOTDIR ? EX_CONFIG : EX_NOINPUT;
	if (d->folder_id != NULL && d->folder_id[0] != '\0')
		return fc_seterr(e, code, "folder_id %s: %s: %s", d->folder_id,
		    scope, strerror(errno));
	return fc_seterr(e, code, "root %s: %s", scope, strerror(errno));
}

static int
walk(struct walk *k, FTS *fts, size_t reloff, struct fc_err *e)
{
	const struct fc_details *d = &k->l->ep->details;
	struct statx sx;
	FTSENT *p;
	const char *rel;
	int rv;

	errno = 0;
	while ((p = fts_read(fts)) != NULL) {
		switch (p->fts_info) {
		case FTS_D:
			if (p->fts_level > 0 && !d->include_subfolders)
				fts_set(fts, p, FTS_SKIP);
			continue;
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			fc_listing_skip(k->l, p->fts_path, strerror(p->fts_errno));
			continue;
		case FTS_F:
		case FTS_NSOK:
		case FTS_DEFAULT:
			break;
		default:	/* FTS_DP, FTS_SL(NONE), FTS_DC, FTS_DOT */
			continue;
		}
		if (!fc_list_wanted(d, p->fts_name, p->fts_namelen))
			continue;
		/* fts has chdir'ed to the parent: fts_accpath is the name */
		if (statx(AT_FDCWD, p->fts_accpath,
		    AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
		    STATX_BASIC_STATS | STATX_BTIME, &sx) == -1) {
			if (errno != ENOENT)	/* gone since readdir */
				fc_listing_skip(k->l, p->fts_path, strerror(errno));
			errno = 0;
			continue;
		}
		if (S_ISDIR(sx.stx_mode)) {
			/*
			 * glibc's fts trusts a directory's link count to
			 * know when no subdirectory is left; a file system
			 * that counts otherwise hides one here.  Not walked,
			 * so not complete.
			 */
			fc_listing_skip(k->l, p->fts_path, strerror(EMLINK));
			continue;
		}
		if (!S_ISREG(sx.stx_mode))
			continue;
		rel = p->fts_path + reloff;
		/*
		 * JSON strings are Unicode: a name with bytes that are not
		 * UTF-8 could only be listed changed, and two such names
		 * could merge into one id.  Left out, it makes the listing
		 * incomplete, so nothing is taken for deleted on its account.
		 */
		if (!fc_utf8_valid(rel, p->fts_pathlen - reloff)) {
			fc_listing_skip(k->l, p->fts_path, "name is not UTF-8");
			continue;
		}
		rv = emit(k, &sx, rel, p->fts_pathlen - reloff, p->fts_name,
		    p->fts_namelen, e);
		if (rv != 0)
			return rv == 1 ? 0 : -1;	/* 1: max_files */
	}
	if (errno != 0)
		return fc_seterr(e, EX_IOERR, "walking %s: %s",
		    fts->fts_path ? fts->fts_path : "", strerror(errno));
	return 0;
}

int
fc_list_local(struct fc_listing *l, struct fc_err *e)
{
	const struct fc_endpoint *ep = l->ep;
	struct walk k;
	char *scope, *argv[2];
	FTS *fts;
	size_t slen, reloff;
	int rv;

	if ((scope = scope_path(&ep->details, e)) == NULL)
		return -1;
	if (scope_check(&ep->details, scope, e) == -1) {
		free(scope);
		return -1;
	}
	if (!fc_utf8_valid(scope, strlen(scope))) {
		fc_seterr(e, EX_DATAERR, "root: the path of the scope is not "
		    "UTF-8");
		free(scope);
		return -1;
	}

	memset(&k, 0, sizeof(k));
	k.l = l;
	slen = strlen(scope);
	/* fts names the root's children "/x", not "//x" */
	reloff = slen == 1 ? 1 : slen + 1;
	k.linkcap = sizeof("file://") + 3 * slen + 1 + 3 * 256;
	if ((k.link = malloc(k.linkcap)) == NULL) {
		free(scope);
		return fc_seterr(e, EX_OSERR, "%s", strerror(errno));
	}
	memcpy(k.link, "file://", 7);
	k.linkpre = 7 + pct_encode(k.link + 7, scope, slen);
	if (slen > 1)
		k.link[k.linkpre++] = '/';

	/*
	 * FTS_COMFOLLOW: a root that is a symbolic link to a directory
	 * (/data -> /srv/data) is walked; links below it are not.
	 */
	argv[0] = scope;
	argv[1] = NULL;
	if ((fts = fts_open(argv, FTS_PHYSICAL | FTS_NOSTAT | FTS_COMFOLLOW,
	    NULL)) == NULL) {
		rv = fc_seterr(e, EX_OSERR, "%s: %s", scope, strerror(errno));
		goto out;
	}
	if ((rv = fc_listing_begin(l, "full", scope, e)) == -1) {
		/* glibc's fts_close() frees the root only once fts_read() ran */
		(void)fts_read(fts);
		fts_close(fts);
		goto out;
	}
	rv = walk(&k, fts, reloff, e);
	/* fts_close() takes us back to the directory we started in */
	if (fts_close(fts) == -1 && rv == 0)
		rv = fc_seterr(e, EX_OSERR, "returning to the working "
		    "directory: %s", strerror(errno));
	if (rv == 0)
		rv = fc_listing_end(l, 1, NULL, e);
out:
	free(k.link);
	free(k.path);
	free(scope);
	return rv;
}
