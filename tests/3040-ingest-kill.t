#!/bin/sh
# fc-ingest killed in the middle of a listing leaves the database as it
# was: SIGKILL (nothing to do but not commit) and SIGTERM (roll back, log
# the failure, exit 75).  The test knows the listing's files have been
# applied because fc-ingest has passed through, and flushed, more than a
# stdio buffer of lines that follow them.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 14

{ begin_line docs r0; file_lines docs 1 300 1; end_line docs 300; } | fc-ingest >out 2>err
is "$?" 0 '300 files loaded'
dump=$(dump_db)

# SIGKILL: 300 updates, 100 inserts and a pending sweep, never committed
mkfifo pin pout
fc-ingest <pin >pout 2>err &
pid=$!
exec 3>pin 5<pout
{ begin_line docs r1; file_lines docs 1 400 2; filler; } >&3
read -r line <&5
like "$line" '"type":"note"' 'the files are applied and the filler passed'
kill -9 $pid
wait $pid 2>/dev/null
is "$?" 137 'killed by SIGKILL'
exec 3>&- 5<&-
db_settle docs
if on_sqlite; then
	is "$(q 'pragma integrity_check')" ok 'the database is sound'
else
	is "$(q "select count(*) from pg_stat_activity where datname = 'fc' and pid <> pg_backend_pid()")" \
	    0 'the server has ended the killed session'
fi
is "$(dump_db)" "$dump" 'and the database is exactly as before'

{ begin_line docs r2; file_lines docs 1 300 1; end_line docs 300; } | fc-ingest >out2 2>err2
is "$?" 0 'the next ingest works'
is "$(jq -r '[.status,.unchanged]|join(" ")' out2)" 'ok 300' 'and finds all unchanged'

# SIGTERM: rolled back and logged
dump=$(dump_files)
rm -f pin pout
mkfifo pin pout
fc-ingest <pin >pout 2>err &
pid=$!
exec 3>pin 5<pout
{ begin_line docs r3; file_lines docs 1 400 3; filler; } >&3
read -r line <&5
kill -TERM $pid
cat <&5 >rest
wait $pid
is "$?" 75 'SIGTERM: exit 75'
exec 3>&- 5<&-
is "$(dump_files)" "$dump" 'files is as before'
is "$(cat err)" 'fc-ingest: endpoint docs: interrupted by signal 15' \
    'stderr says what happened'
is "$(jq -r 'select(.type=="sync")|[.run,.status,.code]|join(" ")' rest)" \
    'r3 failed 75' 'the sync line says failed, 75'
is "$(q "select status, code, error from sync_logs where run_id='r3'")" \
    'failed|75|endpoint docs: interrupted by signal 15' 'and so does sync_logs'
if on_sqlite; then
	is "$(q 'pragma integrity_check')" ok 'the database is sound'
else
	is "$(q "select count(*) from pg_locks where locktype = 'advisory'")" 0 \
	    'no lock is left behind'
fi
{ begin_line docs r4; file_lines docs 1 300 1; end_line docs 300; } | fc-ingest >out2 2>err2
is "$(jq -r '[.status,.unchanged]|join(" ")' out2)" 'ok 300' \
    'and the next ingest finds it unchanged'
