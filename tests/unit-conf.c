/*
 * unit-conf.c: lib/conf.c against small connector.yaml files, as TAP.
 *
 * Each case writes a file into a private temporary directory (also the
 * working directory, for the ./config search), loads it and checks the
 * values, or the exact code and message of the failure: the messages are
 * an interface people grep for.  The environment the library reads is
 * set and unset here, so the caller's own never leaks in.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"

static int	ntest, nfail;
static char	top[PATH_MAX];	/* the temporary directory, resolved */

static const char *const envvars[] = {
	"FC_CONFIG", "XDG_CONFIG_HOME", "DATABASE_URL", "SYNC_INTERVAL_MINUTES",
	"MAX_CONCURRENT_SYNCS", "CONNECTOR_LOG_LEVEL", "CONNECTOR_LOG_FILE",
	"CONNECTOR_AUTODESK_CLIENT_ID", "CONNECTOR_AUTODESK_CLIENT_SECRET",
	"FC_DRY_RUN",
};

static void
result(int pass, const char *desc)
{
	printf("%sok %d - %s\n", pass ? "" : "not ", ++ntest, desc);
	if (!pass)
		nfail++;
}

static void
skip(const char *desc, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++ntest, desc, why);
}

static void
is_str(const char *got, const char *want, const char *desc)
{
	int pass;

	pass = got == want || (got != NULL && want != NULL &&
	    strcmp(got, want) == 0);
	result(pass, desc);
	if (!pass)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		    want ? want : "(null)");
}

static void
is_int(long got, long want, const char *desc)
{
	result(got == want, desc);
	if (got != want)
		printf("#   got:  %ld\n#   want: %ld\n", got, want);
}

static void __attribute__((noreturn))
bail(const char *what, const struct fc_err *e)
{
	printf("Bail out! %s: %d %s\n", what, e->code, e->msg);
	exit(1);
}

static void
put(const char *path, const char *text)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) == EOF ||
	    fclose(fp) == EOF) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* A path below the temporary directory. */
static const char *
at(const char *rel)
{
	static char buf[PATH_MAX + 64];

	snprintf(buf, sizeof(buf), "%s/%s", top, rel);
	return buf;
}

/* The warnings, one per line, for one comparison. */
static char *
warnings(const struct fc_conf *c)
{
	static char buf[4096];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < c->n_warnings; i++) {
		if (i > 0)
			strncat(buf, "\n", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, c->warnings[i], sizeof(buf) - strlen(buf) - 1);
	}
	return buf;
}

static struct fc_conf *
load(const char *path, const char *text)
{
	struct fc_conf *c;
	struct fc_err e = { 0, "" };

	if (text != NULL)
		put(path, text);
	if ((c = fc_conf_load(path, &e)) == NULL)
		bail(path ? path : "(search)", &e);
	return c;
}

/* "CODE MESSAGE" of loading path, which should fail. */
static const char *
failure(const char *path)
{
	static char buf[600];
	struct fc_conf *c;
	struct fc_err e = { 0, "" };

	if ((c = fc_conf_load(path, &e)) != NULL) {
		fc_conf_free(c);
		return "(loaded)";
	}
	snprintf(buf, sizeof(buf), "%d %s", e.code, e.msg);
	return buf;
}

/*
 * connector.yaml holding text must fail with code and msg (or, when
 * prefix is set, a message starting with msg).
 */
static void
fails_as(const char *text, int code, const char *msg, int prefix,
    const char *desc)
{
	struct fc_conf *c;
	struct fc_err e = { 0, "" };
	char got[600], want[600];

	put("connector.yaml", text);
	if ((c = fc_conf_load("connector.yaml", &e)) != NULL) {
		fc_conf_free(c);
		result(0, desc);
		printf("#   loaded; want: %d %s\n", code, msg);
		return;
	}
	snprintf(got, sizeof(got), "%d %s", e.code, e.msg);
	snprintf(want, sizeof(want), "%d %s", code, msg);
	if (prefix)
		got[strlen(want) < sizeof(got) ? strlen(want) : 0] = '\0';
	is_str(got, want, desc);
}

static void
fails(const char *text, const char *msg, const char *desc)
{
	fails_as(text, EX_CONFIG, msg, 0, desc);
}

static int
rmfile(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
test_posint(void)
{
	static const char *const badv[] = { "", "0", "-1", "+1", " 1", "1 ",
	    "1x", "0x10", "1.5", "2147483648", "99999999999999999999" };
	size_t i;
	int v, pass;

	v = 0;
	is_int(fc_conf_posint("60", &v) == 0 ? v : -1, 60, "posint: 60");
	is_int(fc_conf_posint("007", &v) == 0 ? v : -1, 7,
	    "posint: leading zeros are decimal");
	is_int(fc_conf_posint("2147483647", &v) == 0 ? v : -1, 2147483647,
	    "posint: INT_MAX");
	pass = fc_conf_posint(NULL, &v) == -1;
	for (i = 0; i < sizeof(badv) / sizeof(badv[0]); i++) {
		v = 42;
		if (fc_conf_posint(badv[i], &v) != -1 || v != 42) {
			printf("#   accepted or touched: \"%s\"\n", badv[i]);
			pass = 0;
		}
	}
	result(pass, "posint: sign, junk, zero and overflow refused, "
	    "output untouched");
}

static const char full[] =
	"clients:\n"
	"  autodesk:\n"
	"    client_id: id-1\n"
	"    client_secret: \"s3cr3t-file\"\n"
	"    base_url: https://adsk.example\n"
	"    callback_url: http://localhost:8080/cb\n"
	"  google_drive:\n"
	"    credentials_path: creds/google.json\n"
	"    application_name: fc test\n"
	"settings:\n"
	"  database_url: sqlite:///tmp/x.db\n"
	"  sync_interval_minutes: 30\n"
	"  max_concurrent_syncs: 2\n"
	"  log_level: warning\n"
	"  log_file: logs/x.log\n"
	"  token_dir: tok\n"
	"  time_zone: Europe/London\n"
	"endpoints:\n"
	"  - name: drawings\n"
	"    endpoint_type: local\n"
	"    project_id: p1\n"
	"    user_id: u1\n"
	"    endpoint_details:\n"
	"      root: tree/./a/\n"
	"      folder_id: sub/dir\n"
	"      file_types: [\".RVT\", Dwg, \"*.pdf\"]\n"
	"      include_subfolders: no\n"
	"    schedule:\n"
	"      type: interval\n"
	"      interval_minutes: 15\n"
	"    is_active: off\n"
	"  - name: models\n"
	"    endpoint_type: local\n"
	"    endpoint_details:\n"
	"      root: /srv//models/.\n"
	"      file_types: \" IFC, .nwd,,\"\n"
	"    schedule: {type: cron, cron: \"0 */6 * * *\"}\n"
	"  - name: acc\n"
	"    endpoint_type: autodesk\n"
	"    project_id: b.123\n"
	"    endpoint_details:\n"
	"      project_id: b.123\n"
	"      folder_id: \"urn:adsk.wipprod:fs.folder:co.abc\"\n"
	"      hub_id: b.hub\n"
	"      region: 42\n"
	"      flags: {beta: true, off: \"true\", tags: [a, \"007\", ~]}\n"
	"    schedule:\n"
	"      type: manual\n"
	"    is_active: yes\n";

static void
test_full(void)
{
	struct fc_conf *c;
	const struct fc_endpoint *ep;
	char want[PATH_MAX + 200];

	mkdir("sub", 0777);
	c = load("sub/connector.yaml", full);
	is_str(c->path, "sub/connector.yaml", "path as given");
	is_str(c->dir, at("sub"), "dir absolute");
	is_str(c->autodesk.client_id, "id-1", "autodesk.client_id");
	is_str(c->autodesk.client_secret, "s3cr3t-file",
	    "autodesk.client_secret");
	is_str(c->autodesk.base_url, "https://adsk.example",
	    "autodesk.base_url");
	is_str(c->autodesk.callback_url, "http://localhost:8080/cb",
	    "autodesk.callback_url");
	is_str(c->google.credentials_path, at("sub/creds/google.json"),
	    "credentials_path resolved against the file's directory");
	is_str(c->google.application_name, "fc test", "application_name");
	is_str(c->google.base_url, "https://www.googleapis.com",
	    "google base_url default");
	is_str(c->google.token_url, NULL,
	    "google token_url: no default, so the key file's token_uri is used");
	is_str(c->google.auth, "service_account", "google auth default");
	is_str(c->google.scope,
	    "https://www.googleapis.com/auth/drive.metadata.readonly",
	    "google scope default: metadata, read only");
	is_str(c->google.subject, NULL, "google subject: none");
	is_str(c->database_url, "sqlite:///tmp/x.db", "settings.database_url");
	is_int(c->sync_interval_minutes, 30, "settings.sync_interval_minutes");
	is_int(c->max_concurrent_syncs, 2, "settings.max_concurrent_syncs");
	is_str(c->log_level, "WARNING", "settings.log_level upper-cased");
	is_str(c->log_file, "logs/x.log",
	    "settings.log_file kept relative (to the working directory)");
	is_str(c->token_dir, "tok", "settings.token_dir");
	is_str(c->time_zone, "Europe/London", "settings.time_zone");
	is_str(warnings(c), "", "no warnings");
	is_int((long)c->n_endpoints, 3, "three endpoints");

	ep = fc_conf_endpoint(c, "drawings");
	result(ep == &c->endpoints[0], "fc_conf_endpoint finds drawings");
	result(fc_conf_endpoint(c, "nope") == NULL &&
	    fc_conf_endpoint(c, NULL) == NULL,
	    "fc_conf_endpoint: NULL for an unknown name");
	ep = &c->endpoints[0];
	is_str(ep->endpoint_type, "local", "endpoint_type");
	is_str(ep->project_id, "p1", "project_id");
	is_str(ep->user_id, "u1", "user_id");
	is_int(ep->line, 19, "line of the entry");
	is_str(ep->details.root, at("sub/tree/a"),
	    "relative root resolved against the file's directory, cleaned");
	is_str(ep->details.folder_id, "sub/dir", "folder_id");
	is_int((long)ep->details.n_file_types, 3, "three file types");
	is_str(ep->details.n_file_types == 3 ? ep->details.file_types[2] :
	    NULL, "pdf", "file_types: \"*.pdf\" is pdf");
	is_str(ep->details.n_file_types == 3 ? ep->details.file_types[0] :
	    NULL, "rvt", "file_types: \".RVT\" is rvt");
	is_int(ep->details.include_subfolders, 0, "include_subfolders: no");
	is_int(ep->schedule.type, FC_SCHED_INTERVAL, "schedule.type interval");
	is_int(ep->schedule.interval_minutes, 15, "interval_minutes");
	is_str(ep->schedule.cron, NULL, "no cron");
	is_int(ep->is_active, 0, "is_active: off");
	snprintf(want, sizeof(want), "{\"root\":\"%s\",\"folder_id\":"
	    "\"sub/dir\",\"file_types\":[\"rvt\",\"dwg\",\"pdf\"],"
	    "\"include_subfolders\":false}", at("sub/tree/a"));
	is_str(ep->details.json, want, "details.json of a local endpoint");

	ep = &c->endpoints[1];
	is_str(ep->details.root, "/srv/models", "absolute root cleaned");
	is_int((long)ep->details.n_file_types, 2,
	    "comma-separated file_types: two, stray comma dropped");
	is_str(ep->details.n_file_types == 2 ? ep->details.file_types[1] :
	    NULL, "nwd", "file_types: \" .nwd\" is nwd");
	is_int(ep->details.include_subfolders, 1, "include_subfolders default");
	is_int(ep->schedule.type, FC_SCHED_CRON, "schedule.type cron");
	is_str(ep->schedule.cron, "0 */6 * * *", "schedule.cron");
	is_int(ep->is_active, 1, "is_active default");
	is_str(ep->details.json, "{\"root\":\"/srv/models\",\"file_types\":"
	    "[\"ifc\",\"nwd\"],\"include_subfolders\":true}",
	    "details.json: include_subfolders filled in");

	ep = &c->endpoints[2];
	is_int(ep->schedule.type, FC_SCHED_MANUAL, "schedule.type manual");
	is_int(ep->is_active, 1, "is_active: yes");
	is_str(ep->details.project_id, "b.123", "details.project_id");
	is_str(ep->details.root, NULL, "no root for autodesk");
	is_str(ep->details.json, "{\"project_id\":\"b.123\",\"folder_id\":"
	    "\"urn:adsk.wipprod:fs.folder:co.abc\",\"hub_id\":\"b.hub\","
	    "\"region\":42,\"flags\":{\"beta\":true,\"off\":\"true\","
	    "\"tags\":[\"a\",\"007\",null]},\"include_subfolders\":true}",
	    "details.json keeps other keys: booleans, numbers, strings");
	fc_conf_free(c);
}

static void
test_defaults(void)
{
	struct fc_conf *c;
	const struct fc_endpoint *ep;
	char want[PATH_MAX + 100];

	c = load("connector.yaml", "endpoints:\n"
	    "  - name: d\n"
	    "    endpoint_type: local\n"
	    "    endpoint_details: {root: .}\n");
	is_str(c->dir, top, "dir of a bare file name");
	is_str(c->database_url, NULL, "database_url default NULL");
	is_int(c->sync_interval_minutes, 60, "sync_interval_minutes default");
	is_int(c->max_concurrent_syncs, 4, "max_concurrent_syncs default");
	is_str(c->log_level, "INFO", "log_level default");
	is_str(c->log_file, "./logs/connector.log", "log_file default");
	is_str(c->token_dir, "./tokens", "token_dir default");
	is_str(c->time_zone, "UTC", "time_zone default");
	is_str(c->autodesk.client_id, NULL, "client_id absent is NULL");
	is_str(c->autodesk.base_url, "https://developer.api.autodesk.com",
	    "autodesk base_url default");
	is_str(c->autodesk.callback_url,
	    "http://localhost:8081/oauth/callback",
	    "autodesk callback_url default: port 8081, not fc-status's 8080");
	ep = &c->endpoints[0];
	is_str(ep->details.root, top, "root: . is the file's directory");
	is_int((long)ep->details.n_file_types, 0, "no file_types: every type");
	is_int(ep->schedule.type, FC_SCHED_INTERVAL, "schedule default");
	is_int(ep->schedule.interval_minutes, 0,
	    "interval_minutes 0: the settings default applies");
	snprintf(want, sizeof(want),
	    "{\"root\":\"%s\",\"include_subfolders\":true}", top);
	is_str(ep->details.json, want, "minimal details.json");
	fc_conf_free(c);

	c = load("connector.yaml", "");
	result(c->n_endpoints == 0 && c->n_warnings == 0,
	    "an empty file is no endpoints and no warnings");
	fc_conf_free(c);
	c = load("connector.yaml", "# nothing\nendpoints:\nclients:\n");
	result(c->n_endpoints == 0 && c->n_warnings == 0,
	    "null sections are empty");
	fc_conf_free(c);
	c = load("connector.yaml", "endpoints: []\n");
	result(c->n_endpoints == 0, "an empty endpoint list is allowed");
	fc_conf_free(c);
	c = load("connector.yaml", "endpoints:\n"
	    "  - name: q\n"
	    "    endpoint_type: google_drive\n"
	    "    project_id: \"\"\n"
	    "    user_id: ~\n"
	    "    endpoint_details:\n"
	    "      file_types: []\n"
	    "    schedule:\n"
	    "      interval_minutes: 5\n");
	result(c->endpoints[0].project_id == NULL &&
	    c->endpoints[0].user_id == NULL, "\"\" and ~ are absent: NULL");
	is_int(c->endpoints[0].schedule.interval_minutes, 5,
	    "schedule type defaults to interval");
	is_str(c->endpoints[0].details.json,
	    "{\"file_types\":[],\"include_subfolders\":true}",
	    "empty file_types list");
	fc_conf_free(c);
}

static void
test_google(void)
{
	struct fc_conf *c;

	c = load("connector.yaml",
	    "clients:\n"
	    "  google_drive:\n"
	    "    credentials_path: /k/sa.json\n"
	    "    application_name: Acme fc\n"
	    "    subject: ann@example.com\n"
	    "    auth: service_account\n"
	    "    token_url: http://127.0.0.1:9/token\n"
	    "    base_url: http://127.0.0.1:9\n"
	    "    scope: https://www.googleapis.com/auth/drive.readonly\n"
	    "endpoints:\n"
	    "  - name: g\n"
	    "    endpoint_type: google_drive\n"
	    "    endpoint_details:\n"
	    "      folder_id: 1AbC-d_E\n"
	    "      drive_id: 0AbCdEfUk9PVA\n"
	    "      include_subfolders: false\n"
	    "      file_types: PDF, dwg\n"
	    "  - name: r\n"
	    "    endpoint_type: google_drive\n"
	    "    endpoint_details: {folder_id: root, drive_id: \"12345\"}\n");
	is_str(warnings(c), "", "google: every key known");
	is_str(c->google.subject, "ann@example.com", "google subject");
	is_str(c->google.token_url, "http://127.0.0.1:9/token",
	    "google token_url as set");
	is_str(c->google.base_url, "http://127.0.0.1:9", "google base_url");
	is_str(c->google.application_name, "Acme fc", "application_name");
	is_str(c->google.scope, "https://www.googleapis.com/auth/drive.readonly",
	    "google scope");
	is_str(c->endpoints[0].details.json,
	    "{\"folder_id\":\"1AbC-d_E\",\"drive_id\":\"0AbCdEfUk9PVA\","
	    "\"include_subfolders\":false,\"file_types\":[\"pdf\",\"dwg\"]}",
	    "google details.json: ids as strings, types normalised");
	is_str(c->endpoints[1].details.json,
	    "{\"folder_id\":\"root\",\"drive_id\":\"12345\","
	    "\"include_subfolders\":true}",
	    "folder_id root; a drive_id of digits stays a string");
	fc_conf_free(c);

	fails("clients:\n  google_drive:\n    auth: oauth\n",
	    "connector.yaml:3: clients.google_drive.auth: expected "
	    "service_account or user", "google auth: two values");
	fails("clients:\n  google_drive:\n    subject: ann\n",
	    "connector.yaml:3: clients.google_drive.subject: expected the "
	    "e-mail address of the user whose Drive the account reads",
	    "google subject: an address");
	fails("clients:\n  google_drive:\n    subject: ann@example.com\n"
	    "    auth: user\n",
	    "connector.yaml:3: clients.google_drive.subject: for a service "
	    "account's delegation, not with auth: user: a person's login "
	    "reads that person's Drive", "subject with auth: user, refused");
	fails("clients:\n  google_drive:\n    auth: user\n"
	    "    subject: ann@example.com\n",
	    "connector.yaml:4: clients.google_drive.subject: for a service "
	    "account's delegation, not with auth: user: a person's login "
	    "reads that person's Drive", "the same the other way round");
	fails("clients:\n  google_drive:\n    application_name: \"a\\nb\"\n",
	    "connector.yaml:3: clients.google_drive.application_name: "
	    "expected a name without control characters",
	    "application_name: no control characters (a header)");
	fails("endpoints:\n  - name: g\n    endpoint_type: google_drive\n"
	    "    endpoint_details:\n      folder_id: \"1Ab/../x\"\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.folder_id: "
	    "expected a Drive folder id (letters, digits, - and _)",
	    "google folder_id: an id");
	fails("endpoints:\n  - name: g\n    endpoint_type: google_drive\n"
	    "    endpoint_details:\n      folder_id: "
	    "https://drive.google.com/drive/folders/1AbC\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.folder_id: "
	    "expected the folder's id, not its address: the last part of "
	    "https://drive.google.com/drive/folders/<id>",
	    "google folder_id: an address is refused, saying where the id is");
	fails("endpoints:\n  - name: g\n    endpoint_type: google_drive\n"
	    "    endpoint_details:\n      drive_id: [a]\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.drive_id: "
	    "expected a string", "google drive_id: a string");
	fails("endpoints:\n  - name: g\n    endpoint_type: google_drive\n"
	    "    endpoint_details:\n      drive_id: root\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.drive_id: "
	    "root is My Drive, not a shared drive: leave drive_id out",
	    "google drive_id: root is a folder's alias, not a drive's");
	fails("endpoints:\n  - name: g\n    endpoint_type: google_drive\n"
	    "    endpoint_details:\n      drive_id: \"0A b\"\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.drive_id: "
	    "expected a shared drive id (letters, digits, - and _)",
	    "google drive_id: an id");
	fails("endpoints:\n  - name: g\n    endpoint_type: google_drive\n"
	    "    endpoint_details:\n      file_types: [pdf, \"\"]\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.file_types[1]: "
	    "expected a file extension", "google file_types as for local");
	c = load("connector.yaml", "endpoints:\n  - name: l\n"
	    "    endpoint_type: local\n    endpoint_details:\n"
	    "      root: /r\n      drive_id: x\n");
	is_str(warnings(c), "connector.yaml:6: endpoints[0].endpoint_details."
	    "drive_id: unknown key", "drive_id on a local endpoint: a warning");
	fc_conf_free(c);
}

static void
test_warnings(void)
{
	struct fc_conf *c;

	c = load("connector.yaml",
	    "colour: blue\n"
	    "clients:\n"
	    "  autodesk:\n"
	    "    auth_url: x\n"
	    "    client_secret: s3cr3t-w\n"
	    "  dropbox: {}\n"
	    "settings:\n"
	    "  log_levels: debug\n"
	    "endpoints:\n"
	    "  - name: a\n"
	    "    endpoint_type: local\n"
	    "    foo: s3cr3t-w\n"
	    "    endpoint_details:\n"
	    "      root: /r\n"
	    "      hub_id: h\n"
	    "    schedule:\n"
	    "      type: manual\n"
	    "      every: 5\n"
	    "      interval_minutes: 5\n"
	    "      cron: \"@daily\"\n"
	    "  - name: b\n"
	    "    endpoint_type: google_drive\n"
	    "    endpoint_details:\n"
	    "      hub_id: h\n"
	    "    schedule: {type: cron, cron: \"@hourly\", interval_minutes: 9}\n");
	is_str(warnings(c),
	    "connector.yaml:1: colour: unknown key\n"
	    "connector.yaml:4: clients.autodesk.auth_url: unknown key\n"
	    "connector.yaml:6: clients.dropbox: unknown key\n"
	    "connector.yaml:8: settings.log_levels: unknown key\n"
	    "connector.yaml:12: endpoints[0].foo: unknown key\n"
	    "connector.yaml:15: endpoints[0].endpoint_details.hub_id: "
	    "unknown key\n"
	    "connector.yaml:18: endpoints[0].schedule.every: unknown key\n"
	    "connector.yaml:19: endpoints[0].schedule.interval_minutes: "
	    "ignored unless type is interval\n"
	    "connector.yaml:20: endpoints[0].schedule.cron: "
	    "ignored unless type is cron\n"
	    "connector.yaml:25: endpoints[1].schedule.interval_minutes: "
	    "ignored unless type is interval",
	    "unknown and ignored keys warn, cloud details keys do not");
	is_int(c->endpoints[0].schedule.interval_minutes, 0,
	    "an ignored interval_minutes is not kept");
	is_str(c->endpoints[0].schedule.cron, NULL,
	    "an ignored cron is not kept");
	result(strstr(warnings(c), "s3cr3t") == NULL,
	    "warnings carry keys, never values");
	fc_conf_free(c);
}

static void
test_errors(void)
{
	fails("endpoints:\n"
	    "  - name: a\n"
	    "    endpoint_type: local\n"
	    "   bad: [\n",
	    "connector.yaml:4: did not find expected '-' indicator "
	    "(while parsing a block collection at line 2)",
	    "YAML syntax error: libyaml's words and line");
	fails("endpoints:\n  - name: a\n\tendpoint_type: local\n",
	    "connector.yaml:3: found a tab character that violates indentation "
	    "(while scanning a plain scalar at line 2)",
	    "a tab in the indentation");
	fails("# x\n\nendpoints: []\nname: \"\xff\"\n",
	    "connector.yaml:4: invalid leading UTF-8 octet",
	    "bad UTF-8: line counted from the byte offset");
	fails("a: *nowhere\n", "connector.yaml:1: found undefined alias",
	    "undefined alias");
	fails("---\nendpoints: []\n---\nendpoints: []\n",
	    "connector.yaml:4: expected a single YAML document",
	    "a second document");
	fails("- a\n- b\n", "connector.yaml:1: expected a mapping",
	    "top level not a mapping");
	fails("? [a]\n: b\n", "connector.yaml:1: expected a string as key",
	    "a key that is not a string");
	fails("endpoints: {a: 1}\n",
	    "connector.yaml:1: endpoints: expected a list",
	    "endpoints not a list");
	fails("endpoints:\n  - just a string\n",
	    "connector.yaml:2: endpoints[0]: expected a mapping",
	    "an endpoint that is not a mapping");
	fails("clients: [a]\n",
	    "connector.yaml:1: clients: expected a mapping",
	    "clients not a mapping");
	fails("settings:\n  log_file: {a: b}\n",
	    "connector.yaml:2: settings.log_file: expected a string",
	    "a mapping where a string belongs");
	fails("clients:\n  autodesk:\n    client_secret: [s3cr3t-e]\n",
	    "connector.yaml:3: clients.autodesk.client_secret: "
	    "expected a string", "client_secret of the wrong kind, no value");
	fails("# fc test\n"
	    "endpoints:\n"
	    "  - name: first\n"
	    "    endpoint_type: local\n"
	    "    endpoint_details:\n"
	    "      root: a\n"
	    "    schedule:\n"
	    "      type: interval\n"
	    "  - name: second\n"
	    "    endpoint_type: local\n"
	    "    endpoint_details:\n"
	    "      root: b\n"
	    "    schedule:\n"
	    "      type: hourly\n",
	    "connector.yaml:14: endpoints[1].schedule.type: "
	    "expected interval, cron or manual", "bad schedule.type");
	fails("endpoints:\n  - name: a\n    endpoint_type: dropbox\n",
	    "connector.yaml:3: endpoints[0].endpoint_type: "
	    "expected local, autodesk_construction_cloud (autodesk) or google_drive", "bad endpoint_type");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "    schedule: {interval_minutes: 0}\n",
	    "connector.yaml:5: endpoints[0].schedule.interval_minutes: "
	    "expected a positive integer", "interval_minutes: 0");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "    schedule: {type: manual, interval_minutes: -5}\n",
	    "connector.yaml:5: endpoints[0].schedule.interval_minutes: "
	    "expected a positive integer",
	    "a bad interval_minutes fails even where it is ignored");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "    schedule: {interval_minutes: 1000001}\n",
	    "connector.yaml:5: endpoints[0].schedule.interval_minutes: "
	    "expected at most 1000000 minutes",
	    "interval_minutes past what an endpoint line carries");
	fails("settings:\n  max_concurrent_syncs: 1.5\n",
	    "connector.yaml:2: settings.max_concurrent_syncs: "
	    "expected a positive integer", "max_concurrent_syncs: 1.5");
	fails("settings:\n  sync_interval_minutes: 99999999999\n",
	    "connector.yaml:2: settings.sync_interval_minutes: "
	    "expected a positive integer", "sync_interval_minutes overflow");
	fails("settings:\n  log_level: verbose\n",
	    "connector.yaml:2: settings.log_level: "
	    "expected DEBUG, INFO, WARNING or ERROR", "bad log_level");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "    is_active: maybe\n",
	    "connector.yaml:5: endpoints[0].is_active: expected true or false",
	    "bad is_active");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details:\n      root: r\n"
	    "      include_subfolders: 1\n",
	    "connector.yaml:6: endpoints[0].endpoint_details."
	    "include_subfolders: expected true or false",
	    "bad include_subfolders");
	fails("endpoints:\n  - endpoint_type: local\n",
	    "connector.yaml:2: endpoints[0].name: required key missing",
	    "missing name");
	fails("endpoints:\n  - name: \"\"\n    endpoint_type: local\n",
	    "connector.yaml:2: endpoints[0].name: required key missing",
	    "empty name");
	fails("endpoints:\n  - name: \"a\\tb\"\n    endpoint_type: local\n",
	    "connector.yaml:2: endpoints[0].name: "
	    "expected a name without control characters",
	    "a tab in a name");
	fails("endpoints:\n  - name: a\n    project_id: p\n",
	    "connector.yaml:2: endpoints[0].endpoint_type: "
	    "required key missing", "missing endpoint_type");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n",
	    "connector.yaml:2: endpoints[0].endpoint_details.root: "
	    "required for a local endpoint", "local without endpoint_details");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details:\n      folder_id: x\n      root: \"\"\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.root: "
	    "required for a local endpoint", "local with an empty root");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r, folder_id: x/../../etc}\n",
	    "connector.yaml:4: endpoints[0].endpoint_details.folder_id: "
	    "expected a relative path inside root, without ..",
	    "local folder_id climbing out of root");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r, folder_id: /etc}\n",
	    "connector.yaml:4: endpoints[0].endpoint_details.folder_id: "
	    "expected a relative path inside root, without ..",
	    "local folder_id absolute");
	fails("endpoints:\n"
	    "  - name: same\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "  - name: other\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "  - endpoint_type: local\n    name: same\n"
	    "    endpoint_details: {root: r}\n",
	    "connector.yaml:9: endpoints[2].name: duplicate endpoint name "
	    "\"same\" (endpoints[0] at line 2)",
	    "duplicate endpoint names: both lines");
	fails("clients:\n  autodesk:\n    client_secret: a\n"
	    "    client_secret: s3cr3t-d\n",
	    "connector.yaml:4: clients.autodesk.client_secret: "
	    "duplicate key (first at line 3)", "a key given twice");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r, file_types: {pdf: 1}}\n",
	    "connector.yaml:4: endpoints[0].endpoint_details.file_types: "
	    "expected a list or a comma-separated string",
	    "file_types a mapping");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details:\n      root: r\n"
	    "      file_types:\n        - pdf\n        - \" . \"\n",
	    "connector.yaml:8: endpoints[0].endpoint_details.file_types[1]: "
	    "expected a file extension", "an empty extension in a list");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r, file_types: [[pdf]]}\n",
	    "connector.yaml:4: endpoints[0].endpoint_details.file_types[0]: "
	    "expected a string", "a list inside file_types");
	fails("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "    schedule: {type: cron}\n",
	    "connector.yaml:5: endpoints[0].schedule.cron: "
	    "required for type cron", "type cron without cron");
	fails_as("endpoints:\n  - name: a\n    endpoint_type: local\n"
	    "    endpoint_details: {root: r}\n"
	    "    schedule:\n      type: cron\n      cron: \"0 25 * * *\"\n",
	    EX_CONFIG, "connector.yaml:7: endpoints[0].schedule.cron: ", 1,
	    "a bad cron expression is checked with fc_cron_parse");
	fails("endpoints:\n  - name: a\n    endpoint_type: autodesk\n"
	    "    endpoint_details:\n      hub: &loop [*loop]\n",
	    "connector.yaml:5: endpoints[0].endpoint_details.hub: "
	    "nested too deeply or too large",
	    "an alias loop in endpoint_details");
	fails("clients:\n  autodesk:\n    client_secret: s3cr3t-y: x\n",
	    "connector.yaml:3: mapping values are not allowed in this context",
	    "a syntax error on the client_secret line shows no value");
}

static void
test_files(void)
{
	struct fc_conf *c;

	is_str(failure("nope.yaml"), "66 nope.yaml: No such file or directory",
	    "-c FILE missing: 66");
	is_str(failure("sub"), "66 sub: Is a directory", "-c DIR: 66");
	setenv("FC_CONFIG", "missing.yaml", 1);
	is_str(failure(NULL), "66 missing.yaml: No such file or directory",
	    "$FC_CONFIG missing: 66");
	put("other.yaml", "endpoints:\n  - name: other\n"
	    "    endpoint_type: google_drive\n");
	c = load("other.yaml", NULL);
	is_str(c->endpoints[0].name, "other", "-c FILE wins over $FC_CONFIG");
	fc_conf_free(c);

	/* the search, an installed fc's /etc/fc/connector.yaml left out */
	unsetenv("FC_CONFIG");
	setenv("HOME", "/nonexistent", 1);
	setenv("FC_CONFIG_NOSYSTEM", "1", 1);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	is_str(failure(NULL),
	    "78 no connector.yaml found (tried config/connector.yaml, "
	    "/nonexistent/.config/fc/connector.yaml)",
	    "nothing found: 78; a relative XDG_CONFIG_HOME is ignored");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	is_str(failure(NULL),
	    "78 no connector.yaml found (tried config/connector.yaml)",
	    "no HOME: not tried");
	setenv("HOME", "/nonexistent", 1);
	if (access("/etc/fc/connector.yaml", F_OK) == 0)
		skip("/etc/fc/connector.yaml tried last",
		    "/etc/fc/connector.yaml exists");
	else {
		unsetenv("FC_CONFIG_NOSYSTEM");
		is_str(failure(NULL),
		    "78 no connector.yaml found (tried config/connector.yaml, "
		    "/nonexistent/.config/fc/connector.yaml, "
		    "/etc/fc/connector.yaml)",
		    "without FC_CONFIG_NOSYSTEM, /etc/fc/connector.yaml tried last");
		setenv("FC_CONFIG_NOSYSTEM", "1", 1);
	}
	mkdir("xdg", 0777);
	mkdir("xdg/fc", 0777);
	put("xdg/fc/connector.yaml", "endpoints:\n  - name: xdg\n"
	    "    endpoint_type: google_drive\n");
	setenv("XDG_CONFIG_HOME", at("xdg"), 1);
	c = load(NULL, NULL);
	is_str(c->path, at("xdg/fc/connector.yaml"),
	    "$XDG_CONFIG_HOME/fc/connector.yaml found");
	fc_conf_free(c);
	mkdir("config", 0777);
	put("config/connector.yaml", "endpoints:\n  - name: cwd\n"
	    "    endpoint_type: local\n    endpoint_details: {root: t}\n");
	c = load(NULL, NULL);
	is_str(c->path, "config/connector.yaml",
	    "./config/connector.yaml wins over XDG");
	is_str(c->endpoints[0].details.root, at("config/t"),
	    "root relative to config/");
	fc_conf_free(c);
	setenv("FC_CONFIG", "other.yaml", 1);
	c = load(NULL, NULL);
	is_str(c->path, "other.yaml", "$FC_CONFIG wins over ./config");
	fc_conf_free(c);
	setenv("FC_CONFIG", "", 1);
	c = load(NULL, NULL);
	is_str(c->path, "config/connector.yaml", "an empty $FC_CONFIG is unset");
	fc_conf_free(c);
	unsetenv("FC_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_env(void)
{
	static const char base[] =
	    "clients:\n  autodesk: {client_id: file-id, client_secret: file-s}\n"
	    "settings:\n  database_url: sqlite:///file.db\n"
	    "  sync_interval_minutes: 30\n  max_concurrent_syncs: 2\n"
	    "  log_level: ERROR\n  log_file: file.log\n";
	struct fc_conf *c;

	put("env.yaml", base);
	setenv("DATABASE_URL", "sqlite:///env.db", 1);
	setenv("SYNC_INTERVAL_MINUTES", "5", 1);
	setenv("MAX_CONCURRENT_SYNCS", "8", 1);
	setenv("CONNECTOR_LOG_LEVEL", "debug", 1);
	setenv("CONNECTOR_LOG_FILE", "/var/log/fc.log", 1);
	setenv("CONNECTOR_AUTODESK_CLIENT_ID", "env-id", 1);
	setenv("CONNECTOR_AUTODESK_CLIENT_SECRET", "env-s3cr3t", 1);
	c = load("env.yaml", NULL);
	is_str(c->database_url, "sqlite:///env.db", "DATABASE_URL wins");
	is_int(c->sync_interval_minutes, 5, "SYNC_INTERVAL_MINUTES wins");
	is_int(c->max_concurrent_syncs, 8, "MAX_CONCURRENT_SYNCS wins");
	is_str(c->log_level, "DEBUG", "CONNECTOR_LOG_LEVEL, any case");
	is_str(c->log_file, "/var/log/fc.log", "CONNECTOR_LOG_FILE wins");
	is_str(c->autodesk.client_id, "env-id",
	    "CONNECTOR_AUTODESK_CLIENT_ID wins");
	is_str(c->autodesk.client_secret, "env-s3cr3t",
	    "CONNECTOR_AUTODESK_CLIENT_SECRET wins");
	fc_conf_free(c);

	setenv("SYNC_INTERVAL_MINUTES", "abc", 1);
	is_str(failure("env.yaml"), "78 SYNC_INTERVAL_MINUTES: expected a positive integer",
	    "bad SYNC_INTERVAL_MINUTES: 78, names the variable");
	setenv("SYNC_INTERVAL_MINUTES", "5", 1);
	setenv("MAX_CONCURRENT_SYNCS", "0", 1);
	is_str(failure("env.yaml"), "78 MAX_CONCURRENT_SYNCS: expected a positive integer",
	    "MAX_CONCURRENT_SYNCS=0: 78");
	setenv("MAX_CONCURRENT_SYNCS", "8", 1);
	setenv("CONNECTOR_LOG_LEVEL", "verbose", 1);
	is_str(failure("env.yaml"),
	    "78 CONNECTOR_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR",
	    "bad CONNECTOR_LOG_LEVEL: 78");

	setenv("DATABASE_URL", "", 1);
	setenv("SYNC_INTERVAL_MINUTES", "", 1);
	setenv("CONNECTOR_LOG_LEVEL", "", 1);
	setenv("CONNECTOR_AUTODESK_CLIENT_SECRET", "", 1);
	c = load("env.yaml", NULL);
	result(strcmp(c->database_url, "sqlite:///file.db") == 0 &&
	    c->sync_interval_minutes == 30 &&
	    strcmp(c->log_level, "ERROR") == 0 &&
	    strcmp(c->autodesk.client_secret, "file-s") == 0,
	    "an empty variable counts as unset");
	fc_conf_free(c);
	put("env.yaml", "settings:\n  log_level: nonsense\n");
	is_str(failure("env.yaml"),
	    "78 env.yaml:2: settings.log_level: "
	    "expected DEBUG, INFO, WARNING or ERROR",
	    "the file is checked before the environment applies");
	put("env.yaml", "");
	setenv("CONNECTOR_LOG_LEVEL", "warning", 1);
	c = load("env.yaml", NULL);
	is_str(c->log_level, "WARNING", "CONNECTOR_LOG_LEVEL over the default");
	fc_conf_free(c);
	for (size_t i = 0; i < sizeof(envvars) / sizeof(envvars[0]); i++)
		unsetenv(envvars[i]);
}

/* fc_conf_open(): what went wrong as a kind; FC_CONF_OPTIONAL. */
static void
test_open(void)
{
	struct fc_conf *c;
	struct fc_err e = { 0, "" };
	enum fc_conf_fail f;

	/* away from the ./config/connector.yaml of test_files() */
	if (mkdir("open", 0777) == -1 || chdir("open") == -1) {
		printf("Bail out! cannot make open/\n");
		exit(1);
	}
	setenv("HOME", "/nonexistent", 1);
	if (getenv("FC_CONFIG_NOSYSTEM") == NULL &&
	    access("/etc/fc/connector.yaml", F_OK) == 0) {
		skip("nothing found: FC_CONF_NOTFOUND", "/etc/fc exists");
		skip("FC_CONF_OPTIONAL: the defaults", "/etc/fc exists");
		skip("FC_CONF_OPTIONAL: the environment", "/etc/fc exists");
		skip("FC_DRY_RUN: a dry pass", "/etc/fc exists");
		skip("FC_DRY_RUN empty: not one", "/etc/fc exists");
		skip("FC_CONF_OPTIONAL: empty is unset", "/etc/fc exists");
		skip("FC_CONF_OPTIONAL: a bad variable", "/etc/fc exists");
	} else {
		c = fc_conf_open(NULL, 0, &f, &e);
		result(c == NULL && f == FC_CONF_NOTFOUND &&
		    e.code == EX_CONFIG, "nothing found: FC_CONF_NOTFOUND, 78");
		c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
		result(c != NULL && f == FC_CONF_OK && c->path == NULL &&
		    c->dir == NULL && c->n_endpoints == 0 &&
		    c->database_url == NULL && c->max_concurrent_syncs == 4 &&
		    strcmp(c->log_level, "INFO") == 0 &&
		    strcmp(c->log_file, "./logs/connector.log") == 0,
		    "FC_CONF_OPTIONAL: no file, the defaults");
		fc_conf_free(c);
		setenv("DATABASE_URL", "sqlite:///env.db", 1);
		setenv("CONNECTOR_LOG_LEVEL", "debug", 1);
		setenv("MAX_CONCURRENT_SYNCS", "9", 1);
		c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
		result(c != NULL && strcmp(c->database_url,
		    "sqlite:///env.db") == 0 &&
		    strcmp(c->log_level, "DEBUG") == 0 &&
		    c->max_concurrent_syncs == 9 && !c->dry_run,
		    "FC_CONF_OPTIONAL: the environment over the defaults");
		fc_conf_free(c);
		setenv("FC_DRY_RUN", "1", 1);
		c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
		result(c != NULL && c->dry_run, "FC_DRY_RUN: a dry pass");
		fc_conf_free(c);
		setenv("FC_DRY_RUN", "", 1);
		c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
		result(c != NULL && !c->dry_run, "FC_DRY_RUN empty: not one");
		fc_conf_free(c);
		setenv("DATABASE_URL", "", 1);
		setenv("CONNECTOR_LOG_LEVEL", "", 1);
		setenv("CONNECTOR_LOG_FILE", "", 1);
		setenv("MAX_CONCURRENT_SYNCS", "", 1);
		setenv("FC_CONFIG", "", 1);
		c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
		result(c != NULL && c->database_url == NULL &&
		    strcmp(c->log_level, "INFO") == 0 &&
		    strcmp(c->log_file, "./logs/connector.log") == 0 &&
		    c->max_concurrent_syncs == 4,
		    "FC_CONF_OPTIONAL: an empty variable is unset");
		fc_conf_free(c);
		setenv("MAX_CONCURRENT_SYNCS", "abc", 1);
		c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
		result(c == NULL && f == FC_CONF_ENV && e.code == EX_CONFIG,
		    "FC_CONF_OPTIONAL: a bad variable is FC_CONF_ENV, 78");
		unsetenv("MAX_CONCURRENT_SYNCS");
	}
	setenv("FC_CONFIG", "gone.yaml", 1);
	c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
	result(c == NULL && f == FC_CONF_UNREADABLE && e.code == EX_NOINPUT,
	    "a $FC_CONFIG that is missing fails, optional or not");
	unsetenv("FC_CONFIG");
	c = fc_conf_open("gone.yaml", FC_CONF_OPTIONAL, &f, &e);
	result(c == NULL && f == FC_CONF_UNREADABLE && e.code == EX_NOINPUT,
	    "so does -c of a missing file: FC_CONF_UNREADABLE, 66");
	put("bad.yaml", "settings:\n  log_level: loud\n");
	c = fc_conf_open("bad.yaml", FC_CONF_OPTIONAL, &f, &e);
	result(c == NULL && f == FC_CONF_INVALID && e.code == EX_CONFIG,
	    "a wrong file: FC_CONF_INVALID, 78");
	mkdir("config", 0777);
	put("config/connector.yaml", "settings:\n  log_level: loud\n");
	c = fc_conf_open(NULL, FC_CONF_OPTIONAL, &f, &e);
	result(c == NULL && f == FC_CONF_INVALID,
	    "a wrong file found on the search path fails, optional or not");
	for (size_t i = 0; i < sizeof(envvars) / sizeof(envvars[0]); i++)
		unsetenv(envvars[i]);
	if (chdir(top) == -1) {
		printf("Bail out! cannot go back to %s\n", top);
		exit(1);
	}
}

/* etc/connector.yaml, the example shipped, loads clean. */
static void
test_example(void)
{
	struct fc_conf *c;
	const struct fc_endpoint *ep;
	const char *fctop = getenv("FC_TOP");
	char path[PATH_MAX], etc[PATH_MAX], dir[PATH_MAX];
	char want[PATH_MAX + 32];

	if (fctop == NULL) {
		skip("etc/connector.yaml loads", "FC_TOP not set");
		return;
	}
	snprintf(path, sizeof(path), "%s/etc/connector.yaml", fctop);
	snprintf(etc, sizeof(etc), "%s/etc", fctop);
	if (access(path, F_OK) == -1 || realpath(etc, dir) == NULL) {
		result(0, "etc/connector.yaml exists");
		return;
	}
	c = load(path, NULL);
	is_str(warnings(c), "", "etc/connector.yaml: no warnings");
	ep = fc_conf_endpoint(c, "sample-drawings");
	snprintf(want, sizeof(want), "%s/sample-project", dir);
	is_str(ep ? ep->details.root : NULL, want,
	    "etc/connector.yaml: sample-drawings root is etc/sample-project");
	result(ep != NULL && ep->is_active &&
	    ep->schedule.type == FC_SCHED_INTERVAL &&
	    ep->schedule.interval_minutes == 60 &&
	    ep->details.n_file_types == 5,
	    "etc/connector.yaml: sample-drawings hourly, five types");
	fc_conf_free(c);
}

int
main(void)
{
	char tmpl[PATH_MAX];
	const char *tmp;
	size_t i;

	for (i = 0; i < sizeof(envvars) / sizeof(envvars[0]); i++)
		unsetenv(envvars[i]);
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/fc-unit-conf.XXXXXX", tmp);
	if (mkdtemp(tmpl) == NULL || realpath(tmpl, top) == NULL ||
	    chdir(top) == -1) {
		printf("Bail out! %s: cannot make a temporary directory\n",
		    tmpl);
		return 1;
	}
	test_posint();
	test_full();
	test_defaults();
	test_google();
	test_warnings();
	test_errors();
	test_files();
	test_env();
	test_open();
	test_example();
	printf("1..%d\n", ntest);

	if (chdir("/") == 0 && nfail == 0)
		nftw(top, rmfile, 16, FTW_DEPTH | FTW_PHYS);
	else
		printf("# kept %s\n", top);
	if (fflush(stdout) == EOF || ferror(stdout))
		return 1;
	return nfail != 0;
}
