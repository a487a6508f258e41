#!/bin/sh
# The Google Drive lister against the fake Drive, on a fixture whose
# every file is known: the three scopes (a folder walked folder by
# folder, a shared drive and everything the account sees listed flat),
# paths built from parents ('/' and '%' in names escaped, a deep tree),
# Google-native documents without a size, sizes past 2^32 exact,
# shortcuts listed and not followed, a file and a folder in two folders
# listed once under the first parent, trashed files as state trashed,
# include_subfolders, file_types, -j and -n, and what was sent: page
# size 1000, the fields mask, the shared-drive parameters on every list.
. "${FC_TOP:-.}/tests/lib.sh"
plan 27

SA=fc-sync@fc-test.iam.gserviceaccount.com
F=application/vnd.google-apps.folder
TEAM=0ATeamDriveFixture00Uk9PVA
cat >fixture.json <<EOF
{"users": ["ann@example.com"],
 "drives": [{"id": "$TEAM", "name": "Team", "members": ["ann@example.com", "$SA"]}],
 "files": [
  {"id": "1PROJ", "name": "Projects", "mimeType": "$F", "shared": ["$SA"]},
  {"id": "1A", "name": "a.pdf", "parents": ["1PROJ"], "size": 100, "version": 3,
   "createdTime": "2025-01-01T10:00:00.000Z", "modifiedTime": "2025-02-01T11:30:00.250Z"},
  {"id": "1DOC", "name": "Notes", "mimeType": "application/vnd.google-apps.document",
   "parents": ["1PROJ"]},
  {"id": "1SUB", "name": "Sub", "mimeType": "$F", "parents": ["1PROJ"]},
  {"id": "1B", "name": "b.dwg", "parents": ["1SUB"], "size": 8589934593},
  {"id": "1SL", "name": "A/B", "mimeType": "$F", "parents": ["1PROJ"]},
  {"id": "1C", "name": "c%.pdf", "parents": ["1SL"], "size": 0},
  {"id": "1TWO", "name": "two.pdf", "parents": ["1SUB", "1PROJ"], "size": 13},
  {"id": "1CUT", "name": "a.pdf", "target": "1A", "parents": ["1SUB"]},
  {"id": "1TR", "name": "gone.pdf", "parents": ["1PROJ"], "size": 15, "trashed": true},
  {"id": "1OLD", "name": "Old", "mimeType": "$F", "parents": ["1PROJ"], "trashed": true},
  {"id": "1IN", "name": "in.rvt", "parents": ["1OLD"], "size": 12},
  {"id": "1BOTH", "name": "Both", "mimeType": "$F", "parents": ["1SL", "1SUB"]},
  {"id": "1M", "name": "m.pdf", "parents": ["1BOTH"], "size": 11},
  {"id": "1D1", "name": "d1", "mimeType": "$F", "parents": ["1PROJ"]},
  {"id": "1D2", "name": "d2", "mimeType": "$F", "parents": ["1D1"]},
  {"id": "1D3", "name": "d3", "mimeType": "$F", "parents": ["1D2"]},
  {"id": "1D4", "name": "d4", "mimeType": "$F", "parents": ["1D3"]},
  {"id": "1D5", "name": "d5", "mimeType": "$F", "parents": ["1D4"]},
  {"id": "1D6", "name": "d6", "mimeType": "$F", "parents": ["1D5"]},
  {"id": "1D7", "name": "d7", "mimeType": "$F", "parents": ["1D6"]},
  {"id": "1D8", "name": "d8", "mimeType": "$F", "parents": ["1D7"]},
  {"id": "1D9", "name": "d9", "mimeType": "$F", "parents": ["1D8"]},
  {"id": "1D10", "name": "d10", "mimeType": "$F", "parents": ["1D9"]},
  {"id": "1D11", "name": "d11", "mimeType": "$F", "parents": ["1D10"]},
  {"id": "1D12", "name": "d12", "mimeType": "$F", "parents": ["1D11"]},
  {"id": "1DEEP", "name": "deep.pdf", "parents": ["1D12"], "size": 14},
  {"id": "1PRIV", "name": "Private.pdf", "parents": ["root"], "size": 20},
  {"id": "1OWN", "name": "own.pdf", "parents": ["root:$SA"], "size": 16, "owner": "$SA"},
  {"id": "1BOB", "name": "From Bob.pdf", "parents": ["root:bob@elsewhere.example"], "size": 17,
   "owner": "bob@elsewhere.example", "shared": ["$SA"]},
  {"id": "1T", "name": "t.pdf", "parents": ["$TEAM"], "size": 18},
  {"id": "1SPEC", "name": "Specs", "mimeType": "$F", "parents": ["$TEAM"]},
  {"id": "1S", "name": "s.pdf", "parents": ["1SPEC"], "size": 19}
 ]}
EOF
sa_key key
start_gdrive --now 1767225600 --sa "$SA:key.pub" --fixture fixture.json
sa_json key "$SA"
gd_conf "  - name: fold
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1PROJ}
  - name: team
    endpoint_type: google_drive
    endpoint_details: {drive_id: $TEAM}
  - name: all
    endpoint_type: google_drive
  - name: top
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1PROJ, include_subfolders: false}
  - name: teamtop
    endpoint_type: google_drive
    endpoint_details: {drive_id: $TEAM, include_subfolders: false}
  - name: pdfs
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1PROJ, file_types: [pdf]}"
FC_NOW=2026-01-01T00:00:00Z
export FC_NOW
# the listing's files, one line each, sorted: path size state
files() { jq -r 'select(.type == "file") | "\(.path) \(.size) \(.state)"' "$1" | sort; }
end() { jq -c 'select(.type == "end") | [.complete, .count]' "$1"; }
sent() { jq -rc "select(.route == \"$1\") | $2" gdrive.log; }

fc-list -e fold >out 2>err
is "$?:$(cat err)" 0: 'a folder: exit 0, nothing on stderr'
is "$(files out)" "A%2FB/Both/m.pdf 11 present
A%2FB/c%25.pdf 0 present
Notes null present
Old/in.rvt 12 trashed
Sub/a.pdf null present
Sub/b.dwg 8589934593 present
Sub/two.pdf 13 present
a.pdf 100 present
d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/deep.pdf 14 present
gone.pdf 15 trashed" \
    'every file under the folder once: paths escaped, a native document without size, the trash as trashed'
is "$(end out)" '[true,10]' 'complete, 10 files'
is "$(jq -c 'select(.type == "begin") | [.endpoint_type, .mode, .scope]' out)" \
    '["google_drive","full","folder Projects (1PROJ)"]' 'the begin line names the folder'
is "$(jq -c 'select(.id == "1A") | [.name, .link, .created_at, .updated_at, .version, .mime_type, .raw.parents]' out)" \
    '["a.pdf","https://drive.google.com/file/d/1A/view?usp=drivesdk","2025-01-01T10:00:00Z","2025-02-01T11:30:00Z","3","application/pdf",["1PROJ"]]' \
    'name, link, times, version and media type as Drive gives them'
is "$(jq -c 'select(.id == "1A") | .raw | [(.md5Checksum | length), .driveId]' out)" '[32,null]' \
    'raw: the checksum, no drive outside shared drives'
is "$(jq -c 'select(.id == "1CUT") | [.mime_type, .raw.shortcutDetails]' out)" \
    '["application/vnd.google-apps.shortcut",{"targetId":"1A","targetMimeType":"application/pdf"}]' \
    'a shortcut is a file of its own, its target in raw'
is "$(jq -c 'select(.id == "1DOC") | [.size, .mime_type]' out)" \
    '[null,"application/vnd.google-apps.document"]' 'a Google document: size null, not 0'
is "$(sent files '.query.q' | sort | uniq -c | awk '{ print $1 }' | sort -u):$(sent files 1 | wc -l)" 1:17 \
    'one query per folder: the scope and its 16 folders, the one in two folders once'
is "$(sent files '[.query.pageSize, .query.supportsAllDrives, .query.includeItemsFromAllDrives, .query.corpora, .query.fields] | join(" ")' | sort -u)" \
    '1000 true true user nextPageToken,incompleteSearch,files(id,name,mimeType,parents,size,md5Checksum,version,createdTime,modifiedTime,webViewLink,trashed,driveId,shortcutDetails)' \
    'every page: 1000 entries, the shared-drive parameters, the fields mask'
is "$(sent file '.path')" /drive/v3/files/1PROJ 'the folder was looked up once'
like "$(sent files .agent | sort -u)" '^fc/[0-9.]+ Acme Drawings \(gzip\)$' \
    'application_name in the User-Agent, with gzip'

: >gdrive.log
fc-list -e fold -j 1 >out1 2>err
is "$?:$(files out1)" "0:$(files out)" 'one request at a time: the same files'

: >gdrive.log
fc-list -e team >out 2>err
is "$?:$(files out)" "0:Specs/s.pdf 19 present
t.pdf 18 present" 'a shared drive, flat'
is "$(jq -c 'select(.type == "begin").scope' out)" "\"shared drive Team ($TEAM)\"" \
    'the begin line names the drive'
is "$(jq -c 'select(.id == "1S").raw.driveId' out)" "\"$TEAM\"" 'raw has the drive'
is "$(sent files '[.query.corpora, .query.driveId, .query.q] | join(" ")' | sort)" \
    "drive $TEAM mimeType != 'application/vnd.google-apps.folder'
drive $TEAM mimeType = 'application/vnd.google-apps.folder'" \
    'two queries: the folders, then the files'

printf '{"type":"endpoint","endpoint":"team","endpoint_type":"google_drive","details":{"drive_id":"%s"},"run":"0123456789abcdef"}\n' \
    "$TEAM" | FC_CONFIG=config/connector.yaml fc-list >out2 2>err
is "$?:$(files out2)" "0:$(files out)" 'the same from an endpoint line, drive_id and all'

fc-list -e all >out 2>err
is "$?:$(files out | grep -v Projects/)" "0:My Drive/own.pdf 16 present
Shared with me/From Bob.pdf 17 present
Team/Specs/s.pdf 19 present
Team/t.pdf 18 present" 'everything: My Drive, what is shared, each shared drive'
is "$(files out | sed -n 's|^Shared with me/Projects/||p')" "$(files out1)" \
    'a shared folder under "Shared with me", its files as in the walk'
is "$(jq -c 'select(.type == "begin").scope' out)" "\"everything $SA sees\"" 'the scope'

fc-list -e top >out 2>err
is "$?:$(files out)" '0:Notes null present
a.pdf 100 present
gone.pdf 15 trashed
two.pdf 13 present' 'include_subfolders false: the folder alone, two.pdf under its parent there'
fc-list -e teamtop >out 2>err
is "$?:$(files out)" '0:t.pdf 18 present' 'and the top of a shared drive'
fc-list -e pdfs >out 2>err
is "$(files out | grep -vc '\.pdf ')" 0 'file_types: only pdf'
is "$(end out)" '[true,7]' 'seven of them'

fc-list -e fold -n 4 >out 2>err
is "$?:$(end out)" '0:[false,4]' '-n 4: four files, incomplete'
FC_CONFIG=config/connector.yaml fc-list -e nope >out 2>err
is "$?" 64 'an endpoint not configured: 64'
