#!/bin/sh
# Incremental Autodesk listings through fc-auth | fc-list | fc-ingest: a
# complete listing's cursor lets the next one skip the folders whose
# lastModifiedTimeRollup has not moved; an unchanged project costs the
# hubs, project and topFolders calls and nothing else; each kind of change
# (a file added, renamed, moved, hidden, given a new version; a folder
# renamed or moved, which changes the paths below it) reaches the
# database; a delta listing deletes nothing, so a purged file waits for the
# full walk every full_every, which deletes it; a failed sync commits no
# cursor, so the next one lists the same changes again; an incomplete one
# commits none either, so the next is full; a cursor that is garbage, of
# another version or for another scope, and --full, walk in full.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 64

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
PROJ=b.55555555-5555-4555-8555-555555555555
L=urn:adsk.wipprod:dm.lineage
F=urn:adsk.wipprod:fs.folder:co
cat >fixture.json <<EOF
{"hubs": [{"name": "Account", "projects": [{"name": "P", "id": "$PROJ",
 "folders": [{"name": "Project Files", "id": "$F.pf",
  "items": [{"name": "A.pdf", "id": "$L:a"}],
  "folders": [
   {"name": "Docs", "id": "$F.docs", "items": [{"name": "d1.pdf", "id": "$L:d1"}],
    "folders": [{"name": "Sub", "id": "$F.sub",
     "items": [{"name": "s1.pdf", "id": "$L:s1"}]}]},
   {"name": "Models", "id": "$F.models", "items": [{"name": "m1.rvt", "id": "$L:m1"}]},
   {"name": "Archive", "id": "$F.arch",
    "folders": [{"name": "Deep", "id": "$F.deep",
     "items": [{"name": "x.pdf", "id": "$L:x"}]}]}]},
  {"name": "Plans", "id": "$F.plans"}]}]}]}
EOF
start_aps --rate-scale 0 --fixture fixture.json
conf() {	# [DETAIL]: the configuration, with one more endpoint_details key
	aps_conf "${1:+      $1}"
}
conf
admin() { curl -s -X POST "$APS_URL/_admin/$1" >/dev/null; }
live() { q "select file_path from files where deleted_at is null order by 1" | tr '\n' '|'; }
# one pass of fc-auth --all | fc-list | fc-ingest, the fake's log afresh
pass() { : >aps.log; sync_once --all >out 2>err; }
mode() { q "select mode from sync_logs order by id desc limit 1"; }
cursor() { q "select cursor from sync_logs order by id desc limit 1"; }
# the requests fc-list made, by route: "hubs:1 project:1 topFolders:1"
asked() {
	jq -r 'select(.route != "token") | .route' aps.log | sort | uniq -c |
	    awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }'
}
listed() {	# folder...: whether the contents of each were asked for
	for _f; do
		grep -q "/folders/$(printf %s "$_f" | sed 's/:/%3A/g')/contents" \
		    aps.log || return 1
	done
}
summary() { jq -r '[.inserted, .updated, .deleted] | join(" ")' out; }

pass
is "$sync_status" '0 0 0' 'a first sync: exit 0'
is "$(mode)" full 'with no cursor, a full listing'
is "$(cursor | jq -r '[.v, (.since | test("^2[0-9-]+T[0-9:]+\\.[0-9]{3}Z$")),
    (.full_at | test("Z$")), (.scope | length)] | join(" ")')" '1 true true 16' \
    'its end line carries the cursor: version, since, full_at, scope'
is "$(live)" 'Project Files/A.pdf|Project Files/Archive/Deep/x.pdf|Project Files/Docs/Sub/s1.pdf|Project Files/Docs/d1.pdf|Project Files/Models/m1.rvt|' \
    'every file'

pass
is "$sync_status" '0 0 0' 'unchanged: exit 0'
is "$(mode)" delta 'with a cursor, a delta listing'
is "$(asked)" 'hubs:1 project:1 topFolders:1' \
    'an unchanged project: hubs, project and topFolders, no contents'
is "$(summary)" '0 0 0' 'nothing written'
like "$(cat logs/connector.log)" '"event":"aps_walk".*"mode":"delta","folders":0,"unchanged":2' \
    'the log says what was skipped'

admin "add?parent=$F.sub&name=new.pdf&size=42"
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'a file added: a delta listing'
is "$(q "select file_path, file_size from files where file_name = 'new.pdf'")" \
    'Project Files/Docs/Sub/new.pdf|42' 'the new file is in'
ok 'the folders above it were listed' listed "$F.pf" "$F.docs" "$F.sub"
ok 'the unchanged ones were not' not listed "$F.models"
ok 'nor those below them' not listed "$F.deep"
is "$(summary)" '1 0 0' 'one inserted, nothing else touched'

admin "rename?id=$L:d1&name=d1-renamed.pdf"
pass
is "$(q "select file_name, file_path, version from files where external_file_id = '$L:d1'")" \
    'd1-renamed.pdf|Project Files/Docs/d1-renamed.pdf|2' 'a file renamed'

admin "rename?id=$F.arch&name=Old"
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'a folder renamed: a delta listing'
is "$(q "select file_path from files where external_file_id = '$L:x'")" \
    'Project Files/Old/Deep/x.pdf' \
    'the file two folders down has its new path, though its folder did not change'
ok 'the folder below the renamed one was walked' listed "$F.deep"

admin "move?id=$L:a&parent=$F.models"
admin "move?id=$F.sub&parent=$F.models"
pass
is "$(q "select file_path from files where external_file_id in ('$L:a', '$L:s1') order by 1" |
    tr '\n' '|')" 'Project Files/Models/A.pdf|Project Files/Models/Sub/s1.pdf|' \
    'a file and a folder moved: the new paths'
is "$(q "select file_path from files where file_name = 'new.pdf'")" \
    'Project Files/Models/Sub/new.pdf' 'a file in the moved folder too'

admin "hide?id=$L:m1"
pass
is "$(q "select state, count(deleted_at) from files where external_file_id = '$L:m1' group by state")" \
    'hidden|0' 'a file deleted in the web UI: state hidden, not deleted'

admin "version?id=$L:s1&size=777"
pass
is "$(q "select file_size, version from files where external_file_id = '$L:s1'")" \
    '777|2' 'a new version: its size and number'
is "$(summary)" '0 1 0' 'one updated'

# a purge moves no time (the worst case: unverified on APS)
admin "purge?id=$L:x"
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'after a purge: a delta listing'
is "$(q "select count(*) from files where external_file_id = '$L:x' and deleted_at is null")" 1 \
    'a delta listing deletes nothing: the purged file is still live'
FC_NOW=$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%SZ)
export FC_NOW
pass
is "$sync_status:$(mode)" '0 0 0:full' 'full_every (24h) passed: a full listing'
is "$(q "select file_path from files where deleted_at is not null")" \
    'Project Files/Old/Deep/x.pdf' 'which deletes the purged file'
is "$(summary)" '0 0 1' 'and nothing else'
like "$(cat logs/connector.log)" '"event":"aps_full".*full_every has passed' \
    'the log says why'
pass
is "$(mode)" delta 'the full walk sets full_at: delta again'

conf 'full_every: 90m'
is "$(fc-auth --all 2>/dev/null | jq -c .details.full_every)" 5400 \
    'the endpoint line carries full_every in seconds'
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'full_every: 90m'
FC_NOW=$(date -u -d '+2 days 2 hours' +%Y-%m-%dT%H:%M:%SZ)
pass
is "$(mode)" full 'full_every: 90m, two hours on: full'
conf 'full_every: 0'
pass
is "$(mode)" full 'full_every: 0: every listing is full'
conf
pass
is "$(mode)" delta 'the default again: delta'

# a cursor fc-ingest stored, spoilt
last=$(q "select max(id) from sync_logs")
q "update sync_logs set cursor = 'garbage{' where id = $last" >/dev/null
pass
is "$sync_status:$(mode)" '0 0 0:full' 'a cursor that is garbage: full, no error'
like "$(cat logs/connector.log)" '"level":"WARNING".*"event":"aps_full".*the cursor is not a JSON object' \
    'logged as a warning'
last=$(q "select max(id) from sync_logs")
q "update sync_logs set cursor = '{\"v\":2,\"since\":\"2030-01-01T00:00:00.000Z\"}' where id = $last" \
    >/dev/null
pass
is "$(mode)" full 'a cursor of another version: full'
like "$(grep aps_full logs/connector.log | tail -n 1)" 'another version' \
    'the log says so'

# what decides the files listed changed: the old cursor says nothing
conf 'file_types: [pdf]'
pass
is "$sync_status:$(mode)" '0 0 0:full' 'file_types changed: full'
like "$(cat logs/connector.log)" 'the scope .* changed' 'the log says so'
pass
is "$(mode)" delta 'then delta again'

# a failed delta repeats: fc-ingest commits the end line's cursor with the
# files, or neither, so the next sync lists from the same cursor
before=$(cursor)
admin "add?parent=$F.docs&name=late.pdf"
fc-auth --all 2>err | fc-list 2>>err | sed '$d' | fc-ingest >out 2>>err
is "$?" 65 'a delta listing cut before its end line: fc-ingest fails'
is "$(q "select count(*) from files where file_name = 'late.pdf'")" 0 \
    'the new file is not in'
is "$(q "select status || ' ' || coalesce(cursor, 'null') from sync_logs order by id desc limit 1")" \
    'failed null' 'a failed sync recorded, with no cursor'
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'the next sync: a delta listing'
is "$(q "select file_path from files where file_name = 'late.pdf'")" \
    'Project Files/Docs/late.pdf' 'from the old cursor: the new file is in'
ok "and the cursor moves on" [ "$(cursor)" != "$before" ]

# a delta listing that ends incomplete (a folder 403) deletes nothing and
# carries no cursor: the next listing is full
admin "add?parent=$F.models&name=m2.pdf"
admin "forbid?id=$F.models"
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'a folder forbidden: a delta listing'
is "$(q "select status || ' ' || coalesce(cursor, 'null') from sync_logs order by id desc limit 1")" \
    'partial null' 'partial, no cursor'
is "$(q "select count(*) from files where file_name in ('m2.pdf', 'A.pdf') and deleted_at is null")" 1 \
    'the file in the forbidden folder not in, the one beside it not deleted'
admin "forbid?id=$F.models&forbidden=0"
pass
is "$sync_status:$(mode)" '0 0 0:full' 'then a full listing'
like "$(grep aps_full logs/connector.log | tail -n 1)" 'no cursor' 'the log says why'
is "$(q "select file_path from files where file_name = 'm2.pdf' and deleted_at is null")" \
    'Project Files/Models/m2.pdf' 'which brings the file in'

# --full, in a pipeline of one's own
: >aps.log
fc-auth --all 2>err | fc-list --full 2>>err >list
is "$?" 0 'fc-list --full: exit 0'
is "$(jq -r 'select(.type == "begin") | .mode' list)" full '--full: a full listing'
ok 'every folder asked for' listed "$F.deep"
is "$(jq -r 'select(.type == "end") | .cursor | fromjson | .v' list)" 1 \
    'its end line has a cursor'

# config checks
conf 'full_every: 24 hours'
fc-auth --all >/dev/null 2>err
is "$?" 78 'full_every: 24 hours: refused'
is "$(cat err)" "fc-auth: config/connector.yaml:12: endpoints[0].endpoint_details.full_every: expected a duration such as 3600, 90m, 24h or 2d (at most 1000d)" \
    'file, line and key'
conf 'full_every: 1001d'
fc-auth --all >/dev/null 2>err
is "$?" 78 'full_every past 1000 days: refused'

# the pacing knob of the tests and bench: a value it cannot read is refused
conf
FC_APS_RATE_SCALE=fast fc-list -c config/connector.yaml -e acc >list 2>err
is "$?" 78 'FC_APS_RATE_SCALE=fast: exit 78'
is "$(jq -r 'select(.type == "error") | .message' list)" \
    'FC_APS_RATE_SCALE fast: expected a number, 0 or more' 'an error line says why'
