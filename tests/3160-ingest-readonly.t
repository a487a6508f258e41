#!/bin/sh
# A database fc may not write (0444, or in a 0555 directory) is refused
# by every program before SQLite opens it: one line naming the file,
# exit 74, and nothing on disk changes; made writable again, the next
# pass works.  SQLite alone would open it read-only and leave a 0444
# connector.db-shm behind that no writer can use, so that every pass
# after the chmod failed with "attempt to write a readonly database".
# Runs as nobody when the test runs as root, who may write anything.
. "${FC_TOP:-.}/tests/lib.sh"
on_sqlite || skip_all 'SQLite files'
if [ "$(id -u)" -eq 0 ]; then
	id nobody >/dev/null 2>&1 || skip_all 'no user nobody to run as'
	as() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
	chmod o+x "$T"
	mkdir w && chown nobody w
else
	as() { "$@"; }
	mkdir w
fi
plan 30
cd w || exit 1
as mkdir tree
as sh -c 'echo a >tree/a.pdf; echo b >tree/b.pdf'
write_conf "docs=$T/w/tree"
# each program on its own, so each one's exit status and line are seen
auth() { as fc-auth --all >due 2>err; }
ingest() { as fc-list <due >listing 2>/dev/null; as fc-ingest <listing >out 2>err; }
# every name, mode, size and time in data/, and the database's bytes
disk() { ls -l --time-style=+%s.%N data; cksum data/connector.db; }
msg='./data/connector.db: cannot write: Permission denied'

auth; ingest
is "$?" 0 'a first pass as an ordinary user'
is "$(jq -r '[.status,.inserted]|join(" ")' out)" 'ok 2' 'stores two files'

as sh -c 'echo c >tree/c.pdf'
chmod 444 data/connector.db
before=$(disk)
auth
is "$?" 74 'fc-auth: a read-only database, 74'
is "$(cat err)" "fc-auth: $msg" 'in one line naming it'
as fc-list -e docs >listing 2>/dev/null
as fc-ingest <listing >out 2>err
is "$?" 74 'fc-ingest: 74'
is "$(cat err)" "fc-ingest: $msg" 'in one line'
is "$(cat out)" '' 'and no sync line: no listing was read'
as fc-status >out 2>err
is "$?" 74 'fc-status: 74'
is "$(cat err)" "fc-status: $msg" 'in one line'
is "$(disk)" "$before" 'nothing in data/ changed, no -wal or -shm was made'

chmod 644 data/connector.db
auth; ingest
is "$?" 0 'made writable, the next pass works'
is "$(jq -r '[.status,.inserted,.unchanged]|join(" ")' out)" 'ok 1 2' \
    'and stores the new file'
is "$(cat err)" '' 'without a word'
ok 'no -shm is left behind' test ! -e data/connector.db-shm

# files an older fc or sqlite3(1) left unwritable are named
chmod 444 data/connector.db
as sqlite3 data/connector.db 'select count(*) from files' >/dev/null 2>&1
chmod 644 data/connector.db
if [ -e data/connector.db-wal ]; then
	before=$(disk)
	auth
	is "$?" 74 'a -wal left read-only by a reader: 74'
	is "$(cat err)" 'fc-auth: ./data/connector.db-wal: cannot write: Permission denied' \
	    'named'
	is "$(disk)" "$before" 'and nothing changes'
	chmod 644 data/connector.db-wal data/connector.db-shm
	auth; ingest
	is "$?" 0 'made writable, the next pass works'
else
	skip 4 'this sqlite3 leaves no -wal'
fi

# a read-only directory: SQLite could not make its -wal and -shm there
as sh -c 'echo d >tree/d.pdf'
chmod 555 data
before=$(disk)
auth
is "$?" 74 'a read-only directory: 74'
is "$(cat err)" 'fc-auth: ./data/connector.db-wal: cannot create: Permission denied' \
    'the line names the file SQLite would need'
as fc-list -e docs >listing 2>/dev/null
as fc-ingest <listing >out 2>err
is "$?" 74 'fc-ingest: 74'
is "$(cat err)" 'fc-ingest: ./data/connector.db-wal: cannot create: Permission denied' \
    'the same line'
is "$(disk)" "$before" 'nothing in data/ changed'
chmod 755 data
auth; ingest
is "$?" 0 'made writable, the next pass works'
is "$(jq -r '[.status,.inserted]|join(" ")' out)" 'ok 1' 'and stores the new file'

# a database that is not there yet, in a directory that is read-only
chmod 555 data
DATABASE_URL=data/new.db as fc-ingest <listing >out 2>err
is "$?" 73 'a new database in a read-only directory: 73'
is "$(cat err)" 'fc-ingest: data/new.db: cannot create: Permission denied' \
    'says so'
ok 'and it is not made' test ! -e data/new.db
chmod 755 data

is "$(q 'pragma integrity_check')" ok 'the database is sound'
is "$(q "select count(*) from files where state = 'present'")" 4 \
    'and holds the four files'
