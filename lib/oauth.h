/*
 * oauth.h: what the two OAuth 2.0 clients, auth.c (Autodesk) and gauth.c
 * (Google), build and read the same way: form bodies and query strings
 * whose values are secrets, the reason a token endpoint gives for a
 * refusal, and the "Bearer" header lent to requests.
 *
 * Everything that held a secret is wiped before it is freed.
 */
#ifndef FC_OAUTH_H
#define FC_OAUTH_H

#include <stddef.h>

#include "err.h"

/*
 * Appends "key=value" for each pair of strings up to a NULL key, values
 * escaped, to *form (malloc'd; NULL at first), joined by '&'.  0, or -1
 * out of memory, with *form wiped, freed and NULL.
 */
int	fc_oauth_form(char **form, ...) __attribute__((sentinel));
/* Wipes and frees a form (NULL: nothing). */
void	fc_oauth_form_free(char *form);

/*
 * The reason of a refusal: its "error" (APS's gateway says "errorCode")
 * into err and its "error_description" ("developerMessage") into desc,
 * unless desc is NULL, each "" when absent or the body is not JSON.  The
 * API's words, never a value of ours, for a one-line message: printable
 * ASCII (any other byte is '?'), err at most 40 bytes, each cut to fit.
 */
void	fc_oauth_error(const char *body, size_t len, char *err,
	    size_t errlen, char *desc, size_t desclen);

/*
 * Makes *hdr "Bearer <token>", wiping and freeing what it held, and
 * lends it in *out.  0, or -1 with *e set (EX_OSERR).
 */
int	fc_oauth_bearer(char **hdr, const char *token, const char **out,
	    struct fc_err *e);
/* Whether *hdr (or NULL) is the header of token. */
int	fc_oauth_bearer_is(const char *hdr, const char *token);
/* Wipes and frees a header made by fc_oauth_bearer (NULL: nothing). */
void	fc_oauth_bearer_free(char *hdr);

#endif
