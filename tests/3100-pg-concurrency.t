#!/bin/sh
# PostgreSQL, many fc processes on one database: a second ingest of an
# endpoint is told "busy" (75) at once and changes nothing, through the
# endpoint's advisory lock (pg_try_advisory_xact_lock(26211, id)); an
# ingest of another endpoint goes ahead meanwhile (SQLite would make it
# wait for the file); and fc processes that find an empty database at
# the same moment create the tables once.  (A client killed inside a
# listing is in 3030-ingest-lock.t, which runs here too.)  No sleeps: the first ingest
# reads from a FIFO the test keeps open and tells through its log (a FIFO
# too) that it holds the lock.
. "${FC_TOP:-.}/tests/lib.sh"
use_pg
plan 15

# four fc-ingest find the database empty at once: one creates the tables,
# the others wait for it (an advisory lock too) and find them made
for i in 1 2 3 4; do
	{ begin_line "ep$i" "m$i"; file_line "ep$i" a; end_line "ep$i" 1; } >mig$i
done
fc-ingest <mig1 >o1 2>e1 & p1=$!
fc-ingest <mig2 >o2 2>e2 & p2=$!
fc-ingest <mig3 >o3 2>e3 & p3=$!
fc-ingest <mig4 >o4 2>e4 & p4=$!
wait $p1; r1=$?; wait $p2; r2=$?; wait $p3; r3=$?; wait $p4; r4=$?
is "$r1 $r2 $r3 $r4" '0 0 0 0' 'four ingests on an empty database all exit 0'
is "$(cat e1 e2 e3 e4)" '' 'and say nothing on stderr'
is "$(q 'select version from fc_schema')" 3 'the schema was made once, at version 3'
is "$(q 'select count(*) from files')" 4 'and all four listings are in'

{ begin_line docs r0; file_line docs a; end_line docs 1; } | fc-ingest >out 2>err
dump=$(dump_files)

mkfifo in log
CONNECTOR_LOG_LEVEL=DEBUG CONNECTOR_LOG_FILE=$T/log fc-ingest <in >out1 2>err1 &
pid=$!
exec 3>in	# both ends open: the first ingest starts
exec 4<log	# its log is open
{ begin_line docs r1; file_line docs b; } >&3
read -r rec <&4
like "$rec" '"event":"sync_begin"' 'the first ingest has begun its listing'
is "$(pg_held docs)" 1 'it holds the advisory lock of docs'

{ begin_line docs r2; file_line docs c; end_line docs 1; } | fc-ingest >out2 2>err2
is "$?" 75 'a second ingest of docs exits 75'
is "$(jq -r '[.endpoint,.run,.status,.code]|join(" ")' out2)" 'docs r2 busy 75' \
    'its sync line says busy'
is "$(cat err2)" 'fc-ingest: endpoint docs: a sync is already running' \
    'and stderr says why'
is "$(dump_files)" "$dump" 'it changed nothing'
is "$(q "select count(*) from sync_logs where run_id = 'r2'")" 0 \
    'a busy listing is not logged'

{ begin_line arch r3; file_line arch x; file_line arch y; end_line arch 2; } | fc-ingest >out3 2>err3
is "$?" 0 'another endpoint syncs in full while docs is held'
is "$(q "select count(*) from files f join endpoints e on e.id = f.endpoint_id where e.name = 'arch'")" \
    2 'its files are in'

{ file_line docs a; end_line docs 2; } >&3
exec 3>&-
wait $pid
is "$?" 0 'the first ingest then finishes with 0'
exec 4<&-
is "$(jq -r '[.run,.status,.inserted,.unchanged]|join(" ")' out1)" 'r1 ok 1 1' \
    'and applied its listing'
