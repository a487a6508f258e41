#!/bin/sh
# tests/fake-aps.py, the fake APS the Autodesk client is tested against,
# driven with curl and jq: OAuth v2 (3-legged with PKCE, rotating single-use
# refresh tokens, 2-legged, client authentication, revocation), Data
# Management (the walk, paging to the end in every links.next form, hidden
# items, tips in included[], encoded version ids), changes made through
# /_admin, the rate limit, injected faults, and the request log.  If this
# fails, the fake is wrong, and every Autodesk test after it is suspect.
. "${FC_TOP:-.}/tests/lib.sh"
plan 100

CB=http://127.0.0.1:9/cb
GEN=folders=4,files=450,depth=2,seed=3
start_aps --client "cid:s3cret:$CB" --client "pub::$CB" --generate "$GEN"
like "$APS_PORT" '^[0-9]+$' 'start_aps: the port came through the FIFO'

# get [CURL-ARGS...] URL: the status code; body in ./body, headers in ./headers
get() {
	curl -gs --max-time 10 -D headers -o body -w '%{http_code}' "$@"
}
header() {	# NAME: a header of the last reply
	tr -d '\r' <headers | sed -n "s/^$1: //Ip"
}
# authorize [CURL-ARGS...]: the consent for cid, with state $ST (default
# $STATE); sets HTTP (the status), LOC and CODE from the redirect
VERIFIER=$(openssl rand -hex 40)
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 |
    tr '+/' '-_' | tr -d '=')
STATE=$(openssl rand -hex 8)
authorize() {
	HTTP=$(get -G "$APS_URL/authentication/v2/authorize" \
	    -d response_type=code -d client_id=cid \
	    --data-urlencode "redirect_uri=$CB" \
	    --data-urlencode 'scope=data:read data:search' -d "state=${ST:-$STATE}" \
	    -d "code_challenge=$CHALLENGE" -d code_challenge_method=S256 "$@")
	LOC=$(header Location)
	CODE=${LOC#*code=}
	CODE=${CODE%%&*}
}
token() {	# FORM-FIELD...: POST /token as cid with Basic
	nform=$#
	for _f; do set -- "$@" --data-urlencode "$_f"; done
	shift "$nform"
	get -u cid:s3cret "$@" "$APS_URL/authentication/v2/token"
}
api() {		# PATH [CURL-ARGS...]: a Data Management GET with $AT
	_p=$1
	shift
	get -H "Authorization: Bearer $AT" "$@" "$APS_URL$_p"
}
TRUTH0=$(curl -s "$APS_URL/_admin/files")

# -- 3-legged: authorize, code, PKCE ------------------------------------------
authorize
is "$HTTP" 302 'authorize: 302'
like "$LOC" "^$CB\\?code=[A-Za-z0-9_-]+&state=$STATE\$" \
    'to the callback, with a code and the state'
is "$(token grant_type=authorization_code "code=$CODE" "redirect_uri=$CB" \
    "code_verifier=$VERIFIER")" 200 'the code and its verifier: 200'
is "$(jq -c '[.token_type, .expires_in, (.refresh_token | length > 0), has("scope")]' body)" \
    '["Bearer",3599,true,false]' 'Bearer, 3599 s, a refresh token, no scope'
AT=$(jq -r .access_token body)
RT1=$(jq -r .refresh_token body)
is "$(token grant_type=authorization_code "code=$CODE" "redirect_uri=$CB" \
    "code_verifier=$VERIFIER")" 400 'a code works once'
is "$(jq -r .error body)" invalid_grant 'and then it is an invalid grant'
authorize
is "$(token grant_type=authorization_code "code=$CODE" "redirect_uri=$CB" \
    "code_verifier=$(openssl rand -hex 40)")" 400 'another verifier: 400'
authorize
is "$(token grant_type=authorization_code "code=$CODE" "redirect_uri=$CB/x" \
    "code_verifier=$VERIFIER")" 400 'another redirect_uri at the exchange: 400'
ST=a/b authorize
is "$HTTP" 400 'a state with "/" is refused'
authorize --data-urlencode "redirect_uri=$CB/"
is "$HTTP" 400 \
    'a redirect_uri not exactly the registered one is refused'
authorize -d code_challenge_method=plain
is "$HTTP" 400 'only S256'
curl -s -X POST -d '{"consent":"deny"}' "$APS_URL/_admin/faults" >/dev/null
authorize
is "$LOC" "$CB?error=access_denied&state=$STATE" 'a user who says no: access_denied'
curl -s -X POST -d '{}' "$APS_URL/_admin/faults" >/dev/null

# -- refresh: rotating, single use, 15 days -----------------------------------
is "$(token grant_type=refresh_token "refresh_token=$RT1")" 200 'refresh: 200'
RT2=$(jq -r .refresh_token body)
like "$RT2" '^[A-Za-z0-9_-]{40}$' 'with a refresh token'
ok 'a new one' test "$RT2" != "$RT1"
is "$(token grant_type=refresh_token "refresh_token=$RT1")" 400 'the old one again: 400'
is "$(jq -r .error body)" invalid_grant 'invalid_grant'
is "$(token grant_type=refresh_token "refresh_token=$RT2" scope=data:read)" 200 \
    'the new one, for fewer scopes: 200'
RT3=$(jq -r .refresh_token body)
is "$(token grant_type=refresh_token "refresh_token=$RT3" scope=data:write)" 400 \
    'a scope never granted: 400'

# -- 2-legged, client authentication, revocation ------------------------------
is "$(token grant_type=client_credentials)" 400 'client_credentials without scope: 400'
is "$(token grant_type=client_credentials scope=data:read)" 200 'with scope: 200'
is "$(jq -c '[.token_type, has("refresh_token")]' body)" '["Bearer",false]' \
    'and no refresh token'
AT2=$(jq -r .access_token body)
is "$(get -u cid:s3cret -d client_id=cid -d grant_type=client_credentials \
    -d scope=data:read "$APS_URL/authentication/v2/token")" 400 \
    'credentials in both header and body: 400'
is "$(get -u cid:wrong -d grant_type=client_credentials -d scope=data:read \
    "$APS_URL/authentication/v2/token")" 401 'a wrong secret: 401'
is "$(get -d client_id=cid -d client_secret=s3cret -d grant_type=client_credentials \
    -d scope=data:read "$APS_URL/authentication/v2/token")" 200 \
    'credentials in the body alone: 200'
is "$(get -d client_id=pub -d grant_type=refresh_token -d "refresh_token=$RT3" \
    "$APS_URL/authentication/v2/token")" 400 "another client's refresh token: 400"
is "$(get -u cid:s3cret -d "token=$AT2" "$APS_URL/authentication/v2/revoke")" 400 \
    'revoke without token_type_hint: 400'
is "$(get -u cid:s3cret -d "token=$AT2" -d token_type_hint=access_token \
    "$APS_URL/authentication/v2/revoke")" 200 'revoke: 200'
is "$(wc -c <body)" 0 'with no body'
AT_SAVED=$AT
AT=$AT2
is "$(api /project/v1/hubs)" 401 'a revoked token: 401'
is "$(jq -r 'keys | join(",")' body)" developerMessage,errorCode,moreInfo \
    'in the gateway shape'
AT=$AT_SAVED

# -- the walk ------------------------------------------------------------------
is "$(api /project/v1/hubs)" 200 'hubs: 200'
is "$(header Content-Type)" application/vnd.api+json 'as JSON:API'
is "$(jq -r '.data[] | "\(.id | test("^b\\.[0-9a-f-]{36}$")) \(.attributes.extension.type)"' body)" \
    'true hubs:autodesk.bim360:Account' 'one BIM 360 account, its id b.<uuid>'
HUB=$(jq -r '.data[0].id' body)
api "/project/v1/hubs/$HUB/projects" >/dev/null
is "$(jq -r '.data[] | .attributes.extension.data.projectType' body)" ACC 'one ACC project'
PJ=$(jq -r '.data[0].id' body)
ROOT=$(jq -r '.data[0].relationships.rootFolder.data.id' body)
like "$ROOT" '^urn:adsk\.wipprod:fs\.folder:co\.' 'the root folder id'
api "/project/v1/hubs/$HUB/projects/$PJ/topFolders" >/dev/null
is "$(jq -r '.data[] | "\(.attributes.name) \(.attributes.hidden)"' body | tr '\n' ,)" \
    'Project Files false,Plans false,Photos true,' 'top folders; Photos hidden'
PF=$(jq -r '.data[] | select(.attributes.name == "Project Files") | .id' body)
ENC=$(jq -rn --arg s "$PF" '$s | @uri')
CONTENTS=/data/v1/projects/$PJ/folders/$ENC/contents

# walk PATH [CURL-ARGS...]: follows links.next to its end (the arguments,
# e.g. -G -d includeHidden=true, go with the first call); data ids in ./ids,
# each page in ./pages, each next href in ./nexts; sets PAGES
walk() {
	_u=$APS_URL$1
	shift
	_first=true
	PAGES=0
	: >ids
	: >pages
	: >nexts
	while [ -n "$_u" ]; do
		# the query options go with the first request only
		$_first || set --
		_first=false
		[ "$(get -H "Authorization: Bearer $AT" "$@" "$_u")" = 200 ] || return 1
		PAGES=$((PAGES + 1))
		jq -r '.data[].id' body >>ids
		jq -c . body >>pages
		_u=$(jq -r '.links.next.href // empty' body)
		[ -n "$_u" ] && echo "$_u" >>nexts
		case $_u in
		http://*|'') ;;
		/*) _u=$APS_URL$_u ;;
		*) _u=$APS_URL/$_u ;;
		esac
	done
}
# the truth about Project Files' children
curl -s "$APS_URL/_admin/files" >files.json
curl -s "$APS_URL/_admin/folders" >folders.json
HIDE=$(jq -r --arg pf "$PF" '[.[] | select(.parent == $pf and (.hidden | not))][0].id' files.json)
curl -s -X POST "$APS_URL/_admin/hide?id=$(jq -rn --arg s "$HIDE" '$s | @uri')" >/dev/null
curl -s "$APS_URL/_admin/files" >files.json
jq -r --arg pf "$PF" '.[] | select(.parent == $pf) | [.id, .hidden] | @tsv' \
    files.json folders.json >children
awk '$2 == "false" { print $1 }' children | sort >live
cut -f1 children | sort >all
diag "Project Files: $(wc -l <live) live, $(wc -l <all) in all"

walk "$CONTENTS" -G -d 'page[limit]=50'
is "$(sort ids)" "$(cat live)" 'contents, 50 a page: every live child once'
is "$PAGES" $((($(wc -l <all) + 49) / 50)) 'pages counted over hidden ones too'
ok 'the hidden item is left out' not grep -qF -e "$HIDE" ids
walk "$CONTENTS" -G -d 'page[limit]=50' -d includeHidden=true
is "$(sort ids)" "$(cat all)" 'includeHidden=true: the hidden ones too'
is "$(jq -c --arg id "$HIDE" '.data[] | select(.id == $id) | .attributes.hidden' pages)" \
    true 'marked hidden'
walk "$CONTENTS" -G -d 'filter[type]=folders'
is "$(jq -r '.data[].type' pages | sort -u)" folders 'filter[type]=folders'
api "$CONTENTS" -G -d 'page[limit]=201' >/dev/null
is "$(jq -r '.errors[0].status' body)" 400 'page[limit]=201: 400, in the DM shape'

# included[] holds the tips, except where the fake leaves one out
TIPLESS=$(jq -r --arg pf "$PF" '[.[] | select(.parent == $pf and (.hidden | not))][1].id' files.json)
curl -s -X POST "$APS_URL/_admin/tip?id=$(jq -rn --arg s "$TIPLESS" '$s | @uri')&included=0" >/dev/null
curl -s "$APS_URL/_admin/files" >files.json
walk "$CONTENTS"
is "$(jq -r '[.data[] | select(.type == "items") | .relationships.tip.data.id] - [.included[].id] | .[]' pages | sort)" \
    "$(jq -r --arg pf "$PF" '.[] | select(.parent == $pf and (.hidden | not) and (.tip_included | not)) | .version_id' files.json | sort)" \
    'every tip in included[] but those left out'
ok 'the one left out through /_admin among them' grep -qF -e "$TIPLESS" ids
api "/data/v1/projects/$PJ/items/$(jq -rn --arg s "$TIPLESS" '$s | @uri')" >/dev/null
is "$(jq -r '.data.relationships.tip.data.id == .included[0].id' body)" true \
    'GET item brings that tip along'
is "$(jq -r '[.included[].attributes.createTime |
    if test("\\.[0-9]{3}Z$") then "ms" elif test("\\.[0-9]{7}Z$") then "7" elif test("\\+00:00$") then "tz" else . end] | unique | join(",")' pages)" \
    '7,ms,tz' 'timestamps in all three forms'

# versions: ids with ?version=N, only when percent-encoded
BIG=$(jq -c '[.[] | select(.size > 4294967296)][0]' files.json)
V=$(echo "$BIG" | jq -r .version_id)
like "$V" '^urn:adsk\.wipprod:fs\.file:vf\.[A-Za-z0-9_-]+\?version=[0-9]+$' 'a version id'
is "$(api "/data/v1/projects/$PJ/versions/$(jq -rn --arg s "$V" '$s | @uri')")" 200 \
    'GET version, percent-encoded: 200'
is "$(jq -r .data.attributes.storageSize body)" "$(echo "$BIG" | jq -r .size)" \
    'storageSize past 2^32, exactly'
is "$(api "/data/v1/projects/$PJ/versions/$V")" 404 'not encoded: 404'

# every form of links.next, and empty pages mid-stream
curl -s -X POST -d '{"next":"rotate","empty_pages":true}' "$APS_URL/_admin/faults" >/dev/null
walk "$CONTENTS" -G -d 'page[limit]=20' -d includeHidden=true
is "$(sort ids)" "$(cat all)" 'next in turn absolute, root-relative, relative: all there'
like "$(grep -c '^http://' nexts) $(grep -c '^/' nexts) $(grep -c '^data/' nexts)" \
    '^[1-9][0-9]* [1-9][0-9]* [1-9][0-9]*$' 'each form of href came'
is "$(jq -r '.data | length' pages | grep -c '^0$')" $(((PAGES - 1) / 2)) \
    'with an empty page between every two'
curl -s -X POST -d '{}' "$APS_URL/_admin/faults" >/dev/null

# -- changes through /_admin: the rollup moves -------------------------------
SUB=$(jq -r --arg pf "$PF" '[.[] | select(.parent == $pf)][0].id' folders.json)
api "/data/v1/projects/$PJ/folders/$ENC" >/dev/null
R0=$(jq -r .data.attributes.lastModifiedTimeRollup body)
ADDED=$(curl -s -X POST --data-urlencode "parent=$SUB" --data-urlencode 'name=new é.dwg' \
    -d size=5000000000 "$APS_URL/_admin/add" | jq -r .id)
api "/data/v1/projects/$PJ/folders/$ENC" >/dev/null
R1=$(jq -r .data.attributes.lastModifiedTimeRollup body)
NOW=$(curl -s -X POST "$APS_URL/_admin/clock?advance=0" | jq -r .now)
like "$R1" "^$(date -u -d "@$NOW" +%Y-%m-%dT%H:%M:%S)" \
    "a file added below: Project Files' rollup moved to the clock"
ok 'and it differs from before' test "$R0" != "$R1"
is "$(curl -s "$APS_URL/_admin/files" | jq -r --arg id "$ADDED" '.[] | select(.id == $id) | "\(.path | sub("^.*/"; "")) \(.size)"')" \
    'new é.dwg 5000000000' 'the truth has the new file'

# -- the rate limit ------------------------------------------------------------
curl -s -X POST -d '{"budgets":{"hubs":2}}' "$APS_URL/_admin/faults" >/dev/null
is "$(api /project/v1/hubs) $(api /project/v1/hubs) $(api /project/v1/hubs)" \
    '200 200 429' 'a budget of 2 hubs calls: the third is 429'
like "$(header Retry-After)" '^[0-9]+$' 'with Retry-After in seconds'
is "$(cat body)" '{"developerMessage":"Quota limit exceeded."}' 'and the quota body'
is "$(api "$CONTENTS" -G -d 'page[limit]=1')" 200 'another class has its own budget'

# -- injected faults -----------------------------------------------------------
curl -s -X POST -d '{"rules":[{"route":"contents","nth":2,"status":503}]}' \
    "$APS_URL/_admin/faults" >/dev/null
is "$(api "$CONTENTS") $(api "$CONTENTS") $(api "$CONTENTS")" '200 503 200' \
    '503 on the second contents call only'
curl -s -X POST -d '{"rules":[{"route":"hubs","times":1,"drop":true}]}' \
    "$APS_URL/_admin/faults" >/dev/null
api /project/v1/hubs >/dev/null
is "$?" 52 'a dropped connection: curl sees an empty reply'
api /project/v1/hubs >/dev/null
is "$?" 0 'then the call works again'
curl -s -X POST -d '{"rules":[{"route":"hubs","truncate":true}]}' \
    "$APS_URL/_admin/faults" >/dev/null
api /project/v1/hubs >/dev/null
is "$?" 18 'a truncated body: curl sees a partial transfer'
curl -s -X POST -d '{"rules":[{"path":"/projects$","status":403,"times":1}]}' \
    "$APS_URL/_admin/faults" >/dev/null
api "/project/v1/hubs/$HUB/projects" >/dev/null
is "$(jq -c '.errors[0] | [.status, has("code"), has("detail")]' body)" \
    '["403",true,true]' 'an injected 403 in the DM shape'
curl -s -X POST -d '{"rules":[{"route":"contents","query":"limit[^=]*=2","status":500}]}' \
    "$APS_URL/_admin/faults" >/dev/null
is "$(api "$CONTENTS" -G -d 'page[limit]=2') $(api "$CONTENTS" -G -d 'page[limit]=3')" \
    '500 200' 'a rule for one query only: another query is answered'
curl -s -X POST -d '{}' "$APS_URL/_admin/faults" >/dev/null

# -- the clock: 15 days kill a refresh token, an hour the access token ---------
curl -s -X POST "$APS_URL/_admin/clock?advance=3600" >/dev/null
is "$(api /project/v1/hubs)" 401 'an hour later the access token is dead'
curl -s -X POST "$APS_URL/_admin/clock?advance=$((15 * 86400))" >/dev/null
is "$(token grant_type=refresh_token "refresh_token=$RT3")" 400 \
    'after 15 days the refresh token is dead'

# -- the request log -----------------------------------------------------------
is "$(jq -c type aps.log | sort | uniq -c | tr -s ' ')" " $(wc -l <aps.log) \"object\"" \
    'the log is one JSON object a line'
ok 'no admin call logged' not grep -q _admin aps.log
is "$(jq -r 'select(.route == "authorize") | .query.state' aps.log | sort -u)" \
    "$(printf 'a/b\n%s\n' "$STATE" | sort)" 'the states sent to authorize'
is "$(jq -r 'select(.form.grant_type == "refresh_token") | "\(.auth) \(.form.refresh_token) \(.status)"' aps.log)" \
    "basic <redacted rt#1> 200
basic <redacted rt#1> 400
basic <redacted rt#2> 200
basic <redacted rt#3> 400
body <redacted rt#3> 400
basic <redacted rt#3> 400" 'refresh tokens by number: the reuse of rt#1 shows'
is "$(jq -r 'select(.route == "token") | .auth' aps.log | sort | uniq -c | tr -s ' ' | tr '\n' ,)" \
    ' 12 basic, 1 basic+body, 2 body,' 'Basic on the token calls, body twice, both once'
is "$(jq -c 'select(.form.grant_type == "authorization_code") | .form' aps.log | head -n 1)" \
    '{"grant_type":"authorization_code","code":"<redacted code#1>","redirect_uri":"http://127.0.0.1:9/cb","code_verifier":"<redacted>"}' \
    'code and verifier redacted'
ok 'the secret is never written' not grep -q s3cret aps.log
ok 'nor a token' not grep -qF -e "$RT1" aps.log
is "$(jq -c 'select(.secret_in_url)' aps.log)" '' 'no secret in any URL'
api /project/v1/hubs -G -d client_secret=s3cret >/dev/null
is "$(tail -n 1 aps.log | jq -c '[.secret_in_url, .query.client_secret]')" \
    '[true,"<redacted>"]' 'a secret in a URL is flagged, and redacted'
is "$(jq -r 'select(.route == "hubs" and .status == 200) | "\(.auth) \(.client) \(.token)"' aps.log | sort -u)" \
    'bearer cid 1' 'data calls: bearer, the client and the token number'
is "$(jq -r 'select(.fault) | "\(.route) \(.fault) \(.status)"' aps.log | sort | uniq -c | tr -s ' ' | tr '\n' ,)" \
    ' 1 contents status 500, 1 contents status 503, 1 hubs drop null, 1 hubs rate 429, 1 hubs truncate 200, 1 projects status 403,' \
    'each fault logged'

# -- the same seed, the same project -------------------------------------------
start_aps --generate "$GEN" --rate-scale 0.02 --log aps2.log
is "$(curl -s "$APS_URL/_admin/files")" "$TRUTH0" 'the same seed: the same files, ids and all'
is "$(token grant_type=client_credentials scope=data:read)" 401 \
    'without --client only client1 is known'
AT=$(curl -s -u client1:secret1 -d grant_type=client_credentials -d scope=data:read \
    "$APS_URL/authentication/v2/token" | jq -r .access_token)
is "$(api /project/v1/hubs) $(api /project/v1/hubs)" '200 429' \
    '--rate-scale 0.02: one hubs call a minute'

# -- a fixture: ids, types, times as given; warnings; 403s ----------------------
cat >fixture.json <<'JSON'
{"hubs": [
 {"name": "Personal", "type": "hubs:autodesk.core:Hub"},
 {"name": "Acme", "id": "b.11111111-2222-4333-8444-555555555555",
  "region": "EMEA",
  "warnings": [{"HttpStatusCode": "403", "ErrorCode": "BIM360DM_ERROR",
                "Detail": "Unable to get hubs from EMEA."}],
  "projects": [{"name": "Old", "id": "b.aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
   "type": "BIM360", "folders": [
    {"name": "Project Files", "id": "urn:adsk.wipprod:fs.folder:co.PF",
     "folders": [{"name": "Closed", "forbidden": true}],
     "items": [{"name": "Tower.rvt", "id": "urn:adsk.wipprod:dm.lineage:A",
                "size": 5, "versions": 2, "type": "C4RModel",
                "createTime": "2024-01-02T03:04:05.0000000Z",
                "lastModifiedTime": "2024-02-03T04:05:06+00:00"}]}]}]}]}
JSON
start_aps --fixture fixture.json --client "cid:s3cret:$CB" --client "c2:s2:$CB" \
    --no-integration c2 --faults '{"latency_ms":1}' --log aps3.log
AT=$(curl -s -u cid:s3cret -d grant_type=client_credentials -d scope=data:read \
    "$APS_URL/authentication/v2/token" | jq -r .access_token)
api /project/v1/hubs >/dev/null
is "$(jq -r '.data[] | "\(.attributes.name) \(.attributes.extension.type)"' body)" \
    'Personal hubs:autodesk.core:Hub
Acme hubs:autodesk.bim360:Account' 'fixture: both hubs, with their types'
is "$(jq -r '[.data[].attributes.region] | join(" ")' body)" 'US EMEA' \
    'the region given, US by default'
is "$(jq -c '.meta.warnings[] | [.HttpStatusCode, .ErrorCode]' body)" \
    '["403","BIM360DM_ERROR"]' 'and the PascalCase warning'
api /project/v1/hubs/b.11111111-2222-4333-8444-555555555555/projects >/dev/null
is "$(jq -r '.data[0].attributes.extension.data.projectType' body)" BIM360 'a BIM 360 project'
P=/data/v1/projects/b.aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee
api "$P/folders/urn:adsk.wipprod:fs.folder:co.PF/contents" >/dev/null
is "$(jq -c '.included[0] | [.id, .attributes.storageSize, .attributes.extension.type]' body)" \
    '["urn:adsk.wipprod:fs.file:vf.A?version=2",5,"versions:autodesk.bim360:C4RModel"]' \
    'the item as given, its tip version 2'
is "$(curl -s "$APS_URL/_admin/files" | jq -r '.[0] | "\(.createTime) \(.lastModifiedTime)"')" \
    '2024-01-02T03:04:05.000Z 2024-02-03T04:05:06.000Z' 'the times as given'
CLOSED=$(jq -r '.data[] | select(.type == "folders") | .id | @uri' body)
is "$(api "$P/folders/$CLOSED/contents")" 403 'a forbidden folder: 403'
is "$(jq -r '.errors[0].status' body)" 403 'in the DM shape'
AT=$(curl -s -u c2:s2 -d grant_type=client_credentials -d scope=data:read \
    "$APS_URL/authentication/v2/token" | jq -r .access_token)
api /project/v1/hubs >/dev/null
is "$(jq -c '[(.data | length), (.meta.warnings | length)]' body)" '[0,1]' \
    'no Custom Integration: no hubs, a warning'
is "$(api /project/v1/hubs/b.11111111-2222-4333-8444-555555555555/projects)" 403 \
    'and 403 on projects'

# -- several hubs, generated; hubs in pages -------------------------------------
start_aps --generate folders=1,files=1,depth=1,seed=1,hubs=3,projects=2 --log aps4.log
AT=$(curl -s -u client1:secret1 -d grant_type=client_credentials -d scope=data:read \
    "$APS_URL/authentication/v2/token" | jq -r .access_token)
api /project/v1/hubs >/dev/null
is "$(jq -r '.data[] | .attributes | "\(.name) \(.region)"' body | tr '\n' ,)" \
    'Generated Hub US,Generated Hub 2 EMEA,Generated Hub 3 AUS,' 'hubs=3: three hubs, three regions'
api "/project/v1/hubs/$(jq -r '.data[1].id' body)/projects" >/dev/null
is "$(jq -r '[.data[].attributes.name] | join(",")' body)" \
    'Generated Project 2.0,Generated Project 2.1' 'projects=2 in each'
curl -s -X POST -d '{"hubs_limit":2}' "$APS_URL/_admin/faults" >/dev/null
api /project/v1/hubs >/dev/null
N=$(jq -r .links.next.href body)
api "${N#"$APS_URL"}" >/dev/null
is "$(jq -r '([.data[].attributes.name] | join(",")) + " " + (.links.next // "none" | tostring)' body)" \
    'Generated Hub 3 none' 'hubs_limit 2: the third hub on a second page, the last'

# -- a server that cannot start says so at once ----------------------------------
ok 'a bad option: start_aps fails, and does not wait for ever' not start_aps --bogus
