#!/bin/sh
# An SQLite database made by an older fc migrates forward and keeps its
# meaning: version 1 (sync_logs without host and pid, files looked up by
# an index on their digests) becomes version 3, and the rows it held are
# matched, kept and swept as if this fc had written them.  PostgreSQL's
# migrations are in 3130-pg-migrate.t.
# backends: sqlite
. "${FC_TOP:-.}/tests/lib.sh"
plan 13

line() {	# id size: a file line, as fc-list would write it
	printf '{"type":"file","endpoint":"docs","id":"%s","name":"%s","path":"%s","link":"file:///srv/%s","size":"%s","created_at":null,"updated_at":"2026-01-02T03:04:05Z","version":"1","mime_type":"application/pdf","state":"present","raw":{"ino":"7"}}' \
	    "$1" "$1" "$1" "$1" "$2"
}
digest() {	# line: its digest as an SQL blob literal
	printf "x'%s'" "$(printf '%s' "$1" |
	    openssl dgst -sha256 -binary | head -c 16 | od -An -tx1 | tr -d ' \n')"
}
row() {	# id size digest deleted_at: a files row as fc wrote it
	printf "INSERT INTO files (endpoint_id, external_file_id, file_name,
	    file_path, file_link, file_size, updated_at, version, mime_type,
	    state, first_seen_at, last_seen_at, deleted_at, raw, line_digest)
	    VALUES (1, '%s', '%s', '%s', 'file:///srv/%s', %s,
	    '2026-01-02T03:04:05Z', '1', 'application/pdf', '%s',
	    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', %s, '{\"ino\":\"7\"}',
	    %s);\n" "$1" "$1" "$1" "$1" "$2" \
	    "$([ "$4" = NULL ] && echo present || echo deleted)" "$4" "$3"
}

# a.pdf as its line says, b.pdf about to go, d.pdf deleted long ago
{ cat <<'EOF'
CREATE TABLE fc_schema (version INTEGER NOT NULL);
CREATE TABLE endpoints (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    endpoint_type TEXT NOT NULL, project_id TEXT, user_id TEXT, details TEXT,
    schedule TEXT, is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE files (id INTEGER PRIMARY KEY,
    endpoint_id INTEGER NOT NULL REFERENCES endpoints (id),
    external_file_id TEXT NOT NULL, file_name TEXT, file_path TEXT,
    file_link TEXT, file_size INTEGER, created_at TEXT, updated_at TEXT,
    version TEXT, mime_type TEXT, state TEXT NOT NULL,
    first_seen_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, deleted_at TEXT,
    raw TEXT, line_digest BLOB, UNIQUE (endpoint_id, external_file_id));
CREATE INDEX files_digest ON files (endpoint_id, line_digest);
CREATE TABLE sync_logs (id INTEGER PRIMARY KEY,
    endpoint_id INTEGER NOT NULL REFERENCES endpoints (id), run_id TEXT,
    mode TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
    status TEXT NOT NULL, complete INTEGER NOT NULL,
    files_seen INTEGER NOT NULL, files_inserted INTEGER NOT NULL,
    files_updated INTEGER NOT NULL, files_unchanged INTEGER NOT NULL,
    files_deleted INTEGER NOT NULL, cursor TEXT, code INTEGER NOT NULL,
    error TEXT);
CREATE INDEX sync_logs_endpoint ON sync_logs (endpoint_id, id);
INSERT INTO fc_schema VALUES (1);
INSERT INTO endpoints VALUES (1, 'docs', 'local', NULL, NULL, NULL, NULL, 0,
    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO sync_logs VALUES (1, 1, 'r0', 'full', '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z', 'ok', 1, 3, 3, 0, 0, 0, NULL, 0, NULL);
EOF
  row a.pdf 10 "$(digest "$(line a.pdf 10)")" NULL
  row b.pdf 20 "$(digest "$(line b.pdf 20)")" NULL
  row d.pdf 40 NULL "'2026-01-01T00:00:00Z'"
} | sqlite3 v1.db
is "$(sqlite3 v1.db 'select count(*) from files')" 3 'a version 1 database with three files'

# fc-status writes nothing, so it migrates nothing: it says what will
cp v1.db v1-before.db
mkdir tree
write_conf "docs=$T/tree"
DATABASE_URL=v1.db fc-status >out 2>err
is "$?:$(cat err)" "78:fc-status: v1.db: database schema version 1 is older than this fc's (3): the next real run of fc-ingest migrates it" \
    'fc-status on an old schema: 78, saying what migrates it'
ok 'and the file is as it was' cmp v1.db v1-before.db

# a listing that names a.pdf, byte for byte, and a new c.pdf
{ echo '{"type":"begin","endpoint":"docs","endpoint_type":"local","mode":"full","run":"r1","started_at":"2026-11-25T13:00:00Z"}'
  line a.pdf 10; echo
  line c.pdf 30; echo
  echo '{"type":"end","endpoint":"docs","complete":true,"count":2}'; } >l1
DATABASE_URL=v1.db fc-ingest l1 >out 2>err
is "$?" 0 'is opened and takes a listing'
is "$(sqlite3 v1.db 'select version from fc_schema')" 3 'migrated to version 3'
is "$(sqlite3 v1.db "select name from sqlite_master where type = 'index' and sql is not null order by name" | tr '\n' ' ')" \
    'files_live sync_logs_endpoint ' 'the digest index gone, the live rows indexed'
is "$(sqlite3 v1.db "explain query plan select id from files where endpoint_id = 1 and deleted_at is null" | grep -c files_live)" 1 \
    'the live rows are read from their index'
is "$(jq -r '[.status,.seen,.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    'ok 2 1 0 1 1' 'a.pdf unchanged, c.pdf new, b.pdf gone'
is "$(sqlite3 v1.db "select external_file_id, state, last_seen_at, coalesce(deleted_at, 'NULL'), length(line_digest) from files order by 1" | tr '\n' ' ')" \
    'a.pdf|present|2026-01-01T00:00:00Z|NULL|16 b.pdf|deleted|2026-01-01T00:00:00Z|2026-11-25T13:00:00Z| c.pdf|present|2026-11-25T13:00:00Z|NULL|16 d.pdf|deleted|2026-01-01T00:00:00Z|2026-01-01T00:00:00Z| ' \
    "a.pdf not even rewritten, by the digest version 1 stored; b.pdf's row kept, marked deleted"
is "$(sqlite3 v1.db "select id, run_id, coalesce(host, 'NULL'), coalesce(pid > 0, 'NULL') from sync_logs order by id" | tr '\n' ' ')" \
    "1|r0|NULL|NULL 2|r1|$(hostname)|1 " \
    'its old sync kept, the new one with host and pid'

DATABASE_URL=v1.db fc-status --json >status 2>err
is "$?" 0 'fc-status reads it'
is "$(jq -r '.endpoints[0] | [.files_present, .files_deleted] | join(" ")' status)" \
    '2 2' 'and counts its live and deleted rows from the new index'

# a second run finds nothing to migrate and nothing to write
cp v1.db before.db
DATABASE_URL=v1.db fc-ingest l1 >out 2>err
is "$(sqlite3 v1.db 'select id, external_file_id, state, last_seen_at, deleted_at from files order by id')" \
    "$(sqlite3 before.db 'select id, external_file_id, state, last_seen_at, deleted_at from files order by id')" \
    'the same listing again changes no file'
