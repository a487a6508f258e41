#!/bin/sh
# fc-auth and lib/gauth with auth: user, a person's Google login, against
# the fake Google: the consent through the loopback redirect on a free
# port with PKCE (curl plays the browser) and with --paste, the code
# exchanged with the verifier and the Desktop client's secret in the
# body, a refresh token asked for and kept when the refresh answer has
# none, the login revoked (77, run fc-auth login google), a refused
# consent, a wrong secret, the OAuth client file checked, status,
# fc-status's login fields, logout, and a listing with the login.
. "${FC_TOP:-.}/tests/lib.sh"
plan 62

NOW=1767225600			# 2026-01-01T00:00:00Z, on both clocks
FC_NOW=2026-01-01T00:00:00Z
export FC_NOW
start_gdrive --now "$NOW" --client desk:dsecret --user ann@example.com \
    --generate folders=2,files=6,seed=2
client() {	# FILE [JQ]: an OAuth client file of a Desktop app
	jq -n --arg a "$GD_URL/o/oauth2/v2/auth" --arg t "$GD_URL/token" \
	    "{installed: {client_id: \"desk\", project_id: \"fc-test\",
	    auth_uri: \$a, token_uri: \$t, client_secret: \"dsecret\",
	    redirect_uris: [\"http://localhost\"]}} | ${2:-.}" >"$1"
}
client desk.json
conf() {	# [EXTRA-CLIENT-YAML]
	mkdir -p config
	cat >config/connector.yaml <<-YAML
	clients:
	  google_drive:
	    auth: user
	    credentials_path: ../desk.json
	    base_url: $GD_URL
	$1
	endpoints:
	  - name: mine
	    endpoint_type: google_drive
	settings:
	  token_dir: $T/tokens
	YAML
}
conf
tokfile=$T/tokens/google_drive_tokens.json
sent() { jq -rc "select(.route == \"$1\") | $2" gdrive.log; }
later() { date -u -d "@$((NOW + $1))" +%Y-%m-%dT%H:%M:%SZ; }
advance() { curl -s -X POST "$GD_URL/_admin/clock?advance=$1" >/dev/null; }

fc-auth token google >out 2>err
is "$?:$(cat err)" '77:fc-auth: google: not logged in: run fc-auth login google' \
    'before any login: 77, what to run'
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.client, .grant, .logged_in, .login_required]' out)" \
    '1:["google_drive","user",false,true]' 'fc-status: a login is needed'

# -- the login through the loopback redirect -------------------------------------------------
mkfifo urlpipe
fc-auth login google >urlpipe 2>login.err &
pid=$!
read -r url <urlpipe
like "$url" "^$GD_URL/o/oauth2/v2/auth\\?client_id=desk&redirect_uri=http%3A%2F%2F127\\.0\\.0\\.1%3A[0-9]+&response_type=code&scope=https%3A%2F%2Fwww\\.googleapis\\.com%2Fauth%2Fdrive\\.metadata\\.readonly&" \
    'the consent URL: the client, a loopback redirect on a free port, the scope'
like "$url" '&code_challenge=[A-Za-z0-9_-]{43}&code_challenge_method=S256&state=[0-9a-f]{32}&access_type=offline&prompt=consent$' \
    'an S256 challenge, a state, offline access and consent for a refresh token'
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
like "$loc" '^http://127\.0\.0\.1:[0-9]+/\?state=[0-9a-f]{32}&code=4%2F0' \
    'the fake consents and sends the browser back to it'
is "$(curl -s "$loc" | grep -c 'close this tab')" 1 'the browser is told it worked'
wait "$pid"
is "$?" 0 'fc-auth login google exits 0'
is "$(tail -n1 login.err)" \
    "fc-auth: logged in to google as ann@example.com; tokens in $T/tokens/google_drive_tokens.json" \
    'and says whose login it is and where the tokens are'
is "$(stat -c %a "$tokfile")" 600 'the token file is 0600'
is "$(jq -c '[.grant, .client_id, .subject, .scopes, (.refresh_token | length > 0)]' "$tokfile")" \
    '["user","desk","ann@example.com","https://www.googleapis.com/auth/drive.metadata.readonly",true]' \
    'the file: grant user, the client, whose login, the scope, a refresh token'
is "$(sent token '.form | [.grant_type, .client_id, .client_secret, .code_verifier, .code] | join(" ")')" \
    'authorization_code desk <redacted> <redacted> <redacted code#1>' \
    'the code went back with the verifier and the client in the body'
is "$(sent token .auth)" body 'no Basic authentication'
is "$(sent token .form.redirect_uri)" "$(printf '%s' "$loc" | sed 's|/?.*||')" \
    'the same redirect_uri as in the consent'
is "$(sent about '.query.fields')" 'user(emailAddress)' 'whose login: about.user, asked once'
is "$(jq -s '[.[] | select(.secret_in_url)] | length' gdrive.log)" 0 'no secret in any URL'
like "$(fc-auth status | grep '^google')" \
    '^google	user	logged in as ann@example.com	access token expires in 5[89]m	scopes https://www.googleapis.com/auth/drive.metadata.readonly$' \
    'status: logged in, whose, no token shown'
is "$(fc-auth status | awk -F '\t' '/^google/ { print NF }')" 5 \
    'five fields, as for a service account and Autodesk'
is "$(jq -c 'select(.event == "login") | [.level, .client, .grant, .account]' logs/connector.log)" \
    '["INFO","google_drive","user","ann@example.com"]' 'the log has the login, whose, at INFO'
ok 'and no token or secret' not grep -Eq 'dsecret|ya29|4/0' logs/connector.log
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.logged_in, .login_required]' out)" '0:[true,false]' \
    'fc-status: logged in, healthy'

fc-list -e mine >out 2>err
is "$?:$(jq -c 'select(.type == "begin").scope' out)" '0:"everything ann@example.com sees"' \
    'a listing with the login: everything ann sees'
is "$(jq -r 'select(.type == "end").complete' out)" true 'complete'

# -- refresh: Google keeps the refresh token --------------------------------------------------
rt=$(jq -r .refresh_token "$tokfile")
advance 7200
: >gdrive.log
FC_NOW=$(later 7200) fc-auth token google >at2 2>err
is "$?:$(cat err)" 0: 'two hours on: a new access token'
is "$(sent token '.form | [.grant_type, .refresh_token, .client_id, .client_secret] | join(" ")')" \
    'refresh_token <redacted rt#1> desk <redacted>' 'from the refresh token, the client in the body'
is "$(jq -r .refresh_token "$tokfile")" "$rt" 'the answer had none: the one we have is kept'
is "$(jq -r .subject "$tokfile")" ann@example.com 'and whose login it is'
ok 'the new token works on Drive' curl -sf -o /dev/null -H "Authorization: Bearer $(cat at2)" \
    "$GD_URL/drive/v3/files"

# -- revoked elsewhere: a person must log in again ----------------------------------------------
# the refusal is recorded in the token file at once, for fc-status and
# /health, the tokens kept; the refused refresh token is not sent again
curl -s -d "token=$rt" "$GD_URL/revoke" >/dev/null
advance 7200
cp "$tokfile" revoked.json
: >logs/connector.log
FC_NOW=$(later 14400) fc-auth token google >out 2>err
is "$?:$(cat err)" \
    '77:fc-auth: google: refresh refused (invalid_grant): run fc-auth login google' \
    'a revoked login: 77, the refresh refused, what to run'
is "$(jq -c 'del(.refused, .refused_at)' "$tokfile")" "$(jq -c . revoked.json)" \
    'the tokens in the file are kept'
is "$(jq -r '.refused + " " + .refused_at' "$tokfile")" "invalid_grant $(later 14400)" \
    'and the refusal recorded in it'
is "$(jq -c 'select(.event == "token_failed") | [.level, .request, .status, .error, .error_description]' logs/connector.log)" \
    '["ERROR","refresh",400,"invalid_grant","Token has been expired or revoked."]' \
    'the log has the reason'
ok 'and no token or secret' not grep -Eq "dsecret|$rt|ya29" logs/connector.log
fc-auth status >out
is "$?:$(grep '^google' out | cut -f1-3)" \
    "77:google	user	refresh refused (invalid_grant) at $(later 14400): run fc-auth login google" \
    'status: refused, what to run, 77'
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.logged_in, .refused, .login_required]' out)" \
    '1:[false,"invalid_grant",true]' 'fc-status: refused, a login is needed'
n0=$(sent token 1 | wc -l)
FC_NOW=$(later 14400) fc-list -e mine >out 2>err
is "$?:$(jq -c 'select(.type == "error") | [.code, .message]' out)" \
    "77:[77,\"google: refresh refused (invalid_grant) at $(later 14400): run fc-auth login google\"]" \
    'fc-list: an error line, 77'
is "$(($(sent token 1 | wc -l) - n0))" 0 'without sending the refresh token again'

# -- --paste: the address the browser could not load ---------------------------------------------
mkfifo pastein
fc-auth login --paste google <pastein >urlpipe 2>login.err &
pid=$!
exec 3>pastein
read -r url <urlpipe
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
like "$loc" '^http://127\.0\.0\.1:[0-9]+/\?state=' 'with --paste: a loopback redirect too'
ok 'nothing listens there' not curl -s -o /dev/null "$loc"
printf '%s\n' "$loc" >&3
exec 3>&-
wait "$pid"
is "$?:$(tail -n1 login.err)" \
    "0:fc-auth: logged in to google as ann@example.com; tokens in $T/tokens/google_drive_tokens.json" \
    'the pasted address logs in'
like "$(cat login.err)" 'Paste that address here' 'the person was asked for it'
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.logged_in, .refused, .login_required]' out)" \
    '0:[true,null,false]' 'the new login clears the refusal'
if command -v valgrind >/dev/null && ! asan_build fc-auth; then
	FC_VALGRIND=1 FC_NOW=$(later 20000) vg fc-auth token google >/dev/null 2>err
	is "$?:$(grep -c '==[0-9]*==' err)" 0:0 'a refresh under valgrind: no error, no leak'
else
	skip 1 'no valgrind, or an ASan build'
fi

# -- refusals -------------------------------------------------------------------------------------------
curl -s -X POST -d '{"consent": "deny"}' "$GD_URL/_admin/faults" >/dev/null
fc-auth login google >urlpipe 2>login.err &
pid=$!
read -r url <urlpipe
curl -s "$(curl -s -o /dev/null -w '%{redirect_url}' "$url")" >/dev/null
wait "$pid"
is "$?:$(tail -n1 login.err)" '77:fc-auth: google said access_denied: the consent was refused' \
    'a refused consent: 77'
curl -s -X POST -d '{}' "$GD_URL/_admin/faults" >/dev/null
client desk.json '.installed.client_secret = "wrong"'
fc-auth login google >urlpipe 2>login.err &
pid=$!
read -r url <urlpipe
curl -s "$(curl -s -o /dev/null -w '%{redirect_url}' "$url")" >/dev/null
wait "$pid"
is "$?:$(tail -n1 login.err)" \
    "78:fc-auth: google: the OAuth client of $T/config/../desk.json was refused (invalid_client): its id or secret is wrong, or it was deleted" \
    'a wrong client secret: 78, naming the file'
client desk.json '{web: .installed}'
fc-auth token google >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: $T/config/../desk.json: a Web application client; fc needs one of type Desktop app (\"installed\"), whose logins come back to this machine" \
    'a Web application client: 78'
client desk.json 'del(.installed.client_secret)'
fc-auth token google >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: $T/config/../desk.json: \"client_secret\": missing; not an OAuth client file (Desktop app) as the Cloud console gives it" \
    'no client_secret: 78'
is "$(fc-status --json | jq -r '.logins[].error')" \
    "$T/config/../desk.json: \"client_secret\": missing; not an OAuth client file (Desktop app) as the Cloud console gives it" \
    'fc-status says so too'
client desk.json
conf '    subject: ann@example.com'
fc-auth status >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: config/connector.yaml:6: clients.google_drive.subject: for a service account's delegation, not with auth: user: a person's login reads that person's Drive" \
    'a subject with a person'"'"'s login: 78 when the configuration is read, naming the line'
conf '    scope: https://www.googleapis.com/auth/drive.readonly'
fc-auth status >out
is "$?:$(grep ^google out | cut -f3)" '77:logged in with another scope: run fc-auth login google' \
    'a login made for another scope: status says so, 77'
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.logged_in, .login_required, .error]' out)" \
    '1:[false,true,"the token file holds a login of another scope"]' 'fc-status: a login is needed, and why'
conf

# -- what a person types wrong at the login ---------------------------------------------------------
fc-auth login >out 2>err
is "$?:$(head -n1 err)" '64:fc-auth: login: which client? autodesk or google' \
    'login without a client: 64, saying what is missing'
like "$(sed -n 2p err)" '^usage: fc-auth ' 'then the usage'
fc-auth token 2>&1 >/dev/null | head -n1 >err
is "$(cat err)" 'fc-auth: token: which client? autodesk or google' 'token too'
printf '\n' | fc-auth login --paste google >out 2>err
is "$?:$(tail -n1 err)" '66:fc-auth: no address on the standard input' \
    'Enter alone on --paste: nothing was pasted, 66'
fc-auth login --timeout 2 google >urlpipe 2>login.err &
pid=$!
read -r url <urlpipe
port=$(printf '%s\n' "$url" | sed 's|.*redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\([0-9]*\)&.*|\1|')
curl -s -o /dev/null "http://127.0.0.1:$port/?state=forged&code=x"
wait "$pid"
is "$?:$(tail -n1 login.err)" '75:fc-auth: no answer from the browser in 2 s' \
    'a forged redirect, then nothing: the whole --timeout is reported'

# -- no OAuth client file named -------------------------------------------------------------------------
conf
sed -i '/credentials_path/d' config/connector.yaml
fc-auth status >out
is "$?:$(grep ^google out)" \
    "78:google	error	clients.google_drive.credentials_path: missing (the OAuth client file of a Desktop app)" \
    'auth: user without credentials_path: status says what is missing, 78'
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.unusable, .login_required]' out)" '1:["configuration",false]' \
    'fc-status: unhealthy, the configuration to mend, no login asked for'
conf

# -- logout, of a token file others could read ------------------------------------------------------------
rt=$(jq -r .refresh_token "$tokfile")
: >gdrive.log
chmod 644 "$tokfile"
fc-auth logout google >out 2>err
is "$?:$(cat err)" 0: 'logout of a token file others could read: 0'
ok 'the token file is gone' not [ -e "$tokfile" ]
like "$(sent revoke .form.token)" '^<redacted rt#[0-9]+>$' 'the refresh token was revoked'
is "$(curl -s -o /dev/null -w '%{http_code}' -d grant_type=refresh_token -d "refresh_token=$rt" \
    -d client_id=desk -d client_secret=dsecret "$GD_URL/token")" 400 'and no longer works'
fc-auth status >out
is "$?:$(grep '^google' out | cut -f1-3)" '77:google	user	not logged in' \
    'status: not logged in, 77'
