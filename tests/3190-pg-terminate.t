#!/bin/sh
# The server ends fc-ingest's session (pg_terminate_backend, as an admin,
# a failover or a crashed backend would) at every point of an apply: at
# the Nth send(2) tests/faultshim.c runs the termination first, for
# N = 1, 2, ... until none is left.  Each run exits 0 with the listing
# applied, or 75 (try later) in one line with files as before; a listing
# that failed, at its begin line too, says "failed" (not "busy") and is
# recorded, over a new connection, in sync_logs; the next run converges.
. "${FC_TOP:-.}/tests/lib.sh"
use_pg
[ -f "$FC_TOP/tests/faultshim.so" ] || skip_all 'no tests/faultshim.so (make check builds it)'
plan 5

b() { printf '{"type":"begin","endpoint":"docs","endpoint_type":"local","run":"%s","started_at":"2026-12-01T00:00:0%sZ"}\n' "$1" "$2"; }
{ b a 1; file_lines docs 1 100 1; end_line docs 100; } >a.l
# from A: 60 changed, 30 new, 40 gone
{ b b 2; file_lines docs 41 130 2; end_line docs 90; } >b.l
files() { dump_files | cksum; }
fc-ingest <a.l >/dev/null && fc-ingest <b.l >/dev/null && fc-ingest <a.l >/dev/null
old=$(files)
fc-ingest <b.l >/dev/null
new=$(files)
fc-ingest <a.l >/dev/null
is "$(files)" "$old" 'B over A always leaves files the same'

FC_FAULT_RUN="PGTZ=UTC psql -X -q -A -t -h '$T/pg' -p $PG_PORT -U postgres -d fc -c \"
    select pg_terminate_backend(pid, 10000) from pg_stat_activity
    where datname = 'fc' and pid <> pg_backend_pid()\" >/dev/null"
FC_FAULT_LOG=fault.log
export FC_FAULT_RUN FC_FAULT_LOG
n=1 faults=0 bad=0 failed=0 applied=0 atopen=0
while [ "$n" -le 200 ]; do
	sed "s/\"run\":\"b\"/\"run\":\"t$n\"/" b.l >t.l
	: >fault.log
	FC_FAULT="send:$n:RUN" faulty fc-ingest <t.l >out 2>err
	rc=$?
	[ -s fault.log ] || break
	faults=$((faults + 1))
	why=
	db_settle docs
	case $rc:$(files) in
	"0:$new")
		applied=$((applied + 1))
		[ "$(q "select status from sync_logs where run_id = 't$n'")" = ok ] ||
		    why='no ok row'
		;;
	"75:$old")
		[ "$(grep -c . err)" = 1 ] || why='not one line'
		grep -Eq '^fc-ingest: postgresql:///fc[^ ]*: (connection to the database lost: )?(server closed the connection unexpectedly|terminating connection due to administrator command)$' err ||
		    why="$why; $(head -1 err)"
		if [ -s out ]; then
			failed=$((failed + 1))
			[ "$(jq -r '[.status,.code]|join(" ")' out)" = 'failed 75' ] ||
			    why="$why; sync line: $(jq -r '[.status,.code]|join(" ")' out)"
			[ "$(q "select status, code from sync_logs where run_id = 't$n'")" = 'failed|75' ] ||
			    why="$why; not recorded"
		else
			atopen=$((atopen + 1))	# no listing begun yet
		fi
		;;
	*)
		why="exit $rc, files $(files | cut -c1-10)"
		;;
	esac
	fc-ingest <b.l >out 2>err
	[ "$?:$(files)" = "0:$new" ] || why="$why; no convergence"
	fc-ingest <a.l >/dev/null
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		diag "send:$n:RUN: $why"
	fi
	n=$((n + 1))
done
diag "$faults sessions ended: $failed listings failed with 75 and were recorded, $atopen runs failed opening the database, $applied applied whole"
ok 'the session was ended at each send' test "$faults" -gt 10
is "$bad" 0 'each run exited 0 with files new, or 75 with files old and recorded; each converged'
ok 'listings failed' test "$failed" -gt 0
ok 'and some went through' test "$applied" -gt 0
