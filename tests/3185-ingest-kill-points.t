#!/bin/sh
# SIGKILL at every point of an apply, one run per point: on SQLite right
# before each write(2), pwrite(2) and fdatasync(2) to the database's
# files, on PostgreSQL before and after each send(2) to the server, the
# COMMIT among them (tests/faultshim.c kills the process there), for a
# listing that changes an endpoint's files and for a first load.  After
# each kill the database holds the state before the listing or the
# state after it, never anything between: the endpoint's rows as one or
# the other, with the listing's ok row in sync_logs exactly when they
# are the new ones, no row's digest out of step; it is sound; and the
# next run applies the listing over the one it finds.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
[ -f "$FC_TOP/tests/faultshim.so" ] || skip_all 'no tests/faultshim.so (make check builds it)'
plan 7

# Fixed times, so that B applied over A always leaves docs the same.
b() { printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","run":"r","started_at":"2026-12-01T00:00:0%sZ"}\n' "$1" "$2"; }
{ b docs 1; file_lines docs 1 100 1; end_line docs 100; } >a.l
# from A: 60 changed, 30 new, 40 gone
{ b docs 2; file_lines docs 41 130 2; end_line docs 90; } >b.l

# state EP RUN: a checksum of EP's rows, RUN's ok rows, the rows whose
# digest is out of step and soundness; on PostgreSQL once no killed
# session holds EP any more.
state() {
	# no digest: it is of lines that name the endpoint
	_rows="select external_file_id, file_name, file_size, state,
	    first_seen_at, last_seen_at, deleted_at, line_digest is null
	    from files where endpoint_id = (select id from endpoints
	    where name = '$1') order by external_file_id"
	_ok="select count(*) from sync_logs where run_id = '$2' and status = 'ok'"
	_step='select count(*) from files where (line_digest is null) <> (deleted_at is not null)'
	if on_sqlite; then
		sqlite3 "$db" 'pragma integrity_check' "$_rows" "$_ok" "$_step"
	else
		_id="(select id::integer from endpoints where name = '$1')"
		psql_ -A -t -c "select pg_advisory_lock(26211, $_id)" \
		    -c "select pg_advisory_unlock(26211, $_id) is not false" \
		    -c "$_rows" -c "$_ok" -c "$_step"
	fi | cksum
}
# apply LISTING ENDPOINT RUN: LISTING's, for ENDPOINT, with run id RUN
# with $fault set, killed as FC_FAULT says, a line in fault.log saying so
apply() {
	sed "s/\"endpoint\":\"[^\"]*\"/\"endpoint\":\"$2\"/; s/\"run\":\"r\"/\"run\":\"$3\"/" \
	    "$1" >run.l
	if [ -n "${fault:-}" ]; then
		FC_FAULT=$fault FC_FAULT_LOG=fault.log faulty fc-ingest <run.l >out 2>err
	else
		fc-ingest <run.l >out 2>err
	fi
}
{ b new 3; file_lines new 1 20 3; end_line new 20; } >l.l
counts() { jq -r '[.status,.updated,.inserted,.deleted,.unchanged]|join(" ")' out; }

# the states before and after B over A, and a first load; and what the
# run after a kill says, from either
apply a.l docs r1; apply b.l docs r2; apply a.l docs r3
old_b=$(state docs none)
apply b.l docs ref_b
new_b=$(state docs ref_b) fromold_b=$(counts)
apply b.l docs ref_b2
fromnew_b=$(counts)
apply a.l docs r4
is "$(state docs none)" "$old_b" 'A after B always leaves docs the same'
old_l=$(state nothing none)
apply l.l newref ref_l
new_l=$(state newref ref_l) fromold_l=$(counts)
apply l.l newref ref_l2
fromnew_l=$(counts)
kills=0 bad=0 olds=0 news=0

# sweep KIND:WHAT b|l: B over A, or a first load into an endpoint of its
# own, killed at the Nth call of KIND (see tests/faultshim.c) for N = 1,
# 2, ... until none is left to kill it at.  After each kill the state is
# the old one or the new one; the next run applies the listing over it
# (its counts tell which it found); A takes docs back.
sweep() {
	_k=1
	while :; do
		_t=$(echo "$1$2$_k" | tr -dc 'a-zA-Z0-9')
		if [ "$2" = b ]; then _ep=docs; else _ep=new$_t; fi
		: >fault.log
		fault="${1%%:*}:$_k:${1#*:}" apply "$2.l" "$_ep" "k$_t"
		_rc=$?
		[ -s fault.log ] || break
		kills=$((kills + 1))
		_why=
		[ "$_rc" = 137 ] || _why="exit $_rc"
		eval "_old=\$old_$2 _new=\$new_$2"
		case $(state "$_ep" "k$_t") in
		"$_old")
			olds=$((olds + 1))
			eval "_want=\$fromold_$2"
			;;
		"$_new")
			news=$((news + 1))
			eval "_want=\$fromnew_$2"
			;;
		*)
			_why="$_why; neither the old state nor the new"
			_want=
			;;
		esac
		apply "$2.l" "$_ep" "v$_t"
		[ "$?:$(counts)" = "0:$_want" ] || _why="$_why; not converged: $(counts)"
		[ "$2" = l ] || apply a.l docs "w$_t"
		if [ -n "$_why" ]; then
			bad=$((bad + 1))
			diag "${1%%:*}:$_k:${1#*:}, $2.l ($(cut -d' ' -f3 fault.log)): $_why"
		fi
		_k=$((_k + 1))
	done
	# the run no kill came to
	if [ "$_rc:$(state "$_ep" "k$_t")" != "0:$_new" ]; then
		bad=$((bad + 1))
		diag "$1, $2.l: the run without a kill did not apply it"
	fi
	[ "$2" = l ] || apply a.l docs back
	diag "$2.l on $FC_TEST_DB, $1: $((_k - 1)) kills"
	[ "$_k" -gt 1 ]
}

if on_sqlite; then
	FC_FAULT_PATH='*/data/connector.db*'
	export FC_FAULT_PATH
	ok 'killed before each write of B over A' sweep write:KILL b
	ok 'killed before each write of a first load' sweep write:KILL l
	ok 'killed before each fdatasync of B over A' sweep sync:KILL b
	ok 'killed before each fdatasync of a first load' sweep sync:KILL l
else
	ok 'killed before each send of B over A' sweep send:KILL b
	ok 'killed after each send of B over A, the COMMIT sent but not answered' \
	    sweep send:KILLAFTER b
	ok 'killed before each send of a first load' sweep send:KILL l
	skip 1 'no fdatasync of its own on PostgreSQL'
fi
diag "$FC_TEST_DB: $kills kills survived, $olds leaving the old state, $news the new"
is "$bad" 0 'each left the old state or the new, sound, and the next run converged'
ok 'at least 50 kills' test "$kills" -ge 50
