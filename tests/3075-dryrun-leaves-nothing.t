#!/bin/sh
# A dry run creates and writes nothing, checked with find -newer over the
# whole test directory: on a database that exists, no -wal, -shm or lock
# file is left and the database file is not written; on one that does not
# exist (or has no fc tables), nothing is made, not a directory, not the
# log, and the sync lines count what a real run would insert, which a real
# run then does.  PostgreSQL without fc's tables gets them as temporary
# tables, gone with the session.  fc-sync -n leaves nothing either, its
# lock file included.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 22

mkdir tree tree/sub
for f in a.pdf b.dwg sub/c.ifc; do echo "$f" >"tree/$f"; done
write_conf "docs=$T/tree"
counts() { jq -r '[.status, .dry_run, .inserted, .updated, .unchanged, .deleted] | join(" ")' "o/$1"; }
XDG_RUNTIME_DIR=$T/run
export XDG_RUNTIME_DIR
mkdir run

# freeze: every path here an old one, so find -newer shows what a run
# writes; changed: what was written or added since, and the log, which a
# dry run may add to.  Left out: the PostgreSQL server's directory, the
# tree listed, and o/, where the test keeps what the programs print.
mkdir o
away='( -path ./pg -o -path ./o -o -path ./tree ) -prune -o'
freeze() {
	find . $away -exec touch -h -d @946684800 {} +
	touch -d @946684801 o/stamp
	find . $away -print | sort >o/before
}
changed() {
	{
		find . $away ! -type d -newer o/stamp -print
		find . $away -print | sort | comm -13 o/before -
	} | sort -u | tr '\n' ' '
}
public_tables() { q "select count(*) from pg_tables where schemaname = 'public'"; }

fc-list -e docs >listing 2>/dev/null
rm -rf logs

# -- no database at all ------------------------------------------------------
freeze
fc-ingest -n <listing >o/dry 2>o/err
is "$?:$(cat o/err)" 0: 'no database: the dry run succeeds, quietly'
is "$(counts dry)" 'ok true 3 0 0 0' 'and counts what a real run would insert'
is "$(changed)" '' 'nothing was made: no database, directory or log'
if on_sqlite; then
	DATABASE_URL=$T/nodir/sub/x.db fc-ingest --dry-run <listing >o/dry2 2>o/err
	is "$?:$(counts dry2)" '0:ok true 3 0 0 0' 'a database in directories that are not there'
	is "$(changed)" '' 'and they are not made either'
else
	is "$(public_tables)" 0 'PostgreSQL: no table is left'
	psql_ -c 'create table keep (n int)'
	fc-ingest -n <listing >o/dry2 2>o/err
	is "$?:$(counts dry2):$(public_tables)" '0:ok true 3 0 0 0:1' \
	    'and with another table of ours there, the same'
	psql_ -c 'drop table keep'
	freeze
fi
fc-sync -n >o/sync 2>o/err
is "$?:$(counts sync)" '0:ok true 3 0 0 0' 'fc-sync -n: the pass, dry'
is "$(changed)" '' 'fc-sync -n: no lock file, no log, no database'
if on_sqlite; then
	ok 'fc-sync -n: not even the lock file of fc-sync' not test -e run/fc-sync.lock
else
	is "$(public_tables)" 0 'fc-sync -n: no table either'
fi

# -- the real run does what the dry run said ----------------------------------
fc-ingest <listing >o/real 2>o/err
is "$?:$(counts real)" '0:ok false 3 0 0 0' 'the real run inserts those three'
on_sqlite && ok 'and makes the database and its lock file' \
    test -f data/connector.db -a -f data/connector.db.lock
on_sqlite || ok 'and makes the tables' test "$(public_tables)" -ge 4
is "$(jq -r 'select(.event == "db_created") | .msg' logs/connector.log)" \
    "$(if on_sqlite; then echo 'created the database ./data/connector.db and the directory ./data';
       else echo "created fc's tables in $DATABASE_URL"; fi)" \
    'and says so in the log, once'

# -- an existing database ------------------------------------------------------
echo changed >tree/a.pdf
rm tree/b.dwg
fc-list -e docs >listing2 2>/dev/null
dump=$(dump_db)
freeze
fc-ingest -n <listing2 >o/dry3 2>o/err
is "$?:$(counts dry3)" '0:ok true 0 1 1 1' 'a dry run over the database: updated, unchanged, deleted'
is "$(changed)" './logs/connector.log ' 'nothing written but the log that was there'
is "$(dump_db)" "$dump" 'the database is as it was'
if on_sqlite; then
	rm data/connector.db.lock
	freeze
	fc-sync -n -a >o/sync2 2>o/err
	is "$?:$(counts sync2)" '0:ok true 0 1 1 1' 'fc-sync -n over it, without a lock file'
	is "$(changed)" './logs/connector.log ' 'no lock file is made, nor -wal or -shm left'
else
	fc-sync -n -a >o/sync2 2>o/err
	is "$?:$(counts sync2)" '0:ok true 0 1 1 1' 'fc-sync -n over it'
	is "$(dump_db)" "$dump" 'the database is as it was'
fi

# -- a schema a real run would migrate: refused, untouched ---------------------
q 'update fc_schema set version = 2'
dump=$(dump_db)
fc-ingest -n <listing2 >o/out 2>o/err
is "$?" 78 'an older schema: the dry run refuses (78)'
is "$(cat o/err)" "fc-ingest: $(db_name): database schema version 2 is older than this fc's (3): the next real run of fc-ingest migrates it" \
    'saying why'
is "$(dump_db)" "$dump" 'and migrates nothing'
q 'update fc_schema set version = 3'

# -- a database that cannot be made: the dry run fails as a real one ----------
DATABASE_URL=sqlite:///proc/fc-no/x.db fc-ingest -n <listing >o/out 2>o/err
is "$?:$(cat o/err)" '73:fc-ingest: /proc/fc-no/x.db: cannot create: /proc: Read-only file system' \
    'a database no run could make: 73, in a real run'"'"'s words'
DATABASE_URL=sqlite:///proc/fc-no/x.db fc-ingest <listing >o/out 2>o/err2
is "$(sed 's/^fc-ingest: //' o/err2)" "$(sed 's/^fc-ingest: //' o/err)" 'which says the same'

# -- an SQLite file without fc's tables ----------------------------------------
if on_sqlite; then
	sqlite3 other.db 'create table t (n int); insert into t values (1)'
	freeze
	DATABASE_URL=other.db fc-ingest -n <listing >o/dry4 2>o/err
	is "$?:$(counts dry4):$(changed)" '0:ok true 3 0 0 0:./logs/connector.log ' \
	    'a file without fc tables: counted in a temporary database, untouched'
else
	skip 1 'an SQLite file without fc tables'
fi
