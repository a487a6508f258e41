/*
 * oauth.c: form bodies, refusals and bearer headers for both OAuth
 * clients (see oauth.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "http.h"
#include "json.h"
#include "oauth.h"

static int
form_add(char **form, const char *key, const char *value)
{
	char *v, *f;
	size_t n = *form ? strlen(*form) : 0;

	if ((v = fc_http_escape(value)) == NULL)
		return -1;
	f = realloc(*form, n + strlen(key) + strlen(v) + 3);
	if (f != NULL) {
		sprintf(f + n, "%s%s=%s", n ? "&" : "", key, v);
		*form = f;
	}
	explicit_bzero(v, strlen(v));
	free(v);
	return f != NULL ? 0 : -1;
}

int
fc_oauth_form(char **form, ...)
{
	const char *k, *v;
	va_list ap;
	int rv = 0;

	va_start(ap, form);
	while (rv == 0 && (k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		rv = form_add(form, k, v);
	}
	va_end(ap);
	if (rv == -1) {
		fc_oauth_form_free(*form);
		*form = NULL;
	}
	return rv;
}

void
fc_oauth_form_free(char *form)
{
	if (form != NULL) {
		explicit_bzero(form, strlen(form));
		free(form);
	}
}

/* s into out (outlen bytes), at most max bytes, as printable ASCII. */
static void
printable(const char *s, size_t max, char *out, size_t outlen)
{
	char *p;

	snprintf(out, outlen, "%.*s", (int)max, s);
	for (p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
}

void
fc_oauth_error(const char *body, size_t len, char *err, size_t errlen,
    char *desc, size_t desclen)
{
	struct fc_jdoc *d;
	struct fc_err ignored;
	const char *s;

	err[0] = '\0';
	if (desc != NULL)
		desc[0] = '\0';
	if ((d = fc_jdoc_parse(body, len, &ignored)) == NULL)
		return;
	if (fc_jdoc_str(d, "error", &s) == 0 ||
	    fc_jdoc_str(d, "errorCode", &s) == 0)
		printable(s, 40, err, errlen);
	if (desc != NULL && (fc_jdoc_str(d, "error_description", &s) == 0 ||
	    fc_jdoc_str(d, "developerMessage", &s) == 0))
		printable(s, desclen, desc, desclen);
	fc_jdoc_free(d);
}

int
fc_oauth_bearer(char **hdr, const char *token, const char **out,
    struct fc_err *e)
{
	fc_oauth_bearer_free(*hdr);
	if ((*hdr = malloc(strlen(token) + 8)) == NULL)
		return fc_seterr(e, EX_OSERR, "out of memory");
	sprintf(*hdr, "Bearer %s", token);
	*out = *hdr;
	return 0;
}

int
fc_oauth_bearer_is(const char *hdr, const char *token)
{
	return hdr != NULL && token != NULL && strcmp(hdr + 7, token) == 0;
}

void
fc_oauth_bearer_free(char *hdr)
{
	if (hdr != NULL) {
		explicit_bzero(hdr, strlen(hdr));
		free(hdr);
	}
}
