#!/bin/sh
# fc-status knows whether a person must log in: an active Autodesk
# endpoint with no login, or with a login whose refresh token has passed
# its 15 days, makes the state unhealthy, in the exit status, --json and
# /health alike; a live login or 2-legged tokens do not.
. "${FC_TOP:-.}/tests/lib.sh"
plan 12

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
tokens() {	# REFRESH-EXPIRES-AT
	mkdir -p -m 700 tokens
	printf '{"grant":"authorization_code","client_id":"cid","scopes":"data:read","access_token":"at-s3cret","expires_at":"2026-01-01T01:00:00Z","refresh_token":"rt-s3cret","refresh_expires_at":"%s","obtained_at":"2026-01-01T00:00:00Z"}\n' \
	    "$1" >tokens/autodesk_tokens.json
	chmod 600 tokens/autodesk_tokens.json
}
login() { jq -c '.logins[] | [.client, .needed, .logged_in, .expired, .login_required]' out; }

conf authorization_code true
fc-status --json >out
is "$?" 1 'never logged in: unhealthy'
is "$(login)" '["autodesk",true,false,false,true]' 'logins says a login is required'
ok 'and nothing was created in token_dir' not [ -e tokens ]

tokens 2099-01-01T00:00:00Z
fc-status --json >out
is "$?" 0 'logged in: healthy'
is "$(login)" '["autodesk",true,true,false,false]' 'logged in, not expired'
is "$(jq -r '.logins[0].refresh_expires_at' out)" 2099-01-01T00:00:00Z 'with the expiry of the login'
ok 'no token in the document' not grep -q s3cret out

tokens 2026-01-15T00:00:00Z
fc-status --json >out
is "$?" 1 'the refresh token past its 15 days: unhealthy'
is "$(login)" '["autodesk",true,true,true,true]' 'expired, login required'

conf authorization_code false
fc-status --json >out
is "$?" 0 'no active endpoint needs it: healthy all the same'

conf client_credentials true
rm -r tokens
fc-status --json >out
is "$?" 0 '2-legged tokens need no person'
is "$(login)" '["autodesk",true,false,false,false]' 'no login required'
