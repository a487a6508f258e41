#!/bin/sh
# fc-status: the table and the JSON document before and after syncs (made
# by the real pipeline with FC_NOW), and the exit status a monitor reads:
# 0 healthy, 1 when an active endpoint's last sync failed or it is overdue.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 51

mkdir -p tree/sub
echo a >tree/a.pdf
echo b >tree/sub/b.pdf
mkdir config
cat >config/connector.yaml <<EOF
endpoints:
  - name: docs
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: interval, interval_minutes: 60 }
  - name: arch
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: interval, interval_minutes: 60 }
  - name: late
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: interval, interval_minutes: 60 }
  - name: nightly
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
EOF

row() { grep "^$1 " status | tr -s ' '; }	# a table row, spaces squeezed
ep() { jq -c ".endpoints[] | select(.name==\"$1\") | $2" status.json; }

# -- no database yet ---------------------------------------------------------
vg fc-status --now 2026-11-25T11:00:00Z >status 2>err
is "$?" 0 'no database: healthy (nothing can be overdue yet)'
is "$(sed -n 1p status)" "database: $(db_shown) (no syncs yet)" \
    'no database: said on the first line'
is "$(row docs)" 'docs local yes 0 never - now 0' 'no database: endpoints from the configuration'
ok 'fc-status creates no database' not db_exists
fc-status --json --now 2026-11-25T11:00:00Z >status.json
is "$(jq -c '[.database.exists, .healthy, (.endpoints | length)]' status.json)" \
    '[false,true,6]' '--json, no database: exists false, healthy, 6 endpoints'

# -- docs, arch and nightly sync well at 12:00; late never does ---------------
(export FC_NOW=2026-11-25T12:00:00Z
    fc-auth -e docs -e arch -e nightly | fc-list | fc-ingest) >sync
is "$(jq -r .status sync | tr '\n' ' ')" 'ok ok ok ' 'three good syncs at 12:00'

fc-status --now 2026-11-25T12:10:00Z >status 2>err
is "$?" 0 'after a good sync: healthy, exit 0'
is "$(sed -n 1p status)" "database: $(db_shown)" 'the database line'
is "$(sed -n 2p status | tr -s ' ')" \
    'ENDPOINT TYPE ACTIVE FILES LAST SYNC CHANGES NEXT DUE FAILURES' 'the table head'
is "$(row docs)" 'docs local yes 2 ok 10m ago +2 ~0 -0 in 50m 0' \
    'a row: files, last sync and its age, counts, next due, failures'
is "$(row nightly)" 'nightly local yes 2 ok 10m ago +2 ~0 -0 in 14h 0' \
    'cron: next due at the next slot'
is "$(row late)" 'late local yes 0 never - now 0' 'never synced: due now'
is "$(row man)" 'man local yes 0 never - manual 0' 'manual'
is "$(row off)" 'off local no 0 never - - 0' 'inactive'
is "$(tail -n 1 status)" healthy 'the last line says healthy'
is "$(cat err)" '' 'nothing on stderr'

fc-status --json --now 2026-11-25T12:10:00Z >status.json
is "$?" 0 '--json: exit 0 when healthy'
is "$(jq -c '[.database.backend, .database.url, .database.exists, .healthy, .now]' status.json)" \
    "$(db_label | jq -cR 'split(" ") | [.[0], .[1], true, true, "2026-11-25T12:10:00Z"]')" \
    '--json: database, healthy and now'
is "$(jq -r '[.endpoints[].name] | join(" ")' status.json)" \
    'docs arch late nightly man off' '--json: endpoints in config order'
is "$(ep docs '[.endpoint_type, .is_active, .in_config, .schedule, .files_present, .files_deleted]')" \
    '["local",true,true,{"type":"interval","interval_minutes":60},2,0]' \
    '--json: an endpoint'
is "$(ep docs .last_sync)" \
    '{"status":"ok","started_at":"2026-11-25T12:00:00Z","finished_at":"2026-11-25T12:00:00Z","seen":2,"inserted":2,"updated":0,"deleted":0,"error":null}' \
    '--json: its last sync'
is "$(ep docs '[.last_ok_at, .failures, .due, .next_due, .overdue, .failing]')" \
    '["2026-11-25T12:00:00Z",0,false,"2026-11-25T13:00:00Z",false,false]' \
    '--json: last good sync, next due and health'
is "$(ep nightly '[.schedule.cron, .next_due]')" \
    '["0 3 * * *","2026-11-26T03:00:00Z"]' '--json: a cron schedule and its next slot'
is "$(ep late '[.last_sync, .due, .next_due]')" '[null,true,null]' \
    '--json: never synced: due, no next_due'
is "$(ep man '[.schedule.type, .due, .next_due]')" '["manual",false,null]' \
    '--json: manual'

# -- overdue: one interval of grace after falling due ------------------------
fc-status --now 2026-11-25T14:00:00Z >status
is "$?" 0 'exactly two intervals after the sync: not yet overdue'
fc-status --now 2026-11-25T14:00:01Z >status
is "$?" 1 'past two intervals: unhealthy, exit 1'
is "$(row docs)" 'docs local yes 2 ok 2h ago +2 ~0 -0 overdue 0' 'the row says overdue'
ok 'and a line says since when' grep -qx 'docs: overdue: no good sync since 2026-11-25T12:00:00Z' status
ok 'never synced, measured from when the database first knew it' \
    grep -qx 'late: overdue: never synced, known since 2026-11-25T12:00:00Z' status
is "$(tail -n 1 status)" 'unhealthy: 0 failing, 3 overdue' 'the last line counts them'
fc-status --json --now 2026-11-25T14:00:01Z >status.json
is "$?" 1 '--json: exit 1 when unhealthy'
is "$(jq -c '[.healthy, ([.endpoints[] | select(.overdue) | .name])]' status.json)" \
    '[false,["docs","arch","late"]]' '--json: healthy false, which are overdue'
fc-status --now 2026-11-27T03:00:00Z >status
ok 'cron: not overdue at its second slot' sh -c '! grep -q "^nightly: overdue" status'
fc-status --now 2026-11-27T03:00:01Z >status
ok 'cron: overdue past its second slot' grep -q '^nightly: overdue' status
fc-status --json --now 2030-01-01T00:00:00Z >status.json
is "$(ep man .overdue),$(ep off .overdue)" 'false,false' \
    'manual and inactive endpoints are never overdue'

# -- a failed sync makes the endpoint failing --------------------------------
printf '%s\n' \
    '{"type":"begin","endpoint":"arch","endpoint_type":"local","mode":"full","run":"00000000000000aa"}' \
    '{"type":"error","endpoint":"arch","code":69,"message":"the share is offline","retry_after":null,"run":"00000000000000aa"}' |
    FC_NOW=2026-11-25T12:20:00Z fc-ingest >sync 2>/dev/null
is "$(jq -r .status sync)" failed 'an error line fails the listing'
FC_NOW=2026-11-25T12:30:00Z fc-status >status
is "$?" 1 'the last sync failed: unhealthy, exit 1'
is "$(row arch)" 'arch local yes 2 failed 10m ago +0 ~0 -0 in 30m 1' \
    'the row: failed, one failure, still due from the last good sync'
ok 'a line gives the error' \
    grep -Eqx 'arch: failing: last sync failed 10m ago: .*the share is offline' status
is "$(tail -n 1 status)" 'unhealthy: 1 failing, 0 overdue' 'the last line counts it'
fc-status --json --now 2026-11-25T12:30:00Z >status.json
is "$(ep arch '[.failing, .failures, .last_sync.status,
    (.last_sync.error | test("the share is offline")), .last_ok_at]')" \
    '[true,1,"failed",true,"2026-11-25T12:00:00Z"]' \
    '--json: failing, the error, the last good sync kept'

(export FC_NOW=2026-11-25T12:40:00Z
    fc-auth -e arch | fc-list | fc-ingest) >sync
fc-status --now 2026-11-25T12:45:00Z >status
is "$?" 0 'a good sync after the failure: healthy again'

# -- an endpoint gone from the configuration, and errors ----------------------
sed '/name: arch/,/interval_minutes: 60 }/d' config/connector.yaml >less.yaml
fc-status -c less.yaml --json --now 2026-11-25T12:45:00Z >status.json
is "$(jq -c '[.endpoints[-1] | .name, .is_active, .in_config, .schedule, .files_present]' status.json)" \
    '["arch",false,false,null,2]' 'a database-only endpoint comes last, inactive'
echo 'not a database' >junk.db
DATABASE_URL=$T/junk.db fc-status >status 2>err
is "$?" 74 'a database that cannot be read: exit 74'
fc-status >/dev/full 2>err
is "$?" 74 'stdout cannot be written: exit 74'
fc-status -c nonexistent.yaml >status 2>err
is "$?" 66 'a -c file that does not exist: exit 66'
printf 'endpoints:\n  - name: x\n    endpoint_type: local\n    schedule: { type: cron, cron: "* * *" }\n    endpoint_details: { root: /tmp }\n' >bad.yaml
fc-status -c bad.yaml >status 2>err
is "$?" 78 'a bad configuration: exit 78'
is "$(cat err)" 'fc-status: bad.yaml:4: endpoints[0].schedule.cron: expected 5 fields, found 3' \
    'with one line naming the file, line and key'
fc-status extra >status 2>err
is "$?" 64 'an operand: exit 64'
# a URL that names its backend is not prefixed with it again
DATABASE_URL=sqlite://$T/named.db fc-status >status 2>err
is "$?:$(sed -n 1p status)" "0:database: sqlite://$T/named.db (no syncs yet)" \
    'a sqlite: URL shown once'
