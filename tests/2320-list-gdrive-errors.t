#!/bin/sh
# The Google Drive lister when Drive says no: 403 userRateLimitExceeded
# and rateLimitExceeded, 429 (in Google's shape or as HTML), 5xx,
# dropped and truncated answers are retried with backoff until they
# pass; when they never do, the endpoint fails with 75 or 69 and the
# API's reason.  Other 4xx fail it at once (one request), with the
# reason: 403 insufficientPermissions 77, 400 76, a folder that is not
# there (or not shared) 66, one that is a file 78; a folder of the walk
# failing so, or for good, is named in the line by its path and id.  A
# 401 fetches a new token once.  Then answers Drive would not give, from a scripted
# server: entries that do not read (a size or version that is not a
# decimal string, a bad time, no id) are left out and the listing ends
# incomplete, naming the first; a page that is not a files list fails
# the endpoint with 76.
. "${FC_TOP:-.}/tests/lib.sh"
plan 39

SA=fc-sync@fc-test.iam.gserviceaccount.com
sa_key key
start_gdrive --now 1767225600 --sa "$SA:key.pub" --generate folders=8,files=60,seed=3
sa_json key "$SA"
PROJ=$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.name == "Projects").id')
FILE=$(curl -s "$GD_URL/_admin/files" | jq -r '[.[] | select(.name | endswith(".pdf"))][0].id')
gd_conf "  - name: fold
    endpoint_type: google_drive
    endpoint_details: {folder_id: $PROJ}
  - name: all
    endpoint_type: google_drive
  - name: gone
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1NoSuchFolder}
  - name: afile
    endpoint_type: google_drive
    endpoint_details: {folder_id: $FILE}"
FC_NOW=2026-01-01T00:00:00Z
FC_GDRIVE_BACKOFF_MS=1
export FC_NOW FC_GDRIVE_BACKOFF_MS
faults() { curl -s -X POST -d "$1" "$GD_URL/_admin/faults" >/dev/null; }
end() { jq -c 'select(.type == "end") | [.complete, .count]' out; }
errline() { jq -c 'select(.type == "error") | [.code, .message]' out; }
statuses() { jq -r "select(.route == \"$1\") | .status" gdrive.log | tr '\n' ' '; }

fc-list -e fold >out 2>err
is "$?" 0 'the folder lists'
N=$(jq -r 'select(.type == "end").count' out)

# -- retried until they pass ---------------------------------------------------
for f in '403 userRateLimitExceeded' '403 rateLimitExceeded' '429 rateLimitExceeded' \
    '500 internalError' '503 backendError'; do
	: >gdrive.log
	faults "{\"rules\": [{\"route\": \"files\", \"status\": ${f% *}, \"reason\": \"${f#* }\", \"times\": 3}]}"
	fc-list -e fold >out 2>err
	is "$?:$(end)" "0:[true,$N]" "$f three times: retried, the listing whole"
done
is "$(statuses files | tr ' ' '\n' | grep -c 503)" 3 'the three 503s were answered'
: >gdrive.log
faults '{"rules": [{"route": "files", "status": 429, "shape": "html", "times": 2}]}'
fc-list -e fold >out 2>err
is "$?:$(end)" "0:[true,$N]" 'a 429 with an HTML body: retried'
faults '{"rules": [{"route": "files", "drop": true, "times": 2}, {"route": "files", "truncate": true, "times": 2}]}'
fc-list -e all >out 2>err
is "$?:$(jq -r 'select(.type == "end").complete' out)" 0:true 'dropped and truncated answers: retried'

# -- retried, never passing -------------------------------------------------------------
faults '{"rules": [{"route": "files", "status": 403}]}'
: >gdrive.log
fc-list -e fold >out 2>err
is "$?" 75 'rate limited for good: 75'
is "$(cat err)" "fc-list: fold: GET files of the scope's folder ($PROJ): HTTP 403 userRateLimitExceeded: User Rate Limit Exceeded: still rate limited after 9 tries" \
    'the line names the folder, the reason and the tries'
is "$(errline)" "[75,\"GET files of the scope's folder ($PROJ): HTTP 403 userRateLimitExceeded: User Rate Limit Exceeded: still rate limited after 9 tries\"]" \
    'the error line too'
is "$(statuses files)" '403 403 403 403 403 403 403 403 403 ' 'nine tries'
# the last of the nine asks for a second: the error line passes it on
faults '{"rules": [{"route": "files", "status": 429, "times": 8}, {"route": "files", "status": 429, "retry_after": 1}]}'
fc-list -e all >out 2>err
is "$?:$(jq -c 'select(.type == "error") | [.code, .retry_after]' out)" '75:[75,1]' \
    '429 for good: 75, the error line with its Retry-After'
faults '{"rules": [{"route": "files", "status": 503}]}'
fc-list -e fold >out 2>err
is "$?:$(cat err)" "69:fc-list: fold: GET files of the scope's folder ($PROJ): HTTP 503 backendError: Backend Error" '503 for good: 69'

# -- failing at once -----------------------------------------------------------------
faults '{"rules": [{"route": "files", "status": 403, "reason": "insufficientPermissions"}]}'
: >gdrive.log
fc-list -e fold >out 2>err
is "$?:$(cat err)" "77:fc-list: fold: GET files of the scope's folder ($PROJ): HTTP 403 insufficientPermissions: User Rate Limit Exceeded" \
    '403 insufficientPermissions: 77, the reason'
is "$(statuses files)" '403 ' 'asked once'
faults '{"rules": [{"route": "files", "status": 400, "nth": 2}]}'
fc-list -e fold >out 2>err
like "$?:$(errline)" '^76:\[76,"GET files of (folder \\"[^"]*\\"|the scope.s folder) \([^)]*\): HTTP 400 invalid: Invalid Value"\]$' '400: 76'
is "$(jq -r .type out | head -1)" begin 'the error comes after the begin line'

# one folder refused, deep in the walk: the line says which, by path and id
MEP=$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.name == "MEP 0001").id')
for f in '403 insufficientFilePermissions 77' '403 forbidden 77' '404 notFound 66'; do
	set -- $f
	faults "{\"rules\": [{\"route\": \"files\", \"query\": \"$MEP\", \"status\": $1, \"reason\": \"$2\", \"message\": \"The user does not have sufficient permissions for this file.\"}]}"
	: >gdrive.log
	fc-list -e fold >out 2>err
	is "$?:$(cat err)" "$3:fc-list: fold: GET files of folder \"Annex 0000/MEP 0001\" ($MEP): HTTP $1 $2: The user does not have sufficient permissions for this file." \
	    "$1 $2 on one folder: $3, the folder named by its path and id"
done
is "$(errline)" "[66,\"GET files of folder \\\"Annex 0000/MEP 0001\\\" ($MEP): HTTP 404 notFound: The user does not have sufficient permissions for this file.\"]" \
    'the error line names it too'
is "$(jq -r 'select(.event == "list_error") | .msg' logs/connector.log | tail -n 1)" \
    "GET files of folder \"Annex 0000/MEP 0001\" ($MEP): HTTP 404 notFound: The user does not have sufficient permissions for this file." \
    'and so does the log'
is "$(statuses files | tr ' ' '\n' | grep -c 404)" 1 'the folder asked once'
# a page of that folder that is not Drive's JSON: the folder named too
faults "{\"rules\": [{\"route\": \"files\", \"query\": \"$MEP\", \"status\": 200, \"shape\": \"html\"}]}"
fc-list -e fold >out 2>err
is "$?:$(cat err)" "76:fc-list: fold: GET files of folder \"Annex 0000/MEP 0001\" ($MEP): not a JSON object: a word that is not a JSON value at byte 25" \
    'a page that does not read: 76, the folder named'
# a name of control bytes and past 120 bytes: one line, its end kept
LONG=$(printf 'x%.0s' $(seq 130))
ODD=$(curl -s -X POST --data-urlencode "parent=$MEP" --data-urlencode "name=$LONG
end" "$GD_URL/_admin/mkdir" | jq -r .id)
faults "{\"rules\": [{\"route\": \"files\", \"query\": \"$ODD\", \"status\": 403, \"reason\": \"forbidden\", \"message\": \"Forbidden\"}]}"
fc-list -e fold >out 2>err
is "$?:$(cat err)" "77:fc-list: fold: GET files of folder \"...$(printf 'x%.0s' $(seq 116))?end\" ($ODD): HTTP 403 forbidden: Forbidden" \
    'a long name with a newline: its last 120 bytes, the newline a ?'
curl -s -X POST "$GD_URL/_admin/delete?id=$ODD" >/dev/null
faults '{}'
fc-list -e gone >out 2>err
is "$?:$(cat err)" "66:fc-list: gone: endpoint_details.folder_id 1NoSuchFolder: no such folder, or not shared with $SA" \
    'a folder that is not there, or not shared: 66, saying so'
fc-list -e afile >out 2>err
is "$?:$(cat err)" "78:fc-list: afile: endpoint_details.folder_id $FILE: not a folder" 'a file: 78'

# -- 401 ---------------------------------------------------------------------------------------
: >gdrive.log
faults '{"rules": [{"route": "files", "status": 401, "times": 1}]}'
fc-list -e fold >out 2>err
is "$?:$(end)" "0:[true,$N]" 'a 401: a new token, the listing whole'
is "$(jq -r 'select(.route == "token") | .status' gdrive.log | wc -l)" 1 'one new token minted'
faults '{"rules": [{"route": "files", "status": 401}]}'
fc-list -e fold >out 2>err
is "$?:$(cat err)" "77:fc-list: fold: GET files of the scope's folder ($PROJ): HTTP 401 authError: Invalid Credentials: the token was refused" \
    'refused again: 77'

# -- answers Drive would not give ---------------------------------------------------------
mkfifo hport
good='{"id":"1ok","name":"ok.pdf","mimeType":"application/pdf","parents":["1F"],"size":"12","version":"4","createdTime":"2025-01-01T00:00:00.000Z","modifiedTime":"2025-01-02T00:00:00.000Z","trashed":false}'
entry() { printf '%s' "$good" | jq -c "$1"; }
cat >script.json <<EOF
{"/token": [{"body": "{\"access_token\":\"ya29.x\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"}],
 "/drive/v3/files/1F": [{"body": "{\"id\":\"1F\",\"name\":\"F\",\"mimeType\":\"application/vnd.google-apps.folder\"}"}],
 "/drive/v3/changes/startPageToken": [{"body": "{\"startPageToken\":\"41\"}"}],
 "/drive/v3/files": [
  {"body": $(jq -n --arg x '{"nextPageToken":"p2","files":[]}' '$x')},
  {"body": $(jq -n --arg x "{\"nextPageToken\":\"p3\",\"files\":[$good,$(entry '.id = "1a" | .size = "12x"'),$(entry '.id = "1b" | .size = 12'),$(entry '.id = "1c" | .version = "v4"')]}" '$x')},
  {"body": $(jq -n --arg x "{\"files\":[$(entry '.id = "1d" | .createdTime = "yesterday"'),$(entry 'del(.id)'),$(entry '.id = "1e" | .size = "99999999999999999999"'),$(entry '.id = "1f" | .name = "native" | .mimeType = "application/vnd.google-apps.spreadsheet" | del(.size)')]}" '$x')},
  {"body": "{\"kind\":\"drive#fileList\"}"},
  {"body": "{\"files\":[],\"nextPageToken\":7}"}
 ]}
EOF
python3 "$FC_TOP/tests/fake-http.py" script.json hport http.log 2>>http.err &
echo $! >>.pids
read -r HPORT <hport
jq --arg u "http://127.0.0.1:$HPORT/token" '.token_uri = $u' key.json >hkey.json
cat >config/connector.yaml <<EOF
clients:
  google_drive:
    credentials_path: ../hkey.json
    base_url: http://127.0.0.1:$HPORT
endpoints:
  - name: odd
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1F}
settings:
  token_dir: ./tokens2
EOF
fc-list -e odd >out 2>err
is "$?:$(jq -r 'select(.type == "file") | .id' out | tr '\n' ' ')" '0:1ok 1f ' \
    'an empty first page, then the entries that read'
is "$(end)" '[false,2]' 'the listing is incomplete'
is "$(cat err)" 'fc-list: odd: incomplete listing, 6 unreadable; the first: an entry of the scope'"'"'s folder (1F): "size": expected a decimal string' \
    'one line, naming the first entry left out and why'
is "$(jq -c 'select(.id == "1f") | [.size, .version]' out)" '[null,"4"]' \
    'a spreadsheet without a size: null'
is "$(jq -r '.query' http.log | grep -c pageToken=p)" 2 'the pages were asked for by their token'
fc-list -e odd >out 2>err
is "$?:$(cat err)" "76:fc-list: odd: GET files of the scope's folder (1F): no \"files\" array" 'a page without files: 76'
fc-list -e odd >out 2>err
is "$?:$(cat err)" "76:fc-list: odd: GET files of the scope's folder (1F): \"nextPageToken\": expected a string" \
    'a nextPageToken that is not a string: 76'
