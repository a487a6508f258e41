#!/bin/sh
# fc-auth and lib/gauth against the fake Google token service: a service
# account's JWT-bearer grant (the assertion checked by the fake with
# openssl, and once against a known answer computed here with openssl),
# the token endpoint taken from the key file, tokens cached until shortly
# before expiry under the lock, every way a key file can be wrong, every
# refusal of the token service with its one line and exit status,
# delegation, fc-auth status, login, logout and --due.
. "${FC_TOP:-.}/tests/lib.sh"
plan 121

NOW=1767225600			# 2026-01-01T00:00:00Z, on both clocks
FC_NOW=2026-01-01T00:00:00Z
export FC_NOW
SA=fc-sync@fc-test.iam.gserviceaccount.com
SA2=fc-admin@fc-test.iam.gserviceaccount.com
sa_key key
sa_key key2
sa_key stranger
start_gdrive --now "$NOW" --sa "$SA:key.pub:$(sa_kid key)" --sa "$SA2:key2.pub" \
    --delegate "$SA2:drive.metadata.readonly" --user ann@example.com \
    --generate folders=2,files=5
sa_json key "$SA"
sa_json key2 "$SA2"
conf() {	# [EXTRA-CLIENT-YAML]
	mkdir -p config
	cat >config/connector.yaml <<-YAML
	clients:
	  google_drive:
	    credentials_path: ../key.json
	    application_name: Acme Drawings
	$1
	endpoints:
	  - name: here
	    endpoint_type: local
	    endpoint_details: {root: .}
	  - name: drive
	    endpoint_type: google_drive
	    endpoint_details: {folder_id: root}
	  - name: drive2
	    endpoint_type: google_drive
	settings:
	  token_dir: $T/tokens
	YAML
}
conf
tokfile=$T/tokens/google_drive_tokens.json
# the requests of a route in the fake's log, as jq sees them
sent() { jq -rc "select(.route == \"$1\") | $2" gdrive.log; }
ntoken() { sent token 1 | wc -l | tr -d ' '; }
advance() { curl -s -X POST "$GD_URL/_admin/clock?advance=$1" >/dev/null; }

# -- a token from the key ---------------------------------------------------------
at=$(fc-auth token google 2>err)
is "$?" 0 'token google: 0'
like "$at" '^ya29\.c\.' 'prints the access token'
is "$(cat err)" '' 'and nothing on stderr'
is "$(sent token '.form | [.grant_type, .assertion] | join(" ")')" \
    'urn:ietf:params:oauth:grant-type:jwt-bearer <redacted>' 'the JWT-bearer grant'
is "$(sent token '.jwt | [.verified, .why] | @text')" '[true,null]' \
    "the fake verified the signature with openssl and the account's public key"
is "$(sent token '.jwt.header')" "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"$(sa_kid key)\"}" \
    'header: RS256, JWT, kid the private_key_id'
is "$(sent token '.jwt.claims')" \
    "{\"iss\":\"$SA\",\"scope\":\"https://www.googleapis.com/auth/drive.metadata.readonly\",\"aud\":\"$GD_URL/token\",\"iat\":$((NOW - 10)),\"exp\":$((NOW + 3590))}" \
    "claims: the account, the read-only metadata scope, aud the key's token_uri, iat 10 s back, an hour's life"
like "$(sent token .agent)" '^fc/[0-9.]+ Acme Drawings$' 'application_name in the User-Agent'
b64u() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
h=$(printf '{"alg":"RS256","typ":"JWT","kid":"%s"}' "$(sa_kid key)" | b64u)
c=$(printf '{"iss":"%s","scope":"https://www.googleapis.com/auth/drive.metadata.readonly","aud":"%s/token","iat":%d,"exp":%d}' \
    "$SA" "$GD_URL" $((NOW - 10)) $((NOW + 3590)) | b64u)
s=$(printf '%s.%s' "$h" "$c" | openssl dgst -sha256 -sign key.pem -binary | b64u)
is "$(sent token .jwt.sha256)" "$(printf '%s.%s.%s' "$h" "$c" "$s" | sha256sum | cut -c1-64)" \
    'the very assertion openssl makes from the same header and claims (known answer)'
is "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $at" "$GD_URL/drive/v3/files")" \
    200 'the token works on Drive'
is "$(stat -c %a "$T/tokens") $(stat -c %a "$tokfile")" '700 600' \
    'the token file is 0600 in a 0700 directory'
is "$(jq -c '[.grant, .client_id, .scopes, .expires_at, .refresh_token, has("subject")]' "$tokfile")" \
    "[\"service_account\",\"$SA\",\"https://www.googleapis.com/auth/drive.metadata.readonly\",\"2026-01-01T00:59:59Z\",null,false]" \
    'it holds the account, scope and expiry, and no refresh token'
ok 'no key in the token file' not grep -q PRIVATE "$tokfile"

# -- cached until shortly before expiry ------------------------------------------------
is "$(fc-auth token google)" "$at" 'again: the same token'
is "$(ntoken)" 1 'from the file: no new token call'
FC_NOW=2026-01-01T00:54:00Z fc-auth token google >at2
is "$(cat at2)" "$at" 'six minutes before expiry: still the same'
advance 3360
FC_NOW=2026-01-01T00:56:00Z fc-auth token google >at2
ok 'four minutes before: a new one' not [ "$(cat at2)" = "$at" ]
is "$(ntoken)" 2 'from one more token call'
is "$(sent token '.jwt.claims.iat' | tail -n1)" $((NOW + 3360 - 10)) 'signed at the new time'
at=$(cat at2)

# two processes at once, both with a stale token: one call between them
advance 3600
later=2026-01-01T01:56:00Z
FC_NOW=$later fc-auth token google >a1 2>e1 &
p1=$!
FC_NOW=$later fc-auth token google >a2 2>e2 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
is "$r1 $r2" '0 0' 'two at once: both get a token'
is "$(ntoken)" 3 'with one token call between them'
is "$(cat a1)" "$(cat a2)" 'the same one'
FC_NOW=$later
export FC_NOW

# -- the token endpoint: the key file's, unless token_url says otherwise ---------------------
GD1=$GD_URL
mv gdrive.log gdrive1.log
start_gdrive --now "$((NOW + 3360 + 3600))" --sa "$SA:key.pub" --log gdrive2.log
conf "    token_url: $GD_URL/token"
fc-auth login google 2>err
is "$?" 0 'login google: 0, with token_url set'
is "$(cat err)" "fc-auth: google: service account $SA needs no login; a token was minted and stored" \
    'a service account needs no login: a token is minted, which checks the key'
is "$(jq -r 'select(.route == "token") | .jwt.claims.aud' gdrive2.log)" "$GD_URL/token" \
    'token_url: the request went there, and the audience is that address'
ok 'and not to the key file'\''s token_uri' not [ -e gdrive.log ]
is "$(jq -c 'select(.event == "login") | [.level, .client, .grant, .account, .msg]' logs/connector.log)" \
    "[\"INFO\",\"google_drive\",\"service_account\",\"$SA\",\"minted a token for google as $SA\"]" \
    'the log has the login: whose, never a token'
GD_URL=$GD1
mv gdrive1.log gdrive.log
conf

# -- key files fc refuses ---------------------------------------------------------------------
badkey() {	# [JQ-OPTION...] FILTER: key.json through the filter as the key
	jq "$@" key.json >config/bad.json
	conf '    credentials_path: bad.json'
	sed -i '/credentials_path: ..\/key.json/d' config/connector.yaml
	fc-auth token google >out 2>err
	printf '%s\n' "$?:$(cat err)"
	cat err >>allerr
}
K="$T/config/bad.json"
is "$(badkey '.type = "authorized_user"')" \
    "78:fc-auth: $K: \"type\" is authorized_user: a person's gcloud credentials, not a service account key" \
    'a gcloud user credential: 78'
is "$(badkey '{installed: {client_id: "x", client_secret: "y"}}')" \
    "78:fc-auth: $K: an OAuth client file, not a service account key: for a person's login set auth: user; for a service account make a key under its Keys tab" \
    'an OAuth client file: 78, suggesting auth: user'
is "$(badkey 'del(.type)')" "78:fc-auth: $K: \"type\": missing; not a service account key" \
    'no type: 78'
is "$(badkey 'del(.client_email)')" \
    "78:fc-auth: $K: \"client_email\": missing; not a service account key as the Cloud console gives it" \
    'no client_email: 78'
is "$(badkey '.private_key = 42')" "78:fc-auth: $K: \"private_key\": expected a string" \
    'a private_key that is no string: 78'
is "$(badkey '.private_key |= gsub("\n"; "\\n")')" \
    "78:fc-auth: $K: \"private_key\": its line breaks are the two characters \\n (the file was escaped twice); use the file as the console gave it" \
    'line breaks escaped twice: 78, saying so'
is "$(badkey '.private_key = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"')" \
    "78:fc-auth: $K: \"private_key\": not a PEM private key (BEGIN PRIVATE KEY) OpenSSL can read" \
    'a PEM that is not a key: 78'
openssl pkcs8 -topk8 -in key.pem -v2 aes-256-cbc -passout pass:secret -out enc.pem
is "$(badkey --rawfile k enc.pem '.private_key = $k')" \
    "78:fc-auth: $K: \"private_key\": encrypted; fc needs the key unencrypted, as Google issues it" \
    'an encrypted key: 78, and no passphrase prompt'
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem 2>/dev/null
is "$(badkey --rawfile k ec.pem '.private_key = $k')" \
    "78:fc-auth: $K: \"private_key\": not an RSA key, which RS256 needs" 'an EC key: 78'
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out small.pem 2>/dev/null
is "$(badkey --rawfile k small.pem '.private_key = $k')" \
    "78:fc-auth: $K: \"private_key\": an RSA key of 1024 bits; Google's have 2048" \
    'a 1024-bit key: 78'
openssl pkey -in key.pem -traditional -out pkcs1.pem
is "$(badkey --rawfile k pkcs1.pem '.private_key = $k' | cut -c1-2)" 0: \
    'an old PKCS#1 key (BEGIN RSA PRIVATE KEY) is read too'
is "$(badkey '.token_uri = "ftp://x/token"')" \
    "78:fc-auth: $K: \"token_uri\": expected an http(s) address" 'a token_uri that is no web address: 78'
printf '{"type": "service_account", "private_key": "-----BEGIN' >config/bad.json
fc-auth token google >out 2>err
like "$?:$(cat err)" "^78:fc-auth: $K: not a service account key: " 'a key file cut short: 78'
cat err >>allerr
ok 'no message quoted the key' not grep -q -e MII -e "$(sed -n 2p key.pem)" -e "$(sed -n 2p enc.pem)" allerr
conf '    credentials_path: nowhere.json'
sed -i '/credentials_path: ..\/key.json/d' config/connector.yaml
fc-auth token google >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: clients.google_drive.credentials_path $T/config/nowhere.json: No such file or directory" \
    'a key file that is not there: 78, its path resolved against the config'
conf
sed -i '/credentials_path/d' config/connector.yaml
fc-auth token google >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: clients.google_drive.credentials_path: missing (the service account's JSON key)" \
    'no credentials_path: 78'
fc-auth status >out
is "$?:$(grep ^google out)" \
    "78:google	error	clients.google_drive.credentials_path: missing (the service account's JSON key)" \
    'status: what is missing, 78, as a Google endpoint needs it'
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.needed, .login_required, .unusable, .error]' out)" \
    "1:[true,false,\"configuration\",\"clients.google_drive.credentials_path: missing (the service account's JSON key)\"]" \
    'fc-status: unhealthy, the configuration to mend'
printf 'endpoints:\n  - {name: d, endpoint_type: google_drive}\nsettings: {token_dir: %s/tokens}\n' "$T" >config/connector.yaml
fc-status >out
is "$?:$(sed -n '/^CLIENT/,$p' out | sed 1,2d)" \
    "1:google_drive: not configured: clients.google_drive.credentials_path: missing (the service account's JSON key)
unhealthy: 0 failing, 0 overdue, 1 client unusable" 'no clients section at all: the same, in text'
conf '    auth: user'
fc-auth token google >out 2>err
is "$?:$(cat err)" \
    "78:fc-auth: $T/config/../key.json: a service account key, and auth is user: set auth: service_account, or name the OAuth client file" \
    'auth: user with a service account key: 78, saying so'

# -- the token service says no --------------------------------------------------------------------
conf
rm -f "$tokfile"
# fresh: the test's keys signed with the right clock unless FC_NOW moves
refusal() {	# [ENV=VALUE...]: fc-auth token google; "status:stderr"
	env "$@" fc-auth token google >out 2>err
	printf '%s\n' "$?:$(cat err)"
}
sa_json stranger "$SA"
cp stranger.json config/stranger.json
conf '    credentials_path: stranger.json'
sed -i '/credentials_path: ..\/key.json/d' config/connector.yaml
is "$(refusal)" \
    "77:fc-auth: google: the key of $SA was refused (invalid_grant: Invalid JWT Signature): it was deleted or disabled in the Cloud console, or is not that account's; make a new key" \
    'a key the account does not have: 77, a new key is needed'
sa_json stranger nobody@fc-test.iam.gserviceaccount.com
cp stranger.json config/stranger.json
is "$(refusal)" \
    "77:fc-auth: google: service account nobody@fc-test.iam.gserviceaccount.com was not found (invalid_grant): it was deleted, or the key belongs to another project" \
    'an account the service does not know: 77'
conf
is "$(refusal FC_NOW=2026-01-01T04:00:00Z)" \
    "78:fc-auth: google: the token service refused the assertion's time (invalid_grant): this machine's clock is probably wrong; check date -u and NTP" \
    "a clock two hours ahead: 78, naming the clock"
is "$(sent token .status | tail -n1)" 400 'the fake said 400'
conf '    subject: ann@example.com'
is "$(refusal)" \
    "77:fc-auth: google: $SA may not act for ann@example.com (unauthorized_client): domain-wide delegation is missing; a Workspace administrator must allow client id 104398452287153390432 the scope https://www.googleapis.com/auth/drive.metadata.readonly" \
    'a subject without delegation: 77, naming client id and scope'
sed -i 's|\.\./key\.json|../key2.json|' config/connector.yaml
sed -i 's|subject: ann@example.com|subject: zed@example.com|' config/connector.yaml
is "$(refusal)" \
    "78:fc-auth: google: subject zed@example.com is not a user $SA2 may act for (invalid_grant: Invalid email or User ID): check clients.google_drive.subject" \
    'a subject that is no user: 78'
sed -i 's|subject: zed@example.com|subject: ann@example.com|' config/connector.yaml
at=$(fc-auth token google)
is "$?" 0 'with delegation: a token'
is "$(curl -s -H "Authorization: Bearer $at" "$GD_URL/drive/v3/about?fields=user/emailAddress" | jq -r .user.emailAddress)" \
    ann@example.com "that acts as ann"
is "$(jq -r '"\(.client_id) \(.subject)"' "$tokfile")" "$SA2 ann@example.com" \
    'the file says whose token it is'
conf
fc-auth token google >at3
ok 'back to the account itself: not the delegated token' not [ "$(cat at3)" = "$at" ]
conf '    scope: https://www.googleapis.com/auth/nothing'
is "$(refusal)" \
    "78:fc-auth: google: the scope https://www.googleapis.com/auth/nothing was refused (invalid_scope): check clients.google_drive.scope" \
    'a scope the service does not know: 78'
conf
rm -f "$tokfile"
fault() { curl -s -d "$1" "$GD_URL/_admin/faults" >/dev/null; }
fault '{"rules":[{"route":"token","times":1,"status":400,"shape":"oauth","error":"invalid_grant","description":"Invalid JWT: Failed audience check."}]}'
is "$(refusal)" \
    "78:fc-auth: google: $GD_URL/token is not the token endpoint of this key (invalid_grant: audience): leave clients.google_drive.token_url out, so the key's token_uri is used" \
    'a failed audience check: 78, about token_url'
fault '{"rules":[{"route":"token","times":1,"status":400,"shape":"oauth","error":"invalid_grant","description":"Something new.\u0007"}]}'
is "$(refusal)" \
    "77:fc-auth: google: the token service refused the key of $SA (invalid_grant: Something new.?)" \
    "another invalid_grant: 77, with Google's words, made printable"
fault '{"rules":[{"route":"token","times":1,"status":400,"shape":"oauth","error":"internal_failure"}]}'
is "$(refusal)" 75:"fc-auth: google token service: internal_failure (400): try again later" \
    'internal_failure: 75'
n0=$(ntoken)
fault '{"rules":[{"route":"token","status":503}]}'
is "$(refusal)" "75:fc-auth: google token service: answered 503: try again later" \
    '503 after the retries: 75'
is "$(($(ntoken) - n0))" 3 'three tries'
fault '{"rules":[{"route":"token","times":1,"status":401,"shape":"oauth","error":"invalid_client","description":"The OAuth client was not found."}]}'
is "$(refusal)" \
    "76:fc-auth: google token service: answered 401 invalid_client: The OAuth client was not found." \
    'an answer fc has no words for: its own'
fault '{"token_type":"MAC"}'
is "$(refusal)" '76:fc-auth: google token service: "token_type": expected Bearer' \
    'a token type that is not Bearer: 76'
fault '{"token_type":"bearer","expires_in_string":true}'
is "$(refusal | cut -c1-2)" 0: 'bearer in lower case, expires_in as a string: fine'
is "$(jq -r .expires_at "$tokfile")" 2026-01-01T02:55:59Z 'the string taken as seconds'
fault '{}'
conf '    token_url: http://127.0.0.1:9/token'
rm -f "$tokfile"
is "$(refusal | cut -d: -f1)" 75 'no token service at token_url: 75'
like "$(cat err)" '^fc-auth: google token service http://127\.0\.0\.1:9/token: ' \
    'naming the address tried'
conf
is "$(jq -c 'select(.event == "token_failed" and .error == "internal_failure") | [.level, .request, .status, .code]' logs/connector.log)" \
    '["WARNING","assertion",400,75]' 'a failed assertion is logged with the reason'
is "$(jq -c 'select(.event == "token_failed" and .error == "invalid_client") | [.level, .status, .error_description]' logs/connector.log)" \
    '["ERROR",401,"The OAuth client was not found."]' 'Google'"'"'s error and its description'
ok 'no assertion, token or key reached the log file' \
    not grep -Eq 'eyJ|ya29|PRIVATE' logs/connector.log

# -- fc-auth status ---------------------------------------------------------------------------------
fc-auth token google >/dev/null
is "$(fc-auth status)" "autodesk	not configured
google	service_account	$SA	access token expires in 59m	scopes https://www.googleapis.com/auth/drive.metadata.readonly" \
    'status: the account, the token, the scope; never the token itself'
is "$(FC_NOW=2026-01-01T03:30:00Z fc-auth status | tail -n1 | cut -f4)" 'access token expired' \
    'expired'
n0=$(ntoken)
conf '    subject: ann@example.com'
sed -i 's|\.\./key\.json|../key2.json|' config/connector.yaml
is "$(fc-auth status | tail -n1)" "google	service_account	$SA2 as ann@example.com	no access token yet (the cached one is for another account: minted anew when needed)	scopes https://www.googleapis.com/auth/drive.metadata.readonly" \
    'status: as the subject; the cached token, of another account, is not shown as valid'
is "$(ntoken)" "$n0" 'status sends nothing'
fc-auth token google >/dev/null
is "$(fc-auth status | tail -n1 | cut -f4)" 'access token expires in 59m' 'once minted for it: shown'
sed -i 's|subject: ann@example.com|subject: bob@example.com|' config/connector.yaml
is "$(fc-auth status | tail -n1 | cut -f3-4)" "$SA2 as bob@example.com	no access token yet (the cached one is for another subject: minted anew when needed)" \
    'the subject changed in the configuration since: another subject'"'"'s, said'
fc-status --json >out
is "$(jq -c '.logins[] | [.logged_in, .access_expires_at]' out)" '[true,null]' \
    'fc-status: the key is usable, the cached token is not counted'
jq '.type = "authorized_user"' key.json >config/bad.json
conf '    credentials_path: bad.json'
sed -i '/credentials_path: ..\/key.json/d' config/connector.yaml
fc-auth status >out 2>err
is "$?:$(tail -n1 out)" "78:google	error	$T/config/bad.json: \"type\" is authorized_user: a person's gcloud credentials, not a service account key" \
    'status: a broken key shows, 78'
conf

# -- logout ------------------------------------------------------------------------------------------
fc-auth logout google
is "$?" 0 'logout google: 0'
ok 'the token file is gone' not [ -e "$tokfile" ]
like "$(sent revoke '[.form.token, .status] | @text' | tail -n1)" '^\["<redacted at#[0-9]+>",200\]$' \
    'the access token was revoked beside the token endpoint'
is "$(fc-auth status | tail -n1 | cut -f4)" 'no access token yet' 'status: no token yet'

# -- fc-auth --due ------------------------------------------------------------------------------------
n0=$(ntoken)
fc-auth --due >lines 2>err
is "$?" 0 '--due: 0'
is "$(jq -r '"\(.type) \(.endpoint)"' lines)" 'endpoint here
endpoint drive
endpoint drive2' 'endpoint lines for every endpoint'
is "$(($(ntoken) - n0))" 1 'one token minted for both Google endpoints, ahead of fc-list'
ok 'and stored for it' [ -e "$tokfile" ]
fc-auth --due >lines 2>err
is "$(($(ntoken) - n0))" 1 'the next pass uses it'
rm -f "$tokfile"
fault '{"rules":[{"route":"token","status":400,"shape":"oauth","error":"invalid_grant","description":"Invalid JWT Signature."}]}'
fc-auth --due >lines 2>err
is "$?" 77 '--due with a refused key: 77, the lines written all the same'
is "$(cat err)" "fc-auth: google: the key of $SA was refused (invalid_grant: Invalid JWT Signature): it was deleted or disabled in the Cloud console, or is not that account's; make a new key" \
    'one line on stderr for the client'
is "$(jq -c 'select(.type == "error") | [.endpoint, .code, .message]' lines)" \
    "[\"drive\",77,\"google: the key of $SA was refused (invalid_grant: Invalid JWT Signature): it was deleted or disabled in the Cloud console, or is not that account's; make a new key\"]
[\"drive2\",77,\"google: the key of $SA was refused (invalid_grant: Invalid JWT Signature): it was deleted or disabled in the Cloud console, or is not that account's; make a new key\"]" \
    'an error line, 77 and why, for each Google endpoint instead of its endpoint line'
is "$(jq -r 'select(.type == "endpoint") | .endpoint' lines)" here 'the local one goes on'
is "$(($(ntoken) - n0))" 2 'the token service asked once'
fault '{}'
is "$(jq -c 'select(.event == "error") | [.level, .endpoint]' logs/connector.log | tail -n2 | tr '\n' ' ')" \
    '["ERROR","drive"] ["ERROR","drive2"] ' 'and the log says so'

# -- under valgrind: the key, the JWT, the token call, the errors ------------------------------------
if command -v valgrind >/dev/null && ! asan_build fc-auth; then
	rm -f "$tokfile"
	FC_VALGRIND=1 vg fc-auth token google >/dev/null 2>err
	is "$?" 0 'valgrind: token google mints, no leak, no error'
	FC_VALGRIND=1 vg fc-auth --due >/dev/null 2>err
	is "$?" 0 'valgrind: --due'
	jq '.private_key = "x"' key.json >config/bad.json
	conf '    credentials_path: bad.json'
	sed -i '/credentials_path: ..\/key.json/d' config/connector.yaml
	FC_VALGRIND=1 vg fc-auth status >/dev/null 2>err
	is "$?" 78 'valgrind: status with a bad key: 78, no leak'
	conf
	fault '{"rules":[{"route":"token","status":400,"shape":"oauth","error":"invalid_grant","description":"Invalid JWT Signature."}]}'
	rm -f "$tokfile"
	FC_VALGRIND=1 vg fc-auth token google >/dev/null 2>err
	is "$?" 77 'valgrind: a refused key: 77, no leak'
	fault '{}'
else
	skip 4 'no valgrind, or an ASan build'
fi

# -- fc-status and /health ------------------------------------------------------------------------------
fc-auth token google >/dev/null
fc-status --json >out
is "$(jq -c '.logins[] | [.client, .grant, .needed, .logged_in, .login_required, .access_expires_at, .error]' out)" \
    '["google_drive","service_account",true,true,false,"2026-01-01T02:55:59Z",null]' \
    'fc-status: the Google client, its key usable, the token'"'"'s expiry'
fc-status --now 2026-01-01T00:00:00Z >out
is "$?:$(sed -n '/^CLIENT/,$p' out)" "0:CLIENT        GRANT            LOGIN  ACCESS TOKEN EXPIRES  LOGIN EXPIRES
google_drive  service_account  key    in 2h                 -
healthy" 'text: the key, the token'"'"'s expiry'
jq '.type = "authorized_user"' key.json >config/bad.json
conf '    credentials_path: bad.json'
sed -i '/credentials_path: ..\/key.json/d' config/connector.yaml
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.logged_in, .login_required, .unusable, .error]' out)" \
    "1:[false,false,\"key\",\"$T/config/bad.json: \\\"type\\\" is authorized_user: a person's gcloud credentials, not a service account key\"]" \
    'a key fc cannot use: unhealthy, the key unusable (no login asked for), saying why'
fc-status >out
is "$?:$(sed -n '/^CLIENT/,$p' out)" "1:CLIENT        GRANT            LOGIN     ACCESS TOKEN EXPIRES  LOGIN EXPIRES
google_drive  service_account  unusable  -                     -
google_drive: the key cannot be used: $T/config/bad.json: \"type\" is authorized_user: a person's gcloud credentials, not a service account key
unhealthy: 0 failing, 0 overdue, 1 client unusable" 'text: the key cannot be used, and why'
sed -i 's/is_active: true//; /name: drive$/a\    is_active: false' config/connector.yaml
sed -i '/name: drive2$/a\    is_active: false' config/connector.yaml
fc-status --json >out
is "$?:$(jq -c '.logins[] | [.needed, .login_required]' out)" '0:[false,false]' \
    'no active Google endpoint: not needed, healthy'
conf

# -- a token file others can read: refused, and logout google mends it -------------------------
fc-auth token google >/dev/null
chmod 644 "$tokfile"
fc-auth token google >out 2>err
is "$?:$(cat err)" "77:fc-auth: $tokfile: readable by others (mode 0644): its tokens may have leaked; run fc-auth logout google, then log in again" \
    'a token file others can read: 77, naming the client to log out'
fc-status >out
is "$?:$(grep '^google_drive: ' out)" "1:google_drive: the token file cannot be used: $tokfile: readable by others (mode 0644): its tokens may have leaked; run fc-auth logout google, then log in again" \
    'fc-status: the token file (not the key) cannot be used'
: >gdrive.log
fc-auth logout google >out 2>err
is "$?:$(cat err)" 0: 'logout google: 0, as fc-auth(1) says'
ok 'the file others could read is gone' not [ -e "$tokfile" ]
is "$(sent revoke .status)" 200 'and its token revoked'
fc-auth token google >/dev/null
is "$?:$(stat -c %a "$tokfile")" 0:600 'the next token: a new file, 0600'

# -- token_dir open to others: every sync refuses it, fc-status says so ----------------------------
chmod 755 "$T/tokens"
fc-auth token google >out 2>err
is "$?:$(cat err)" "78:fc-auth: token_dir $T/tokens: open to others (mode 0755); chmod 700 it" \
    'token_dir open to others: 78'
fc-status >out
is "$?:$(sed -n '/^google_drive: /p;$p' out)" "1:google_drive: the token directory cannot be used: token_dir $T/tokens: open to others (mode 0755); chmod 700 it
unhealthy: 0 failing, 0 overdue, 1 client unusable" 'fc-status: unhealthy, what to chmod'
fc-status --json >out
is "$(jq -c '.logins[] | [.unusable, .login_required]' out)" '["token_dir",false]' '--json: the token directory'
chmod 700 "$T/tokens"

# -- a key others can read: used, and warned of once a pass ---------------------------------------
chmod 644 key.json
: >logs/connector.log
fc-auth --due >lines 2>err
is "$?:$(cat err)" "0:fc-auth: warning: clients.google_drive.credentials_path $T/config/../key.json: readable by others (mode 0644): the service account's key is a secret; chmod 600 it" \
    'a key others can read: one warning for the pass, naming the file and chmod 600'
is "$(jq -r 'select(.event == "credentials_readable") | .level' logs/connector.log)" WARNING \
    'and one record in the log'
is "$(jq -r 'select(.type == "endpoint") | .endpoint' lines | tr '\n' ' ')" 'here drive drive2 ' \
    'the key is used all the same'
fc-status >out
is "$?:$(grep '^google_drive: ' out)" "0:google_drive: warning: clients.google_drive.credentials_path $T/config/../key.json: readable by others (mode 0644): the service account's key is a secret; chmod 600 it" \
    'fc-status: the warning, healthy all the same'
chmod 600 key.json

# -- a dry pass creates no token file, lock or directory -------------------------------------------
mkdir dry
sed -e '/token_dir:/d' -e "s|credentials_path: ../key.json|credentials_path: $T/key.json|" \
    -e "s|application_name: Acme Drawings|base_url: $GD_URL|" config/connector.yaml >dry/connector.yaml
n0=$(ntoken)
(cd dry && fc-sync -n -c connector.yaml >out 2>err)
is "$?:$(jq -r 'select(.endpoint == "drive") | [.status, .dry_run] | @text' dry/out)" '0:["ok",true]' \
    'fc-sync -n with a service account: the pass, dry'
is "$(cd dry && find . | sort | tr '\n' ' ')" '. ./connector.yaml ./err ./out ' \
    'no tokens directory, token file or lock file was made'
is "$(($(ntoken) - n0))" 3 'tokens minted in memory: by fc-auth, and by fc-list for each Drive endpoint'
(cd dry && FC_DRY_RUN=1 fc-auth -c connector.yaml token google >/dev/null 2>err)
is "$?:$(cd dry && find tokens -type f | sort | tr '\n' ' ')" '0:tokens/google_drive_tokens.json tokens/google_drive_tokens.lock ' \
    'FC_DRY_RUN is for a pass: fc-auth token stores its token'
