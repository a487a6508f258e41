#!/bin/sh
# The Google Drive lister under valgrind: a walk with files of two
# parents put off, a flat listing of everything, one stopped by -n with
# requests still in flight (abandoned), one failed by a 403 midway, and
# entries that do not read: no invalid access, no uninitialised read, no
# definite leak.
. "${FC_TOP:-.}/tests/lib.sh"
command -v valgrind >/dev/null || skip_all 'valgrind is not installed'
plan 8
FC_VALGRIND=1
FC_NOW=2026-01-01T00:00:00Z
FC_GDRIVE_BACKOFF_MS=1
export FC_NOW FC_GDRIVE_BACKOFF_MS

SA=fc-sync@fc-test.iam.gserviceaccount.com
sa_key key
start_gdrive --now 1767225600 --sa "$SA:key.pub" --generate folders=12,files=300,depth=3,seed=4
sa_json key "$SA"
PROJ=$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.name == "Projects").id')
gd_conf "  - name: fold
    endpoint_type: google_drive
    endpoint_details: {folder_id: $PROJ}
  - name: all
    endpoint_type: google_drive"
faults() { curl -s -X POST -d "$1" "$GD_URL/_admin/faults" >/dev/null; }
end() { jq -c 'select(.type == "end") | [.complete, .count]' out; }

faults '{"page_cap": 50}'
vg fc-list -e fold >out 2>>err
is "$?:$(jq -r 'select(.type == "end").complete' out)" 0:true 'a walk under valgrind'
vg fc-list -e all >out 2>>err
is "$?:$(jq -r 'select(.type == "end").complete' out)" 0:true 'a flat listing'
vg fc-list -j 4 -n 40 -e fold >out 2>>err
is "$?:$(end)" '0:[false,40]' '-n 40, requests still in flight'
faults '{"rules": [{"route": "files", "status": 403, "reason": "forbidden", "nth": 3}]}'
vg fc-list -e all >out 2>>err
is "$?" 77 'a 403 midway'
faults '{"incomplete_search": "always"}'
vg fc-list -e all >out 2>>err
is "$?:$(jq -r 'select(.type == "end").complete' out)" 0:false 'incompleteSearch'
faults '{}'

# a delta listing from the cursor of a full one: a folder renamed, a file gone
vg fc-list -e fold >out 2>>err
cur=$(jq -r 'select(.type == "end").cursor' out)
SUB=$(curl -s "$GD_URL/_admin/files" | jq -r '[.[] | select(.mimeType == "application/vnd.google-apps.folder" and .name != "Projects")][0].id')
DEL=$(curl -s "$GD_URL/_admin/files" | jq -r '[.[] | select(.name | endswith(".pdf"))][3].id')
curl -s -X POST "$GD_URL/_admin/rename?id=$SUB&name=Renamed" >/dev/null
curl -s -X POST "$GD_URL/_admin/delete?id=$DEL" >/dev/null
jq -nc --arg c "$cur" --arg f "$PROJ" '{type: "endpoint", endpoint: "fold",
    endpoint_type: "google_drive", details: {folder_id: $f}, cursor: $c,
    run: "0123456789abcdef"}' >ep
FC_CONFIG=config/connector.yaml vg fc-list ep >out 2>>err
is "$?:$(jq -r 'select(.type == "begin").mode' out)" 0:delta 'a delta listing'
ok 'with a deletion and paths under the renamed folder' sh -c \
    'grep -q "\"state\":\"deleted\"" out && grep -q "Renamed" out'
ok 'no valgrind report from any of them' sh -c '! grep -q "==[0-9]*==" err'
