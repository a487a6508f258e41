#!/bin/sh
# --dry-run (-n) does all the work and then rolls back: its sync lines say
# what a real run would do, and the database is not written at all, not
# even sync_logs or a new endpoint.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 12
b() { printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","run":"r","started_at":"2026-11-25T10:00:00Z"}\n' "$1"; }
f() { printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s","size":"%s"}\n' "$1" "$2" "$2" "${3:-1}"; }
e() { printf '{"type":"end","endpoint":"%s","complete":true,"count":%s}\n' "$1" "$2"; }
counts() { jq -r '[.endpoint,.status,.dry_run,.inserted,.updated,.unchanged,.deleted]|join(" ")' "$1" | tr '\n' ';'; }

{ b docs; f docs a; f docs b; f docs c; e docs 3; } | fc-ingest >out 2>err
# a changed file, a new one, a missing one, a new endpoint, a bad listing
{ b docs; f docs a 2; f docs b; f docs new; e docs 3; b fresh; f fresh x; e fresh 1
  b docs; echo '{"type":"file","endpoint":"docs","id":"q","name":"q","size":"?"}'; e docs 1
  printf '{"type":"error","endpoint":"other","code":69,"message":"down"}\n'; } >listing
dump=$(dump_db)
on_sqlite && ls -l data >files.before

fc-ingest --dry-run <listing >dry 2>dryerr
is "$?" 65 'a dry run exits like a real one would (65)'
is "$(dump_db)" "$dump" 'the whole database is exactly as before'
if on_sqlite; then
	is "$(ls -l data)" "$(cat files.before)" 'no file beside it changed size'
else
	is "$(q 'select count(*) from endpoints')" 1 'no endpoint was added'
fi
is "$(counts dry)" \
    'docs ok true 1 1 1 1;fresh ok true 1 0 0 0;docs failed true 0 0 0 0;other failed true 0 0 0 0;' \
    'the sync lines count what would happen, marked dry_run'
fc-ingest -n <listing >dry2 2>/dev/null
is "$(dump_db)" "$dump" '-n is the same'
is "$(counts dry2)" "$(counts dry)" 'with the same summary'
is "$(grep -c . dryerr)" 1 'stderr warns as a real run would: of the bad line (the error line was said by its writer)'

fc-ingest --max-delete 0 --dry-run <listing >dry3 2>/dev/null
is "$(jq -r 'select(.endpoint=="docs")|.status' dry3 | head -n 1)" refused \
    'the guards apply to a dry run'
is "$(dump_db)" "$dump" 'and a refused dry run writes nothing either'

fc-ingest <listing >real 2>/dev/null
is "$?" 65 'the real run'
is "$(counts real | sed 's/ false / x /g')" "$(counts dry | sed 's/ true / x /g')" \
    'does what the dry run said'
is "$(q "select count(*) from sync_logs")" 5 'and logs it'
