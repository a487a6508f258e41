/*
 * list_types.c: the endpoint types fc knows, each spelt once, and the
 * aliases configs may use for them.
 *
 * Only names here, no listers: conf.c checks every endpoint_type against
 * this table in every program, and a table holding the listers would
 * pull each of them, with libcurl, into programs that list nothing.
 * list.c finds a type's lister by the id.
 */
#include <stdio.h>
#include <string.h>

#include "list.h"

static const struct fc_lister listers[] = {
	{ FC_LISTER_LOCAL, "local", NULL },
	{ FC_LISTER_AUTODESK, "autodesk_construction_cloud", "autodesk" },
	{ FC_LISTER_GDRIVE, "google_drive", NULL },
};

#define NLISTERS	(sizeof(listers) / sizeof(listers[0]))

const struct fc_lister *
fc_lister_find(const char *type)
{
	size_t i;

	if (type == NULL)
		return NULL;
	for (i = 0; i < NLISTERS; i++)
		if (strcmp(type, listers[i].type) == 0 ||
		    (listers[i].alias != NULL &&
		    strcmp(type, listers[i].alias) == 0))
			return &listers[i];
	return NULL;
}

const char *
fc_lister_types(char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NLISTERS && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s%s%s%s",
		    i == 0 ? "" : i + 1 == NLISTERS ? " or " : ", ",
		    listers[i].type, listers[i].alias ? " (" : "",
		    listers[i].alias ? listers[i].alias : "",
		    listers[i].alias ? ")" : "");
	return buf;
}
