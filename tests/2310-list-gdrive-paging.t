#!/bin/sh
# The Google Drive lister on a generated drive of 60 folders up to 6
# deep, paged 7 entries at a time with an empty page (and a
# nextPageToken) after every full one: each scope lists the same files
# as with whole pages, so neither a short nor an empty page ends a
# listing, and only a missing nextPageToken does.  Both strategies agree
# with the fake's own truth.  incompleteSearch makes a listing
# incomplete, its files listed all the same.
. "${FC_TOP:-.}/tests/lib.sh"
plan 12

SA=fc-sync@fc-test.iam.gserviceaccount.com
sa_key key
start_gdrive --now 1767225600 --sa "$SA:key.pub" \
    --generate folders=60,files=500,depth=6,seed=9,dfiles=80
sa_json key "$SA"
PROJ=$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.name == "Projects").id')
TEAM=$(curl -s "$GD_URL/_admin/files" | jq -r '[.[] | select(.paths[0] | startswith("Team 1/"))][0].driveId')
gd_conf "  - name: fold
    endpoint_type: google_drive
    endpoint_details: {folder_id: $PROJ}
  - name: team
    endpoint_type: google_drive
    endpoint_details: {drive_id: $TEAM}
  - name: all
    endpoint_type: google_drive"
FC_NOW=2026-01-01T00:00:00Z
export FC_NOW
faults() { curl -s -X POST -d "$1" "$GD_URL/_admin/faults" >/dev/null; }
idpath() { jq -r 'select(.type == "file") | "\(.id) \(.path)"' "$1" | sort; }
end() { jq -c 'select(.type == "end") | [.complete, .count]' "$1"; }

for e in fold team all; do
	fc-list -e "$e" >"$e.whole" 2>>err || echo "$e: $?" >>err
done
is "$(cat err)" '' 'whole pages: every scope listed'
# the truth, less what fc lists once: a file of two parents at its first
curl -s "$GD_URL/_admin/files?as=$SA" >truth.json
is "$(jq -r 'select(.type == "file") | .path | sub("^Shared with me/"; "My Drive/")' all.whole | sort)" \
    "$(jq -r '.[] | select(.mimeType != "application/vnd.google-apps.folder") | .paths[0]' truth.json |
	sed 's|%|%25|g; s|A/B|A%2FB|g' | sort)" \
    'everything: the fake'"'"'s truth, path for path'
is "$(idpath fold.whole)" "$(jq -r 'select(.type == "file" and (.path | startswith("Shared with me/Projects/"))) | "\(.id) \(.path | sub("^Shared with me/Projects/"; ""))"' all.whole | sort)" \
    'the walk of Projects and the flat listing agree'

faults '{"page_cap": 7, "empty_pages": true}'
: >gdrive.log
for e in fold team all; do
	fc-list -j 3 -e "$e" >"$e.paged" 2>>err
	is "$?:$(idpath "$e.paged" | md5sum)" "0:$(idpath "$e.whole" | md5sum)" \
	    "$e: 7 a page and empty pages between them: the same files"
done
is "$(end all.paged)" "$(end all.whole)" 'complete, the same count'
ok 'pages were asked for by their token' grep -q '"pageToken"' gdrive.log
n=$(jq -r 'select(.route == "files" and .bytes < 120) | .seq' gdrive.log | wc -l)
ok "empty pages were followed ($n)" test "$n" -gt 10

faults '{"incomplete_search": "always"}'
fc-list -e team >out 2>err
is "$?:$(end out)" "0:[false,$(jq -r 'select(.type == "end").count' team.whole)]" \
    'incompleteSearch: every file, the listing incomplete'
like "$(cat err)" '^fc-list: team: incomplete listing, [0-9]+ unreadable; the first: files.list: Drive said incompleteSearch$' \
    'one line says why'
fc-list -e team 2>/dev/null | fc-ingest --dry-run >sync 2>/dev/null
is "$(jq -r 'select(.type == "sync") | [.status, .deleted] | join(" ")' sync)" 'partial 0' \
    'fc-ingest takes it as partial: nothing deleted'
