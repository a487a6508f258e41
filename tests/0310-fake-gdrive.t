#!/bin/sh
# tests/fake-gdrive.py, the fake Google Drive the Google client is tested
# against, driven with curl, jq and openssl: the JWT-bearer grant (each
# check a real token service makes, the signature by openssl), the user
# login (consent with PKCE, code, refresh, revoke), Drive's error shapes,
# files.list (fields masks, paging with empty pages, q, corpora and
# shared drives), files.get, the changes feed after each kind of change
# (a shared drive's own too), injected faults and the request log.  If
# this fails, the fake is wrong, and every Google test after it is
# suspect.
. "${FC_TOP:-.}/tests/lib.sh"
plan 168

NOW=1767225600			# 2026-01-01T00:00:00Z, the fake's clock
SA=fc-sync@fc-test.iam.gserviceaccount.com
SA2=fc-admin@fc-test.iam.gserviceaccount.com
GEN=folders=6,files=40,depth=3,seed=5,dfiles=8
sa_key key
sa_key other
sa_key key2
KID=$(sa_kid key)
start_gdrive --now "$NOW" --sa "$SA:key.pub:$KID" --sa "$SA2:key2.pub" \
    --delegate "$SA2:drive.metadata.readonly" --user ann@example.com \
    --user carl@example.com --client desk:dsecret --generate "$GEN"
like "$GD_PORT" '^[0-9]+$' 'start_gdrive: the port came through the FIFO'

# get [CURL-ARGS...] URL: the status code; body in ./body, headers in ./headers
get() {
	curl -gs --max-time 10 -D headers -o body -w '%{http_code}' "$@"
}
header() {	# NAME: a header of the last reply
	tr -d '\r' <headers | sed -n "s/^$1: //Ip"
}
b64u() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# jwt KEY HEADER-JSON CLAIMS-JSON: signed with RS256 by openssl
jwt() {
	_h=$(printf %s "$2" | b64u)
	_c=$(printf %s "$3" | b64u)
	printf '%s.%s.%s' "$_h" "$_c" \
	    "$(printf '%s.%s' "$_h" "$_c" | openssl dgst -sha256 -sign "$1" -binary | b64u)"
}
HDR="{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"$KID\"}"
SCOPE=https://www.googleapis.com/auth/drive.metadata.readonly
# claims [JQ-EXPRESSION]: the claims fc sends, changed by the expression
claims() {
	jq -cn --arg iss "$SA" --arg aud "$GD_URL/token" --arg scope "$SCOPE" \
	    --argjson now "$NOW" "{iss: \$iss, scope: \$scope, aud: \$aud,
	    iat: (\$now - 10), exp: (\$now + 3590)} | ${1:-.}"
}
grant() {	# ASSERTION: POST it to /token
	get --data-urlencode grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer \
	    --data-urlencode "assertion=$1" "$GD_URL/token"
}
err() { jq -r '"\(.error) \(.error_description)"' body; }

# -- the JWT-bearer grant ------------------------------------------------------
A=$(jwt key.pem "$HDR" "$(claims)")
is "$(grant "$A")" 200 'a service account: 200'
is "$(jq -c '[(.access_token | startswith("ya29.c.")), .expires_in, .token_type, has("refresh_token")]' body)" \
    '[true,3599,"Bearer",false]' 'ya29.c., 3599 s, Bearer, no refresh token'
AT=$(jq -r .access_token body)
is "$(tail -n1 gdrive.log | jq -c '.jwt | [.verified, .header.kid, .claims.iss, .sha256]')" \
    "[true,\"$KID\",\"$SA\",\"$(printf %s "$A" | sha256sum | cut -c1-64)\"]" \
    'the log: verified, header, claims, and the SHA-256 of the assertion'
is "$(grant "$(jwt other.pem "$HDR" "$(claims)")")" 400 'signed by another key: 400'
is "$(err)" 'invalid_grant Invalid JWT Signature.' 'invalid_grant, as Google says it'
SIG=${A##*.}
case $SIG in A*) X=B ;; *) X=A ;; esac
is "$(grant "${A%.*}.$X${SIG#?}")" 400 'a signature with its first byte changed: 400'
is "$(grant "$A=")" 400 'base64url with padding: 400'
like "$(err)" '^invalid_grant Invalid JWT: malformed' 'a malformed JWT'
is "$(grant "$(jwt key.pem '{"alg":"RS256","typ":"JWT","kid":"nope"}' "$(claims)")")" 400 \
    'an unknown kid: 400'
is "$(grant "$(jwt key.pem '{"alg":"RS256","typ":"JWT"}' "$(claims)")")" 200 \
    'no kid at all: any key of the account'
is "$(grant "$(jwt key.pem '{"alg":"HS256","typ":"JWT"}' "$(claims)")")" 400 'alg HS256: 400'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.aud = "https://oauth2.googleapis.com/token"')")")" \
    400 'aud not the address posted to: 400'
like "$(err)" 'Failed audience check' 'a failed audience check'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.exp = .iat + 3601')")")" 400 \
    'exp more than an hour after iat: 400'
like "$(err)" '^invalid_grant Invalid JWT: Token must be a short-lived token \(60 minutes\) and in a reasonable timeframe' \
    'the reasonable-timeframe message'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.iat += 7200 | .exp += 7200')")")" 400 \
    'a clock two hours ahead: 400'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.iat -= 7200 | .exp -= 7200')")")" 400 \
    'two hours behind (expired): 400'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.iat = (.iat | tostring)')")")" 400 \
    'iat as a string: 400'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.iat += 50 | .exp += 50')")")" 200 \
    'fifty seconds ahead is tolerated'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.iss = "who@x.iam.gserviceaccount.com"')")")" 400 \
    'an unknown account: 400'
is "$(err)" 'invalid_grant Invalid grant: account not found' 'account not found'
is "$(grant "$(jwt key.pem "$HDR" "$(claims 'del(.scope)')")")" 400 'no scope: 400'
is "$(jq -r .error body)" invalid_scope 'invalid_scope'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.scope = "drive"')")")" 400 \
    'a scope not spelt as a URL: 400'
is "$(grant "$(jwt key.pem "$HDR" "$(claims '.sub = "ann@example.com"')")")" 401 \
    'sub without delegation: 401'
is "$(err)" 'unauthorized_client Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' \
    'unauthorized_client'
HDR2='{"alg":"RS256","typ":"JWT"}'
is "$(grant "$(jwt key2.pem "$HDR2" "$(claims ".iss = \"$SA2\" | .sub = \"nobody@example.com\"")")")" 400 \
    'delegation, but a sub that is no user: 400'
is "$(err)" 'invalid_grant Invalid email or User ID' 'invalid_grant, no such user'
is "$(grant "$(jwt key2.pem "$HDR2" "$(claims ".iss = \"$SA2\" | .sub = \"carl@example.com\" | .scope = \"https://www.googleapis.com/auth/drive\"")")")" 401 \
    'delegation for another scope: 401'
is "$(grant "$(jwt key2.pem "$HDR2" "$(claims ".iss = \"$SA2\" | .sub = \"carl@example.com\"")")")" 200 \
    'delegation, a user of the domain: 200'
CARL=$(jq -r .access_token body)
is "$(get -H "Authorization: Bearer $CARL" "$GD_URL/drive/v3/about?fields=user/emailAddress")" 200 \
    'about: 200'
is "$(jq -r .user.emailAddress body)" carl@example.com 'the token acts as carl'
is "$(get -d grant_type=client_credentials "$GD_URL/token")" 400 'client_credentials: 400'
is "$(jq -r .error body)" unsupported_grant_type 'unsupported_grant_type'

# -- Drive: the bearer check ---------------------------------------------------------
api() {		# PATH [CURL-ARGS...]: a Drive GET with $AT
	_p=$1
	shift
	get -H "Authorization: Bearer $AT" "$@" "$GD_URL/drive/v3$_p"
}
is "$(get "$GD_URL/drive/v3/files")" 401 'no token: 401'
is "$(jq -c '.error | [.code, .errors[0].reason, .errors[0].location, .status]' body)" \
    '[401,"required","Authorization","UNAUTHENTICATED"]' "in Google's shape"
is "$(get -H 'Authorization: Bearer ya29.nope' "$GD_URL/drive/v3/files")" 401 'an unknown token: 401'
is "$(jq -r '.error.errors[0].reason' body)" authError 'authError'
grant "$(jwt key.pem "$HDR" "$(claims '.scope = "https://www.googleapis.com/auth/drive.file"')")" >/dev/null
is "$(get -H "Authorization: Bearer $(jq -r .access_token body)" "$GD_URL/drive/v3/files")" 403 \
    'drive.file alone cannot list: 403'
is "$(jq -r '.error.errors[0].reason' body)" insufficientPermissions 'insufficientPermissions'

# -- files.list ------------------------------------------------------------------------
curl -s "$GD_URL/_admin/files" >truth.json
curl -s "$GD_URL/_admin/files?as=$SA" >sees.json
PROJ=$(jq -r '.[] | select(.name == "Projects") | .id' truth.json)
DRIVE=$(jq -r '[.[] | select(.driveId)][0].driveId' truth.json)
is "$(api /files)" 200 'files.list: 200'
is "$(jq -c '[.kind, (.files[0] | keys), has("nextPageToken"), .incompleteSearch]' body)" \
    '["drive#fileList",["id","kind","mimeType","name"],false,false]' \
    'no fields: kind, files(kind,id,name,mimeType), incompleteSearch'
F='nextPageToken,files(id,name,mimeType,parents,size,md5Checksum,version,createdTime,modifiedTime,webViewLink,trashed,explicitlyTrashed,driveId,shortcutDetails)'
# walk [CURL-ARGS...]: files.list to the end; ids in ./ids, pages in ./pages
walk() {
	: >ids
	: >pages
	PAGES=0
	_t=
	while :; do
		[ "$(api /files -G --data-urlencode "fields=$F" ${_t:+--data-urlencode "pageToken=$_t"} "$@")" = 200 ] || return 1
		PAGES=$((PAGES + 1))
		jq -r '.files[].id' body >>ids
		jq -c . body >>pages
		_t=$(jq -r '.nextPageToken // empty' body)
		[ -n "$_t" ] || break
	done
}
walk -d pageSize=7
is "$(sort ids)" "$(jq -r '.[] | select(.driveId == null) | .id' sees.json | sort)" \
    'paged 7 at a time: all the account sees outside shared drives, once'
is "$(jq -r '.files | length' pages | head -n -1 | sort -u)" 7 'pages of 7 but the last'
is "$PAGES" $((($(wc -l <ids) + 6) / 7)) 'as many pages as that takes'
ok 'not a file of the user beyond Projects' not grep -qF "$(jq -r '.[] | select(.name == "Private notes.pdf") | .id' truth.json)" ids
is "$(jq -c '.files[] | select(.name == "Projects") | [has("parents"), .trashed]' pages)" \
    '[false,false]' "Projects: no parents (the user's My Drive is hidden)"
is "$(jq -rs '[.[].files[] | select(.mimeType | startswith("application/vnd.google-apps.")) |
    select(.mimeType != "application/vnd.google-apps.folder")] | "\(length > 2) \(map(has("size")) | unique)"' pages)" \
    'true [false]' 'Google-native files and shortcuts have no size'
is "$(jq -r '[.files[] | select(.size) | .size | type] | unique[]' pages | sort -u)" string \
    'sizes are strings'
BIG=$(jq -r '[.[] | select(.size != null and .size > 4294967296)][0] | "\(.id) \(.size)"' truth.json)
is "$(jq -r --arg id "${BIG% *}" '.files[] | select(.id == $id) | "\(.id) \(.size)"' pages)" "$BIG" \
    'a size past 2^32, exactly'
is "$(jq -r '[.files[].version | type] | unique[]' pages | sort -u)" string 'versions are strings'
is "$(jq -c '.files[] | select(.name | startswith("Shortcut to")) | [.mimeType, (.shortcutDetails | keys)]' pages)" \
    '["application/vnd.google-apps.shortcut",["targetId","targetMimeType"]]' 'a shortcut'
is "$(jq -r '.files[] | select(.name == "Two parents.pdf") | .parents | length' pages)" 2 \
    'a file in two folders'
is "$(jq -c '[.files[] | select(.trashed) | [.name, .explicitlyTrashed]] | sort' pages | jq -sc add)" \
    '[["In the trash.dwg",false],["Old stuff",true],["Trashed.pdf",true]]' \
    'trashed: explicitly, or under a trashed folder'
like "$(jq -r '[.files[].modifiedTime] | unique[]' pages | head -n1)" \
    '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' 'times in RFC 3339 with ms'
api /files -G -d 'fields=files(id)' -d pageSize=3 >/dev/null
is "$(jq -c 'keys' body)" '["files"]' 'a mask without nextPageToken: none given'
is "$(api /files -G -d 'fields=files(id,bogus)')" 400 'an unknown field in the mask: 400'
is "$(jq -c '.error.errors[0] | [.reason, .location]' body)" '["invalidParameter","fields"]' \
    'invalidParameter, fields'
is "$(api /files -G -d pageSize=1001)" 400 'pageSize 1001: 400'
is "$(api /files -G -d pageSize=1000 -d 'pageToken=~!!~bogus')" 400 'a page token not ours: 400'

# q
api /files -G --data-urlencode "q='$PROJ' in parents and trashed = false" -d pageSize=1000 -d 'fields=files(id)' >/dev/null
is "$(jq -r '.files[].id' body | sort)" \
    "$(jq -r --arg p "$PROJ" '.[] | select((.parents | index($p)) and (.trashed | not)) | .id' truth.json | sort)" \
    "q: 'Projects' in parents and trashed = false"
api /files -G --data-urlencode "q=mimeType = 'application/vnd.google-apps.folder' and not name contains 'old'" \
    -d pageSize=1000 -d 'fields=files(name)' >/dev/null
is "$(jq -r '.files[].name' body | sort)" \
    "$(jq -r '.[] | select(.mimeType == "application/vnd.google-apps.folder" and .driveId == null and .name != "Old stuff") | .name' sees.json | sort)" \
    'q: folders, and not, and contains (case ignored)'
is "$(api /files -G --data-urlencode "q=name = 'it''s'")" 400 'a q that does not parse: 400'
is "$(jq -c '.error.errors[0] | [.reason, .location]' body)" '["invalid","q"]' 'invalid, q'
api /files -G --data-urlencode "q=name = 'Plan A/B (rev 3).pdf' or name = 'Same name.pdf'" -d 'fields=files(name)' >/dev/null
is "$(jq -r '.files[].name' body | sort | uniq -c | tr -s ' ' | tr '\n' ,)" ' 2 Same name.pdf,' \
    'q: or, and one name twice in a folder'

# empty pages mid-stream, and a cap on the page size
curl -s -d '{"empty_pages":true,"page_cap":5}' "$GD_URL/_admin/faults" >/dev/null
walk -d pageSize=1000
is "$(sort ids)" "$(jq -r '.[] | select(.driveId == null) | .id' sees.json | sort)" \
    'empty pages and pages of 5: still every file once'
is "$(jq -r '.files | length' pages | grep -c '^0$')" $(((PAGES - 1) / 2)) \
    'an empty page, with a next token, after every page but the last'
curl -s -d '{}' "$GD_URL/_admin/faults" >/dev/null

# shared drives
is "$(api /files -G -d corpora=drive -d "driveId=$DRIVE")" 400 \
    'corpora=drive without includeItemsFromAllDrives: 400'
is "$(api /files -G -d includeItemsFromAllDrives=true -d corpora=allDrives)" 400 \
    'includeItemsFromAllDrives without supportsAllDrives: 400'
is "$(api /files -G -d "driveId=$DRIVE" -d supportsAllDrives=true -d includeItemsFromAllDrives=true)" 400 \
    'driveId without corpora=drive: 400'
walk -d corpora=drive -d "driveId=$DRIVE" -d supportsAllDrives=true -d includeItemsFromAllDrives=true -d pageSize=4
is "$(sort ids)" "$(jq -r --arg d "$DRIVE" '.[] | select(.driveId == $d) | .id' truth.json | sort)" \
    'corpora=drive: the whole shared drive'
is "$(jq -r '[.files[].driveId] | unique[]' pages | sort -u)" "$DRIVE" 'each with its driveId'
walk -d corpora=allDrives -d supportsAllDrives=true -d includeItemsFromAllDrives=true -d pageSize=1000
is "$(sort ids)" "$(jq -r '.[].id' sees.json | sort)" 'corpora=allDrives: everything the account sees'
curl -s -d '{"incomplete_search":true}' "$GD_URL/_admin/faults" >/dev/null
api /files -G -d corpora=allDrives -d supportsAllDrives=true -d includeItemsFromAllDrives=true >/dev/null
is "$(jq .incompleteSearch body)" true 'the fault: incompleteSearch on allDrives'
api /files >/dev/null
is "$(jq .incompleteSearch body)" false 'not on user'
curl -s -d '{}' "$GD_URL/_admin/faults" >/dev/null
api /drives >/dev/null
is "$(jq -r '.drives[] | "\(.id) \(.name)"' body)" "$DRIVE Team 1" 'drives.list: Team 1'

# files.get
DFILE=$(jq -r --arg d "$DRIVE" '[.[] | select(.driveId == $d)][0].id' truth.json)
is "$(api "/files/$DFILE")" 404 'a shared-drive file without supportsAllDrives: 404'
is "$(jq -c '.error.errors[0] | [.reason, .location]' body)" '["notFound","fileId"]' 'notFound, fileId'
is "$(api "/files/$DFILE" -G -d supportsAllDrives=true -d 'fields=id,driveId')" 200 'with it: 200'
is "$(jq -r .driveId body)" "$DRIVE" 'and its driveId'
PRIV=$(jq -r '.[] | select(.name == "Private notes.pdf") | .id' truth.json)
is "$(api "/files/$PRIV")" 404 'a file the account cannot see: 404'
is "$(api /files/root -G -d 'fields=id,name')" 200 "'root': the account's own My Drive"
is "$(jq -r .name body)" 'My Drive' 'named My Drive'

# -- changes -----------------------------------------------------------------------------
FLAGS='-d supportsAllDrives=true -d includeItemsFromAllDrives=true'
CF='nextPageToken,newStartPageToken,changes(changeType,removed,fileId,driveId,file(name,trashed,parents,version))'
api /changes/startPageToken -G -d supportsAllDrives=true >/dev/null
START=$(jq -r .startPageToken body)
like "$START" '^[0-9]+$' 'startPageToken: a number as a string'
# changes TOKEN [CURL-ARGS...]: the feed to its end; the changes in ./feed,
# one a line, the new start token in NEWSTART, the pages in CPAGES
changes() {
	_t=$1
	shift
	: >feed
	CPAGES=0
	while [ -n "$_t" ]; do
		[ "$(api /changes -G -d "pageToken=$_t" --data-urlencode "fields=$CF" $FLAGS "$@")" = 200 ] || return 1
		CPAGES=$((CPAGES + 1))
		jq -c '.changes[]' body >>feed
		NEWSTART=$(jq -r '.newStartPageToken // empty' body)
		_t=$(jq -r '.nextPageToken // empty' body)
	done
}
changes "$START"
is "$CPAGES $(wc -l <feed | tr -d ' ') $NEWSTART" "1 0 $START" \
    'nothing changed: one request, no changes, the same token'
admin() { curl -s -X POST "$@"; }
T0=$(jq -r '[.[] | select(.name | test("^[A-Z].* 0000$"))][0].id' truth.json)
F1=$(jq -r --arg t "$T0" '[.[] | select(.parents == [$t] and .mimeType != "application/vnd.google-apps.folder" and .size != null)][0].id' truth.json)
NEW=$(admin "$GD_URL/_admin/add?parent=$PROJ&name=new.pdf&size=123" | jq -r .id)
admin "$GD_URL/_admin/rename?id=$F1&name=first.pdf" >/dev/null
admin "$GD_URL/_admin/rename?id=$F1&name=second.pdf" >/dev/null
changes "$START"
is "$(jq -r '"\(.fileId) \(.file.name)"' feed)" "$NEW new.pdf
$F1 second.pdf" 'an add and two renames: the file added, the renamed one once, as it is now'
ok 'a new start token' test "$NEWSTART" -gt "$START"
S1=$NEWSTART
admin "$GD_URL/_admin/move?id=$T0&parent=$PROJ&" >/dev/null
SUB=$(jq -r --arg p "$PROJ" '[.[] | select(.parents == [$p] and .mimeType == "application/vnd.google-apps.folder" and .name != "Old stuff")][1].id' truth.json)
admin "$GD_URL/_admin/move?id=$T0&parent=$SUB" >/dev/null
changes "$S1"
is "$(jq -r '"\(.fileId) \(.file.parents | join(","))"' feed)" "$T0 $SUB" \
    'a folder moved: one change, of the folder, its new parent'
S2=$NEWSTART
admin "$GD_URL/_admin/trash?id=$T0" >/dev/null
changes "$S2"
is "$(jq -r 'select(.file.trashed | not) | .fileId' feed)" '' 'a folder trashed: every change says trashed'
curl -s "$GD_URL/_admin/files" >now.json
TP=$(jq -r --arg t "$T0" '.[] | select(.id == $t) | .paths[0]' now.json)
is "$(jq -r .fileId feed | sort)" \
    "$(jq -r --arg p "$TP" '.[] | select(.paths | any(. == $p or startswith($p + "/"))) | .id' now.json | sort)" \
    'the folder and everything below it'
S3=$NEWSTART
admin "$GD_URL/_admin/trash?id=$T0&trashed=0" >/dev/null
admin "$GD_URL/_admin/delete?id=$NEW" >/dev/null
admin "$GD_URL/_admin/version?id=$F1&size=999" >/dev/null
changes "$S3" -d pageSize=2
is "$(jq -c 'select(.fileId == "'"$NEW"'")' feed)" "{\"changeType\":\"file\",\"removed\":true,\"fileId\":\"$NEW\"}" \
    'a file deleted: removed, without file'
is "$(jq -r 'select(.fileId == "'"$F1"'") | .file.name' feed)" second.pdf 'a new version: a change'
ok 'pageSize=2: several pages' test "$CPAGES" -gt 2
S4=$NEWSTART
admin "$GD_URL/_admin/share?id=$PROJ&with=$SA&remove=1" >/dev/null
changes "$S4"
is "$(jq -r 'select(.removed | not) | .fileId' feed)" '' 'Projects unshared: only removals'
curl -s "$GD_URL/_admin/files" >now.json
is "$(jq -r .fileId feed | sort)" \
    "$(jq -r '.[] | select(.paths[0] | startswith("My Drive/Projects")) | .id' now.json | sort)" \
    'one for each file the account could see there'
admin "$GD_URL/_admin/share?id=$PROJ&with=$SA" >/dev/null
api /changes/startPageToken -G -d supportsAllDrives=true >/dev/null
S5=$(jq -r .startPageToken body)
admin "$GD_URL/_admin/rename?id=$DFILE&name=team.pdf" >/dev/null
changes "$S5"
is "$(jq -r 'select(.fileId == "'"$DFILE"'") | "\(.driveId) \(.file.name)"' feed)" "$DRIVE team.pdf" \
    'a shared-drive change with includeItemsFromAllDrives, and its driveId'
FLAGS=
changes "$S5"
is "$(jq -r 'select(.fileId == "'"$DFILE"'")' feed)" '' 'and none without'
FLAGS='-d supportsAllDrives=true -d includeItemsFromAllDrives=true'
changes "$S5" -d "driveId=$DRIVE"
is "$(jq -r .fileId feed)" "$DFILE" 'driveId: that drive only'
is "$(api /changes -G -d pageToken=abc)" 400 'a page token not ours: 400'
is "$(jq -c '.error.errors[0] | [.reason, .location]' body)" '["invalid","pageToken"]' 'invalid, pageToken'
is "$(api /changes -G -d pageToken=$((NEWSTART + 5)))" 400 'one from the future: 400'
is "$(api /changes)" 400 'no pageToken: 400'
is "$(jq -r '.error.errors[0].reason' body)" required 'required'
admin -d before="$S5" "$GD_URL/_admin/forget" >/dev/null
is "$(api /changes -G -d "pageToken=$START")" 400 'a token forgotten: 400'
curl -s -d '{"empty_pages":true}' "$GD_URL/_admin/faults" >/dev/null
for i in 1 2 3; do admin "$GD_URL/_admin/rename?id=$F1&name=r$i.pdf" >/dev/null; done
admin "$GD_URL/_admin/rename?id=$PRIV&name=p.pdf" >/dev/null
changes "$S5" -d pageSize=1
is "$(jq -r .fileId feed | sort -u | tr '\n' ' ')" "$(printf '%s\n' "$DFILE" "$F1" | sort | tr '\n' ' ')" \
    'empty pages in the feed: the same changes'
ok 'several pages, some empty' test "$CPAGES" -ge 4
curl -s -d '{}' "$GD_URL/_admin/faults" >/dev/null
# a shared drive's own changes: renamed, a member removed and added
api /changes/startPageToken -G -d supportsAllDrives=true >/dev/null
S6=$(jq -r .startPageToken body)
CF='nextPageToken,newStartPageToken,changes(changeType,removed,fileId,driveId,drive(id,name),file(name))'
admin --data-urlencode "name=Team One" "$GD_URL/_admin/rename?id=$DRIVE" >/dev/null
changes "$S6"
is "$(cat feed)" "{\"changeType\":\"drive\",\"removed\":false,\"driveId\":\"$DRIVE\",\"drive\":{\"id\":\"$DRIVE\",\"name\":\"Team One\"}}" \
    'a shared drive renamed: one change, of the drive, with its new name'
is "$(curl -s "$GD_URL/_admin/files" | jq -r --arg d "$DRIVE" '[.[] | select(.driveId == $d) | .paths[0] | split("/")[0]] | unique[]')" \
    'Team One' 'every path in it starts with the new name'
FLAGS=
changes "$S6"
is "$(cat feed)" '' 'none without includeItemsFromAllDrives'
FLAGS='-d supportsAllDrives=true -d includeItemsFromAllDrives=true'
changes "$S6" -d "driveId=$DRIVE"
is "$(jq -r .changeType feed)" drive 'in the drive'"'"'s own feed'
admin "$GD_URL/_admin/member?drive=$DRIVE&email=$SA&remove=1" >/dev/null
changes "$S6"
is "$(jq -c 'select(.changeType == "drive")' feed)" \
    "{\"changeType\":\"drive\",\"removed\":true,\"driveId\":\"$DRIVE\"}" \
    'the account no longer a member: the drive removed, without "drive"'
is "$(jq -r 'select(.changeType == "file") | .fileId' feed | sort)" \
    "$(jq -r --arg d "$DRIVE" '.[] | select(.driveId == $d) | .id' truth.json | sort)" \
    'and each of its files removed, the root not among them'
admin "$GD_URL/_admin/member?drive=$DRIVE&email=$SA" >/dev/null
changes "$S6"
is "$(jq -c 'select(.changeType == "drive") | [.removed, .drive.name]' feed)" '[false,"Team One"]' \
    'a member again: the drive changed once, as it is now'
admin --data-urlencode "name=Team 1" "$GD_URL/_admin/rename?id=$DRIVE" >/dev/null
CF='nextPageToken,newStartPageToken,changes(changeType,removed,fileId,driveId,file(name,trashed,parents,version))'

# -- faults ---------------------------------------------------------------------------------
fault() { curl -s -d "$1" "$GD_URL/_admin/faults" >/dev/null; }
fault '{"rules":[{"route":"files","nth":2,"status":403}]}'
is "$(api /files) $(api /files) $(api /files)" '200 403 200' '403 on the second files.list only'
api /files >/dev/null
fault '{"rules":[{"route":"files","times":1,"status":403}]}'
api /files >/dev/null
is "$(jq -c '.error | [.code, .message, .errors[0].domain, .errors[0].reason]' body)" \
    '[403,"User Rate Limit Exceeded","usageLimits","userRateLimitExceeded"]' \
    "403 userRateLimitExceeded in Google's shape"
fault '{"rules":[{"route":"changes","times":1,"status":403,"reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}]}'
api /changes -G -d "pageToken=$NEWSTART" >/dev/null
is "$(jq -r '.error.errors[0].reason' body)" rateLimitExceeded 'a 403 rateLimitExceeded'
fault '{"rules":[{"route":"files","times":1,"status":429,"retry_after":3}]}'
is "$(api /files)" 429 'a 429'
is "$(header Retry-After) $(jq -r '.error.errors[0].reason' body)" '3 rateLimitExceeded' \
    'with Retry-After and rateLimitExceeded'
fault '{"rules":[{"route":"files","times":1,"status":429,"shape":"html"}]}'
api /files >/dev/null
is "$(header Content-Type)" 'text/html; charset=UTF-8' 'a 429 may be HTML'
fault '{"rules":[{"route":"files","times":1,"status":503}]}'
is "$(api /files)" 503 'a 503'
is "$(jq -r '.error.errors[0].reason' body)" backendError 'backendError'
fault '{"rules":[{"route":"file","times":1,"drop":true}]}'
api /files/root >/dev/null
is "$?" 52 'a dropped connection: curl sees an empty reply'
fault '{"rules":[{"route":"files","query":"pageSize=3","truncate":true}]}'
api /files -G -d pageSize=3 >/dev/null
is "$?" 18 'a truncated body, for one query only: a partial transfer'
is "$(api /files -G -d pageSize=4)" 200 'another query is answered'
fault '{"rules":[{"route":"token","times":1,"status":500,"shape":"oauth","error":"internal_failure"}]}'
is "$(grant "$A")" 500 'the token service fails'
is "$(jq -r .error body)" internal_failure 'internal_failure'
fault '{"budget":2,"rate_window":3600}'
is "$(api /about -G -d fields=user) $(api /about -G -d fields=user) $(api /about -G -d fields=user)" \
    '200 200 403' 'a budget of 2 calls: the third is 403'
is "$(jq -r '.error.errors[0].reason' body)" userRateLimitExceeded 'userRateLimitExceeded'
fault '{"expires_in_string":true,"token_type":"bearer"}'
grant "$A" >/dev/null
is "$(jq -c '[.expires_in, .token_type]' body)" '["3599","bearer"]' \
    'expires_in as a string, token_type in lower case'
fault '{}'
is "$(curl -s --compressed -D headers -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $AT" \
    "$GD_URL/drive/v3/files") $(header Content-Encoding)" '200 gzip' 'gzip when asked for'

# -- the clock ------------------------------------------------------------------------------
curl -s -X POST "$GD_URL/_admin/clock?advance=3600" >/dev/null
is "$(api /files)" 401 'an hour on, the access token has expired'
is "$(grant "$A")" 400 'and so has the assertion'

# -- a user's login: consent with PKCE, code, refresh, revoke --------------------------------
CB=http://127.0.0.1:9/
VERIFIER=$(openssl rand -hex 40)
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | b64u)
authorize() {
	HTTP=$(get -G "$GD_URL/o/oauth2/v2/auth" -d client_id=desk \
	    --data-urlencode "redirect_uri=$CB" -d response_type=code \
	    --data-urlencode "scope=$SCOPE" -d state=st4te -d access_type=offline \
	    -d prompt=consent -d "code_challenge=$CHALLENGE" \
	    -d code_challenge_method=S256 "$@")
	LOC=$(header Location)
	CODE=$(printf %s "$LOC" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' | sed 's/%2F/\//g')
}
code() {	# [FORM...]: the code exchange as desk, with $CODE
	get -d client_id=desk -d client_secret=dsecret -d grant_type=authorization_code \
	    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$CB" "$@" "$GD_URL/token"
}
authorize
is "$HTTP" 302 'consent: 302'
like "$LOC" '^http://127\.0\.0\.1:9/\?state=st4te&code=4%2F0[A-Za-z0-9_-]+&scope=https' \
    'to the loopback redirect, with state, code and scope'
is "$(code --data-urlencode "code_verifier=$VERIFIER")" 200 'the code and its verifier: 200'
is "$(jq -c '[(.access_token | startswith("ya29.a0")), .expires_in, (.refresh_token | startswith("1//0")), .scope, .token_type]' body)" \
    "[true,3599,true,\"$SCOPE\",\"Bearer\"]" 'an access token, a refresh token, the scope'
RT=$(jq -r .refresh_token body)
UAT=$(jq -r .access_token body)
is "$(code --data-urlencode "code_verifier=$VERIFIER")" 400 'a code works once'
is "$(err)" 'invalid_grant Malformed auth code.' 'then invalid_grant'
authorize
is "$(code --data-urlencode "code_verifier=$(openssl rand -hex 40)")" 400 'another verifier: 400'
authorize
is "$(code)" 400 'no verifier: 400'
authorize --data-urlencode "redirect_uri=https://example.com/cb"
is "$HTTP" 400 'a redirect that is not loopback: 400'
authorize -d code_challenge_method=plain
is "$HTTP" 400 'only S256'
is "$(get -d client_id=desk -d client_secret=wrong -d grant_type=refresh_token \
    --data-urlencode "refresh_token=$RT" "$GD_URL/token")" 401 'a wrong client secret: 401'
is "$(err)" 'invalid_client Unauthorized' 'invalid_client'
is "$(get -d client_id=desk -d client_secret=dsecret -d grant_type=refresh_token \
    --data-urlencode "refresh_token=$RT" "$GD_URL/token")" 200 'refresh: 200'
is "$(jq -c 'has("refresh_token")' body)" false 'no new refresh token'
is "$(get -H "Authorization: Bearer $(jq -r .access_token body)" "$GD_URL/drive/v3/about?fields=user(emailAddress)")" \
    200 'the refreshed token works'
is "$(jq -r .user.emailAddress body)" ann@example.com 'as the user who consented'
is "$(get --data-urlencode "token=$RT" "$GD_URL/revoke")" 200 'revoke: 200'
is "$(get -d client_id=desk -d client_secret=dsecret -d grant_type=refresh_token \
    --data-urlencode "refresh_token=$RT" "$GD_URL/token")" 400 'a revoked refresh token: 400'
is "$(err)" 'invalid_grant Token has been expired or revoked.' 'invalid_grant'
is "$(get -H "Authorization: Bearer $UAT" "$GD_URL/drive/v3/files")" 401 'its access token is dead too'
fault '{"consent":"deny"}'
authorize
is "$LOC" "${CB}?state=st4te&error=access_denied" 'a user who says no: access_denied'
fault '{}'

# -- the request log ------------------------------------------------------------------------
is "$(jq -c type gdrive.log | sort | uniq -c | tr -s ' ')" " $(wc -l <gdrive.log) \"object\"" \
    'the log is one JSON object a line'
ok 'no admin call logged' not grep -q _admin gdrive.log
ok 'no assertion, no token, no secret in it' not grep -qF -e "$A" -e "$AT" -e "$RT" -e dsecret gdrive.log
ok 'no private key' not grep -q 'PRIVATE' gdrive.log
is "$(jq -r 'select(.form.grant_type == "refresh_token") | "\(.auth) \(.form.refresh_token) \(.form.client_secret) \(.status)"' gdrive.log | sort -u)" \
    'body <redacted rt#1> <redacted> 200
body <redacted rt#1> <redacted> 400
body <redacted rt#1> <redacted> 401' 'refresh tokens and secrets redacted'
is "$(jq -r 'select(.route == "files" and .status == 200) | "\(.auth) \(.principal)"' gdrive.log | sort -u)" \
    "bearer $SA" 'files.list: bearer, as the account'
get "$GD_URL/drive/v3/files?access_token=$AT" >/dev/null
is "$(tail -n1 gdrive.log | jq -c '[.auth, .secret_in_url, .query.access_token]')" \
    '["query",true,"<redacted at#1>"]' 'a token in a URL is flagged, and redacted'
like "$(jq -r 'select(.route == "files") | .agent' gdrive.log | head -n1)" '^curl/' 'the User-Agent'
is "$(jq -r 'select(.fault) | "\(.route) \(.fault)"' gdrive.log | sort | uniq -c | tr -s ' ' | tr '\n' ,)" \
    ' 1 about rate, 1 changes status, 1 file drop, 5 files status, 1 files truncate, 1 token status,' \
    'each fault logged'

# -- the same seed, the same drive; a fixture --------------------------------------------------
start_gdrive --now "$NOW" --sa "$SA:key.pub:$KID" --sa "$SA2:key2.pub" --user ann@example.com \
    --user carl@example.com --generate "$GEN" --log gd2.log
is "$(curl -s "$GD_URL/_admin/files" | jq -c '[.[] | del(.version, .modifiedTime)]' | md5sum)" \
    "$(jq -c '[.[] | del(.version, .modifiedTime)]' truth.json | md5sum)" 'the same seed: the same files, ids and all'
cat >fx.json <<'JSON'
{"users": ["dora@example.com"],
 "drives": [{"id": "0AFixedDriveUk9PVA", "name": "Plans", "members": ["dora@example.com"]}],
 "files": [
  {"id": "1FOLDER", "name": "Top", "mimeType": "application/vnd.google-apps.folder"},
  {"id": "1DOC", "name": "Spec", "mimeType": "application/vnd.google-apps.document",
   "parents": ["1FOLDER"], "createdTime": "2025-01-02T03:04:05.678Z"},
  {"id": "1PDF", "name": "a.pdf", "parents": ["1FOLDER"], "size": 5, "version": 7},
  {"id": "1DRV", "name": "d.dwg", "parents": ["0AFixedDriveUk9PVA"], "size": 6}]}
JSON
start_gdrive --now "$NOW" --fixture fx.json --log gd3.log
is "$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | "\(.id) \(.size) \(.paths[0]) \(.driveId)"')" \
    '1FOLDER null My Drive/Top null
1DOC null My Drive/Top/Spec null
1PDF 5 My Drive/Top/a.pdf null
1DRV 6 Plans/d.dwg 0AFixedDriveUk9PVA' 'a fixture: ids, sizes, paths and drives as given'
is "$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.id == "1DOC") | .createdTime')" \
    2025-01-02T03:04:05.678Z 'and times'

# -- a server that cannot start says so at once ----------------------------------------------
ok 'a bad option: start_gdrive fails, and does not wait for ever' not start_gdrive --bogus
ok 'a public key that is not there: the same' not start_gdrive --sa "$SA:missing.pub"
