#!/bin/sh
# The database around the listings: endpoints synced from the
# configuration (and nothing written when it has not changed), database
# URLs good and bad, the schema version check, and configuration errors.
# The SQLite files named by URL here are SQLite on both backends; the
# PostgreSQL URLs are in 3110-pg-connect.t, migrations in 3090 and 3130.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 35

mkdir -p tree

write_conf "docs=$T/tree" "arch=$T/tree"
fc-ingest </dev/null >out 2>err
is "$?" 0 'no input is fine'
is "$(cat err)" '' 'and quiet'
is "$(q "select name, endpoint_type, is_active from endpoints order by name" | tr '\n' ' ')" \
    'arch|local|1 docs|local|1 ' 'the configured endpoints are in the table, active'
is "$(q "select schedule from endpoints where name='docs'" | jq -c .)" \
    '{"type":"interval","interval_minutes":60}' 'the schedule that applies, as JSON'
is "$(q "select details from endpoints where name='docs'" | jq -r .root)" \
    "$T/tree" 'the endpoint_details, as JSON'

count_writes endpoints
fc-ingest </dev/null >out 2>err
is "$(writes)" 0 'an unchanged configuration writes nothing'

EP_EXTRA='    schedule: { type: interval, interval_minutes: 15 }' \
    write_conf "docs=$T/tree" "new=$T/tree"
fc-ingest </dev/null >out 2>err
is "$(writes)" 3 'one update, one insert, one deactivation'
is "$(q "select name, is_active from endpoints order by name" | tr '\n' ' ')" \
    'arch|0 docs|1 new|1 ' 'an endpoint gone from the file is inactive, not removed'
is "$(q "select schedule from endpoints where name='docs'" | jq .interval_minutes)" \
    15 'a changed schedule is updated'

printf '{"type":"begin","endpoint":"docs","endpoint_type":"local"}\n{"type":"end","endpoint":"docs","complete":true,"count":0}\n' >empty
fc-ingest --dry-run <empty >/dev/null 2>&1
write_conf "docs=$T/tree"
writes_reset
fc-ingest -n <empty >out 2>err
is "$(writes)" 0 'a dry run leaves endpoints alone'

# warnings and errors of the configuration
printf 'bogus: 1\n' >>config/connector.yaml
fc-ingest </dev/null >out 2>err
is "$?" 0 'an unknown key is only a warning'
like "$(cat err)" '^fc-ingest: .*connector.yaml:[0-9]+: .*bogus' 'which is printed'
fc-ingest -c nonexistent.yaml </dev/null >out 2>err
is "$?" 66 '-c with a missing file: 66'
FC_CONFIG=$T/nonexistent.yaml fc-ingest </dev/null >out 2>err
is "$?" 66 'FC_CONFIG with a missing file: 66'
printf 'endpoints: [\n' >bad.yaml
fc-ingest -c bad.yaml </dev/null >out 2>err
is "$?" 78 'a broken configuration: 78'
rm -r config
fc-ingest <empty >out 2>err
is "$?" 0 'no configuration anywhere: fine, for hand-made listings'

# database URLs
DATABASE_URL=sqlite://deep/er/x.db fc-ingest <empty >out 2>err
ok 'missing directories are created' test -s deep/er/x.db
DATABASE_URL="postgresql://fc:hunter2@/fc?host=$T/nowhere" fc-ingest <empty >out 2>err
is "$?" 69 'postgresql:// with no server there: 69'
like "$(cat err)" "^fc-ingest: postgresql://fc@/fc\\?host=$T/nowhere: connection to server on socket \"$T/nowhere/.s.PGSQL.5432\" failed: No such file or directory\$" \
    'one line: the URL without its password, and what failed'
DATABASE_URL='mysql://fc:hunter2@localhost/fc' fc-ingest <empty >>out 2>>err
is "$?" 78 'an unknown scheme: 78'
like "$(cat err)" 'scheme "mysql" is not supported' 'named'
ok 'the password never reaches stderr' sh -c '! grep -q hunter2 err'
mkdir dir.db
DATABASE_URL=dir.db fc-ingest <empty >out 2>err
is "$?" 74 'a directory as database: 74'
echo 'not a database, not at all, really not one' >junk.db
DATABASE_URL=junk.db fc-ingest <empty >out 2>err
is "$?" 74 'a file that is no database: 74'
like "$(cat err)" '^fc-ingest: junk.db: file is not a database' 'named'
: >ro
DATABASE_URL=ro/x.db fc-ingest <empty >out 2>err
is "$?" 73 'a database directory that cannot be made: 73'

# schema versions
is "$(q 'select version from fc_schema')" 3 'the schema is version 3'
q 'update fc_schema set version = 4'
dump=$(dump_db)
fc-ingest <empty >out 2>err
is "$?" 78 'a database from a newer fc is refused: 78'
is "$(cat err)" "fc-ingest: $(db_name): database schema version 4 is newer than this fc (3)" \
    'with the versions in the message'
is "$(dump_db)" "$dump" 'and is not touched'
fc-status >status 2>err
is "$?" 78 'fc-status refuses it too'
q 'update fc_schema set version = 3'

: >zero.db
DATABASE_URL=zero.db fc-ingest <empty >out 2>err
is "$?" 0 'an empty file gets the schema'
is "$(sqlite3 zero.db "select name from sqlite_master where type='table' order by name" | tr '\n' ' ')" \
    'endpoints fc_schema files sync_logs ' 'all four tables'
sqlite3 other.db 'create table files (x)'
DATABASE_URL=other.db fc-ingest <empty >out 2>err
is "$?" 70 "someone else's database with a files table: 70"
like "$(cat err)" 'migrating the schema to version 1: .*files already exists' \
    'says what clashed'
