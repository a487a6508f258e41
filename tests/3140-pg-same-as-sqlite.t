#!/bin/sh
# PostgreSQL does what SQLite does.  The same listings go to an SQLite
# file and to PostgreSQL, and must give the same exit status, the same
# sync lines and the same rows, in the cases the set-based apply has to
# take care over: a file listed twice (in a first load, and later,
# changed or not, in either order), "deleted" lines in a first load and
# after a line of the same file, a reformatted line, a file deleted and
# listed again in one listing, the guards, a dry run, incomplete and
# delta listings, and a first load that fails.  (One difference, by
# design: a listing that fails is rolled back whole, and PostgreSQL will
# have applied nothing of it yet, so its counts other than seen are 0;
# SQLite counts what it had done before rolling it back.)
. "${FC_TOP:-.}/tests/lib.sh"
use_pg
plan 30

t=0
b() {	# endpoint [mode]: each listing a minute after the last
	t=$((t + 1))
	printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","mode":"%s","run":"r%d","started_at":"2026-11-25T12:%02d:00Z"}\n' \
	    "$1" "${2:-full}" "$t" "$t"
}
f() {	# endpoint id [size [state]]
	printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s","size":"%s","state":"%s","updated_at":"2026-01-02T03:04:05Z","raw":{"i":"%s"}}\n' \
	    "$1" "$2" "$2" "${3:-1}" "${4:-present}" "$2"
}
e() {	# endpoint count [complete]
	printf '{"type":"end","endpoint":"%s","complete":%s,"count":%s}\n' "$1" "${3:-true}" "$2"
}
rows="select e.name, f.external_file_id, f.file_name, f.file_size, f.state,
    f.updated_at, f.first_seen_at, f.last_seen_at, f.deleted_at,
    length(f.line_digest), f.raw is null from files f
    join endpoints e on e.id = f.endpoint_id order by 1, 2"
logs="select e.name, s.run_id, s.status, s.files_seen, s.code,
    case when s.status = 'failed' then '' else s.files_inserted || ' ' ||
    s.files_updated || ' ' || s.files_unchanged || ' ' || s.files_deleted end
    from sync_logs s join endpoints e on e.id = s.endpoint_id order by 2, 1"
sync='del(.finished_at) | if .status == "failed"
    then del(.inserted, .updated, .unchanged, .deleted) else . end'
both() {	# what [fc-ingest options]: apply ./l to both, compare
	_what=$1
	shift
	DATABASE_URL=sqlite:$T/ref.db fc-ingest "$@" <l >s.out 2>s.err
	_sr=$?
	fc-ingest "$@" <l >p.out 2>p.err
	_pr=$?
	is "$_pr $(jq -c "$sync" p.out)" "$_sr $(jq -c "$sync" s.out)" \
	    "$_what: the same status and sync lines"
	is "$(q "$rows" | sed 's/|t$/|1/; s/|f$/|0/')" "$(sqlite3 ref.db "$rows")" \
	    "$_what: the same rows"
}

{ b x; f x a 1; f x b 1; f x a 2; e x 3; } >l
both 'a first load with a file twice'
{ b x; f x a 2; f x a 2; f x b 1; e x 3; } >l
both 'a file twice, unchanged both times'
{ b x; f x a 3; f x a 2; f x b 1; e x 3; } >l
both 'a file twice, changed, then back as it was'
{ b x; printf '{"raw":{"i":"a"},"size":"2","type":"file","endpoint":"x","id":"a","name":"a","state":"present","updated_at":"2026-01-02T03:04:05Z"}\n'
  f x b 1; e x 2; } >l
both 'a reformatted line'
{ b y delta; f y p 1; f y p 1 deleted; f y q 1 deleted; f y r 1; f y r 1 deleted; f y r 2; e y 6; } >l
both 'a first delta load with "deleted" lines'
{ b y; f y p 1; f y r 5; e y 2; } >l
both 'a full listing after it'
{ b x delta; f x a 1 deleted; f x a 7; f x b 1 deleted; e x 3; } >l
both 'deleted and listed again in one delta listing'
{ b x; e x 0; } >l
both 'an empty complete listing, refused'
{ b x; f x a 7; e x 1; } >l
both 'a deletion over --max-delete, refused' --max-delete 0
{ b x; f x a 8; f x n 1; e x 2; } >l
both 'a dry run' --dry-run
{ b x; f x n 1; f x n 2; e x 2 false; } >l
both 'an incomplete listing with a new file twice'
{ b x; f x a 7; f x b 3; f x n 2; f x n 2 deleted; e x 4; } >l
both 'a full listing that names a file, then deletes it'
{ b z; f z a 1; f z a 2; printf '{"type":"file","endpoint":"z","id":"bad","size":"x"}\n'; e z 3; } >l
both 'a first load that fails'
{ b z; f z a 1; f z a 2; f z c 1; e z 3; b x; f x a 9; f x a 9; e x 2; } >l
both 'two listings in one input'
is "$(q "$logs" | sed 's/|t$/|1/')" "$(sqlite3 ref.db "$logs")" \
    'and sync_logs tell the same story'
is "$(q "select count(*) from files")" 7 'seven rows in all (a check on the check)'
