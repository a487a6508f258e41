#!/bin/sh
# fc-status knows whether a person must log in: an active Autodesk
# endpoint with no login, with a login whose refresh token has passed
# its 15 days, or whose last refresh was refused (recorded in the token
# file), makes the state unhealthy, in the exit status, --json and
# /health alike; a live login or 2-legged tokens do not.  The text
# output shows each login, the expiry of its access and refresh tokens,
# and what to run when a person must log in.
. "${FC_TOP:-.}/tests/lib.sh"
plan 41

conf() {	# GRANT ACTIVE
	mkdir -p config
	cat >config/connector.yaml <<-YAML
	clients:
	  autodesk:
	    client_id: cid
	    client_secret: s3cret
	    grant: $1
	endpoints:
	  - name: acc
	    endpoint_type: autodesk_construction_cloud
	    endpoint_details: {project_id: b.1}
	    schedule: {type: manual}
	    is_active: $2
	settings:
	  token_dir: $T/tokens
	YAML
}
tokens() {	# REFRESH-EXPIRES-AT [EXTRA-MEMBERS]
	mkdir -p -m 700 tokens
	printf '{"grant":"authorization_code","client_id":"cid","scopes":"data:read","access_token":"at-s3cret","expires_at":"2026-01-01T01:00:00Z","refresh_token":"rt-s3cret","refresh_expires_at":"%s","obtained_at":"2026-01-01T00:00:00Z"%s}\n' \
	    "$1" "${2:+,$2}" >tokens/autodesk_tokens.json
	chmod 600 tokens/autodesk_tokens.json
}
login() { jq -c '.logins[] | [.client, .needed, .logged_in, .expired, .login_required]' out; }
# the text output at a fixed time: the logins' table and lines, the verdict
text() { fc-status --now "$1" >text; echo "$?"; sed -n '/^CLIENT/,$p' text; }

conf authorization_code true
fc-status --json >out
is "$?" 1 'never logged in: unhealthy'
is "$(login)" '["autodesk",true,false,false,true]' 'logins says a login is required'
ok 'and nothing was created in token_dir' not [ -e tokens ]
is "$(text 2026-01-01T00:20:00Z)" "1
CLIENT    GRANT               LOGIN  ACCESS TOKEN EXPIRES  LOGIN EXPIRES
autodesk  authorization_code  no     -                     -
autodesk: login needed: not logged in; run fc-auth login autodesk
unhealthy: 0 failing, 0 overdue, 1 login needed" 'text: not logged in, what to run'

tokens 2099-01-01T00:00:00Z
fc-status --json >out
is "$?" 0 'logged in: healthy'
is "$(login)" '["autodesk",true,true,false,false]' 'logged in, not expired'
is "$(jq -r '.logins[0].refresh_expires_at' out)" 2099-01-01T00:00:00Z 'with the expiry of the login'
ok 'no token in the document' not grep -q s3cret out
is "$(text 2026-01-01T00:20:00Z)" "0
CLIENT    GRANT               LOGIN  ACCESS TOKEN EXPIRES  LOGIN EXPIRES
autodesk  authorization_code  yes    in 40m                in 26662d
healthy" 'text: logged in, when each token expires'
ok 'no token in the text' not grep -q s3cret text

tokens 2026-01-15T00:00:00Z
fc-status --json >out
is "$?" 1 'the refresh token past its 15 days: unhealthy'
is "$(login)" '["autodesk",true,true,true,true]' 'expired, login required'
is "$(text 2026-01-01T00:20:00Z | sed -n 3p)" \
    'autodesk  authorization_code  yes    in 40m                in 13d' \
    'text: the login lasts 13 more days'
is "$(text 2026-01-16T00:00:00Z)" "1
CLIENT    GRANT               LOGIN    ACCESS TOKEN EXPIRES  LOGIN EXPIRES
autodesk  authorization_code  expired  14d ago               24h ago
autodesk: login needed: the login expired 2026-01-15T00:00:00Z; run fc-auth login autodesk
unhealthy: 0 failing, 0 overdue, 1 login needed" 'text: expired, since when, what to run'

# a refresh the token service refused, as fc-auth or fc-list records it:
# a person must log in, at once, though the refresh token is in its 15 days
tokens 2099-01-01T00:00:00Z '"refused":"invalid_grant","refused_at":"2026-01-01T02:00:00Z"'
fc-status --json >out
is "$?:$(login):$(jq -c '.logins[0] | [.refused, .refused_at]' out)" \
    '1:["autodesk",true,false,false,true]:["invalid_grant","2026-01-01T02:00:00Z"]' \
    'a refused refresh: unhealthy, not logged in, refused and when'
is "$(text 2026-01-01T02:20:00Z)" "1
CLIENT    GRANT               LOGIN    ACCESS TOKEN EXPIRES  LOGIN EXPIRES
autodesk  authorization_code  refused  1h ago                in 26662d
autodesk: login needed: the refresh was refused (invalid_grant) at 2026-01-01T02:00:00Z; run fc-auth login autodesk
unhealthy: 0 failing, 0 overdue, 1 login needed" 'text: refused, when, what to run'
ok 'no token in the text' not grep -q s3cret text
mkfifo ready
fc-status -l 127.0.0.1:0 >ready 2>server.err &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready
read -r _w _o addr <&5
is "$(curl -s -o body -w '%{http_code}' "http://$addr/health"):$(cat body)" \
    '503:{"healthy":false,"database":"missing","failing":[],"overdue":[],"incomplete":[],"login":["autodesk"],"unusable":[]}' \
    '/health: 503, the client a person must log in to'
tokens 2099-01-01T00:00:00Z
is "$(curl -s -o body -w '%{http_code}' "http://$addr/health"):$(cat body)" \
    '200:{"healthy":true,"database":"missing","failing":[],"overdue":[],"incomplete":[],"login":[],"unusable":[]}' \
    'a new login without the mark: healthy again'
kill "$spid"
wait "$spid"
exec 5<&-
fc-auth status >out
is "$?:$(grep ^autodesk out | cut -f1-3)" \
    '0:autodesk	authorization_code	logged in, until 2099-01-01T00:00:00Z unless refreshed' \
    'fc-auth status: logged in'
tokens 2099-01-01T00:00:00Z '"refused":"invalid_grant","refused_at":"2026-01-01T02:00:00Z"'
fc-auth status >out
is "$?:$(grep ^autodesk out | cut -f1-3)" \
    '77:autodesk	authorization_code	refresh refused (invalid_grant) at 2026-01-01T02:00:00Z: run fc-auth login autodesk' \
    'fc-auth status: refused, when, what to run; 77'
ok 'no token shown' not grep -q s3cret out
tokens 2099-01-01T00:00:00Z

# a token file others can read, or a token_dir open to others, which
# every sync refuses: a person must mend it, which is not a login
chmod 644 tokens/autodesk_tokens.json
is "$(text 2026-01-01T00:20:00Z | sed -n '3,$p')" \
    "autodesk  authorization_code  unusable  -                     -
autodesk: the token file cannot be used: $T/tokens/autodesk_tokens.json: readable by others (mode 0644): its tokens may have leaked; run fc-auth logout autodesk, then log in again
unhealthy: 0 failing, 0 overdue, 1 client unusable" \
    'text: a token file others can read, what to run'
fc-status --json >out
is "$?:$(login):$(jq -r '.logins[0].unusable' out)" '1:["autodesk",true,false,false,false]:token_file' \
    'so does --json: unusable, the token file; no login asked for'
chmod 600 tokens/autodesk_tokens.json
chmod 755 tokens
is "$(text 2026-01-01T00:20:00Z | sed -n '4,$p')" \
    "autodesk: the token directory cannot be used: token_dir $T/tokens: open to others (mode 0755); chmod 700 it
unhealthy: 0 failing, 0 overdue, 1 client unusable" \
    'token_dir open to others, which every sync refuses (78): unhealthy, what to chmod'
fc-status --json >out
is "$?:$(jq -c '.logins[0] | [.unusable, .login_required]' out)" '1:["token_dir",false]' \
    '--json: the token directory'
chmod 700 tokens

conf authorization_code false
fc-status --json >out
is "$?" 0 'no active endpoint needs it: healthy all the same'
is "$(text 2026-01-16T00:00:00Z | sed -n '1p;4,$p')" "0
healthy" 'text: an expired login nobody needs is shown, with no line'

conf client_credentials true
rm -r tokens
fc-status --json >out
is "$?" 0 '2-legged tokens need no person'
is "$(login)" '["autodesk",true,false,false,false]' 'no login required'
is "$(text 2026-01-01T00:20:00Z)" "0
CLIENT    GRANT               LOGIN     ACCESS TOKEN EXPIRES  LOGIN EXPIRES
autodesk  client_credentials  2-legged  -                     -
healthy" 'text: 2-legged, nothing to run'

# an active endpoint of a client with no credentials configured: every
# sync of it fails 78, so it is unhealthy, saying what is missing
sed -i '/client_id: cid/d' config/connector.yaml
fc-status --json >out
is "$?:$(jq -c '.logins[0] | [.client, .needed, .login_required, .unusable, .error]' out)" \
    '1:["autodesk",true,false,"configuration","clients.autodesk.client_id: missing (or set CONNECTOR_AUTODESK_CLIENT_ID)"]' \
    'no client_id with an active endpoint: unusable, the configuration'
is "$(text 2026-01-01T00:20:00Z | sed -n '3,$p')" \
    "autodesk  client_credentials  unusable  -                     -
autodesk: not configured: clients.autodesk.client_id: missing (or set CONNECTOR_AUTODESK_CLIENT_ID)
unhealthy: 0 failing, 0 overdue, 1 client unusable" 'text: not configured, what is missing'
mkfifo ready2
fc-status -l 127.0.0.1:0 >ready2 2>server.err &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready2
read -r _w _o addr <&5
is "$(curl -s -o body -w '%{http_code}' "http://$addr/health"):$(cat body)" \
    '503:{"healthy":false,"database":"missing","failing":[],"overdue":[],"incomplete":[],"login":[],"unusable":["autodesk"]}' \
    '/health: 503, the client unusable, not a login'
kill "$spid"
wait "$spid"
exec 5<&-
fc-auth status >out
is "$?:$(grep ^autodesk out)" \
    '78:autodesk	error	clients.autodesk.client_id: missing (or set CONNECTOR_AUTODESK_CLIENT_ID)' \
    'fc-auth status: what is missing, 78'
sed -i 's/    client_secret: s3cret/    client_id: cid/' config/connector.yaml
fc-status --json >out
is "$?:$(jq -c '.logins[0] | [.unusable, .error]' out)" \
    '1:["configuration","clients.autodesk: no client_secret, client_secret_file or CONNECTOR_AUTODESK_CLIENT_SECRET"]' \
    'no secret: unusable too'
sed -i 's/is_active: true/is_active: false/' config/connector.yaml
fc-status --json >out
is "$?:$(jq -c '.logins[0] | [.needed, .unusable]' out)" '0:[false,"configuration"]' \
    'no active endpoint needs it: healthy'
sed -i '/client_id: cid/d' config/connector.yaml
fc-status --json >out
is "$?:$(jq -c '.logins' out)" '0:[]' 'neither configured nor needed: not shown'
is "$(fc-auth status | grep ^autodesk)" 'autodesk	not configured' \
    'fc-auth status: not configured, 0'

# a configuration with local endpoints alone has no logins to show
cat >config/connector.yaml <<-YAML
endpoints:
  - name: here
    endpoint_type: local
    endpoint_details: {root: .}
YAML
is "$(text 2026-01-01T00:20:00Z)" "0" 'text: no client, no table of logins'
ok 'and the last line says healthy' test "$(tail -n 1 text)" = healthy
