#!/bin/sh
# fc-list's Google Drive listings through fc-ingest: a first sync stores
# every file, a native document's size as NULL and a size past 2^32
# whole, the trash as state trashed; the same listing again changes
# nothing (its lines are byte for byte the same); a renamed folder moves
# the paths of its files, a file deleted for good is deleted, a file put
# in the trash is kept with state trashed, and one taken out is present.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 12

SA=fc-sync@fc-test.iam.gserviceaccount.com
F=application/vnd.google-apps.folder
cat >fixture.json <<EOF
{"users": ["ann@example.com"],
 "files": [
  {"id": "1PROJ", "name": "Projects", "mimeType": "$F", "shared": ["$SA"]},
  {"id": "1A", "name": "a.pdf", "parents": ["1PROJ"], "size": 100, "version": 3},
  {"id": "1DOC", "name": "Notes", "mimeType": "application/vnd.google-apps.document",
   "parents": ["1PROJ"]},
  {"id": "1SUB", "name": "Sub", "mimeType": "$F", "parents": ["1PROJ"]},
  {"id": "1B", "name": "b.dwg", "parents": ["1SUB"], "size": 8589934593, "version": 9},
  {"id": "1C", "name": "c.pdf", "parents": ["1SUB"], "size": 7},
  {"id": "1TR", "name": "gone.pdf", "parents": ["1PROJ"], "size": 5, "trashed": true}
 ]}
EOF
sa_key key
start_gdrive --now 1767225600 --sa "$SA:key.pub" --fixture fixture.json
sa_json key "$SA"
gd_conf "  - name: fold
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1PROJ}"
FC_NOW=2026-01-01T00:00:00Z
export FC_NOW
admin() { curl -s -X POST "$GD_URL/_admin/$1" >/dev/null; }
live() { q "select file_path from files where deleted_at is null order by 1" | tr '\n' '|'; }
sync() { fc-list -e fold 2>err | fc-ingest >out 2>>err; }

sync
is "$?:$(jq -r '[.status, .complete, .inserted] | join(" ")' out)" '0:ok true 5' \
    'a first sync: five files inserted'
is "$(live)" 'Notes|Sub/b.dwg|Sub/c.pdf|a.pdf|gone.pdf|' 'their paths'
is "$(q "select coalesce(file_size, -1) from files where external_file_id = '1DOC'")" -1 \
    'a Google document: size NULL'
is "$(q "select file_size, version, state from files where external_file_id = '1B'")" \
    '8589934593|9|present' 'a size past 2^32 whole, the version'
is "$(q "select state from files where external_file_id = '1TR'")" trashed 'the trash: trashed'

sync
is "$?:$(jq -r '[.status, .unchanged, .updated, .inserted] | join(" ")' out)" '0:ok 5 0 0' \
    'the same again: five unchanged'

admin "rename?id=1SUB&name=Renamed"
admin "delete?id=1A"
admin "trash?id=1C"
sync
is "$?:$(jq -r '[.status, .deleted, .updated] | join(" ")' out)" '0:ok 1 2' \
    'renamed, deleted, trashed: one deleted, two updated'
is "$(live)" 'Notes|Renamed/b.dwg|Renamed/c.pdf|gone.pdf|' 'the paths follow the folder'
is "$(q "select state from files where external_file_id = '1C'")" trashed 'c.pdf trashed'
is "$(q "select count(*) from files where external_file_id = '1A' and deleted_at is not null")" 1 \
    'a.pdf deleted'
admin "trash?id=1C&trashed=0"
sync
is "$?:$(jq -r '[.status, .updated] | join(" ")' out)" '0:ok 1' 'out of the trash'
is "$(q "select state from files where external_file_id = '1C'")" present 'present again'
