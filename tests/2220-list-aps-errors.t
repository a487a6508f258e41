#!/bin/sh
# What goes wrong in an Autodesk listing, and what fc-list makes of it.
# A folder that cannot be listed (403, a body that is not JSON) is left
# out and named on stderr; the rest is listed and the end line says
# complete:false, with exit 0.  5xx and a 401 once are retried, a 429 waits
# for Retry-After, and the listing is whole.  What fails the endpoint (a
# project in no hub, hubs refused, a token refused twice, no project_id,
# no configuration) is an error line with its code, and the exit status.
. "${FC_TOP:-.}/tests/lib.sh"
plan 42

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
PROJ=b.33333333-3333-4333-8333-333333333333
L=urn:adsk.wipprod:dm.lineage
F=urn:adsk.wipprod:fs.folder:co
cat >fixture.json <<EOF
{"hubs": [{"name": "Account", "projects": [{"name": "P", "id": "$PROJ",
 "folders": [{"name": "Project Files", "id": "$F.pf",
  "items": [{"name": "a.pdf", "id": "$L:a"}],
  "folders": [
   {"name": "Secret", "id": "$F.secret", "items": [{"name": "s.pdf", "id": "$L:s"}]},
   {"name": "Open", "id": "$F.open", "items": [{"name": "o.pdf", "id": "$L:o"}]}]}]}]}]}
EOF
start_aps --rate-scale 0 --fixture fixture.json
aps_conf '  - name: nowhere
    endpoint_type: autodesk
    endpoint_details: {project_id: b.00000000-0000-4000-8000-000000000000}
  - name: noproj
    endpoint_type: autodesk
    endpoint_details: {file_types: [pdf]}'
faults() { curl -s -X POST -d "$1" "$APS_URL/_admin/faults" >/dev/null; }
ids() { jq -r 'select(.type=="file").id' out | sort | tr '\n' ' '; }
end() { jq -c 'select(.type=="end") | [.complete, .count]' out; }
count() { jq -r "select($1)" aps.log | jq -s length; }

# -- a folder left out ---------------------------------------------------------
curl -s -X POST "$APS_URL/_admin/forbid?id=$F.secret" >/dev/null
fc-list -e acc >out 2>err
is "$?" 0 'a 403 folder: exit 0'
is "$(ids)" "$L:a $L:o " 'the rest is listed'
is "$(end)" '[false,2]' 'complete:false'
is "$(cat err)" "fc-list: acc: incomplete listing, 1 unreadable; the first: folder \"Project Files/Secret\" ($F.secret): HTTP 403 BIM360DM_ERROR" \
    'stderr names the folder by its path and id, and why'
is "$(jq -r 'select(.event=="aps_skip").msg' logs/connector.log)" \
    "folder \"Project Files/Secret\" ($F.secret) left out: HTTP 403 BIM360DM_ERROR" 'and so does the log'
curl -s -X POST "$APS_URL/_admin/forbid?id=$F.secret&forbidden=0" >/dev/null

faults '{"rules":[{"route":"contents","path":"co.open","status":200,"shape":"html"}]}'
fc-list -e acc >out 2>err
is "$?:$(ids)" "0:$L:a $L:s " 'a page that is not JSON: its folder left out'
is "$(end)" '[false,2]' 'complete:false'
like "$(cat err)" 'the first: folder "Project Files/Open" \(urn:adsk.wipprod:fs.folder:co.open\): the contents: not a JSON object$' \
    'the reason on stderr'

# -- retried, and whole ---------------------------------------------------------
faults '{"rules":[{"route":"contents","status":503,"times":2}]}'
: >aps.log
fc-list -e acc >out 2>err
is "$?:$(end)" '0:[true,3]' '503 twice: retried, complete'
is "$(count '.route=="contents" and .status==503')" 2 'the two 503s were met'

faults '{"rules":[{"route":"contents","status":401,"times":1}]}'
: >aps.log
fc-list -e acc >out 2>err
is "$?:$(end)" '0:[true,3]' 'a 401 once: a new token, complete'
is "$(count '.route=="token"')" 1 'one new token (the last run left one in the file)'
is "$(count '.status==401')" 1 'one 401'

faults '{"rules":[{"route":"hubs","status":401,"times":1}]}'
fc-list -e acc >out 2>err
is "$?:$(end)" '0:[true,3]' 'a 401 to GET hubs once: a new token, complete'

faults '{"budgets":{"data":2},"rate_window":2}'
: >aps.log
fc-list -e acc >out 2>err
is "$?:$(end)" '0:[true,3]' '429 under a budget of 2 requests in 2 s: complete'
ok 'some requests met a 429' test "$(count '.status==429')" -gt 0
ok 'each got one at most: Retry-After was waited for' \
    test "$(count '.status==429')" -le "$(count '.route=="contents" and .status==200')"
faults '{}'

# -- the endpoint fails ---------------------------------------------------------
fc-list -e nowhere >out 2>err
is "$?" 66 'a project in no hub: exit 66'
is "$(jq -r '[.type, .code] | join(" ")' out)" 'error 66' 'an error line only, code 66'
like "$(jq -r .message out)" 'project b\.00000000-0000-4000-8000-000000000000: in none of the 1 hubs this client sees$' \
    'naming the project'

fc-list -e noproj >out 2>err
is "$?:$(jq -r '[.code, .message] | join(" ")' out)" \
    '78:78 endpoint_details.project_id: missing (the project'"'"'s b.… id)' \
    'no project_id: exit 78'

faults '{"rules":[{"route":"hubs","status":403,"shape":"gateway"}]}'
fc-list -e acc >out 2>err
is "$?:$(jq -r '[.type, .code] | join(" ")' out)" '77:error 77' 'hubs refused: exit 77, error line'

# not one folder read: the endpoint failed, not a partial listing that
# would count as a good sync
faults '{"rules":[{"route":"contents","status":403}]}'
fc-list -e acc >out 2>err
is "$?:$(jq -r '.type' out | tr '\n' ' ')" '77:begin error ' \
    'every folder refused: exit 77, an error line after the begin line'
like "$(jq -r 'select(.type=="error").message' out)" \
    '^no folder could be read \([0-9]+ tried\); the first: folder .*: HTTP 403' \
    'saying so, with the first reason'
fc-ingest <out >sync 2>/dev/null
is "$(jq -r '[.status, .code] | join(" ")' sync)" 'failed 77' \
    'fc-ingest records a failed sync, to be retried'

# a 200 that is not JSON (a proxy's page) where the hubs or the project are
faults '{"rules":[{"route":"hubs","status":200,"shape":"html"}]}'
fc-list -e acc >out 2>err
is "$?:$(jq -r '[.type, .code, .message] | join(" ")' out)" \
    '76:error 76 GET hubs: not a JSON object' 'GET hubs not JSON: exit 76, saying so'
faults '{"rules":[{"route":"project","status":200,"shape":"empty"}]}'
fc-list -e acc >out 2>err
is "$?:$(jq -r '[.type, .code, .message] | join(" ")' out)" \
    '76:error 76 GET project: not a JSON object' 'GET project empty: exit 76, saying so'

# a 429 the retries do not outlast: the error line says what the API asked
faults '{"rules":[{"route":"hubs","status":429,"retry_after":1}]}'
fc-list -e acc >out 2>err
is "$?:$(jq -c '[.code, .retry_after]' out)" '75:[75,1]' \
    'hubs answering 429 to the end: exit 75, retry_after from Retry-After'
faults '{}'

# the id as the web address shows it, without "b."
sed "s|project_id: b.00000000-0000-4000-8000-000000000000|project_id: 00000000-0000-4000-8000-000000000000|" \
    config/connector.yaml >nob.yaml
fc-list -c nob.yaml -e nowhere >out 2>err
like "$?:$(jq -r .message out)" '^66:.*\(the API.s project ids start with "b\.": try b\.00000000-0000-4000-8000-000000000000\)$' \
    'a project id without b.: 66, and the hint'

faults '{"rules":[{"route":"contents","status":401}]}'
fc-list -e acc >out 2>err
is "$?" 77 'a token refused twice: exit 77'
is "$(jq -r 'select(.type=="error").code' out)" 77 'an error line after the begin line'
like "$(jq -r 'select(.type=="error").message' out)" 'run fc-auth login autodesk$' \
    'saying what to do'
faults '{}'

printf '{"type":"endpoint","endpoint":"acc","endpoint_type":"autodesk","details":{"project_id":"%s"}}\n' \
    "$PROJ" >line
mkdir elsewhere
(cd elsewhere && fc-list <../line >../out 2>../err)
is "$?:$(jq -r .code out)" 78:78 'no configuration, no client: exit 78'
like "$(jq -r .message out)" 'no configuration file was found \(name it with -c or FC_CONFIG' \
    'saying how to name one'

# a client that is no Custom Integration of the account sees no hub
start_aps --rate-scale 0 --fixture fixture.json --no-integration client1
sed "s|base_url: .*|base_url: $APS_URL|" config/connector.yaml >c2.yaml
fc-list -c c2.yaml -e acc >out 2>err
is "$?" 66 'no hub to be seen: exit 66'
like "$(jq -r .message out)" 'sees no ACC or BIM 360 hub \(is it a Custom Integration' \
    'the message says what to check'
is "$(jq -r 'select(.event=="aps_hub_warning") | .code + " " + .status' logs/connector.log)" \
    'BIM360DM_ERROR 403' "GET hubs' meta.warnings in the log"

ok 'no token on stderr or in the log' not grep -q 'eyJ' err logs/connector.log
ok 'nor in the output' not grep -q 'eyJ' out

# APS counts an app's requests: listings at once pace at their share
awk -v p="$PROJ" '{ print } /^endpoints:/ {
	for (i = 2; i <= 3; i++)
		printf "  - name: acc%d\n    endpoint_type: autodesk\n    endpoint_details: {project_id: %s}\n", i, p }' \
    config/connector.yaml >par.yaml
: >logs/connector.log
FC_APS_RATE_SCALE=10 MAX_CONCURRENT_SYNCS=3 CONNECTOR_LOG_LEVEL=DEBUG \
    fc-list -c par.yaml -e acc -e acc2 -e acc3 >out 2>err
is "$?:$(jq -c 'select(.type=="end") | .complete' out | tr '\n' ' ')" '0:true true true ' \
    'three listings at once: all complete'
is "$(jq -r 'select(.event=="aps_pace") | "\(.per_minute)/\(.share)"' logs/connector.log | sort -u)" \
    '1000/3' 'each paced at a third of the limit (3,000 a minute here)'
: >logs/connector.log
FC_APS_RATE_SCALE=10 CONNECTOR_LOG_LEVEL=DEBUG fc-list -c par.yaml -e acc >out 2>err
is "$(jq -r 'select(.event=="aps_pace") | "\(.per_minute)/\(.share)"' logs/connector.log)" \
    '3000/1' 'one alone at all of it'
