#!/bin/sh
# fc-auth: which endpoints are due across interval, cron and manual
# schedules, before and after a sync (made by the real pipeline with
# FC_NOW), missed cron slots run once, --all/-e/--explain, the run id, the
# cursor, and no secret on any line, message or log record.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 42

mkdir -p tree/sub
echo a >tree/a.pdf
echo b >tree/sub/b.pdf
mkdir config
cat >config/connector.yaml <<EOF
clients:
  autodesk:
    client_id: the-client-id
    client_secret: FILE-SECRET-4010
endpoints:
  - name: ival
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: interval, interval_minutes: 30 }
  - name: cronep
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: cron, cron: "0 3 * * *" }
  - name: man
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: manual }
  - name: off
    endpoint_type: local
    is_active: false
    endpoint_details: { root: $T/tree }
  - name: dflt
    endpoint_type: local
    endpoint_details: { root: $T/tree }
EOF
SYNC_INTERVAL_MINUTES=45
CONNECTOR_AUTODESK_CLIENT_SECRET=ENV-SECRET-4010
export SYNC_INTERVAL_MINUTES CONNECTOR_AUTODESK_CLIENT_SECRET

names() { jq -r .endpoint "$1" | tr '\n' ' '; }

# -- nothing synced yet: no database ---------------------------------------
vg fc-auth --due --now 2026-11-25T12:00:00Z >out 2>err
is "$?" 0 'no database: exit 0'
is "$(names out)" 'ival cronep dflt ' \
    'no database: every active scheduled endpoint is due, in config order'
ok 'fc-auth creates no database' not db_exists
is "$(jq -r .run out | sort -u | wc -l | tr -d ' ')" 1 'one run id per invocation'
like "$(jq -r .run out | head -1)" '^[0-9a-f]{16}$' 'the run id is 16 hex digits'
is "$(jq -r .cursor out | sort -u)" null 'never synced: no cursor'
is "$(jq -r 'select(.endpoint=="cronep") | .schedule.cron' out)" '0 3 * * *' \
    'the line carries the schedule'
is "$(cat err)" '' 'nothing on stderr'

fc-auth --all --now 2026-11-25T12:00:00Z >out
is "$(names out)" 'ival cronep man dflt ' '--all: every active endpoint, manual too'
fc-auth -e off --endpoint man >out
is "$(names out)" 'man off ' '-e: named ones, inactive too, in config order'
fc-auth --due -e man -e man --now 2026-11-25T12:00:00Z >out
is "$(names out)" 'ival cronep man dflt ' '--due and -e: the union, each once'

fc-auth -e nosuch >out 2>err
is "$?" 64 'an unknown endpoint name: exit 64'
is "$(cat err)" 'fc-auth: config/connector.yaml: no endpoint named "nosuch"' \
    'and one line naming it'
fc-auth >out 2>err
is "$?" 64 'no selector: exit 64'
like "$(cat err)" '^usage: fc-auth ' 'with the usage on stderr'
fc-auth --due --now yesterday >out 2>err
is "$?" 64 'a --now that is no time: exit 64'
fc-auth --all >/dev/full 2>err
is "$?" 74 'stdout cannot be written: exit 74'

# -- a good sync at 12:00 of everything due ---------------------------------
FC_NOW=2026-11-25T12:00:00Z
export FC_NOW
sync_once >sync 2>err
is "$?:$sync_status" '0:0 0 0' 'the sync at 12:00: every stage exits 0'
unset FC_NOW
# fc-list hands listings on as they finish: the order is not fixed
is "$(jq -r '.endpoint + " " + .status' sync | sort | tr '\n' ' ')" \
    'cronep ok dflt ok ival ok ' 'the pass syncs the three due endpoints'

fc-auth --due --now 2026-11-25T12:29:59Z >out
is "$(names out)" '' 'just after: nothing is due'
fc-auth --due --now 2026-11-25T12:30:00Z >out
is "$(names out)" 'ival ' 'interval: due exactly interval_minutes after the sync'
fc-auth --due --now 2026-11-25T12:45:00Z >out
is "$(names out)" 'ival dflt ' 'no interval_minutes: SYNC_INTERVAL_MINUTES'
fc-auth --due --now 2026-11-26T02:59:59Z >out
is "$(names out)" 'ival dflt ' 'cron: not before its slot'
FC_NOW=2026-11-26T03:00:00Z fc-auth --due >out
is "$(names out)" 'ival cronep dflt ' 'cron: due at its slot (FC_NOW works too)'

fc-auth --due --explain --now 2026-11-25T12:40:00Z >out 2>err
is "$(sed -n 1p err)" 'fc-auth: ival: list: due since 2026-11-25T12:30:00Z (last ok sync 2026-11-25T12:00:00Z, every 30m)' \
    '--explain: why an endpoint is listed'
is "$(sed -n 2p err)" 'fc-auth: cronep: skip: due at 2026-11-26T03:00:00Z, in 14h (last ok sync 2026-11-25T12:00:00Z, cron "0 3 * * *" in UTC)' \
    '--explain: when a skipped one is next due'
is "$(sed -n '3,4p' err | tr '\n' '|')" \
    'fc-auth: man: skip: manual schedule: never due by itself|fc-auth: off: skip: inactive|' \
    '--explain: manual and inactive'
is "$(names out)" 'ival ' '--explain leaves stdout alone'

# -- the machine was off for five days: the cron endpoint runs once ---------
fc-auth --due --now 2026-11-30T10:00:00Z >out
is "$(jq -r 'select(.endpoint=="cronep") | .endpoint' out)" cronep \
    'five missed cron slots: due, on one line'
FC_NOW=2026-11-30T10:00:00Z
export FC_NOW
sync_once >sync
is "$?:$sync_status" '0:0 0 0' 'the catch-up sync: every stage exits 0'
unset FC_NOW
fc-auth --due --now 2026-11-30T10:01:00Z >out
is "$(names out)" '' 'after the catch-up sync nothing is due: not once per slot'
fc-auth --due --now 2026-12-01T03:00:00Z >out
is "$(jq -r 'select(.endpoint=="cronep") | .endpoint' out)" cronep \
    'and the next slot is due again'

# -- a failed sync does not count; a good one carries its cursor -----------
printf '{"type":"begin","endpoint":"ival","endpoint_type":"local","mode":"full","run":"0000000000000001"}\n' |
    FC_NOW=2026-11-30T11:00:00Z fc-ingest >sync 2>err
is "$(jq -r .status sync)" failed 'a listing without an end line fails'
fc-auth --due --now 2026-11-30T11:00:00Z >out
is "$(names out)" 'ival dflt ' 'a failed sync leaves the endpoint due'

printf '%s\n' \
    '{"type":"begin","endpoint":"ival","endpoint_type":"local","mode":"delta","run":"0000000000000002"}' \
    '{"type":"end","endpoint":"ival","complete":true,"count":0,"cursor":"page-token-42"}' |
    FC_NOW=2026-11-30T11:05:00Z fc-ingest >sync 2>err
is "$(jq -r .status sync)" ok 'a delta listing with a cursor syncs'
fc-auth -e ival >out
is "$(jq -r .cursor out)" page-token-42 'the endpoint line carries the cursor of the last good sync'

# -- the log, and secrets ---------------------------------------------------
fc-auth --due --now 2026-12-24T00:00:00Z >out 2>err
run=$(jq -r .run out | head -1)
is "$(jq -r --arg r "$run" 'select(.program=="fc-auth" and .run==$r and .event=="due") | .endpoint' logs/connector.log | tr '\n' ' ')" \
    'ival cronep dflt ' 'one "due" log record per endpoint listed, with the run id'
is "$(jq -r --arg r "$run" 'select(.run==$r and .endpoint=="ival") | .selected' logs/connector.log)" \
    due 'the record says why it was selected'
fc-auth --all -e off --explain >>out 2>>err
if grep -q 'SECRET-4010' out err logs/connector.log; then s=1; else s=0; fi
is "$s" 0 'no client secret (file or environment) on stdout, stderr or in the log'
is "$(jq -r 'paths | map(tostring) | join(".")' out | grep -ci secret)" 0 \
    'no secret-looking key on an endpoint line'

# -- a bad cron expression is a configuration error with its line ----------
sed 's/"0 3 \* \* \*"/"0 25 * * *"/' config/connector.yaml >bad.yaml
fc-auth -c bad.yaml --due >out 2>err
is "$?" 78 'an invalid cron expression: exit 78'
like "$(cat err)" '^fc-auth: .*bad\.yaml:[0-9]+: endpoints\[1\]\.schedule\.cron: field 2: 25 out of range 0-23$' \
    'naming the file, line, key and field'
