#!/bin/sh
# Deletion: a complete full listing marks the files it did not name as
# deleted (soft: the rows stay); an incomplete one deletes nothing; the
# empty-listing guard and --max-delete refuse before anything is marked;
# a deleted file listed again comes back; delta listings never sweep,
# and delete what their "deleted" lines name only when they are complete,
# under the same guards.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 49
b() {	# endpoint mode started
	printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","mode":"%s","run":"r","started_at":"%s"}\n' \
	    "$1" "$2" "$3"
}
f() {	# id [state [size]]
	printf '{"type":"file","endpoint":"docs","id":"%s","name":"%s","size":"%s","state":"%s"}\n' \
	    "$1" "$1" "${3:-1}" "${2:-present}"
}
e() {	# count complete
	printf '{"type":"end","endpoint":"docs","complete":%s,"count":%s}\n' "$2" "$1"
}
live() { q "select external_file_id from files where deleted_at is null order by external_file_id" | paste -sd ' ' -; }
counts() { jq -r 'select(.type=="sync")|[.status,.inserted,.updated,.unchanged,.deleted]|join(" ")' out; }

{ b docs full 2026-11-25T10:00:00Z; f a; f b; f c; f d; f e; e 5 true; } | fc-ingest >out 2>err
is "$(counts)" 'ok 5 0 0 0' 'five files loaded'

{ b docs full 2026-11-25T11:00:00Z; f a; f b; f c; e 3 true; } | fc-ingest >out 2>err
is "$?" 0 'a complete listing without d and e exits 0'
is "$(counts)" 'ok 0 0 3 2' 'two deleted'
is "$(live)" 'a b c' 'a, b and c are live'
is "$(q "select state, deleted_at, coalesce(length(line_digest),-1), last_seen_at from files where external_file_id='d'")" \
    'deleted|2026-11-25T11:00:00Z|-1|2026-11-25T10:00:00Z' \
    'd is kept, marked deleted at the listing time, digest cleared'
is "$(q 'select count(*) from files')" 5 'no row was removed'
is "$(q "select files_deleted from sync_logs order by id desc limit 1")" 2 \
    'sync_logs counts the deletions'

{ b docs full 2026-11-25T12:00:00Z; f a; e 1 false; } | fc-ingest >out 2>err
is "$?" 0 'an incomplete listing exits 0'
is "$(counts)" 'partial 0 0 1 0' 'status partial, nothing deleted'
is "$(live)" 'a b c' 'b and c stay live'
is "$(jq -r .complete out)" false 'the sync line says complete:false'

# the empty-listing guard
dump=$(dump_files)
{ b docs full 2026-11-25T13:00:00Z; e 0 true; } | fc-ingest >out 2>err
is "$?" 65 'a complete empty listing is refused (65)'
is "$(dump_files)" "$dump" 'files is untouched'
is "$(jq -r '[.status,.code,.deleted]|join(" ")' out)" 'refused 65 3' \
    'sync line: refused, code 65, would delete 3'
like "$(cat err)" '^fc-ingest: endpoint docs: complete listing is empty but 3 files are stored' \
    'stderr says why'
is "$(q "select status, code from sync_logs order by id desc limit 1")" \
    'refused|65' 'the refusal is logged'
{ b docs full 2026-11-25T13:00:00Z; e 0 false; } | fc-ingest >out 2>err
is "$?" 0 'an empty incomplete listing is no threat: 0'
{ b docs full 2026-11-25T13:00:00Z; e 0 true; } | fc-ingest --allow-empty >out 2>err
is "$?" 0 '--allow-empty accepts the empty listing'
is "$(counts)" 'ok 0 0 0 3' 'and deletes the three'
is "$(live)" '' 'nothing is live'
{ b docs full 2026-11-25T13:30:00Z; e 0 true; } | fc-ingest >out 2>err
is "$?" 0 'an empty listing of an empty endpoint is fine without it'

# a deleted file that comes back
{ b docs full 2026-11-25T14:00:00Z; f a present 7; f b; f c; f d; f e; e 5 true; } | fc-ingest >out 2>err
is "$(counts)" 'ok 0 5 0 0' 'five files listed again are five updates'
is "$(q "select state, coalesce(cast(deleted_at as text),'NULL'), first_seen_at, last_seen_at, file_size, length(line_digest) from files where external_file_id='a'")" \
    'present|NULL|2026-11-25T10:00:00Z|2026-11-25T14:00:00Z|7|16' \
    'a is live again, first_seen_at kept, new values stored'

# --max-delete
dump=$(dump_files)
{ b docs full 2026-11-25T15:00:00Z; f a present 7; f b; e 2 true; } >three
fc-ingest --max-delete 2 <three >out 2>err
is "$?" 65 'deleting 3 with --max-delete 2 is refused (65)'
is "$(dump_files)" "$dump" 'files is untouched'
like "$(cat err)" 'would delete 3 files, more than --max-delete 2' 'stderr says why'
is "$(jq -r '[.status,.deleted]|join(" ")' out)" 'refused 3' 'sync line: refused'
fc-ingest --max-delete 3 <three >out 2>err
is "$?" 0 '--max-delete 3 lets three go'
is "$(live)" 'a b' 'only a and b are live'

# trashed and hidden are states, not deletions
{ b docs full 2026-11-25T16:00:00Z; f a trashed 7; f b hidden; e 2 true; } | fc-ingest >out 2>err
is "$(counts)" 'ok 0 2 0 0' 'a state change is an update'
is "$(q "select state from files where external_file_id in ('a','b') order by external_file_id" | paste -sd ' ' -)" \
    'trashed hidden' 'trashed and hidden stored, rows live'

# delta: no sweep; a deleted line deletes one file
{ b docs delta 2026-11-25T17:00:00Z; f b deleted; f z; f c deleted; e 3 true; } | fc-ingest >out 2>err
is "$?" 0 'a delta listing exits 0'
is "$(counts)" 'ok 1 0 1 1' 'z inserted, b deleted, c (deleted already) unchanged'
is "$(live)" 'a z' 'a, not named, is still live'
is "$(q "select state, deleted_at from files where external_file_id='b'")" \
    'deleted|2026-11-25T17:00:00Z' 'b is marked deleted'
is "$(q "select mode from sync_logs order by id desc limit 1")" delta \
    'sync_logs says delta'
{ b docs delta 2026-11-25T18:00:00Z; f unknown deleted; e 1 true; } | fc-ingest >out 2>err
is "$(counts)" 'ok 0 0 1 0' 'deleting a file never seen changes nothing'
is "$(q "select count(*) from files where external_file_id='unknown'")" 0 \
    'and adds no row'

# delta deletions: an incomplete listing deletes nothing it names
{ b docs delta 2026-11-25T18:10:00Z; f a trashed; f z deleted; e 2 false; } |
    fc-ingest >out 2>err
is "$?:$(counts)" '0:partial 0 1 1 0' 'incomplete delta: a updated, z not deleted'
is "$(live)" 'a z' 'z is still live'
# the guards: --max-delete, and a delta deleting every live file
{ b docs delta 2026-11-25T18:20:00Z; f z deleted; e 1 true; } >one
fc-ingest --max-delete 0 <one >out 2>err
is "$?:$(counts)" '65:refused 0 0 0 1' 'one deletion past --max-delete 0: refused'
is "$(cat err)" 'fc-ingest: endpoint docs: would delete 1 files, more than --max-delete 0' \
    'stderr says why'
{ b docs delta 2026-11-25T18:30:00Z; f z deleted; f a deleted; e 2 true; } >all
fc-ingest <all >out 2>err
is "$?:$(counts)" '65:refused 0 0 0 2' 'a delta deleting every live file: refused'
is "$(cat err)" 'fc-ingest: endpoint docs: delta listing deletes all 2 files stored; refusing (--allow-empty accepts it)' \
    'stderr says why'
is "$(live):$(q "select status from sync_logs order by id desc limit 1")" 'a z:refused' \
    'nothing deleted, the refusal recorded'
# deleted, then listed again in the same listing: it stays
{ b docs delta 2026-11-25T18:40:00Z; f z deleted; f z; f a deleted; f a trashed; e 4 true; } |
    fc-ingest >out 2>err
is "$?:$(counts):$(live)" '0:ok 0 0 4 0:a z' 'deleted and back in one listing: still live'

# a deletion known by its id alone (a Drive change): no name, path or size
{ b docs delta 2026-11-25T19:00:00Z
  printf '{"type":"file","endpoint":"docs","id":"z","state":"deleted"}\n'
  printf '{"type":"file","endpoint":"docs","id":"a","name":null,"path":null,"size":null,"state":"deleted","raw":null}\n'
  e 2 true; } | fc-ingest --allow-empty >out 2>err
is "$?:$(counts)" '0:ok 0 0 0 2' 'deleted lines without a name, --allow-empty: both deleted'
is "$(live)" '' 'a and z are gone'
printf '{"type":"file","endpoint":"docs","id":"y","state":"present"}\n' | fc-ingest >out 2>err
is "$?:$(cat err)" '65:fc-ingest: <stdin>:1: "name": missing' 'a line of another state still needs its name'
