#!/bin/sh
# fc-auth and lib/auth against the fake APS: the 3-legged login with PKCE
# through the loopback redirect (curl plays the browser) and with
# --paste, its failures, refresh tokens that rotate and work once, a
# refused refresh recorded at once for fc-status (and cleared by a new
# login), the token service down or unreachable (75), the reasons in the
# log, two processes that need a refresh at once, logout, 2-legged
# tokens, and the commands that only look creating no token_dir.
. "${FC_TOP:-.}/tests/lib.sh"
plan 89

freeport() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
CB=http://127.0.0.1:$(freeport)/oauth/callback
start_aps --client "cid:s3cret-client:$CB"
conf() {	# [EXTRA-CLIENT-YAML]
	mkdir -p config
	cat >config/connector.yaml <<-YAML
	clients:
	  autodesk:
	    client_id: cid
	    client_secret: s3cret-client
	    base_url: $APS_URL
	    callback_url: $CB
	$1
	endpoints:
	  - name: here
	    endpoint_type: local
	    endpoint_details: {root: .}
	settings:
	  token_dir: $T/tokens
	YAML
}
conf
tokfile=$T/tokens/autodesk_tokens.json
# the requests of a route in the fake's log, as jq sees them
sent() { jq -rc "select(.route == \"$1\") | $2" aps.log; }

# login: fc-auth prints the authorize URL on stdout, waits on the callback
mkfifo urlpipe
fc-auth login autodesk >urlpipe 2>login.err &
pid=$!
read -r url <urlpipe
like "$url" "^$APS_URL/authentication/v2/authorize\\?response_type=code&client_id=cid&redirect_uri=" \
    'login prints the authorize URL'
like "$url" '&code_challenge=[A-Za-z0-9_-]{43}&code_challenge_method=S256$' 'with an S256 challenge'
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
like "$loc" "^$CB\\?code=" 'the fake consents and redirects to the callback'
is "$(curl -s "$loc" | grep -c 'logged in')" 1 'the browser is told it worked'
wait "$pid"
is "$?" 0 'fc-auth login exits 0'
is "$(tail -n1 login.err)" "fc-auth: logged in to autodesk; tokens in $T/tokens/autodesk_tokens.json" \
    'and says where the tokens are'
is "$(stat -c %a "$tokfile")" 600 'the token file is 0600'
is "$(sent token '[.auth, .client, .form.grant_type, .form.code_verifier] | join(" ")')" \
    'basic cid authorization_code <redacted>' 'the code went back with Basic auth and the verifier'
is "$(jq -s '[.[] | select(.secret_in_url)] | length' aps.log)" 0 'no secret in any URL'
ok 'no token or secret in the log file' not grep -Eq 's3cret|"access_token"' logs/connector.log
like "$(fc-auth status)" '^autodesk	authorization_code	logged in, until [0-9T:-]+Z unless refreshed	access token expires in [0-9]+m	scopes data:read$' \
    'status: logged in, no token shown'

at=$(fc-auth token autodesk)
is "$?" 0 'token prints the access token'
is "$(sent token 1 | wc -l | tr -d ' ')" 1 'from the file: no new token call'
ok 'the token works on the API' curl -sf -o /dev/null -H "Authorization: Bearer $at" \
    "$APS_URL/project/v1/hubs"

# two hours on: the access token has expired, a refresh rotates the pair
cp "$tokfile" spent.json
FC_NOW=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ) fc-auth token autodesk >at2
is "$?" 0 'an expired access token is refreshed'
ok 'into a new one' not [ "$(cat at2)" = "$at" ]
is "$(sent token '.form.grant_type + " " + .form.refresh_token' | tail -n1)" \
    'refresh_token <redacted rt#1>' 'spending the first refresh token'
ok 'the file holds the new refresh token' not cmp -s spent.json "$tokfile"

# the spent pair back: the refresh token works once, so a person must log in
cp "$tokfile" good.json
cp spent.json "$tokfile"
: >logs/connector.log
refused_at=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
FC_NOW=$refused_at fc-auth token autodesk >out 2>err
is "$?" 77 'a spent refresh token: 77'
is "$(cat err)" 'fc-auth: autodesk: refresh refused (invalid_grant): run fc-auth login autodesk' \
    'says the refresh was refused, and what to run'
is "$(jq -c 'del(.refused, .refused_at)' "$tokfile")" "$(jq -c . spent.json)" \
    'the tokens in the file are kept as they were'
is "$(jq -r '.refused + " " + .refused_at' "$tokfile"):$(stat -c %a "$tokfile")" \
    "invalid_grant $refused_at:600" 'and the refusal is recorded in it at once (still 0600)'
is "$(jq -c 'select(.event == "token_failed") | [.level, .request, .status, .error, .error_description]' logs/connector.log)" \
    '["ERROR","refresh",400,"invalid_grant","The refresh token is invalid or expired."]' \
    'the log has the reason: the OAuth error and its description'
like "$(jq -r 'select(.event == "token_failed") | .msg' logs/connector.log)" \
    '^autodesk: refresh refused \(invalid_grant\): run fc-auth login autodesk \(The refresh token is invalid or expired\.\)$' \
    'in its message too'
rt=$(jq -r .refresh_token spent.json)
ok 'and no token, code or secret' not grep -Eq "s3cret|$rt|access_token|refresh_token\"" logs/connector.log
fc-auth status >out 2>err
is "$?:$(grep ^autodesk out | cut -f1-3)" \
    "77:autodesk	authorization_code	refresh refused (invalid_grant) at $refused_at: run fc-auth login autodesk" \
    'status: the refusal, when, and what to run; 77'
sed 's|^endpoints:|endpoints:\
  - name: acc\
    endpoint_type: autodesk\
    endpoint_details: {project_id: b.1}\
    schedule: {type: manual}|' config/connector.yaml >acc.yaml
fc-status -c acc.yaml >out 2>err
is "$?:$(grep '^autodesk ' out | tr -s ' ' | cut -d' ' -f1-3):$(grep '^autodesk:' out)" \
    "1:autodesk authorization_code refused:autodesk: login needed: the refresh was refused (invalid_grant) at $refused_at; run fc-auth login autodesk" \
    'fc-status: refused, unhealthy, what to run'
fc-status -c acc.yaml --json >out
is "$(jq -c '.logins[0] | [.logged_in, .refused, .refused_at, .login_required]' out)" \
    "[false,\"invalid_grant\",\"$refused_at\",true]" 'fc-status --json: refused, login required'
n0=$(sent token 1 | wc -l)
FC_NOW=$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M:%SZ) fc-auth token autodesk >out 2>err
is "$?:$(cat err)" \
    "77:fc-auth: autodesk: refresh refused (invalid_grant) at $refused_at: run fc-auth login autodesk" \
    'the next run: 77 at once, saying since when'
is "$(($(sent token 1 | wc -l) - n0))" 0 'without sending the refused refresh token again'
cp "$tokfile" refused.json

# the token service down: try later (75), and nothing is recorded
cp good.json "$tokfile"
curl -s -d '{"rules":[{"route":"token","status":503,"shape":"oauth"}]}' "$APS_URL/_admin/faults" >/dev/null
n0=$(sent token 1 | wc -l)
FC_NOW=$(date -u -d '+5 hours' +%Y-%m-%dT%H:%M:%SZ) fc-auth token autodesk >out 2>err
is "$?:$(cat err)" \
    '75:fc-auth: autodesk token service: refresh answered 503 server_error: try again later' \
    '503 after the retries: 75, naming the refresh'
is "$(($(sent token 1 | wc -l) - n0))" 3 'three tries'
ok 'the file is left as it was' cmp -s good.json "$tokfile"
is "$(jq -c 'select(.event == "token_failed") | [.level, .request, .status, .code, .error]' logs/connector.log | tail -n1)" \
    '["WARNING","refresh",503,75,"server_error"]' 'logged as a warning, with the reason'
# a description that quotes the client secret is not logged
curl -s -d '{"rules":[{"route":"token","times":1,"status":400,"shape":"oauth","error":"invalid_request","description":"client s3cret-client is odd"}]}' \
    "$APS_URL/_admin/faults" >/dev/null
FC_NOW=$(date -u -d '+5 hours' +%Y-%m-%dT%H:%M:%SZ) fc-auth token autodesk >out 2>err
is "$?:$(cat err)" '76:fc-auth: autodesk token service: refresh answered 400 invalid_request' \
    'another refusal: 76, its OAuth error'
is "$(jq -c 'select(.event == "token_failed") | [.error, .error_description]' logs/connector.log | tail -n1)" \
    '["invalid_request","(withheld: it quotes a secret)"]' 'a description quoting the secret is withheld'
ok 'the secret is not in the log' not grep -q s3cret logs/connector.log
curl -s -d '{}' "$APS_URL/_admin/faults" >/dev/null

# two processes need a refresh at once: one spends the token, the other
# finds the new pair once it has the lock
cp good.json "$tokfile"
n0=$(sent token 1 | wc -l)
later=$(date -u -d '+4 hours' +%Y-%m-%dT%H:%M:%SZ)
FC_NOW=$later fc-auth token autodesk >a1 2>e1 &
p1=$!
FC_NOW=$later fc-auth token autodesk >a2 2>e2 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
is "$r1 $r2" '0 0' 'both get a token'
is "$(($(sent token 1 | wc -l) - n0))" 1 'with one refresh between them'
is "$(cat a1)" "$(cat a2)" 'the same one'

# fc-auth --all (or --due) makes sure an Autodesk endpoint's login can be
# used before any listing starts: an expired access token is refreshed
# now, once a pass; a login that cannot be is an error line instead
sed 's|^endpoints:|endpoints:\
  - name: acc\
    endpoint_type: autodesk\
    endpoint_details: {project_id: b.1}\
  - name: acc2\
    endpoint_type: autodesk\
    endpoint_details: {project_id: b.2}|' config/connector.yaml >due.yaml
n0=$(sent token 1 | wc -l)
FC_NOW=$(date -u -d '+6 hours' +%Y-%m-%dT%H:%M:%SZ) fc-auth -c due.yaml --all >out 2>err
is "$?:$(jq -r '[.type, .endpoint] | join(" ")' out | tr '\n' '|')" \
    '0:endpoint acc|endpoint acc2|endpoint here|' 'an expired access token: endpoint lines'
is "$(($(sent token 1 | wc -l) - n0)):$(sent token .form.grant_type | tail -n1)" \
    '1:refresh_token' 'after one refresh for both endpoints'
cp "$tokfile" good.json
cp spent.json "$tokfile"
FC_NOW=$(date -u -d '+8 hours' +%Y-%m-%dT%H:%M:%SZ) fc-auth -c due.yaml --all >out 2>err
is "$?:$(jq -r '[.type, .endpoint, .code // ""] | join(" ")' out | tr '\n' '|')" \
    '77:error acc 77|error acc2 77|endpoint here |' \
    'a refused refresh: an error line (77) for each Autodesk endpoint, the local one listed, exit 77'
is "$(cat err)" 'fc-auth: autodesk: refresh refused (invalid_grant): run fc-auth login autodesk' \
    'and one line on stderr for the client, not one per endpoint'
like "$(jq -r 'select(.type == "error") | .message' out | sort -u)" 'run fc-auth login autodesk$' \
    'saying what to run'
cp good.json "$tokfile"

# the file of another app's login: status says so, not "logged in"
sed 's/client_id: cid/client_id: other-app/' due.yaml >other.yaml
fc-auth -c other.yaml status >out 2>err
is "$?:$(grep ^autodesk out)" \
    '77:autodesk	authorization_code	logged in with another client_id: run fc-auth login autodesk' \
    'status: another client_id'"'"'s login, 77'
fc-status -c other.yaml >out 2>err
like "$(grep '^autodesk: ' out)" 'login needed.*another client_id' \
    'fc-status: a login is needed, and why'

# --paste: the address comes on the standard input; a new login clears
# the refusal recorded above
cp refused.json "$tokfile"
mkfifo pastein
fc-auth login --paste autodesk <pastein >urlpipe 2>paste.err &
pid=$!
exec 8>pastein
read -r url <urlpipe
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
echo "$loc" >&8
exec 8>&-
wait "$pid"
is "$?" 0 'login --paste takes the pasted address'
is "$(sent token '.form.grant_type' | tail -n1)" authorization_code 'and exchanges its code'
is "$(jq -c '[has("refused"), has("refused_at")]' "$tokfile")" '[false,false]' \
    'the new login'"'"'s file has no refusal'
like "$(fc-auth status | grep ^autodesk)" '^autodesk	authorization_code	logged in, until ' \
    'status: logged in again'
fc-status -c acc.yaml --json >out
is "$?:$(jq -c '.logins[0] | [.logged_in, .refused, .login_required]' out)" \
    '0:[true,null,false]' 'fc-status: healthy again'

# a redirect whose state is not this login's is refused
fc-auth login --paste autodesk <pastein >urlpipe 2>err &
pid=$!
exec 8>pastein
read -r url <urlpipe
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
echo "$loc" | sed 's/state=[0-9a-f]*/state=0123/' >&8
exec 8>&-
wait "$pid"
is "$?" 65 'a foreign state: 65'
like "$(cat err)" "the answer's state is not this login's" 'says so'

# pasted text that is no redirect address at all
fc-auth login --paste autodesk <pastein >urlpipe 2>err &
pid=$!
exec 8>pastein
read -r url <urlpipe
echo 'https://example.invalid/not-it' >&8
exec 8>&-
wait "$pid"
is "$?:$(tail -n1 err)" \
    '65:fc-auth: that is not the address the browser was sent to after the consent (it has no state, code or error)' \
    'a pasted address without state, code or error: 65, saying so'

# waiting on the callback, a redirect of another state (a stale tab, a
# forgery) is answered and ignored; the login's own one still succeeds
fc-auth login autodesk >urlpipe 2>err &
pid=$!
read -r url <urlpipe
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
like "$(curl -s "$(echo "$loc" | sed 's/state=[0-9a-f]*/state=0123/')")" \
    'not the login fc is waiting for' 'a foreign state: the browser is told'
like "$(curl -s "${loc%%\?*}")" 'not the login fc is waiting for' 'no query at all: likewise'
is "$(curl -s "$loc" | grep -c 'logged in')" 1 'then the real redirect is taken'
wait "$pid"
is "$?" 0 'and the login succeeds'
like "$(head -n3 err | tail -n1)" 'ignored \(a stale tab or a forgery\); still waiting' \
    'the terminal hears of the foreign one'

# the person says no
curl -s -d '{"consent":"deny"}' "$APS_URL/_admin/faults" >/dev/null
fc-auth login autodesk >urlpipe 2>err &
pid=$!
read -r url <urlpipe
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
curl -s "$loc" >page
wait "$pid"
is "$?" 77 'consent refused: 77'
is "$(tail -n1 err)" 'fc-auth: autodesk said access_denied: the consent was refused' 'says so'
curl -s -d '{}' "$APS_URL/_admin/faults" >/dev/null

# nobody comes back
fc-auth login --timeout 1 autodesk >/dev/null 2>err
is "$?" 75 'no browser within --timeout: 75'
is "$(tail -n1 err)" 'fc-auth: no answer from the browser in 1 s' 'says so'

# the callback port is taken
mkfifo held
python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
print("bound", flush=True); sys.stdin.read()' "$(echo "$CB" | sed 's|.*:\([0-9]*\)/.*|\1|')" <held >urlpipe &
echo $! >>"$T/.pids"
exec 9>held
read -r word <urlpipe
fc-auth login --timeout 5 autodesk >/dev/null 2>err
is "$?" 69 'the callback port in use: 69'
like "$(cat err)" 'cannot listen on 127.0.0.1 port [0-9]+: Address already in use \(another login running\? or use --paste\)$' \
    'says so, and what to do'
exec 9>&-

# a token file others can read is refused, and logout, which the refusal
# asks for, revokes its tokens all the same and removes it
chmod 644 "$tokfile"
fc-auth token autodesk >out 2>err
like "$?:$(cat err)" '^77:.*readable by others \(mode 0644\).*run fc-auth logout' \
    'a token file others can read: 77, and logout is what to run'
: >aps.log
fc-auth logout autodesk
is "$?" 0 'logout exits 0'
ok 'the token file is gone' not [ -e "$tokfile" ]
is "$(sent revoke '[.auth, .form.token_type_hint] | join(" ")' | tail -n1)" \
    'basic refresh_token' 'the refresh token was revoked with Basic auth'
is "$(fc-auth status | head -n1)" 'autodesk	authorization_code	not logged in' 'status: not logged in'
fc-auth token autodesk >out 2>err
is "$?:$(cat err)" '77:fc-auth: autodesk: not logged in: run fc-auth login autodesk' \
    'token without a login: 77'

# 2-legged: minted without a person, again before expiry
conf '    grant: client_credentials'
# a dry pass (fc-sync -n) mints in memory: no token_dir, file or lock
sed 's|  - name: here|  - name: acc\
    endpoint_type: autodesk\
    endpoint_details: {project_id: b.1}\
  - name: here|' config/connector.yaml >dry.yaml
rm -rf "$T/tokens"
n0=$(sent token 1 | wc -l)
FC_DRY_RUN=1 fc-auth -c dry.yaml --all >out 2>err
is "$?:$(jq -r .endpoint out | tr '\n' ' ')" '0:acc here ' 'a dry pass with client_credentials: endpoint lines'
is "$(($(sent token 1 | wc -l) - n0))" 1 'from a token minted'
ok 'and kept in memory: no token_dir made' not [ -e "$T/tokens" ]
fc-auth status >out 2>err
is "$?:$(grep ^autodesk out)" '0:autodesk	client_credentials	no token yet (minted when needed)' \
    'status before the first 2-legged token: 0, nobody need log in'
fc-auth token autodesk >/dev/null
is "$(sent token '[.auth, .form.grant_type, .form.scope] | join(" ")' | tail -n1)" \
    'basic client_credentials data:read' 'client_credentials mints with Basic and data:read'
conf '    grant: client_credentials
    client_secret_file: wrong.secret'
sed -i '/client_secret: s3cret-client/d' config/connector.yaml
echo nope >config/wrong.secret
chmod 644 config/wrong.secret
FC_NOW=$later fc-auth token autodesk >out 2>err
is "$?:$(cat err)" "78:fc-auth: warning: clients.autodesk.client_secret_file $T/config/wrong.secret: readable by others (mode 0644): the client secret is a secret; chmod 600 it
fc-auth: autodesk: the client_id or client_secret was refused (401 AUTH-003)" \
    'a wrong secret (from client_secret_file): 78; a file others can read is warned of'
chmod 600 config/wrong.secret

# a second line, or a file longer than a secret, is refused, not guessed
# at; no message quotes the file
: >aps.log
printf 's3cret-client\nsecond\n' >config/wrong.secret
FC_NOW=$later fc-auth token autodesk >out 2>err
is "$?:$(cat err):$(wc -l <aps.log)" \
    "78:fc-auth: clients.autodesk.client_secret_file $T/config/wrong.secret: empty, or not one line of text:0" \
    'a client_secret_file of two lines: 78, nothing sent'
head -c 2000 /dev/zero | tr '\0' x >config/wrong.secret
FC_NOW=$later fc-auth token autodesk >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: clients.autodesk.client_secret_file $T/config/wrong.secret: longer than 1023 bytes: not a client secret" \
    'one too long to be a secret: 78'

# logout with the token service gone: the revoke is best effort
conf
sed -i "s|base_url: $APS_URL|base_url: http://127.0.0.1:9|" config/connector.yaml
"$FC_TOP/tests/token-tool" "$T/tokens" autodesk write authorization_code at 2030-01-01T00:00:00Z rt
fc-auth logout autodesk >out 2>err
is "$?:$(cat err)" 0: 'logout with the token service unreachable: 0, no crash'
ok 'and the file is gone' not [ -e "$tokfile" ]

# a refresh with the token service unreachable: try later (75)
"$FC_TOP/tests/token-tool" "$T/tokens" autodesk write authorization_code at 2020-01-01T00:00:00Z rt
cp "$tokfile" before.json
fc-auth token autodesk >out 2>err
is "$?:$(cat err)" \
    "75:fc-auth: autodesk token service: refresh: POST /authentication/v2/token: Couldn't connect to server" \
    'the token service unreachable: 75, naming the refresh'
ok 'the file is left as it was' cmp -s before.json "$tokfile"

# the commands that only look create nothing where there is no token_dir
# (the default, ./tokens) and no log
mkdir fresh
sed '/^settings:/,$d' config/connector.yaml >fresh.yaml
(cd fresh && fc-auth -c ../fresh.yaml status >../out 2>../err)
is "$?:$(grep ^autodesk out)" '77:autodesk	authorization_code	not logged in' \
    'status with no token_dir: not logged in, 77'
(cd fresh && fc-status -c ../fresh.yaml >/dev/null 2>&1)
is "$(ls -A fresh)" '' 'status and fc-status made nothing: no token_dir, no log'
(cd fresh && fc-auth -c ../fresh.yaml token autodesk >../out 2>../err)
is "$?:$(cat err)" '77:fc-auth: autodesk: not logged in: run fc-auth login autodesk' \
    'token with no token_dir: not logged in, 77'
(cd fresh && fc-auth -c ../fresh.yaml logout autodesk >../out 2>../err)
is "$?:$(cat err)" '0:' 'logout with no token_dir: nothing to do'
ok 'nor did token or logout make a token directory' not [ -e fresh/tokens ]
