#!/bin/sh
# fc-status and /health on an endpoint whose listings keep ending
# incomplete (here cut short by --max-files, as a folder the API refuses
# would): they delete nothing, so a file gone from the source stays
# present.  Shown from the first such listing; unhealthy once a second due
# time has passed since the last complete one, as overdue is measured.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 16

mkdir tree config
echo a >tree/a.pdf
echo b >tree/b.pdf
cat >config/connector.yaml <<EOF
endpoints:
  - name: docs
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: interval, interval_minutes: 60 }
EOF

# sync TIME [FC-LIST OPTION...]: one pass at TIME
sync() {
	t=$1; shift
	FC_NOW=$t fc-list -e docs "$@" | FC_NOW=$t fc-ingest >>sync.out
}

sync 2026-11-25T12:00:00Z
sync 2026-11-25T13:00:00Z --max-files 1
is "$(jq -r .status sync.out | tr '\n' ' ')" 'ok partial ' \
    'a complete, then an incomplete listing'

fc-status --now 2026-11-25T13:10:00Z >status
is "$?" 0 'one incomplete listing, within its period: healthy'
is "$(grep '^docs:' status)" \
    'docs: incomplete: the last 1 listing ended incomplete; nothing deleted since 2026-11-25T12:00:00Z' \
    'it is shown all the same, with the last complete listing'
fc-status --json --now 2026-11-25T13:10:00Z >status.json
is "$(jq -c '.endpoints[0] | [.last_complete_at, .incomplete_syncs, .incomplete, .last_sync.status]' status.json)" \
    '["2026-11-25T12:00:00Z",1,false,"partial"]' \
    '--json: the last complete listing, the count since'

sync 2026-11-25T14:00:00Z --max-files 1
sync 2026-11-25T15:00:00Z --max-files 1
fc-status --now 2026-11-25T15:10:00Z >status
is "$?" 1 'incomplete since two due times ago: unhealthy, exit 1'
is "$(tail -n 1 status)" 'unhealthy: 0 failing, 0 overdue, 1 incomplete' \
    'the verdict says why'
is "$(grep '^docs:' status)" \
    'docs: incomplete: the last 3 listings ended incomplete; nothing deleted since 2026-11-25T12:00:00Z' \
    'three in a row'
like "$(grep '^docs ' status)" 'partial 10m ago' 'the row: the last sync partial'
fc-status --json --now 2026-11-25T15:10:00Z >status.json
is "$(jq -c '[.healthy, (.endpoints[0] | .incomplete_syncs, .incomplete, .overdue)]' status.json)" \
    '[false,3,true,false]' \
    '--json: unhealthy, incomplete, not overdue (partial syncs are good syncs)'

# /health says the same, naming the endpoint; the "listening on ADDR"
# line comes through a FIFO (no sleep)
mkfifo ready
fc-status --now 2026-11-25T15:10:00Z -l 127.0.0.1:0 >ready 2>server.err &
SPID=$!
echo "$SPID" >>"$T/.pids"
exec 5<ready
read -r _w _o ADDR <&5
code=$(curl -s --max-time 10 -o body -w '%{http_code}' "http://$ADDR/health")
kill "$SPID"
wait "$SPID"
is "$code" 503 '/health: 503'
is "$(cat body)" \
    '{"healthy":false,"database":"ok","failing":[],"overdue":[],"incomplete":["docs"],"login":[],"unusable":[]}' \
    '/health: names the endpoint under "incomplete"'

# a complete listing reconciles: the count starts again, healthy
rm tree/b.pdf
sync 2026-11-25T16:00:00Z
is "$(tail -n 1 sync.out | jq -c '[.status, .deleted]')" '["ok",1]' \
    'the next complete listing deletes what went'
fc-status --now 2026-11-25T16:10:00Z >status
is "$?" 0 'healthy again'
is "$(grep -c '^docs:' status)" 0 'nothing said of docs'
fc-status --json --now 2026-11-25T16:10:00Z >status.json
is "$(jq -c '.endpoints[0] | [.last_complete_at, .incomplete_syncs, .incomplete]' status.json)" \
    '["2026-11-25T16:00:00Z",0,false]' '--json: counted from the new complete listing'

# an inactive endpoint is never judged
sed -i 's/^    schedule:/    is_active: false\n    schedule:/' config/connector.yaml
sync 2026-11-25T17:00:00Z --max-files 1 2>/dev/null
is "$(fc-status --now 2026-11-26T17:00:00Z | tail -n 1)" healthy \
    'inactive: healthy whatever its listings'
