#!/bin/sh
# A long-lived fc-status -l keeps logging after logrotate renamed its log
# away: the next record goes to a new file at the configured path.
. "${FC_TOP:-.}/tests/lib.sh"
plan 4

mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"
CONNECTOR_LOG_LEVEL=DEBUG
export CONNECTOR_LOG_LEVEL

mkfifo ready
fc-status -l 127.0.0.1:0 >ready 2>server.err &
spid=$!
echo "$spid" >>.pids
exec 5<ready
read -r _w _o addr <&5

curl -s --max-time 10 -o /dev/null "http://$addr/health"
mv logs/connector.log logs/connector.log.1
curl -s --max-time 10 -o /dev/null "http://$addr/status"
kill -TERM "$spid"
wait "$spid"
is "$?" 0 'the server stops with exit 0'
ok 'a new log file at the configured path' test -s logs/connector.log
is "$(grep -c '/health' logs/connector.log.1)" 1 \
    'the request before the rename is in the renamed file'
is "$(grep -c '/status' logs/connector.log)" 1 \
    'the request after it is in the new one'
