#!/bin/sh
# fc-list's Autodesk lister against the fake APS: a fixture project listed
# in full and compared with the fake's truth (paths built from the names,
# sizes past 2^32, hidden items listed as hidden, deleted folders and the
# hidden Photos folder left out, non-ASCII and very long names, links,
# versions, times in all three forms), a tip missing from included[]
# fetched with its item and never with /tip, and the details that narrow
# a listing: file_types (case ignored), include_subfolders, folder_id,
# and -n.  The request log shows what was asked for.
. "${FC_TOP:-.}/tests/lib.sh"
plan 32

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
LONG=$(printf 'Very long name of a coordination model, %.0s' 1 2 3 4 5 6 |
    cut -c1-230)
HUB=b.11111111-1111-4111-8111-111111111111
PROJ=b.22222222-2222-4222-8222-222222222222
L=urn:adsk.wipprod:dm.lineage
F=urn:adsk.wipprod:fs.folder:co
cat >fixture.json <<EOF
{"hubs": [
 {"name": "Personal", "type": "hubs:autodesk.core:Hub",
  "projects": [{"name": "Not ACC", "folders": []}]},
 {"name": "Other Account",
  "projects": [{"name": "Other", "folders": [{"name": "Project Files",
   "items": [{"name": "other.pdf"}]}]}]},
 {"name": "Main Account", "id": "$HUB",
  "projects": [{"name": "Tower", "id": "$PROJ", "folders": [
   {"name": "Project Files", "id": "$F.pf",
    "items": [{"name": "Readme.pdf", "id": "$L:readme",
               "createTime": "2024-01-02T03:04:05.0000000Z",
               "lastModifiedTime": "2024-02-03T04:05:06+00:00"}],
    "folders": [
     {"name": "Architecture", "id": "$F.arch",
      "items": [
       {"name": "Tower.rvt", "id": "$L:rvt", "size": 5000000000,
        "versions": 3, "type": "C4RModel"},
       {"name": "Old plan.PDF", "id": "$L:old", "hidden": true},
       {"name": "$LONG.ifc", "id": "$L:long"}],
      "folders": [
       {"name": "Grundriß Ebene 1", "id": "$F.deep",
        "items": [{"name": "平面図 1階.dwg", "id": "$L:jp", "size": 123}]}]},
     {"name": "Deleted folder", "hidden": true,
      "items": [{"name": "gone.pdf", "id": "$L:gone"}]},
     {"name": "Structure", "id": "$F.struct",
      "items": [
       {"name": "S-201.dwg", "id": "$L:s201", "tip_included": false,
        "mimeType": null},
       {"name": "Loads.xlsx", "id": "$L:xlsx", "fileType": null},
       {"name": "notes", "id": "$L:noext", "fileType": null}]}]},
   {"name": "Photos", "hidden": true,
    "items": [{"name": "site.jpg", "id": "$L:photo"}]},
   {"name": "Plans", "id": "$F.plans",
    "items": [{"name": "A-101.pdf", "id": "$L:a101"}]}]}]}]}
EOF
start_aps --rate-scale 0 --fixture fixture.json
curl -s "$APS_URL/_admin/files" >truth.json

# ids of the file lines, sorted, one line
ids() { jq -r 'select(.type=="file").id' "${1:-out}" | sort | tr '\n' ' '; }
routes() { jq -r .route aps.log | sort | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' '; }
# the truth of the project, as fc-list should write it (times to seconds)
want() {
	jq -c --arg p "$PROJ" '.[] | select(.project == $p and
	    (.path | test("^/(Photos|Project Files/Deleted folder)/") | not)) |
	    {id, path: .path[1:], name, size: (.size | tostring),
	     version: (.version | tostring), link: .webView,
	     state: (if .hidden then "hidden" else "present" end),
	     created_at: (.createTime | sub("\\.[0-9]+Z$"; "Z")),
	     updated_at: (.lastModifiedTime | sub("\\.[0-9]+Z$"; "Z"))}' truth.json |
	    sort
}
got() {
	jq -c 'select(.type=="file") | {id, path, name, size, version, link,
	    state, created_at, updated_at}' out | sort
}

aps_conf
: >aps.log
fc-list -e acc >out 2>err
is "$?" 0 'the project is listed: exit 0'
is "$(cat err)" '' 'nothing on stderr'
is "$(jq -c 'select(.type=="end") | [.complete, .count]' out)" '[true,9]' \
    'complete, 9 files'
is "$(got)" "$(want)" \
    "every file of the truth: path, name, size, version, link, state, times"
is "$(ids)" "$L:a101 $L:jp $L:long $L:noext $L:old $L:readme $L:rvt $L:s201 $L:xlsx " \
    'ids are the lineage urns, each once'
is "$(jq -r --arg i "$L:rvt" 'select(.id==$i) | [.size, .version, .path] | join(" ")' out)" \
    '5000000000 3 Project Files/Architecture/Tower.rvt' \
    'a size past 2^32 as a string, the tip version number'
is "$(jq -r --arg i "$L:old" 'select(.id==$i).state' out)" hidden \
    'a hidden item is listed, state hidden'
is "$(jq -r --arg i "$L:jp" 'select(.id==$i).path' out)" \
    'Project Files/Architecture/Grundriß Ebene 1/平面図 1階.dwg' \
    'non-ASCII names, path built from the folders down'
is "$(jq -r --arg i "$L:long" 'select(.id==$i).name | length' out)" 234 \
    'a 234-character name whole'
is "$(jq -r --arg i "$L:readme" 'select(.id==$i) | [.created_at, .updated_at] | join(" ")' out)" \
    '2024-01-02T03:04:05Z 2024-02-03T04:05:06Z' 'times in the 7-digit and +00:00 forms'
is "$(jq -r 'select(.type=="file") | [.name, .mime_type] | join("=")' out | sort |
    grep -E '^(S-201|Tower|Readme|notes)' | tr '\n' ' ')" \
    'Readme.pdf=application/pdf S-201.dwg=image/vnd.dwg Tower.rvt=application/octet-stream notes=application/octet-stream ' \
    "the tip's mimeType, else by extension"
is "$(jq -c --arg i "$L:rvt" 'select(.id==$i).raw | [.item == $i, (.version | endswith("?version=3")), .fileType, .type, .hub, .project, .folder]' out)" \
    "[true,true,\"rvt\",\"items:autodesk.bim360:C4RModel\",\"$HUB\",\"$PROJ\",\"$F.arch\"]" \
    'raw: item, tip version, fileType, extension type, hub, project, folder'
is "$(jq -r --arg i "$L:rvt" 'select(.id==$i).raw | has("createUserName") and has("lastModifiedUserName")' out)" \
    true 'raw: the user names'
is "$(jq -r 'select(.type=="begin").scope' out)" "Tower ($PROJ)" \
    'the begin line names the project'

# what was asked for
is "$(jq -r 'select(.route=="item").path' aps.log)" \
    "/data/v1/projects/$PROJ/items/urn%3Aadsk.wipprod%3Adm.lineage%3As201" \
    'the one tip left out of included[] came with its item'
is "$(jq -r 'select(.route=="tip")' aps.log)" '' 'never /tip'
is "$(jq -r 'select(.route=="contents") | .query | "\(.includeHidden) \(.["page[limit]"])"' aps.log | sort -u)" \
    'true 200' 'every contents page with includeHidden=true and page[limit]=200'
is "$(jq -r 'select(.route=="contents").path' aps.log | grep -c .)" 5 \
    'five folders visited: not Photos, not the deleted one'
is "$(routes)" 'contents:5 hubs:1 item:1 project:2 token:1 topFolders:1 ' \
    'hubs once, the projects until found, one token'
is "$(jq -r 'select(.route != "token") | .auth' aps.log | sort -u)" bearer \
    'every data call with a bearer token'

# file_types, case ignored on both sides: fileType first, else the name
printf '{"type":"endpoint","endpoint":"acc","endpoint_type":"autodesk","details":{"project_id":"%s","file_types":["DWG","Xlsx",".ifc"]}}\n' \
    "$PROJ" | FC_CONFIG=config/connector.yaml fc-list >out 2>err
is "$?:$(cat err)" 0: 'file_types from an endpoint line: exit 0'
is "$(ids)" "$L:jp $L:long $L:s201 $L:xlsx " \
    'DWG and Xlsx and .ifc: by fileType, and by name where there is none'
is "$(jq -r 'select(.type=="end").complete' out)" true \
    'a listing narrowed by type is complete'

aps_conf '      include_subfolders: false'
fc-list -e acc >out 2>err
is "$?:$(ids)" "0:$L:a101 $L:readme " \
    'include_subfolders false: the files of the top folders only'

aps_conf "      folder_id: $F.arch"
fc-list -e acc >out 2>err
is "$?" 0 'folder_id: exit 0'
is "$(jq -r 'select(.type=="file").path' out | sort | tr '\n' '|')" \
    "Grundriß Ebene 1/平面図 1階.dwg|Old plan.PDF|Tower.rvt|$LONG.ifc|" \
    'folder_id: paths from that folder'
is "$(jq -r 'select(.type=="begin").scope' out)" "Tower ($PROJ) folder $F.arch" \
    'the begin line names the folder'

aps_conf '      folder_id: null'
fc-list -e acc >out 2>err
is "$?:$(jq -c 'select(.type=="end").count' out)" 0:9 \
    'folder_id: null is no folder_id'

aps_conf
fc-list -e acc -n 3 >out 2>err
is "$(jq -c 'select(.type=="end") | [.complete, .count]' out)" '[false,3]' \
    '-n 3: three files, incomplete'
is "$(jq -r 'select(.type=="file")' out | jq -s length)" 3 'and three file lines'

# -v: each request in the log at DEBUG; never a token anywhere
rm -f logs/connector.log
fc-list -v -j 2 -e acc >out 2>err
is "$(jq -r 'select(.event=="http").what' logs/connector.log | sort | uniq -c |
    awk '{print $2 ":" $1}' | tr '\n' ' ')" \
    'contents:5 hubs:1 item:1 project:2 topFolders:1 ' '-v: every request logged'
ok 'no token in the output, the log or stderr' \
    not grep -q 'eyJ' out err logs/connector.log
