/*
 * conf.c: fc_conf_parse() on any bytes, as a connector.yaml.
 *
 * A refusal is one line with a sysexits code; so is every warning.  A
 * file that loads holds what conf.h promises (every endpoint named and
 * typed, details as JSON that parses, cron expressions that parse), and
 * each endpoint survives the trip fc-auth gives it to fc-list: written
 * as an endpoint line, read back by fc_line_parse() unchanged.
 */
#include <sysexits.h>
#include <string.h>

#include "conf.h"
#include "json.h"
#include "lines.h"
#include "sched.h"
#include "fuzz.h"

static void
endpoint(const struct fc_endpoint *ep)
{
	struct fc_cron cron;
	struct fc_jdoc *d;
	struct fc_err e = { 0 };
	struct fc_line l = { 0 };
	struct fc_jw w;
	const struct fc_endpoint *b;
	char *buf = NULL, why[128];
	size_t len = 0, i;
	FILE *fp;

	CHECK(ep->name != NULL && ep->name[0] != '\0');
	CHECK(ep->endpoint_type != NULL);
	CHECK(ep->details.json != NULL);
	CHECK((d = fc_jdoc_parse(ep->details.json, strlen(ep->details.json),
	    &e)) != NULL);
	fc_jdoc_free(d);
	if (ep->schedule.type == FC_SCHED_CRON)
		CHECK(fc_cron_parse(ep->schedule.cron, &cron, why,
		    sizeof(why)) == 0);

	CHECK((fp = open_memstream(&buf, &len)) != NULL);
	fc_jw_init(&w);
	CHECK(fc_emit_endpoint(fp, &w, ep, "c", "r") == 0);
	fc_jw_free(&w);
	CHECK(fclose(fp) == 0);
	CHECK(len > 0 && buf[len - 1] == '\n');
	CHECK(fc_line_parse(&l, buf, len - 1, &e) == 0);
	CHECK(l.type == FC_LINE_ENDPOINT);
	b = &l.u.endpoint.ep;
	CHECK(fuzz_same(b->name, ep->name));
	CHECK(fuzz_same(b->endpoint_type, ep->endpoint_type));
	CHECK(fuzz_same(b->project_id, ep->project_id));
	CHECK(fuzz_same(b->user_id, ep->user_id));
	CHECK(b->is_active == ep->is_active);
	CHECK(fuzz_same(b->details.root, ep->details.root));
	CHECK(fuzz_same(b->details.folder_id, ep->details.folder_id));
	CHECK(fuzz_same(b->details.project_id, ep->details.project_id));
	CHECK(b->details.include_subfolders == ep->details.include_subfolders);
	CHECK(b->details.n_file_types == ep->details.n_file_types);
	for (i = 0; i < ep->details.n_file_types; i++)
		CHECK(fuzz_same(b->details.file_types[i], ep->details.file_types[i]));
	CHECK(b->schedule.type == ep->schedule.type);
	CHECK(b->schedule.interval_minutes == ep->schedule.interval_minutes);
	CHECK(fuzz_same(b->schedule.cron, ep->schedule.cron));
	fc_line_clear(&l);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_conf *c;
	struct fc_err e = { 0 };
	size_t i;

	if ((c = fc_conf_parse("fuzz.yaml", (const char *)data, size,
	    &e)) == NULL) {
		CHECK(e.code == EX_CONFIG || e.code == EX_OSERR);
		CHECK(e.msg[0] != '\0' && fuzz_oneline(e.msg));
		return 0;
	}
	for (i = 0; i < c->n_warnings; i++)
		CHECK(fuzz_oneline(c->warnings[i]));
	for (i = 0; i < c->n_endpoints; i++)
		endpoint(&c->endpoints[i]);
	fc_conf_free(c);
	return 0;
}
