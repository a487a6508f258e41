#!/bin/sh
# A full disk, a real one: the database on a 2 MiB tmpfs filled to the
# last block before fc-ingest starts.  The listing fails with 74 and is
# rolled back; its failure is still recorded in sync_logs, in room the
# lock file kept for it (SQLite could not even make connector.db-shm
# without); and once there is room again the next run converges.
# Needs root for mount(2), in a mount namespace of its own (unshare -m),
# so the file system goes away with the test whatever happens.
if [ -z "${FC_UNSHARED:-}" ] && [ "$(id -u)" -eq 0 ] &&
    unshare -m true 2>/dev/null; then
	FC_UNSHARED=1 exec unshare -m sh "$0" "$@"
fi
. "${FC_TOP:-.}/tests/lib.sh"
on_sqlite || skip_all 'SQLite files'
[ -n "${FC_UNSHARED:-}" ] || skip_all 'needs root and unshare -m for a tmpfs'
mkdir data
mount -t tmpfs -o size=2m tmpfs data 2>/dev/null || skip_all 'cannot mount a tmpfs'
plan 17

{ begin_line docs r0; file_lines docs 1 300 1; end_line docs 300; } | fc-ingest >out 2>err
is "$?" 0 '300 files loaded'
is "$(stat -c %s data/connector.db.lock)" 65536 'the lock file keeps 64 KiB in reserve'
old=$(dump_files | cksum)

{ begin_line docs r1; file_lines docs 1 2000 2; end_line docs 2000; } >big
dd if=/dev/zero of=data/fill bs=4k 2>/dev/null
is "$(df -k --output=avail data | tail -1 | tr -d ' ')" 0 'the disk is full'

fc-ingest <big >out 2>err
is "$?" 74 'a listing on a full disk: 74'
is "$(cat err)" 'fc-ingest: ./data/connector.db: database or disk is full' \
    'one line says so'
is "$(jq -r '[.run,.status,.code,.error]|join("|")' out)" \
    'r1|failed|74|./data/connector.db: database or disk is full' \
    'and so does the sync line'
is "$(q "select status, code, error from sync_logs where run_id = 'r1'")" \
    'failed|74|./data/connector.db: database or disk is full' \
    'the failure is recorded in sync_logs'
is "$(dump_files | cksum)" "$old" 'files is as before'
is "$(stat -c %s data/connector.db.lock)" 0 'the reserve was spent on it'

# no reserve left: what the failed run gave back makes room for the next
sed 's/"r1"/"r2"/' big | fc-ingest >out 2>err
is "$?" 74 'again on the still full disk: 74'
is "$(q "select status, code from sync_logs where run_id = 'r2'")" 'failed|74' \
    'recorded too'
is "$(dump_files | cksum)" "$old" 'files is as before'
is "$(q 'pragma integrity_check')" ok 'the database is sound'

rm data/fill
sed 's/"r1"/"r3"/' big | fc-ingest >out 2>err
is "$?" 0 'with room again the next run works'
is "$(jq -r '[.status,.updated,.inserted]|join(" ")' out)" 'ok 300 1700' \
    'and applies the whole listing'
is "$(stat -c %s data/connector.db.lock)" 65536 'the reserve is back'
is "$(q 'pragma integrity_check')" ok 'the database is sound'

cd "$T" && umount data
