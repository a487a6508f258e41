#!/bin/sh
# A monitor never waits for ingest: while fc-ingest is inside a listing
# (holding the database's write lock), /health, /status and fc-status
# answer from the last committed state, and the ingest then commits.
. "${FC_TOP:-.}/tests/lib.sh"
plan 7

mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"
sync_once >sync
is "$(jq -r .status sync)" ok 'a first sync'

mkfifo ready
fc-status -l 127.0.0.1:0 >ready 2>server.err &
spid=$!
echo "$spid" >>.pids
exec 5<ready
read -r _w _o addr <&5

# a second listing held open half-way: fc-ingest has begun its
# transaction once its first log record arrives
mkfifo in log
CONNECTOR_LOG_LEVEL=DEBUG CONNECTOR_LOG_FILE=$T/log fc-ingest <in >out 2>err &
ipid=$!
exec 3>in
exec 4<log
printf '%s\n' '{"type":"begin","endpoint":"docs","endpoint_type":"local"}' \
    '{"type":"file","endpoint":"docs","id":"b.pdf","name":"b.pdf"}' >&3
read -r rec <&4

code=$(curl -s --max-time 5 -o body -w '%{http_code}' "http://$addr/health")
is "$code" 200 '/health answers during the ingest'
code=$(curl -s --max-time 5 -o body -w '%{http_code}' "http://$addr/status")
is "$code:$(jq -r '.endpoints[0].files_present' body)" '200:1' \
    '/status answers with the committed state'
timeout 5 fc-status >/dev/null
is "$?" 0 'fc-status answers too'

printf '%s\n' '{"type":"file","endpoint":"docs","id":"a.pdf","name":"a.pdf"}' \
    '{"type":"end","endpoint":"docs","complete":true,"count":2}' >&3
exec 3>&-
wait "$ipid"
is "$?:$(jq -r .status out)" '0:ok' 'the ingest then commits'
code=$(curl -s --max-time 5 -o body -w '%{http_code}' "http://$addr/status")
is "$(jq -r '.endpoints[0].files_present' body)" 2 '/status sees the new file'
kill -TERM "$spid"
wait "$spid"
is "$?" 0 'the server stops'
