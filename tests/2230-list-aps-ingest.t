#!/bin/sh
# fc-list's Autodesk listings through fc-ingest: a complete listing
# inserts every file; one with a folder left out (403) updates what it
# names and deletes nothing, though a file is missing from it; a complete
# one without a deleted (hidden) folder's files marks them deleted.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 12

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
PROJ=b.44444444-4444-4444-8444-444444444444
L=urn:adsk.wipprod:dm.lineage
F=urn:adsk.wipprod:fs.folder:co
cat >fixture.json <<EOF
{"hubs": [{"name": "Account", "projects": [{"name": "P", "id": "$PROJ",
 "folders": [{"name": "Project Files", "id": "$F.pf",
  "items": [{"name": "Big.rvt", "id": "$L:big", "size": 6000000000}],
  "folders": [
   {"name": "Secret", "id": "$F.secret", "items": [{"name": "s.pdf", "id": "$L:s"}]},
   {"name": "Open", "id": "$F.open", "items": [{"name": "o.pdf", "id": "$L:o"}]}]}]}]}]}
EOF
start_aps --rate-scale 0 --fixture fixture.json
aps_conf
admin() { curl -s -X POST "$APS_URL/_admin/$1" >/dev/null; }
live() { q "select file_path from files where deleted_at is null order by 1" | tr '\n' '|'; }

fc-list -e acc 2>err | fc-ingest >out 2>>err
is "$?" 0 'a first sync: exit 0'
is "$(jq -r '[.status, .complete, .inserted] | join(" ")' out)" 'ok true 3' \
    'complete, three inserted'
is "$(live)" 'Project Files/Big.rvt|Project Files/Open/o.pdf|Project Files/Secret/s.pdf|' \
    'the paths in the database'
is "$(q "select file_size, version, state from files where external_file_id = '$L:big'")" \
    '6000000000|1|present' 'a size past 2^32 stored whole'
is "$(q "select count(*) from files where file_link like 'https://acc.autodesk.com/docs/files/projects/%'")" 3 \
    'every file with its link'

admin "forbid?id=$F.secret"
admin "hide?id=$L:o"
fc-list -e acc 2>err | fc-ingest >out 2>>err
is "$?" 0 'a folder refused: exit 0'
is "$(jq -r '[.status, .complete, .deleted, .updated] | join(" ")' out)" 'partial false 0 1' \
    'partial: nothing deleted, the hidden file updated'
is "$(live)" 'Project Files/Big.rvt|Project Files/Open/o.pdf|Project Files/Secret/s.pdf|' \
    'the file in the folder left out is still live'
is "$(q "select state from files where external_file_id = '$L:o'")" hidden \
    'the hidden item is hidden'

admin "forbid?id=$F.secret&forbidden=0"
admin "hide?id=$F.secret"
fc-list -e acc 2>err | fc-ingest >out 2>>err
is "$?" 0 'a deleted folder: exit 0'
is "$(jq -r '[.status, .complete, .deleted] | join(" ")' out)" 'ok true 1' \
    'a complete listing deletes its file'
is "$(q "select file_path from files where deleted_at is not null")" \
    'Project Files/Secret/s.pdf' 'that one'
