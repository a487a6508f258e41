#!/bin/sh
# PostgreSQL goes away in the middle of a listing (pg_ctl stop -m
# immediate, as a crash or a failover would): fc-ingest fails that
# listing with 75, "try later", in one line, which says it could not be
# recorded either; the database, once back, is as it was before the
# listing; and the same fc-ingest connects again for the next listing.
# The test knows fc-ingest is inside the listing, its files sent,
# because it has passed on, and flushed, more than a stdio buffer of
# lines that follow them.
. "${FC_TOP:-.}/tests/lib.sh"
use_pg
plan 13

restart() {	# without the test's FIFOs: the server would hold them open
	pg_ctl_ -l "$T/pg/log" -o "-k '$T/pg' -p $PG_PORT -c listen_addresses=''" \
	    start 3>&- 5<&-
}

{ begin_line docs r0; file_lines docs 1 300 1; end_line docs 300; } | fc-ingest >out 2>err
is "$?" 0 '300 files loaded'
dump=$(dump_db)

mkfifo pin pout
fc-ingest <pin >pout 2>err &
pid=$!
exec 3>pin 5<pout
{ begin_line docs r1; file_lines docs 1 400 2; filler; } >&3
read -r line <&5
like "$line" '"type":"note"' 'fc-ingest is inside the listing, its files sent'
pg_ctl_ -m immediate stop
is "$?" 0 'the server is stopped, immediately'
{ file_lines docs 401 500 2; end_line docs 500; } >&3
# the sync line of the failed listing, after the filler
while read -r line <&5; do
	case $line in *'"type":"sync"'*) break ;; esac
done
is "$(printf '%s\n' "$line" | jq -r '[.run,.status,.code]|join(" ")')" \
    'r1 failed 75' 'the listing fails with 75, try later'
like "$(cat err)" "^fc-ingest: postgresql:///fc.*: connection to the database lost: server closed the connection unexpectedly \\(not recorded: postgresql:///fc.*: connection to server on socket .* failed: No such file or directory\\)\$" \
    'one line says the connection was lost, and that the failure could not be recorded'
is "$(grep -c . err)" 1 'and only one'

restart
is "$?" 0 'the server is back'
{ begin_line docs r2; file_lines docs 1 300 1; end_line docs 300; } >&3
exec 3>&-
cat <&5 >rest
exec 5<&-
wait $pid
is "$?" 75 'fc-ingest exits 75, its first failure'
is "$(jq -r '[.run,.status,.unchanged]|join(" ")' rest)" 'r2 ok 300' \
    'after connecting again for the next listing'
is "$(dump_db | grep -v ',r2,')" "$dump" \
    'the database is as before the listing, but for the next one'"'"'s log'
is "$(q "select count(*) from sync_logs where run_id = 'r1'")" 0 \
    'the lost listing could not be logged: the server was down'
is "$(q "select count(*) from files where file_size = 2")" 0 'none of its rows is there'
{ begin_line docs r3; file_lines docs 1 300 1; end_line docs 300; } | fc-ingest >out3 2>err3
is "$(jq -r '[.status,.unchanged]|join(" ")' out3)" 'ok 300' \
    'and a new ingest finds all unchanged'
