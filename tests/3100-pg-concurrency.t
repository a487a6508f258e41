#!/bin/sh
# PostgreSQL, many fc processes on one database: a second ingest of an
# endpoint is told "busy" (75) at once and changes nothing, through the
# endpoint's advisory lock (pg_try_advisory_xact_lock(26211, id)); an
# ingest of another endpoint goes ahead meanwhile (SQLite would make it
# wait for the file); a client killed inside a listing frees the lock
# once the server notices; and fc processes that find an empty database
# at the same moment create the tables once.  No sleeps: the first ingest
# reads from a FIFO the test keeps open and tells through its log (a FIFO
# too) that it holds the lock.
. "${FC_TOP:-.}/tests/lib.sh"
use_pg
plan 18

b() { printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","run":"%s"}\n' "$1" "$2"; }
f() { printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s"}\n' "$1" "$2" "$2"; }
e() { printf '{"type":"end","endpoint":"%s","complete":true,"count":%s}\n' "$1" "$2"; }
held() {	# how many sessions hold the lock of an endpoint
	q "select count(*) from pg_locks where locktype = 'advisory' and granted
	    and classid = 26211 and objid = (select id from endpoints where name = '$1')"
}

# four fc-ingest find the database empty at once: one creates the tables,
# the others wait for it (an advisory lock too) and find them made
for i in 1 2 3 4; do
	{ b "ep$i" "m$i"; f "ep$i" a; e "ep$i" 1; } >mig$i
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

{ b docs r0; f docs a; e docs 1; } | fc-ingest >out 2>err
dump=$(dump_files)

mkfifo in log
CONNECTOR_LOG_LEVEL=DEBUG CONNECTOR_LOG_FILE=$T/log fc-ingest <in >out1 2>err1 &
pid=$!
exec 3>in	# both ends open: the first ingest starts
exec 4<log	# its log is open
{ b docs r1; f docs b; } >&3
read -r rec <&4
like "$rec" '"event":"sync_begin"' 'the first ingest has begun its listing'
is "$(held docs)" 1 'it holds the advisory lock of docs'

{ b docs r2; f docs c; e docs 1; } | fc-ingest >out2 2>err2
is "$?" 75 'a second ingest of docs exits 75'
is "$(jq -r '[.endpoint,.run,.status,.code]|join(" ")' out2)" 'docs r2 busy 75' \
    'its sync line says busy'
is "$(cat err2)" 'fc-ingest: endpoint docs: a sync is already running' \
    'and stderr says why'
is "$(dump_files)" "$dump" 'it changed nothing'
is "$(q "select count(*) from sync_logs where run_id = 'r2'")" 0 \
    'a busy listing is not logged'

{ b arch r3; f arch x; f arch y; e arch 2; } | fc-ingest >out3 2>err3
is "$?" 0 'another endpoint syncs in full while docs is held'
is "$(q "select count(*) from files f join endpoints e on e.id = f.endpoint_id where e.name = 'arch'")" \
    2 'its files are in'

{ f docs a; e docs 2; } >&3
exec 3>&-
wait $pid
is "$?" 0 'the first ingest then finishes with 0'
exec 4<&-
is "$(jq -r '[.run,.status,.inserted,.unchanged]|join(" ")' out1)" 'r1 ok 1 1' \
    'and applied its listing'

# killed while holding the lock: the server ends the session when it next
# reads from it (here at once: it waits in COPY), and the lock goes with it
mkfifo in2 log2
CONNECTOR_LOG_LEVEL=DEBUG CONNECTOR_LOG_FILE=$T/log2 fc-ingest <in2 >out5 2>err5 &
pid=$!
exec 3>in2
exec 4<log2
{ b docs r5; f docs q; } >&3
read -r rec <&4
kill -9 $pid
wait $pid 2>/dev/null
is "$?" 137 'an ingest killed with SIGKILL inside a listing'
exec 3>&- 4<&-
db_settle docs
is "$(held docs)" 0 'the lock is free once the server has ended its session'
{ b docs r6; f docs a; f docs b; e docs 2; } | fc-ingest >out6 2>err6
is "$(jq -r '[.status,.unchanged]|join(" ")' out6)" 'ok 2' \
    'the next ingest finds the endpoint free and nothing of the killed one'
