/*
 * token.h: the token file of one client, under settings.token_dir.
 *
 * One file a client ("autodesk_tokens.json"), mode 0600 in a directory
 * of mode 0700, replaced whole on every write: a temporary file in the
 * same directory is written, fsync'ed and renamed over the old one, and
 * the directory is fsync'ed, so a crash leaves the old file or the new
 * one, never a mix.
 *
 * Refresh tokens that rotate (Autodesk's work once) must never be spent
 * by two processes.  fc_tok_lock() takes an exclusive flock(2) on a lock
 * file beside the token file; a refresh holds it from reading the file
 * to writing the new pair, and re-reads after taking it, since another
 * process may have refreshed meanwhile.  The lock is on a file of its
 * own because rename() replaces the token file's inode.
 *
 * The file is JSON, written by fc: a reader refuses anything else with
 * EX_DATAERR naming the file and member, never quoting a value.
 */
#ifndef FC_TOKEN_H
#define FC_TOKEN_H

#include <stdint.h>

#include "err.h"
#include "json.h"
#include "log.h"

struct fc_token {
	char	*grant;		/* "authorization_code", "client_credentials" */
	char	*access_token;
	int64_t	 expires_at;	/* Unix time; 0: unknown, treat as expired */
	char	*refresh_token;	/* NULL without one */
	int64_t	 refresh_expires_at;	/* 0: unknown */
	char	*scopes;	/* as requested: the answer does not say */
	char	*client_id;	/* whose tokens these are */
	char	*subject;	/* Google delegation: whose Drive, or NULL */
	int64_t	 obtained_at;
	/*
	 * A refresh the token service refused: its OAuth error
	 * ("invalid_grant"), or NULL; and when.  The tokens stay as they
	 * were, but a person must log in: a new login writes a file
	 * without these.
	 */
	char	*refused;
	int64_t	 refused_at;	/* 0: unknown */
};

struct fc_tokstore;

/*
 * The store of client ("autodesk") under dir.  Nothing is created yet:
 * a missing dir is made (mode 0700) by the first fc_tok_lock(), so a
 * command that only reads (fc-auth status) leaves no empty directory
 * behind.  Returns NULL with *e set: EX_CONFIG when dir is not a
 * directory or is open to others (fc will not keep secrets there).
 */
struct fc_tokstore *fc_tok_open(const char *dir, const char *client,
	    struct fc_err *e);
void	fc_tok_close(struct fc_tokstore *s);	/* unlocks too */

/*
 * A dry pass's store (fc-sync -n): it creates nothing, neither dir nor
 * the lock file nor the token file.  fc_tok_lock() takes the lock only
 * when its file is there (without it no token file is being written),
 * fc_tok_write() only replaces a token file that is there (a spent
 * refresh token must not be lost), and fc_tok_cache() writes nothing.
 */
void	fc_tok_dry(struct fc_tokstore *s);

/*
 * Reads client's token file under dir without creating or locking
 * anything, for fc-status: fc_tok_read()'s returns, and 1 also when dir
 * does not exist; -1 also for a dir fc_tok_open() refuses.
 */
int	fc_tok_peek(const char *dir, const char *client, struct fc_token *t,
	    struct fc_err *e);

/* The token file's path, for messages. */
const char *fc_tok_path(const struct fc_tokstore *s);

/*
 * Whether the token file is there, without reading, locking or creating
 * anything: a person's login that is not cannot be refreshed.
 */
int	fc_tok_exists(const struct fc_tokstore *s);

/*
 * Takes (blocking) or releases the exclusive lock, making the directory
 * first if it is missing.  Returns 0, or -1 with *e set: EX_IOERR, or
 * as fc_tok_open() for the directory, EX_CANTCREAT when it cannot be
 * made.
 */
int	fc_tok_lock(struct fc_tokstore *s, struct fc_err *e);
void	fc_tok_unlock(struct fc_tokstore *s);

/*
 * Reads the file into *t (fc_token_clear it).  Returns 0, 1 when there
 * is no file (not logged in), or -1 with *e set: EX_DATAERR for a file
 * that is not fc's token JSON, EX_NOPERM for one readable by others
 * (saying to run fc-auth logout and the client's name), EX_IOERR for a
 * read error.
 */
int	fc_tok_read(struct fc_tokstore *s, struct fc_token *t,
	    struct fc_err *e);
/*
 * The same for a logout, which also reads a file others could read: its
 * tokens may have leaked, which is all the more reason to revoke them.
 */
int	fc_tok_read_leaked(struct fc_tokstore *s, struct fc_token *t,
	    struct fc_err *e);

/*
 * The reader's part that needs no file: parses len bytes of buf (the
 * file's contents; name is for messages) into *t, strictly.  Returns 0,
 * or -1 with *t cleared and *e set: EX_DATAERR naming name and the
 * member, never quoting a value; EX_OSERR when memory ran out.
 */
int	fc_tok_parse(const char *buf, size_t len, const char *name,
	    struct fc_token *t, struct fc_err *e);

/* The file's JSON object for *t, to w, as fc_tok_write() writes it. */
void	fc_tok_json(const struct fc_token *t, struct fc_jw *w);

/*
 * Writes *t as described above.  Returns 0, or -1 with *e (EX_IOERR).
 * For what must not be lost: a rotated refresh token, a new login.
 */
int	fc_tok_write(struct fc_tokstore *s, const struct fc_token *t,
	    struct fc_err *e);
/*
 * The same for a token that can be had again (minted from a key or a
 * client secret, refreshed with a refresh token that stays good), which
 * the other processes of a pass share: in a dry pass's store nothing is
 * written, and the caller uses the token it holds.
 */
int	fc_tok_cache(struct fc_tokstore *s, const struct fc_token *t,
	    struct fc_err *e);

/*
 * Under the lock: writes *t again marked refused (why, the OAuth error,
 * at now), its tokens kept, so fc-status and fc-auth status see at once
 * that a person must log in.  Returns as fc_tok_write().
 */
int	fc_tok_refused(struct fc_tokstore *s, const struct fc_token *t,
	    const char *why, int64_t now, struct fc_err *e);

/*
 * One record in log for a token request of client that failed (what:
 * "refresh", "code exchange", "assertion", ...): e's message and code, the
 * HTTP status (0: no answer), and the service's own error and description
 * ("" or NULL: none).  A text of the service that quotes secret or sent
 * (the code or refresh token just sent; each NULL or "": none) is
 * withheld: it is the service's, and could.
 */
void	fc_tok_log_failed(struct fc_log *log, const char *client,
	    const char *what, const struct fc_err *e, long status,
	    const char *err, const char *desc, const char *secret,
	    const char *sent);

/* Removes the file (logout).  Returns 0 (also when there was none). */
int	fc_tok_remove(struct fc_tokstore *s, struct fc_err *e);

/* Frees t's strings, zeroing the secret ones first. */
void	fc_token_clear(struct fc_token *t);

#endif
