#!/bin/sh
# fc-list writes a listing's begin line at once, so that fc-ingest has a
# sync_logs row to fail when fc-list is killed in the middle: a listing
# stuck on a slow folder (60 s a contents page at the fake), fc-list
# killed while it waits, the sync recorded as failed and nothing deleted.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 6

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
PROJ=b.55555555-5555-4555-8555-555555555555
L=urn:adsk.wipprod:dm.lineage
F=urn:adsk.wipprod:fs.folder:co
cat >fixture.json <<EOF2
{"hubs": [{"name": "Account", "projects": [{"name": "P", "id": "$PROJ",
 "folders": [{"name": "Project Files", "id": "$F.pf",
  "items": [{"name": "a.rvt", "id": "$L:a"}]}]}]}]}
EOF2
start_aps --rate-scale 0 --fixture fixture.json
aps_conf
fc-list -e acc 2>err | fc-ingest >out 2>>err
is "$?:$(jq -r .status out)" '0:ok' 'a first sync'

curl -fsS -X POST -d '{"rules": [{"route": "contents", "latency_ms": 60000}]}' \
    "$APS_URL/_admin/faults" >/dev/null
mkfifo listing
fc-list -e acc >listing 2>err &
pid=$!
exec 3<listing
# blocks until fc-list writes; it then waits 60 s for the contents page
read -r first <&3
is "$(echo "$first" | jq -r .type)" begin 'the begin line comes before the slow page'
ok 'fc-list is still in the listing: killed' kill -9 "$pid"
{ wait "$pid"; } 2>/dev/null
{ echo "$first"; cat <&3; } | fc-ingest >out 2>err
is "$?" 65 'fc-ingest: the listing ended inside (65)'
is "$(q "select status || ' ' || code || ' ' || error from sync_logs order by id desc limit 1")" \
    'failed 65 <stdin>:1: input ended inside the listing of endpoint acc' \
    'the killed listing is recorded as failed'
is "$(q "select count(*) from files where deleted_at is null")" 1 \
    'nothing deleted'
