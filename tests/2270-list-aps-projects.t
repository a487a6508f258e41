#!/bin/sh
# fc-list --list-projects against the fake APS: how a person finds the
# project id.  Every ACC and BIM 360 hub the client sees (not personal
# hubs), each hub's projects page by page, hubs paged too when GET hubs
# says so; a table for people, --json for scripts.  GET hubs' warnings
# are logged and shown; a hub whose projects are refused is left out and
# the rest listed, exit 77; no hub at all, hubs refused, no login and no
# client each end with one line and their sysexits code.
. "${FC_TOP:-.}/tests/lib.sh"
plan 39

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
H1=b.11111111-1111-4111-8111-111111111111
H2=b.22222222-2222-4222-8222-222222222222
H3=b.33333333-3333-4333-8333-333333333333
P=b.aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaa
# a hub of 205 projects: two pages of GET projects
python3 - >fixture.json <<EOF
import json
many = [{"name": "Site %03d" % i, "id": "b.cccccccc-cccc-4ccc-8ccc-cccccccc%04d" % i,
         "folders": []} for i in range(205)]
print(json.dumps({"hubs": [
  {"name": "Personal", "type": "hubs:autodesk.core:Hub",
   "projects": [{"name": "Mine", "folders": []}]},
  {"name": "Acme Europe", "id": "$H1", "region": "EMEA", "projects": [
    {"name": "Tower", "id": "${P}0001", "type": "ACC", "folders": []},
    {"name": "Grundriß\tStraße", "id": "${P}0002", "type": "BIM360", "folders": []}]},
  {"name": "Acme US", "id": "$H2", "region": None, "projects": many},
  {"name": "Closed", "id": "$H3",
   "projects": [{"name": "Secret", "id": "${P}0003", "folders": []}]}]}))
EOF
start_aps --rate-scale 0 --fixture fixture.json --client client1:secret1:http://127.0.0.1/cb \
    --client nobody:secret2:http://127.0.0.1/cb --no-integration nobody
mkdir -p config
conf() {	# CLIENT SECRET GRANT
	cat >config/connector.yaml <<-EOF
	clients:
	  autodesk:
	    client_id: $1
	    client_secret: $2
	    grant: $3
	    base_url: $APS_URL
	settings:
	  log_file: ./logs/connector.log
	  token_dir: ./tokens
	EOF
}
faults() { curl -s -X POST -d "$1" "$APS_URL/_admin/faults" >/dev/null; }
count() { jq -r "select($1)" aps.log | jq -s length; }
conf client1 secret1 client_credentials

# -- the table ------------------------------------------------------------------
: >aps.log
fc-list --list-projects >out 2>err
is "$?" 0 'exit 0'
is "$(cat err)" '' 'nothing on stderr'
is "$(sed -n '1,3p' out)" "HUB          PROJECT          ID                                      TYPE    REGION
Acme Europe  Tower            ${P}0001  ACC     EMEA
Acme Europe  Grundriß?Straße  ${P}0002  BIM360  EMEA" \
    'hubs, then projects: name, id with its b., type, region; aligned by characters'
is "$(sed -n 4p out)" 'Acme US      Site 000         b.cccccccc-cccc-4ccc-8ccc-cccccccc0000  ACC     -' \
    'a hub without a region: -'
is "$(tail -n 1 out)" "Closed       Secret           ${P}0003  ACC     US" 'the last hub'
is "$(wc -l <out | tr -d ' ')" 209 'a header and 208 projects: both pages of Acme US'
ok 'a personal hub is not shown' not grep -q -e Personal -e Mine out
is "$(jq -r .route aps.log | sort | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ')" \
    'hubs:1 projects:4 token:1 ' 'GET hubs once, projects of the three accounts, one hub twice'
is "$(count ".route==\"projects\" and .query[\"page[number]\"]==\"1\" and (.path | contains(\"$H2\"))")" 1 \
    'the second page of Acme US, by links.next'
is "$(count '.route != "token" and .auth != "bearer"')" 0 'every API call with the bearer token'

# -- JSON -----------------------------------------------------------------------
fc-list --list-projects --json >json 2>err
is "$?:$(wc -l <json | tr -d ' ')" 0:208 '--json: exit 0, a line per project'
is "$(sed -n 2p json)" "{\"hub\":\"Acme Europe\",\"hub_id\":\"$H1\",\"region\":\"EMEA\",\"name\":\"Grundriß\\tStraße\",\"id\":\"${P}0002\",\"project_type\":\"BIM360\"}" \
    'hub, its id and region, the name exactly, the id, the type'
is "$(jq -r 'select(.hub == "Acme US") | .region' json | sort -u)" null 'no region: null'
is "$(jq -r 'select(.id | startswith("b.") | not)' json)" '' 'every id with its b.'

# -- hubs in pages ----------------------------------------------------------------
faults '{"hubs_limit":2}'
: >aps.log
fc-list --list-projects --json >json2 2>err
is "$?" 0 'hubs two a page: exit 0'
ok 'the same projects' cmp -s json json2
is "$(count '.route=="hubs"')" 2 'GET hubs twice, by links.next'
# an endpoint's project in a hub of the second page is found there too
{ cat config/connector.yaml
  printf 'endpoints:\n  - name: us\n    endpoint_type: autodesk\n'
  printf '    endpoint_details: {project_id: b.cccccccc-cccc-4ccc-8ccc-cccccccc0007}\n'
} >config/us.yaml
fc-list -c config/us.yaml -e us >out 2>err
is "$?:$(jq -r 'select(.type == "end").complete' out)" '0:true' \
    'a project in a hub on the second page of GET hubs: listed'

# -- warnings, a hub refused ------------------------------------------------------
faults '{"hub_warnings":true}'
fc-list --list-projects >out 2>err
is "$?" 0 'GET hubs with meta.warnings: exit 0'
is "$(cat err)" "fc-list: GET hubs warns: 403 BIM360DM_ERROR: You don't have permission to access this API" \
    'the warning on stderr'
faults '{"hub_warnings":"two\nlines\u001b[31m"}'
fc-list --list-projects >out 2>err
is "$?:$(cat err)" "0:fc-list: GET hubs warns: 403 BIM360DM_ERROR: two?lines?[31m" \
    'its control characters shown as ?: one line'
faults '{"hub_warnings":true}'
is "$(jq -r 'select(.event=="aps_hub_warning") | .code' logs/connector.log | sort -u)" \
    BIM360DM_ERROR 'and in the log'

faults "{\"rules\":[{\"route\":\"projects\",\"path\":\"$H3\",\"status\":403}]}"
fc-list --list-projects >out 2>err
is "$?" 77 'a hub whose projects are refused: exit 77'
is "$(wc -l <out | tr -d ' '):$(grep -c Closed out)" 208:0 'the other hubs listed, that one not'
is "$(cat err)" 'fc-list: incomplete list of projects, 1 unreadable; the first: hub Closed: HTTP 403 ERR_INJECTED' \
    'stderr names the hub and why'

# a page of projects that is not JSON is that hub's alone
faults "{\"rules\":[{\"route\":\"projects\",\"path\":\"$H3\",\"status\":200,\"shape\":\"html\"}]}"
fc-list --list-projects >out 2>err
is "$?:$(wc -l <out | tr -d ' ')" 76:208 'a hub whose projects are not JSON: exit 76, the others listed'
is "$(cat err)" 'fc-list: incomplete list of projects, 1 unreadable; the first: hub Closed: GET projects: not a JSON object' \
    'stderr names the hub and why'

# -- nothing to list -----------------------------------------------------------------
faults '{"rules":[{"route":"hubs","status":403,"shape":"gateway"}]}'
fc-list --list-projects >out 2>err
is "$?:$(wc -c <out | tr -d ' ')" 77:0 'GET hubs refused: exit 77, nothing on stdout'
is "$(cat err)" 'fc-list: GET hubs: HTTP 403 GW-403: is the app a Custom Integration of the account (Account Admin, Custom Integrations)?' \
    'saying what to check'
faults '{"rules":[{"route":"hubs","status":200,"shape":"html"}]}'
fc-list --list-projects >out 2>err
is "$?:$(wc -c <out | tr -d ' ')" 76:0 'GET hubs not JSON: exit 76, nothing on stdout'
is "$(cat err)" 'fc-list: GET hubs: not a JSON object' 'one line saying so'
faults '{}'

conf nobody secret2 client_credentials
fc-list --list-projects >out 2>err
is "$?" 66 'a client that is no Custom Integration sees no hub: exit 66'
is "$(cat err)" "fc-list: GET hubs warns: 403 BIM360DM_ERROR: You don't have permission to access this API
fc-list: this client sees no ACC or BIM 360 hub (is it a Custom Integration of the account?)" \
    "the hubs' warning and what to check"

conf client1 secret1 authorization_code
rm -r tokens
: >aps.log
fc-list --list-projects >out 2>err
is "$?:$(cat err)" '77:fc-list: autodesk: not logged in: run fc-auth login autodesk' \
    'no login: exit 77, what to run'
is "$(count .)" 0 'and no request made'

printf 'settings:\n  log_file: ./logs/connector.log\n' >config/connector.yaml
fc-list --list-projects >out 2>err
is "$?" 78 'no Autodesk client configured: exit 78'

fc-list --json >out 2>err
is "$?:$(head -n 1 err)" '64:fc-list: --json goes with --list-projects' '--json alone: 64'
fc-list --list-projects -e acc >out 2>err
is "$?:$(head -n 1 err)" '64:fc-list: --list-projects lists projects, not endpoints' \
    'with -e: 64'

ok 'no token or secret in the output, stderr or log' not grep -qE 'eyJ|secret[12]' \
    out json err logs/connector.log
