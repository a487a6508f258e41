#!/bin/sh
# connector.yaml errors as a user meets them: through fc-auth, one stderr
# line "fc-auth: FILE:LINE: KEY: WHY" and the exit status of sysexits(3),
# nothing on stdout; warnings on stderr while the command goes on; and no
# client secret in any output or the log.
. "${FC_TOP:-.}/tests/lib.sh"
plan 23

DATABASE_URL=sqlite://$T/data/connector.db
export DATABASE_URL

# An endpoint list whose second schedule type is wrong, at line 14.
cat >connector.yaml <<'YAML'
# fc test
endpoints:
  - name: first
    endpoint_type: local
    endpoint_details:
      root: tree
    schedule:
      type: interval
  - name: second
    endpoint_type: local
    endpoint_details:
      root: tree
    schedule:
      type: hourly
YAML
vg fc-auth -c connector.yaml --due >out 2>err
is "$?" 78 'a bad schedule type: exit 78 (EX_CONFIG)'
is "$(cat err)" \
    'fc-auth: connector.yaml:14: endpoints[1].schedule.type: expected interval, cron or manual' \
    'one line naming file, line, key and why'
is "$(wc -c <out | tr -d ' ')" 0 'nothing on stdout'

FC_CONFIG=connector.yaml fc-auth --due >out 2>err
is "$?" 78 'the same through $FC_CONFIG'
is "$(cat err)" \
    'fc-auth: connector.yaml:14: endpoints[1].schedule.type: expected interval, cron or manual' \
    '$FC_CONFIG: the path as given'

mkdir -p sub
printf 'endpoints:\n  - name: a\n    endpoint_type: local\n  - name: a\n' >sub/c.yaml
fc-auth -c sub/c.yaml --due >out 2>err
is "$?" 78 'a local endpoint without root: exit 78'
is "$(cat err)" \
    'fc-auth: sub/c.yaml:2: endpoints[0].endpoint_details.root: required for a local endpoint' \
    'missing root named'

printf 'endpoints:\n  - name: a\n    endpoint_type: local\n    endpoint_details: {root: .}\n  - name: a\n    endpoint_type: local\n' >dup.yaml
fc-auth -c dup.yaml --due >out 2>err
is "$?" 78 'duplicate endpoint names: exit 78'
is "$(cat err)" \
    'fc-auth: dup.yaml:5: endpoints[1].name: duplicate endpoint name "a" (endpoints[0] at line 2)' \
    'duplicate names: both lines'

printf 'endpoints:\n  - name: a\n    endpoint_type: local\n     root: x\n' >syntax.yaml
fc-auth -c syntax.yaml --due >out 2>err
is "$?" 78 'a YAML syntax error: exit 78'
is "$(cat err)" \
    'fc-auth: syntax.yaml:4: mapping values are not allowed in this context' \
    "libyaml's problem and line"

vg fc-auth -c nope.yaml --due >out 2>err
is "$?" 66 '-c of a missing file: exit 66 (EX_NOINPUT)'
is "$(cat err)" 'fc-auth: nope.yaml: No such file or directory' \
    'missing file named'

# lib.sh sets FC_CONFIG_NOSYSTEM: /etc/fc is not searched
fc-auth --due >out 2>err
is "$?" 78 'no configuration anywhere: exit 78'
is "$(cat err)" \
    'fc-auth: no connector.yaml found (tried config/connector.yaml, /nonexistent/.config/fc/connector.yaml)' \
    'the places tried, /etc/fc left out under FC_CONFIG_NOSYSTEM'
if [ -e /etc/fc/connector.yaml ]; then
	skip 1 '/etc/fc/connector.yaml exists'
else
	FC_CONFIG_NOSYSTEM= fc-auth --due >out 2>err
	is "$?:$(cat err)" \
	    '78:fc-auth: no connector.yaml found (tried config/connector.yaml, /nonexistent/.config/fc/connector.yaml, /etc/fc/connector.yaml)' \
	    'without it (empty counts as unset), /etc/fc/connector.yaml is tried last'
fi

# A good file with an unknown key and a client secret in it.
mkdir tree
cat >good.yaml <<'YAML'
clients:
  autodesk:
    client_id: visible-id
    client_secret: file-secret-1
endpoints:
  - name: a
    endpoint_type: local
    colour: blue
    endpoint_details:
      root: tree
YAML
SYNC_INTERVAL_MINUTES=abc fc-auth -c good.yaml --due >out 2>err
is "$?" 78 'a bad SYNC_INTERVAL_MINUTES: exit 78'
is "$(cat err)" 'fc-auth: SYNC_INTERVAL_MINUTES: expected a positive integer' \
    'the variable named'

CONNECTOR_AUTODESK_CLIENT_SECRET=env-secret-2 CONNECTOR_LOG_LEVEL=debug \
    vg fc-auth -c good.yaml --due >out 2>err
is "$?" 0 'an unknown key does not stop fc-auth'
is "$(cat err)" 'fc-auth: good.yaml:8: endpoints[0].colour: unknown key' \
    'the warning on stderr, file and line'
is "$(jq -r .details.root out)" "$(cd "$T" && pwd -P)/tree" 'root resolved against the file'
ok 'no secret on stdout, stderr or in the log' \
    sh -c '! grep -r -e file-secret-1 -e env-secret-2 out err logs'
ok 'the log was written (so the check above saw it)' test -s logs/connector.log
