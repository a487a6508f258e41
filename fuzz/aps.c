/*
 * aps.c: the readers of what Autodesk Platform Services answers, on any
 * bytes.  The first byte picks the reader, the rest is the body:
 *
 *   0  a contents page or topFolders (fc_apsdoc_page); the same bytes as
 *      a page of GET hubs and of GET projects (fc_apsdoc_hubs,
 *      fc_apsdoc_projects), JSON:API pages all three
 *   1  GET item or GET folder (fc_apsdoc_one); the same bytes as GET
 *      project (fc_apsdoc_project_name)
 *   2  an error answer of the API (fc_apsdoc_why), status by the 2nd byte
 *   3  an answer of the token endpoint (fc_auth_answer), likewise
 *
 * Each item read becomes a file line as fc-list writes it, which must
 * parse back to the same values: a name, id or time never changes on its
 * way through fc.  A links.next is resolved as fc-list does and must stay
 * on the API's host, or be refused: the bearer token goes where it leads.
 * The three page readers must agree on the page: the same elements of
 * data, by id, in the same order, the same links.next, the same refusal;
 * GET hubs' warnings come before its hubs.
 * A message is one line, and one about a token never quotes it.
 */
#include <string.h>

#include "apsdoc.h"
#include "auth.h"
#include "http.h"
#include "token.h"
#include "fuzz.h"

#define BASE	"https://developer.api.autodesk.com"
#define NOW	1700000000

/* The file line fc-list would write for f, read back. */
static void
roundtrip(const struct fc_apsdoc_file *af)
{
	struct fc_file ff;
	struct fc_jw raw;
	char *path;

	/* the raw record list_aps.c's emit() writes, but the ids it adds */
	fc_jw_init(&raw);
	fc_jw_obj(&raw, NULL);
	fc_jw_str(&raw, "item", af->id);
	fc_jw_str(&raw, "version", af->version_id);
	fc_jw_str(&raw, "fileType", af->file_type);
	fc_jw_str(&raw, "type", af->ext_type);
	fc_jw_str(&raw, "createUserName", af->created_by);
	fc_jw_str(&raw, "lastModifiedUserName", af->modified_by);
	fc_jw_end_obj(&raw);
	path = fuzz_path("Project Files", af->name);
	memset(&ff, 0, sizeof(ff));
	ff.endpoint = "acc";
	ff.id = af->id;
	ff.name = af->name;
	ff.path = path;
	ff.link = af->link;
	ff.size = af->size;
	ff.created_at = af->created_at;
	ff.updated_at = af->updated_at;
	ff.version = af->version;
	ff.mime_type = af->mime_type ? af->mime_type :
	    fc_list_mime(af->name, strlen(af->name));
	ff.state = af->hidden ? "hidden" : "present";
	ff.raw = fuzz_jw_cstr(&raw);
	fuzz_roundtrip(&ff);
	fc_jw_free(&raw);
	free(path);
}

/* The elements a reader met, by id in order: a count and a hash. */
struct tally {
	int		 n;
	uint64_t	 h;
	int		 hubs;		/* GET hubs: hubs met, */
	int		 late;		/* and warnings after one */
};

static void
count(struct tally *t, const char *id)
{
	const char *s = id ? id : "";

	t->n++;
	/* FNV-1a, the NUL too, and a NULL apart from "" */
	t->h = (t->h ^ (id == NULL)) * 1099511628211ULL;
	do
		t->h = (t->h ^ (unsigned char)*s) * 1099511628211ULL;
	while (*s++ != '\0');
}

static int
entry(void *arg, const struct fc_apsdoc_entry *en)
{
	struct fc_apsdoc_file af;

	count(arg, en->id);
	CHECK(en->el != NULL);
	CHECK(en->id == NULL || (*en->id != '\0' && fuzz_utf8(en->id)));
	CHECK(en->name == NULL || (*en->name != '\0' && fuzz_utf8(en->name)));
	CHECK(en->mtime >= -1 && en->rollup >= -1);
	if (en->kind != FC_APSDOC_ITEM) {
		CHECK(en->tip == NULL);
		return 0;
	}
	if (fc_apsdoc_file(en->el, en->tip, &af) == 0) {
		CHECK(af.id != NULL && *af.id != '\0');
		CHECK(af.name != NULL && *af.name != '\0');
		CHECK(fuzz_same(af.id, en->id));
		CHECK(af.size >= -1);
		CHECK(af.version == NULL || *af.version != '\0');
		CHECK(en->tip != NULL || af.version_id == NULL);
		roundtrip(&af);
	}
	fc_apsdoc_file_free(&af);
	return 0;
}

/* What fc-list makes of a links.next: off BASE's host it is refused. */
static void
follow(const char *href)
{
	char *url;
	int rv;

	rv = fc_http_link(BASE, href, &url);
	CHECK(rv == 0 || rv == 1);
	if (rv == 1) {
		CHECK(url == NULL);
		return;
	}
	CHECK(strncmp(url, BASE, strlen(BASE)) == 0);
	CHECK(strchr("/?", url[strlen(BASE)]) != NULL);
	CHECK(strstr(url, href) != NULL);
	free(url);
}

static int
hub(void *arg, const struct fc_apsdoc_hub *h)
{
	struct tally *t = arg;

	count(t, h->id);
	t->hubs++;
	CHECK(h->id == NULL || (*h->id != '\0' && fuzz_utf8(h->id)));
	CHECK(h->name == NULL || (*h->name != '\0' && fuzz_utf8(h->name)));
	CHECK(h->region == NULL || (*h->region != '\0' && fuzz_utf8(h->region)));
	CHECK(h->account == 0 || h->account == 1);
	return 0;
}

static void
warning(void *arg, const struct fc_apsdoc_warning *w)
{
	struct tally *t = arg;

	if (t->hubs > 0)
		t->late++;
	CHECK(w->code == NULL || (*w->code != '\0' && fuzz_utf8(w->code)));
	CHECK(w->status == NULL || (*w->status != '\0' && fuzz_utf8(w->status)));
	CHECK(w->detail == NULL || (*w->detail != '\0' && fuzz_utf8(w->detail)));
}

static int
project(void *arg, const struct fc_apsdoc_project *p)
{
	count(arg, p->id);
	CHECK(p->id == NULL || (*p->id != '\0' && fuzz_utf8(p->id)));
	CHECK(p->name == NULL || (*p->name != '\0' && fuzz_utf8(p->name)));
	CHECK(p->type == NULL || (*p->type != '\0' && fuzz_utf8(p->type)));
	return 0;
}

/* What the contents reader made of a page: the others must agree. */
struct page {
	int		 rv;
	struct tally	 t;
	char		*next;
	const char	*odd;
	struct fc_err	 e;
};

/* Another reader's answer (its next freed) beside p's, memory apart. */
static void
agree(const struct page *p, int rv, const struct tally *t, char *next,
    const char *odd, const struct fc_err *e)
{
	if ((rv == -1 && e->code == EX_OSERR) ||
	    (p->rv == -1 && p->e.code == EX_OSERR)) {
		free(next);
		return;
	}
	CHECK(rv == p->rv);
	if (rv == -1) {
		fuzz_refused(rv, e);
		CHECK(strcmp(e->msg, p->e.msg) == 0);
		CHECK(next == NULL && odd == NULL);
		return;
	}
	CHECK(t->n == p->t.n && t->h == p->t.h);
	CHECK(fuzz_same(next, p->next) && fuzz_same(odd, p->odd));
	free(next);
}

static void
pages(const char *body, size_t len, int one)
{
	struct fc_err e = { 0 };
	struct page p;
	struct tally t = { 0 };
	const char *odd;
	char *next, *name;
	int rv;

	if (one) {
		if ((rv = fc_apsdoc_one(body, len, entry, &t, &e)) != 0)
			fuzz_refused(rv, &e);
		else
			CHECK(t.n == 1);
		if ((rv = fc_apsdoc_project_name(body, len, &name, &e)) != 0) {
			fuzz_refused(rv, &e);
			CHECK(name == NULL);
		} else
			CHECK(name == NULL || (*name != '\0' && fuzz_utf8(name)));
		free(name);
		return;
	}
	memset(&p, 0, sizeof(p));
	if ((p.rv = fc_apsdoc_page(body, len, entry, &p.t, &p.next, &p.odd,
	    &p.e)) != 0) {
		fuzz_refused(p.rv, &p.e);
		CHECK(p.t.n == 0);
	} else {
		CHECK(p.next == NULL || p.odd == NULL);
		if (p.next != NULL) {
			CHECK(*p.next != '\0');
			follow(p.next);
		}
	}
	rv = fc_apsdoc_hubs(body, len, warning, hub, &t, &next, &odd, &e);
	CHECK(t.late == 0 && (rv != -1 || t.hubs == 0));
	agree(&p, rv, &t, next, odd, &e);
	memset(&t, 0, sizeof(t));
	rv = fc_apsdoc_projects(body, len, project, &t, &next, &odd, &e);
	agree(&p, rv, &t, next, odd, &e);
	free(p.next);
}

static void
why(long status, const char *body, size_t len)
{
	char buf[256];

	fc_apsdoc_why(status, body, len, "Couldn't connect to server", buf,
	    sizeof(buf));
	CHECK(fuzz_oneline(buf) && fuzz_utf8(buf));
	CHECK(strncmp(buf, "HTTP ", 5) == 0);
	CHECK(strlen(buf) <= sizeof("HTTP 503 ") + 64);
}

static void
token(long status, const uint8_t *data, size_t len)
{
	static const struct fc_token zero;
	struct fc_token t;
	struct fc_err e = { 0 };
	char *body;
	size_t i;

	CHECK((body = malloc(len + 1)) != NULL);
	memcpy(body, data, len);
	if (fc_auth_answer(status, body, len, "client_credentials",
	    "client_credentials", NOW, &t, &e) == 0) {
		CHECK(status == 200);
		CHECK(t.access_token != NULL && *t.access_token != '\0');
		CHECK(fuzz_same(t.grant, "client_credentials"));
		CHECK(t.expires_at > NOW &&
		    t.expires_at <= NOW + FC_AUTH_REFRESH_LIFE);
		CHECK(t.refresh_token == NULL ? t.refresh_expires_at == 0 :
		    t.refresh_expires_at == NOW + FC_AUTH_REFRESH_LIFE);
		CHECK(t.obtained_at == NOW);
		fc_token_clear(&t);
	} else {
		CHECK(memcmp(&t, &zero, sizeof(t)) == 0);
		CHECK(e.msg[0] != '\0' && fuzz_oneline(e.msg));
		CHECK(e.code != 0 && e.code != EX_SOFTWARE);
		CHECK(!fuzz_quotes_token(data, len, e.msg));
	}
	/* a 200 holds tokens: nothing of it is left in memory */
	for (i = 0; status == 200 && i < len; i++)
		CHECK(body[i] == '\0');
	free(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long status = 0;
	size_t skip;
	int sel;

	if (size < 1)
		return 0;
	sel = data[0] % 4;
	skip = sel < 2 ? 1 : 2;		/* the selector, and a status */
	if (size < skip || fuzz_jq_leaks(data + skip, size - skip))
		return 0;
	if (sel >= 2)
		status = fuzz_status(data[1]);
	switch (sel) {
	case 0:
	case 1:
		pages((const char *)data + 1, size - 1, sel);
		break;
	case 2:
		why(status, (const char *)data + 2, size - 2);
		break;
	case 3:
		token(status, data + 2, size - 2);
		break;
	}
	return 0;
}
