#!/bin/sh
# The configuration and the environment over it, loaded by one library
# call in every program: a variable set to the empty string counts as
# unset in all four C programs, with a configuration or without one, and
# a wrong configuration on the search path stops each of them alike.
. "${FC_TOP:-.}/tests/lib.sh"
plan 14

mkdir tree
echo x >tree/a.pdf
write_conf "docs=$T/tree"
# an endpoint line, for fc-list without a configuration
fc-auth --all >ep 2>/dev/null
is "$?" 0 'fc-auth --all writes the endpoint line'

empties='DATABASE_URL= SYNC_INTERVAL_MINUTES= MAX_CONCURRENT_SYNCS=
    CONNECTOR_LOG_LEVEL= CONNECTOR_LOG_FILE= CONNECTOR_AUTODESK_CLIENT_ID=
    CONNECTOR_AUTODESK_CLIENT_SECRET= XDG_CONFIG_HOME='

# with config/connector.yaml: every program, every variable empty
env $empties FC_CONFIG= fc-auth --all >out 2>err
is "$?:$(cat err)" 0: 'fc-auth: empty variables are unset'
env $empties FC_CONFIG= fc-list <ep >listing 2>err
is "$?:$(cat err)" 0: 'fc-list: empty variables are unset'
env $empties FC_CONFIG= fc-ingest <listing >out 2>err
is "$?:$(cat err)" 0: 'fc-ingest: empty variables are unset'
is "$(jq -r '[.status, .inserted] | join(" ")' out)" 'ok 1' \
    'fc-ingest wrote the default database'
env $empties FC_CONFIG= fc-status >out 2>err
is "$?:$(cat err)" 0: 'fc-status: empty variables are unset'
ok 'the log is the default one' test -s logs/connector.log

# without one: fc-list and fc-ingest run on the environment alone
mv config config.away
env $empties fc-list <ep >listing2 2>err
is "$?:$(cat err)" 0: 'fc-list, no configuration: empty variables are unset'
env $empties fc-ingest <listing2 >out 2>err
is "$?:$(cat err)" 0: 'fc-ingest, no configuration: empty variables are unset'
CONNECTOR_LOG_LEVEL=loud fc-list <ep >/dev/null 2>err
is "$?:$(cat err)" \
    '78:fc-list: CONNECTOR_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR' \
    'fc-list, no configuration: a bad variable is named'
CONNECTOR_LOG_LEVEL=loud fc-ingest </dev/null >/dev/null 2>err
is "$?:$(cat err)" \
    '78:fc-ingest: CONNECTOR_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR' \
    'fc-ingest, the same words'

# a wrong file on the search path stops the two alike
mkdir config
printf 'settings:\n  max_concurrent_syncs: many\n' >config/connector.yaml
fc-list <ep >/dev/null 2>err
is "$?:$(cat err)" \
    '78:fc-list: config/connector.yaml:2: settings.max_concurrent_syncs: expected a positive integer' \
    'fc-list: a wrong configuration found stops it'
fc-ingest </dev/null >/dev/null 2>err
is "$?:$(cat err)" \
    '78:fc-ingest: config/connector.yaml:2: settings.max_concurrent_syncs: expected a positive integer' \
    'fc-ingest: the same line'
FC_CONFIG=$T/nope.yaml fc-list <ep >/dev/null 2>err
is "$?:$(cat err)" "66:fc-list: $T/nope.yaml: No such file or directory" \
    'fc-list: a $FC_CONFIG that is missing is an error'
