#!/bin/sh
# One writer per endpoint: while one fc-ingest is inside a listing of an
# endpoint, a second one is told "busy" (75) at once and changes nothing;
# the first then finishes normally.  One killed inside a listing frees
# the lock: the kernel drops SQLite's with the process, a PostgreSQL
# server ends the session when it next reads from it.  No sleeps: the
# first reads from a FIFO that the test keeps open, and says it holds the
# lock through its log, which is a FIFO too.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 17

{ begin_line docs r0; file_line docs a; end_line docs 1; } | fc-ingest >out 2>err
is "$?" 0 'the endpoint has one file'
dump=$(dump_files)

mkfifo in log
CONNECTOR_LOG_LEVEL=DEBUG CONNECTOR_LOG_FILE=$T/log fc-ingest <in >out1 2>err1 &
pid=$!
exec 3>in	# both ends open: the first ingest starts
exec 4<log	# its log is open
begin_line docs r1 >&3
file_line docs b >&3
# the first log record comes once the lock is held and the listing begun
read -r rec <&4
like "$rec" '"event":"sync_begin"' 'the first ingest has begun its listing'

{ begin_line docs r2; file_line docs c; end_line docs 1; } | fc-ingest >out2 2>err2
is "$?" 75 'a second ingest of the same endpoint exits 75'
is "$(jq -r '[.endpoint,.run,.status,.code]|join(" ")' out2)" 'docs r2 busy 75' \
    'its sync line says busy'
is "$(cat err2)" 'fc-ingest: endpoint docs: a sync is already running' \
    'and stderr says why'
is "$(dump_files)" "$dump" 'it changed nothing'
is "$(q "select count(*) from sync_logs where run_id='r2'")" 0 \
    'a busy listing is not logged'

{ begin_line docs r3; file_line docs a; end_line docs 1; echo '{"type":"note"}'; } |
    fc-ingest --dry-run >out3 2>err3
is "$?" 75 'a dry run of the same endpoint is busy too'
is "$(jq -r '.status // .type' out3 | tr '\n' ' ')" \
    'busy note ' 'the lines of the busy listing are skipped, the rest read'

{ file_line docs a; end_line docs 2; } >&3
exec 3>&-
wait $pid
is "$?" 0 'the first ingest finishes with 0'
exec 4<&-
is "$(jq -r '[.run,.status,.inserted,.unchanged]|join(" ")' out1)" 'r1 ok 1 1' \
    'and applied its listing'
is "$(q "select external_file_id from files order by 1" | paste -sd ' ' -)" \
    'a b' 'its file is in, the busy one is not'

{ begin_line docs r4; file_line docs a; file_line docs b; end_line docs 2; } | fc-ingest >out4 2>err4
is "$?" 0 'once it is done, the endpoint can be synced again'
is "$(jq -r .status out4)" ok 'status ok'

# the lock is the kernel's (SQLite) or the server's (PostgreSQL, once it
# notices): a process killed while holding it frees it
mkfifo in2 log2
CONNECTOR_LOG_LEVEL=DEBUG CONNECTOR_LOG_FILE=$T/log2 fc-ingest <in2 >out5 2>err5 &
pid=$!
exec 3>in2
exec 4<log2
{ begin_line docs r5; file_line docs q; } >&3
read -r rec <&4
kill -9 $pid
wait $pid 2>/dev/null
is "$?" 137 'an ingest killed with SIGKILL inside a listing'
exec 3>&- 4<&-
db_settle docs
if on_sqlite; then
	skip 1 'the kernel drops an SQLite lock with the process'
else
	is "$(pg_held docs)" 0 'the lock is free once the server has ended its session'
fi
{ begin_line docs r6; file_line docs a; file_line docs b; end_line docs 2; } | fc-ingest >out6 2>err6
is "$(jq -r '[.status,.unchanged]|join(" ")' out6)" 'ok 2' \
    'the next ingest finds the endpoint free and nothing of the killed one'
