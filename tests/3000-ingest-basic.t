#!/bin/sh
# fc-ingest on hand-written listings: rows inserted with every column,
# lines of other types passed through, a re-load that writes no row, a
# changed file that writes exactly its row, a reformatted line that heals
# its digest once, and the command line.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 44
b() {	# endpoint [mode [started]]
	printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","mode":"%s","scope":"/srv","run":"run1","started_at":"%s"}\n' \
	    "$1" "${2:-full}" "${3:-2026-11-25T13:00:00Z}"
}
f() {	# endpoint id [size [state]]
	printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s","path":"dir/%s","link":"file:///srv/dir/%s","size":"%s","created_at":null,"updated_at":"2026-01-02T03:04:05Z","version":"17","mime_type":"application/pdf","state":"%s","raw":{"ino":"%s","mode":"0644"}}\n' \
	    "$1" "$2" "$2" "$2" "$2" "${3:-10}" "${4:-present}" "$2"
}
e() {	# endpoint count [complete]
	printf '{"type":"end","endpoint":"%s","complete":%s,"count":%s,"cursor":null}\n' \
	    "$1" "${3:-true}" "$2"
}
note='{"type":"note", "keep":"  spacing  "}'
{ b docs; f docs a.pdf 10; printf '%s\n' "$note"; f docs b.pdf 20
  f docs c.pdf 30; e docs 3; } >l1

fc-ingest l1 >out 2>err
is "$?" 0 'first load exits 0'
is "$(cat err)" '' 'and says nothing on stderr'
is "$(sed -n 1p out)" "$note" 'an unknown line type passes through unchanged'
is "$(grep -c '"type":"sync"' out)" 1 'one sync line'
is "$(jq -r 'select(.type=="sync")|[.endpoint,.run,.status,.dry_run,.complete,.seen,.inserted,.updated,.unchanged,.deleted,.code,.error]|join(" ")' out)" \
    'docs run1 ok false true 3 3 0 0 0 0 ' 'sync line: 3 seen, 3 inserted'
if on_sqlite; then
	ok 'the default database ./data/connector.db was created' test -s $db
else
	ok 'DATABASE_URL names the PostgreSQL database' db_exists
fi
is "$(q "select external_file_id, file_name, file_path, file_link, file_size, coalesce(cast(created_at as text),'NULL'), updated_at, version, mime_type, state, first_seen_at, last_seen_at, coalesce(cast(deleted_at as text),'NULL'), length(line_digest) from files where external_file_id='b.pdf'")" \
    'b.pdf|b.pdf|dir/b.pdf|file:///srv/dir/b.pdf|20|NULL|2026-01-02T03:04:05Z|17|application/pdf|present|2026-11-25T13:00:00Z|2026-11-25T13:00:00Z|NULL|16' \
    'every column of a row'
is "$(q "select raw from files where external_file_id='b.pdf'" | jq -cS .)" \
    '{"ino":"b.pdf","mode":"0644"}' 'raw is the record as JSON'
if on_sqlite; then
	is "$(q "select typeof(file_size) from files where external_file_id='b.pdf'")" integer \
	    'file_size is an integer'
else
	is "$(q "select pg_typeof(file_size), pg_typeof(first_seen_at), pg_typeof(raw), pg_typeof(line_digest) from files where external_file_id='b.pdf'")" \
	    'bigint|timestamp with time zone|jsonb|bytea' 'PostgreSQL types: bigint, timestamptz, jsonb, bytea'
fi
is "$(q "select name, endpoint_type, is_active from endpoints")" \
    'docs|local|0' 'an endpoint first heard of in a begin line is registered, inactive'
is "$(q "select run_id, mode, started_at, status, complete, files_seen, files_inserted, files_updated, files_unchanged, files_deleted, code, coalesce(error,'NULL'), pid > 0 and host <> '' from sync_logs" | sed 's/|t$/|1/')" \
    'run1|full|2026-11-25T13:00:00Z|ok|1|3|3|0|0|0|0|NULL|1' 'one sync_logs row, with host and pid'
if on_sqlite; then
	is "$(q 'pragma journal_mode')" wal 'the database is in WAL mode'
else
	skip 1 'WAL mode is SQLite'"'"'s'
fi
is "$(q 'select version from fc_schema')" 3 'schema version 3'
if on_sqlite; then
	ok 'a lock file beside the database' test -f $db.lock
else
	is "$(q "select count(*) from pg_locks where locktype = 'advisory'")" 0 \
	    'the endpoint lock went with the transaction'
fi
is "$(jq -r 'select(.event=="sync_end")|[.program,.endpoint,.run,.inserted]|join(" ")' logs/connector.log)" \
    'fc-ingest docs run1 3' 'the log has the sync'

# from here on every write to files bumps a counter
count_writes files
dump=$(dump_files)

{ b docs full 2026-11-25T14:00:00Z; f docs a.pdf 10; f docs b.pdf 20
  f docs c.pdf 30; e docs 3; } >l2
fc-ingest <l2 >out 2>err
is "$?" 0 'an identical re-load exits 0'
is "$(jq -r '[.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    '0 0 3 0' 'all three unchanged'
is "$(writes)" 0 'not one row of files written'
is "$(dump_files)" "$dump" 'files is exactly as before'
is "$(q 'select count(*) from sync_logs')" 2 'the sync is logged'

{ b docs full 2026-11-25T15:00:00Z; f docs a.pdf 10; f docs b.pdf 21
  f docs c.pdf 30; e docs 3; } >l3
fc-ingest <l3 >out 2>err
is "$(jq -r '[.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    '0 1 2 0' 'a changed size is one update'
is "$(writes)" 1 'exactly one row written'
is "$(q "select external_file_id, file_size, first_seen_at, last_seen_at from files order by id")" \
    'a.pdf|10|2026-11-25T13:00:00Z|2026-11-25T13:00:00Z
b.pdf|21|2026-11-25T13:00:00Z|2026-11-25T15:00:00Z
c.pdf|30|2026-11-25T13:00:00Z|2026-11-25T13:00:00Z' \
    'last_seen_at moves only on the row written; first_seen_at stays'

# the same values in other bytes: unchanged, the digest is stored once
writes_reset
jq -c '{type,endpoint,id,state,name,path,link,size:(.size|tonumber),created_at,updated_at,version,mime_type,raw}' l3 2>/dev/null |
    grep '"file"' >files.re
{ b docs full 2026-11-25T16:00:00Z; cat files.re; e docs 3; } >l4
fc-ingest <l4 >out 2>err
is "$(jq -r '[.status,.inserted,.updated,.unchanged]|join(" ")' out)" \
    'ok 0 0 3' 'reformatted lines with the same values are unchanged'
is "$(writes)" 3 'their digests are rewritten, nothing else'
is "$(q "select count(*) from files where last_seen_at='2026-11-25T16:00:00Z'")" \
    0 'and no last_seen_at moved'
writes_reset
fc-ingest <l4 >out 2>err
is "$(jq -r '[.inserted,.updated,.unchanged]|join(" ")' out)" '0 0 3' \
    'the same reformatted listing again'
is "$(writes)" 0 'now takes the fast path: nothing written'

# two endpoints in one input, another database by DATABASE_URL
{ b docs; f docs a.pdf; e docs 1; b arch; f arch a.pdf; f arch z.pdf; e arch 2; } >l5
DATABASE_URL=sqlite://$T/other.db fc-ingest l5 >out 2>err
is "$?" 0 'two listings in one input'
is "$(jq -r '[.endpoint,.inserted]|join(" ")' out | tr '\n' ' ')" \
    'docs 1 arch 2 ' 'one sync line each, in order'
is "$(sqlite3 other.db "select e.name, count(*) from files f join endpoints e on e.id=f.endpoint_id group by e.name order by e.name" | tr '\n' ' ')" \
    'arch|2 docs|1 ' 'DATABASE_URL=sqlite:///abs is used'
DATABASE_URL=$T/plain.db fc-ingest l5 >/dev/null 2>&1
is "$(sqlite3 plain.db 'select count(*) from files')" 3 'a plain path works too'
DATABASE_URL=sqlite:rel.db fc-ingest l5 >/dev/null 2>&1
is "$(sqlite3 rel.db 'select count(*) from files')" 3 'and sqlite:relative'

# the same id in two endpoints is two rows; unknown fields are fine
printf '%s\n' '{"type":"begin","endpoint":"x","endpoint_type":"local","extra":1}' \
    '{"type":"file","endpoint":"x","id":"1","name":"n","future":[1,2]}' \
    '{"type":"end","endpoint":"x","complete":true}' | fc-ingest >out 2>err
is "$?" 0 'a minimal listing (no mode, count or times) is accepted'
is "$(q "select coalesce(file_path,'NULL'), coalesce(cast(file_size as text),'NULL'), state, coalesce(cast(raw as text),'NULL') from files where external_file_id='1'")" \
    'NULL|NULL|present|NULL' 'absent fields are NULL, state defaults to present'

# command line
fc-ingest --help >out 2>err
is "$?" 0 '--help exits 0'
is "$(head -n 1 out)" 'usage: fc-ingest [-nv] [-c file] [--allow-empty] [--max-delete n] [file ...]' \
    '--help prints the synopsis on stdout'
synopsis=$(mandoc -T ascii "$FC_TOP/man/fc-ingest.1" | col -b |
    sed -n '/^SYNOPSIS/,/^$/p' | sed 1d | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
is "usage: $synopsis" "$(head -n 1 out)" 'usage() is the SYNOPSIS of fc-ingest(1) (0020-options.t: the options too)'
fc-ingest -x </dev/null >out 2>err
is "$?" 64 'an unknown option exits 64'
like "$(cat err)" '^usage: fc-ingest' 'with the usage on stderr'
fc-ingest --max-delete x </dev/null >out 2>err
is "$?" 64 '--max-delete wants a number (64)'
fc-ingest nosuch l1 >out 2>err
is "$?" 66 'a missing input file exits 66'
like "$(cat err)" '^fc-ingest: nosuch: No such file' 'and is named'
is "$(jq -r 'select(.type=="sync")|.seen' out)" 3 'the other file is still read'
