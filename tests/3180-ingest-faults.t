#!/bin/sh
# Disk faults at every point of an apply on SQLite, one run per point:
# tests/faultshim.so makes the Nth write(2) or pwrite(2) to the
# database's files fail with ENOSPC, then with EIO, the Nth fdatasync(2)
# fail with EIO, and every write from the Nth on fail (a disk that stays
# full), for N = 1, 2, ... until a run goes by without a fault.  Each run
# either applies the listing whole and exits 0, or exits 74 with one
# line naming the database, leaves files exactly as it was and records
# the failure in sync_logs or says on that line that it could not; the
# database is sound after it; and the next run, unfaulted, converges.
. "${FC_TOP:-.}/tests/lib.sh"
on_sqlite || skip_all 'SQLite files; PostgreSQL is another process'
[ -f "$FC_TOP/tests/faultshim.so" ] || skip_all 'no tests/faultshim.so (make check builds it)'
plan 10

# The listing's time, and so every time it writes in files, is fixed:
# runs that apply it leave files the same, byte for byte.
b() { printf '{"type":"begin","endpoint":"docs","endpoint_type":"local","run":"%s","started_at":"2026-12-01T00:00:0%sZ"}\n' "$1" "$2"; }
{ b r0 0; file_lines docs 1 100 1; end_line docs 100; } >old.l
# 60 changed, 30 new, 40 gone
{ b r1 1; file_lines docs 41 130 2; end_line docs 90; } >new.l

fc-ingest <old.l >out 2>err
is "$?" 0 'the old state: 100 files'
mkdir base && cp data/connector.db data/connector.db.lock base/
files() { sqlite3 -cmd '.mode quote' "$db" 'select * from files order by id' | cksum; }
# state: integrity, r1's ok and failed-with-74 rows, and files' checksum
state() {
	sqlite3 "$db" "pragma integrity_check;
	    select count(*) from sync_logs where run_id = 'r1' and status = 'ok';
	    select count(*) from sync_logs where run_id = 'r1' and status = 'failed' and code = 74" \
	    .mode\ quote 'select * from files order by id' |
	    { read -r _i; read -r _o; read -r _f; echo "$_i $_o $_f $(cksum)"; }
}
old=$(files)
fc-ingest <new.l >out 2>err
is "$(jq -r '[.status,.updated,.inserted,.deleted]|join(" ")' out)" 'ok 60 30 40' \
    'the new state: 60 changed, 30 new, 40 gone'
new=$(files)

restore() {
	rm -f data/*
	cp base/* data/
}

# sweep KIND WHAT [+]: the apply of new.l, faulted at each N in turn
faults=0 bad=0 runs=0 recorded=0 unrecorded=0
sweep() {
	_k=1 _ok=0 _fail=0
	while [ "$_k" -le 500 ]; do
		restore
		: >fault.log
		FC_FAULT="$1:$_k$3:$2" FC_FAULT_PATH='*/data/connector.db*' \
		    FC_FAULT_LOG=fault.log faulty fc-ingest <new.l >out 2>err
		_rc=$?
		[ -s fault.log ] || break
		faults=$((faults + 1))
		_why=
		_state=$(state)
		case $_rc in
		0)
			_ok=$((_ok + 1))
			[ "$_state" = "ok 1 0 $new" ] || _why="exit 0, not the new state: $_state"
			grep -q '"status":"ok"' out || _why="$_why; no ok sync line"
			;;
		74)
			_fail=$((_fail + 1))
			[ "$(grep -c . err)" = 1 ] || _why="$_why; not one line"
			grep -Eq '^fc-ingest: \./data/connector\.db: (database or disk is full|disk I/O error( \([^)]*\))?)( \(not recorded: .*\))?$' err ||
			    _why="$_why; stderr: $(head -1 err)"
			if [ ! -s out ]; then
				_want="ok 0 0 $old"	# it failed to open
			elif grep -q 'not recorded' err; then
				_want="ok 0 0 $old"
				unrecorded=$((unrecorded + 1))
			else
				_want="ok 0 1 $old"
				recorded=$((recorded + 1))
			fi
			[ "$_state" = "$_want" ] || _why="$_why; not the old state, recorded: $_state"
			[ ! -s out ] || grep -q '"status":"failed".*"code":74,' out ||
			    _why="$_why; sync line not failed 74"
			;;
		*)
			_why="exit $_rc: $(head -1 err)"
			;;
		esac
		fc-ingest <new.l >out 2>err
		[ "$?:$(files)" = "0:$new" ] || _why="$_why; no convergence"
		runs=$((runs + 2))
		if [ -n "$_why" ]; then
			bad=$((bad + 1))
			diag "$1:$_k$3:$2 ($(cut -d' ' -f3 fault.log | head -1)): $_why"
		fi
		_k=$((_k + 1))
	done
	diag "$1 $2${3:+ from N on}: $((_k - 1)) points, $_fail failed with 74, $_ok applied whole"
	[ "$_k" -gt 1 ]
}

ok 'a write failing with ENOSPC, at each write' sweep write ENOSPC
ok 'a write failing with EIO, at each write' sweep write EIO
ok 'an fdatasync failing with EIO, at each sync' sweep sync EIO
ok 'every write failing from the Nth on, for each N' sweep write ENOSPC +
diag "$faults faulted runs: $recorded failures recorded, $unrecorded said not to be; $runs runs in all"
is "$bad" 0 'each exited 0 with files new, or 74 with files old and the failure recorded or said not to be; each converged'
ok 'failures were recorded' test "$recorded" -gt 0
ok 'and some said they could not be' test "$unrecorded" -gt 0

restore
FC_FAULT='write:1:EIO' FC_FAULT_PATH='*/data/connector.db*' \
    faulty fc-ingest <new.l >out 2>err
is "$?:$(cat err)" '74:fc-ingest: ./data/connector.db: disk I/O error (Input/output error)' \
    'a fault while opening the database: 74, one line, with the errno'
