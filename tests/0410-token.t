#!/bin/sh
# lib/token: the token file is written whole (0600, in a 0700 directory,
# no temporary left behind), read strictly (a bad file gets one line
# naming the file and member, never a value), refused when others could
# read it, and shared under an exclusive lock.
. "${FC_TOP:-.}/tests/lib.sh"
plan 25
# every run under valgrind when it is installed: the file holds secrets
FC_VALGRIND=1

tt() { vg "$FC_TOP/tests/token-tool" "$@"; }
mode() { stat -c %a "$1"; }

tt tokens autodesk write authorization_code AAAA-secret 2026-12-07T10:00:00Z RRRR-secret
is "$?" 0 'a first write'
is "$(mode tokens)" 700 'makes the directory 0700'
is "$(mode tokens/autodesk_tokens.json)" 600 'and the file 0600'
is "$(tt tokens autodesk read)" \
    'authorization_code 11 2026-12-07T10:00:00Z 11 data:read' 'reads back what was written'
is "$(jq -r '[.grant, .client_id, .scopes, .expires_at] | join(" ")' tokens/autodesk_tokens.json)" \
    'authorization_code cid data:read 2026-12-07T10:00:00Z' 'the file is plain JSON'
tt tokens autodesk write client_credentials BBBB 2026-12-07T11:00:00Z
is "$(tt tokens autodesk read)" 'client_credentials 4 2026-12-07T11:00:00Z 0 data:read' \
    'a second write replaces the first whole'
is "$(ls -A tokens | tr '\n' ' ')" 'autodesk_tokens.json autodesk_tokens.lock ' \
    'no temporary file is left behind'
is "$(tt tokens google_drive read)" none 'another client has no file yet'
is "$(tt later autodesk read)" none 'no token_dir yet: no file'
ok 'and reading makes none' not [ -e later ]

cp tokens/autodesk_tokens.json good.json
printf '{"grant":"authorization_code","access_token":12}' >tokens/autodesk_tokens.json
tt tokens autodesk read >out 2>err
is "$?" 65 'a member of the wrong kind: 65'
is "$(cat err)" "token-tool: tokens/autodesk_tokens.json: \"access_token\": expected a string" \
    'naming the file and the member'
printf '{"grant":"authorization_code","access_token":"AAAA-secret' >tokens/autodesk_tokens.json
tt tokens autodesk read >out 2>err
is "$?" 65 'a truncated file: 65'
ok 'the message quotes no token' not grep -q secret err
printf '{"grant":"x","access_token":"a","refused":true}' >tokens/autodesk_tokens.json
tt tokens autodesk read >out 2>err
is "$?:$(cat err)" "65:token-tool: tokens/autodesk_tokens.json: \"refused\": expected a string" \
    'a refusal that is not a string: 65, naming the member'
printf '{"grant":"x","access_token":"a\\u0000b"}' >tokens/autodesk_tokens.json
tt tokens autodesk read >out 2>err
is "$?" 65 'a token with a NUL in it: 65'
# an offset takes it past 9999-12-31T23:59:59Z: the next write could not say it
printf '{"grant":"x","access_token":"a","expires_at":"9999-12-31T23:59:59-01:00"}' \
    >tokens/autodesk_tokens.json
tt tokens autodesk read >out 2>err
is "$?" 65 'a time fc could not write back: 65'
is "$(cat err)" "token-tool: tokens/autodesk_tokens.json: \"expires_at\": expected an RFC 3339 time" \
    'naming the member'

cp good.json tokens/autodesk_tokens.json
chmod 644 tokens/autodesk_tokens.json
tt tokens autodesk read >out 2>err
is "$?" 77 'a token file others can read: 77'
like "$(cat err)" 'readable by others \(mode 0644\): its tokens may have leaked' 'says why'
chmod 600 tokens/autodesk_tokens.json

mkdir -m 755 open
tt open autodesk read >out 2>err
is "$?" 78 'a token directory open to others: 78'
is "$(cat err)" 'token-tool: token_dir open: open to others (mode 0755); chmod 700 it' \
    'says what to do'

# the lock: held by one process, another cannot take it
mkfifo locked hold
tt tokens autodesk hold <hold >locked &
echo $! >>"$T/.pids"
exec 7>hold
read -r word <locked
is "$word" locked 'one process holds the lock'
ok 'another cannot take it meanwhile' not flock -n tokens/autodesk_tokens.lock true
exec 7>&-
wait
ok 'and can once it is let go' flock -n tokens/autodesk_tokens.lock true
