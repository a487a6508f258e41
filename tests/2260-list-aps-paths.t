#!/bin/sh
# An APS name may hold a '/', which in a path would pass for two names:
# fc-list writes each name of a path with '%' as %25 and '/' as %2F
# (fc-lines(5)), so folder "A/B" and folders A, B give two paths, and
# splitting a path at '/' and decoding gives the names back.  The name
# member keeps the name exactly; messages name the path as written.
. "${FC_TOP:-.}/tests/lib.sh"
plan 9

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
PROJ=b.66666666-6666-4666-8666-666666666666
L=urn:adsk.wipprod:dm.lineage
F=urn:adsk.wipprod:fs.folder:co
cat >fixture.json <<EOF
{"hubs": [{"name": "Account", "projects": [{"name": "P", "id": "$PROJ",
 "folders": [{"name": "Project Files", "id": "$F.pf",
  "items": [{"name": "A/B.pdf", "id": "$L:slash"},
            {"name": "x%2F.pdf", "id": "$L:pct"}],
  "folders": [
   {"name": "A/B", "id": "$F.ab", "items": [{"name": "c.pdf", "id": "$L:c1"}]},
   {"name": "A", "id": "$F.a", "folders": [
    {"name": "B", "id": "$F.b", "items": [{"name": "c.pdf", "id": "$L:c2"}]}]},
   {"name": "100% / final", "id": "$F.pc",
    "items": [{"name": "d.pdf", "id": "$L:d"}]}]}]}]}]}
EOF
start_aps --rate-scale 0 --fixture fixture.json
aps_conf
# "id path name" of the file with id $L:$1
line() { jq -r --arg id "$L:$1" 'select(.id == $id) | .path + " | " + .name' out; }

fc-list -e acc >out 2>err
is "$?:$(jq -c 'select(.type=="end") | [.complete, .count]' out)" '0:[true,5]' \
    'listed, complete'
is "$(line c1)" 'Project Files/A%2FB/c.pdf | c.pdf' 'the folder "A/B": one name, escaped'
is "$(line c2)" 'Project Files/A/B/c.pdf | c.pdf' 'folders A and B: two'
is "$(line slash)" 'Project Files/A%2FB.pdf | A/B.pdf' \
    'a file "A/B.pdf": escaped in the path, exact in the name'
is "$(line pct)" 'Project Files/x%252F.pdf | x%2F.pdf' \
    'a "%" is escaped too, so "%2F" in a name is not taken for a "/"'
is "$(line d)" 'Project Files/100%25 %2F final/d.pdf | d.pdf' 'both in one name'
# what any reader can do: split at "/", decode each name
ok 'each path splits and decodes into the names of the truth' python3 -c '
import json, sys, urllib.parse
truth = {"c1": ["Project Files", "A/B", "c.pdf"], "c2": ["Project Files", "A", "B", "c.pdf"],
         "slash": ["Project Files", "A/B.pdf"], "pct": ["Project Files", "x%2F.pdf"],
         "d": ["Project Files", "100% / final", "d.pdf"]}
n = 0
for line in open("out", encoding="utf-8"):
    v = json.loads(line)
    if v["type"] != "file" or v["id"].rpartition(":")[2] not in truth:
        continue
    names = [urllib.parse.unquote(x) for x in v["path"].split("/")]
    assert names == truth[v["id"].rpartition(":")[2]], (v["path"], names)
    assert names[-1] == v["name"]
    n += 1
sys.exit(n != 5)'

curl -s -X POST "$APS_URL/_admin/forbid?id=$F.ab" >/dev/null
fc-list -e acc >out 2>err
is "$?:$(jq -c 'select(.type=="end") | [.complete, .count]' out)" '0:[false,4]' \
    'the folder "A/B" refused: left out, incomplete'
is "$(cat err)" "fc-list: acc: incomplete listing, 1 unreadable; the first: folder \"Project Files/A%2FB\" ($F.ab): HTTP 403 BIM360DM_ERROR" \
    'the warning names it by its path as written'
