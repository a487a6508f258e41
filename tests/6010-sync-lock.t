#!/bin/sh
# fc-sync's lock: while another process holds the lock file (flock(1) in
# the background, fed by a FIFO, so no sleep), a pass leaves at once with
# exit 75 and one line, touching nothing; once free, the next pass runs.
# The lock file is created when missing, -l names it, and a lock file that
# cannot be opened is exit 73.
. "${FC_TOP:-.}/tests/lib.sh"
plan 11

mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"

# the holder says "locked" (or why not) on one FIFO, then waits on another
mkdir run
mkfifo ready hold
sh -c 'if command exec 9>>"$1" && flock 9; then echo locked
	else echo failed; fi >ready; read -r _ <hold' sh "$T/run/sync.lock" &
echo $! >>.pids
read -r held <ready
is "$held" locked 'the holder has the lock'

fc-sync -l "$T/run/sync.lock" >out 2>err
is "$?" 75 'a pass while another holds the lock: exit 75'
is "$(cat err)" "fc-sync: $T/run/sync.lock: another pass is running" \
    'one line on stderr, naming the lock file'
is "$(cat out)" '' 'nothing on stdout'
ok 'nothing was done: no database' test ! -e data/connector.db
ok 'nor a log record' test ! -e logs/connector.log

echo go >hold
wait
fc-sync -l "$T/run/sync.lock" >out 2>err
is "$?:$(jq -r .status out)" '0:ok' 'the lock released: the pass runs'
ok 'and leaves the lock free' flock -n "$T/run/sync.lock" true

unset XDG_RUNTIME_DIR
TMPDIR=$T fc-sync -a >out 2>err
is "$?" 0 'no XDG_RUNTIME_DIR: a lock file in TMPDIR'
ok 'named for the user' test -f "$T/fc-sync-$(id -u).lock"

fc-sync -l "$T/no/such/dir/lock" >out 2>err
is "$?:$(grep -c 'cannot open the lock file' err)" '73:1' \
    'a lock file that cannot be opened: exit 73'
