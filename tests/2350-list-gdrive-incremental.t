#!/bin/sh
# Incremental Google Drive listings through fc-auth | fc-list |
# fc-ingest: the first listing takes the changes feed's start token
# before it reads a file and ends with it in its cursor; the next ones
# list only the changes since, as delta listings: unchanged, one request;
# a file added, renamed, moved, given a new version, trashed, deleted,
# moved out of sight; a folder renamed, moved or trashed (the files below
# walked again, since their paths or state moved with it); a change
# outside the folder ignored.  A failed sync commits no cursor, so the
# next lists the same changes; a page token Drive refuses, full_every
# passed, --full and a changed scope make a full listing; a delta on a
# shared drive reads that drive's feed.  The scope's own changes: a folder
# moved out of it (its files deleted, by walking it where it is now, in its
# drive or another), moved back in, or deleted (a full listing); the scope
# folder renamed (nothing to do but name it so in the begin line, whose
# scope reads the same, full or delta), trashed and back (walked again), moved to
# another drive (full) or deleted (the endpoint fails); changes elsewhere
# cost the feed alone.  Without subfolders, a changed file is listed as it is.
# A shared drive renamed, left or joined makes a listing of everything full
# (its paths start with the drive's name) and changes nothing for a folder
# in it.  A folder above the scope folder trashed, Drive saying nothing of
# the scope, has the scope folder looked up and walked again; moved, the
# folders above are looked up anew.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 150

SA=fc-sync@fc-test.iam.gserviceaccount.com
F=application/vnd.google-apps.folder
TEAM=0ATeamDriveIncremental0Uk9PVA
TEAM2=0ATeamDriveSecond00000Uk9PVA
cat >fixture.json <<EOF
{"users": ["ann@example.com"],
 "drives": [{"id": "$TEAM", "name": "Team", "members": ["ann@example.com", "$SA"]},
            {"id": "$TEAM2", "name": "Team 2", "members": ["ann@example.com", "$SA"]}],
 "files": [
  {"id": "1PROJ", "name": "Projects", "mimeType": "$F", "shared": ["$SA"]},
  {"id": "1A", "name": "a.pdf", "parents": ["1PROJ"], "size": 10},
  {"id": "1SUB", "name": "Sub", "mimeType": "$F", "parents": ["1PROJ"]},
  {"id": "1B", "name": "b.dwg", "parents": ["1SUB"], "size": 11},
  {"id": "1DEEP", "name": "Deep", "mimeType": "$F", "parents": ["1SUB"]},
  {"id": "1C", "name": "c.pdf", "parents": ["1DEEP"], "size": 12},
  {"id": "1OTHER", "name": "Other", "mimeType": "$F", "parents": ["1PROJ"]},
  {"id": "1O", "name": "o.pdf", "parents": ["1OTHER"], "size": 13},
  {"id": "1PRIV", "name": "Private.pdf", "parents": ["root"], "size": 14},
  {"id": "1T", "name": "t.pdf", "parents": ["$TEAM"], "size": 15},
  {"id": "1SCOPE", "name": "Scope", "mimeType": "$F", "parents": ["$TEAM"]},
  {"id": "1S1", "name": "s1.pdf", "parents": ["1SCOPE"], "size": 21},
  {"id": "1PLANS", "name": "Plans", "mimeType": "$F", "parents": ["1SCOPE"]},
  {"id": "1S2", "name": "s2.pdf", "parents": ["1PLANS"], "size": 22},
  {"id": "1LEVEL", "name": "Level", "mimeType": "$F", "parents": ["1PLANS"]},
  {"id": "1S3", "name": "s3.pdf", "parents": ["1LEVEL"], "size": 23},
  {"id": "1KEEP", "name": "Keep", "mimeType": "$F", "parents": ["1SCOPE"]},
  {"id": "1S4", "name": "s4.pdf", "parents": ["1KEEP"], "size": 24},
  {"id": "1ELSE", "name": "Elsewhere", "mimeType": "$F", "parents": ["$TEAM"]},
  {"id": "1E1", "name": "e1.pdf", "parents": ["1ELSE"], "size": 25},
  {"id": "1UPPER", "name": "Upper", "mimeType": "$F", "parents": ["$TEAM2"]},
  {"id": "1INNER", "name": "Inner", "mimeType": "$F", "parents": ["1UPPER"]},
  {"id": "1I1", "name": "i1.pdf", "parents": ["1INNER"], "size": 31},
  {"id": "1ISUB", "name": "Sub", "mimeType": "$F", "parents": ["1INNER"]},
  {"id": "1I2", "name": "i2.pdf", "parents": ["1ISUB"], "size": 32}
 ]}
EOF
sa_key key
start_gdrive --now 1767225600 --sa "$SA:key.pub" --fixture fixture.json
sa_json key "$SA"
conf() {	# [DETAIL]: one more endpoint_details key of fold
	gd_conf "  - name: fold
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1PROJ${1:+, $1}}"
}
conf
FC_NOW=2026-01-01T00:00:00Z
FC_GDRIVE_BACKOFF_MS=1
export FC_NOW FC_GDRIVE_BACKOFF_MS
ROOT=$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.id == "1PRIV").parents[0]')
# at TIME: FC_NOW and the fake's clock both at TIME
at() {
	FC_NOW=$1
	curl -s -X POST "$GD_URL/_admin/clock?set=$(date -u -d "$1" +%s)" >/dev/null
}
admin() { curl -s -X POST "$GD_URL/_admin/$1" | jq -r '.id // empty'; }
faults() { curl -s -X POST -d "$1" "$GD_URL/_admin/faults" >/dev/null; }
live() { q "select file_path from files where deleted_at is null order by 1" | tr '\n' '|'; }
# one pass of fc-auth --all | fc-list | fc-ingest, the fake's log afresh
pass() { : >gdrive.log; sync_once --all "$@" >out 2>err; }
mode() { q "select mode from sync_logs order by id desc limit 1"; }
cursor() { q "select cursor from sync_logs order by id desc limit 1"; }
# the Drive requests fc-list made, by route: "changes:1 files:1"
asked() {
	jq -r 'select(.route != "token") | .route' gdrive.log | sort | uniq -c |
	    awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }'
}
summary() { jq -r 'select(.type == "sync") | [.inserted, .updated, .deleted] | join(" ")' out; }
# ENDPOINT [FC-LIST OPTION]: the begin line's mode and scope, of a listing
# not ingested (the cursor stays), the fake's log afresh
begin_of() {
	: >gdrive.log
	fc-auth -e "$1" 2>/dev/null | fc-list ${2:+"$2"} 2>/dev/null |
	    jq -r 'select(.type == "begin") | .mode + ": " + .scope'
}
state() { q "select state from files where external_file_id = '$1'"; }

# -- the first listing ---------------------------------------------------------------------------
pass
is "$sync_status:$(mode)" '0 0 0:full' 'a first sync: a full listing'
is "$(live)" 'Other/o.pdf|Sub/Deep/c.pdf|Sub/b.dwg|a.pdf|' 'every file'
is "$(cursor | jq -r '[.v, (.token | test("^[0-9]+$")), .full_at, (.scope | length), .root, .trashed, (.folders | length)] | join(" ")')" \
    '2 true 2026-01-01T00:00:00Z 16 1PROJ false 32' \
    'its cursor: version, the feed token, full_at, scope, the folder, its trash, its 4 folders'
is "$(jq -r 'select(.route != "token") | .route' gdrive.log | head -2 | tr '\n' ' ')" 'file startPageToken ' \
    'the start token is taken before any file is listed'
is "$(jq -r 'select(.route == "startPageToken") | .query | [.supportsAllDrives, .driveId] | @text' gdrive.log)" \
    '["true",null]' 'from the account'"'"'s feed, every drive'

# -- unchanged ---------------------------------------------------------------------------------------
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'unchanged: a delta listing'
is "$(asked)" 'changes:1' 'one request: the changes feed'
is "$(summary)" '0 0 0' 'nothing written'
is "$(jq -r 'select(.route == "changes") | .query | [.pageSize, .includeRemoved, .supportsAllDrives, .includeItemsFromAllDrives, .fields] | join(" ")' gdrive.log)" \
    '1000 true true true nextPageToken,newStartPageToken,changes(changeType,removed,fileId,driveId,file(id,name,mimeType,parents,size,md5Checksum,version,createdTime,modifiedTime,webViewLink,trashed,driveId,shortcutDetails))' \
    'the feed asked with 1000 a page, removed changes, every drive, the fields a file line needs'
is "$(begin_of fold --full)" 'full: folder Projects (1PROJ)' 'a full listing names the folder'
is "$(begin_of fold)" 'delta: folder Projects (1PROJ)' 'a delta listing the same: its name is in the cursor'
is "$(asked)" 'changes:1' 'and still costs one request'

# -- a file of two parents: under its first in the scope, full or delta ---------------------
path_of() { q "select file_path from files where external_file_id = '$1'"; }
admin "addparent?id=1A&parent=1SUB" >/dev/null
pass
is "$sync_status:$(path_of 1A)" '0 0 0:a.pdf' 'a second parent for a.pdf: under its first'
admin "rename?id=1SUB&name=Sub2" >/dev/null
pass
is "$sync_status:$(mode):$(path_of 1A):$(path_of 1B)" '0 0 0:delta:a.pdf:Sub2/b.dwg' \
    'its second folder renamed and walked again: a.pdf stays under its first'
fc-auth --all | fc-list --full | fc-ingest >out 2>err
is "$?:$(mode):$(summary)" '0:full:0 0 0' 'and a full listing agrees: nothing to update'
admin "rename?id=1SUB&name=Sub" >/dev/null
admin "move?id=1A&parent=1PROJ" >/dev/null
pass
is "$sync_status:$(live)" '0 0 0:Other/o.pdf|Sub/Deep/c.pdf|Sub/b.dwg|a.pdf|' 'as before'

# -- files -----------------------------------------------------------------------------------------------
N=$(admin "add?parent=1DEEP&name=new.pdf&size=42&id=1NEW")
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:1 0 0' 'a file added: inserted'
is "$(q "select file_path, file_size from files where external_file_id = '1NEW'")" 'Sub/Deep/new.pdf|42' \
    'at its path, with its size'
is "$(asked)" 'changes:1 file:1 files:1' \
    'the feed, then the folder looked up and one page of the folders for the path'
admin "rename?id=1NEW&name=renamed.pdf" >/dev/null
admin "move?id=1B&parent=1OTHER" >/dev/null
admin "version?id=1A&size=99" >/dev/null
pass
is "$sync_status:$(summary)" '0 0 0:0 3 0' 'renamed, moved, a new version: three updated'
is "$(live)" 'Other/b.dwg|Other/o.pdf|Sub/Deep/c.pdf|Sub/Deep/renamed.pdf|a.pdf|' \
    'the paths follow'
is "$(q "select file_size from files where external_file_id = '1A'")" 99 'the new size'
admin "trash?id=1O" >/dev/null
admin "delete?id=1NEW" >/dev/null
admin "move?id=1A&parent=$ROOT" >/dev/null
pass
is "$sync_status:$(summary)" '0 0 0:0 1 2' 'trashed, deleted, moved out of sight: one updated, two deleted'
is "$(state 1O)" trashed 'the trashed file: state trashed'
is "$(q "select external_file_id from files where deleted_at is not null order by 1" | tr '\n' ' ')" \
    '1A 1NEW ' 'the deleted one and the one no longer seen: deleted'
grep '"type":"file"' out >/dev/null || true
fc-auth --all | fc-list >lines 2>/dev/null
is "$(jq -c 'select(.type == "file")' lines | wc -l)" 0 'the changes were taken: the next delta is empty'

# -- outside the folder -------------------------------------------------------------------------------
admin "add?parent=$TEAM&name=team.pdf&id=1TEAMNEW" >/dev/null
admin "add?parent=$ROOT&name=mine.pdf&id=1MINE" >/dev/null
pass
is "$sync_status:$(summary)" '0 0 0:0 0 0' 'a file added elsewhere: nothing written'
is "$(q "select count(*) from files where external_file_id in ('1TEAMNEW', '1MINE')")" 0 \
    'no row for it'

# -- folders ---------------------------------------------------------------------------------------------
admin "rename?id=1SUB&name=Renamed" >/dev/null
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'a folder renamed: delta'
is "$(live)" 'Other/b.dwg|Other/o.pdf|Renamed/Deep/c.pdf|' \
    'every path below it moved'
is "$(summary)" '0 1 0' 'c.pdf updated'
ok 'the folder was walked again' grep -q "'1SUB' in parents" gdrive.log
admin "move?id=1DEEP&parent=1OTHER" >/dev/null
pass
is "$sync_status:$(live)" '0 0 0:Other/Deep/c.pdf|Other/b.dwg|Other/o.pdf|' \
    'a folder moved: the paths below it'
faults '{"quiet_descendants": true}'
admin "trash?id=1DEEP" >/dev/null
pass
is "$sync_status:$(state 1C)" '0 0 0:trashed' \
    'a folder trashed, Drive saying nothing of what is in it: walked again, trashed'
admin "trash?id=1DEEP&trashed=0" >/dev/null
faults '{}'
pass
is "$sync_status:$(state 1C)" '0 0 0:present' 'and out of the trash'

# -- a failed sync repeats the same changes ----------------------------------------------------
admin "add?parent=1OTHER&name=again.pdf&id=1AGAIN" >/dev/null
before=$(cursor)
faults '{"rules": [{"route": "files", "status": 500}]}'
pass
is "$sync_status" '0 69 69' 'the folders cannot be read: fc-list fails, the sync too'
is "$(q "select status from sync_logs order by id desc limit 1")" failed 'the sync failed'
is "$(q "select count(*) from files where external_file_id = '1AGAIN'")" 0 'nothing of it written'
faults '{}'
pass
is "$sync_status:$(summary)" '0 0 0:1 0 0' 'the next sync lists the same change'
is "$(q "select file_path from files where external_file_id = '1AGAIN'")" 'Other/again.pdf' 'again.pdf'
is "$(jq -r 'select(.route == "changes") | .query.pageToken' gdrive.log)" \
    "$(printf '%s' "$before" | jq -r .token)" 'from the same page token'

# -- full listings ------------------------------------------------------------------------------------------
curl -s -X POST "$GD_URL/_admin/forget?before=$(($(curl -s "$GD_URL/_admin/state" | jq -r .start_page_token) + 1))" >/dev/null
admin "add?parent=1PROJ&name=late.pdf&id=1LATE" >/dev/null
pass
is "$sync_status:$(mode)" '0 0 0:full' 'a page token Drive refuses: a full listing'
like "$(cat logs/connector.log)" '"event":"gdrive_full".*refused the cursor' 'the log says why'
is "$(q "select count(*) from files where external_file_id = '1LATE' and deleted_at is null")" 1 \
    'late.pdf listed'
pass
is "$sync_status:$(mode)" '0 0 0:delta' 'then delta again'
at 2026-01-02T00:00:01Z
pass
is "$sync_status:$(mode)" '0 0 0:full' 'full_every (24 h) passed: full'
is "$(cursor | jq -r .full_at)" 2026-01-02T00:00:01Z 'the cursor says when'
at 2026-01-02T00:00:02Z
pass
is "$(mode)" delta 'then delta'
: >gdrive.log
at 2026-01-02T00:00:03Z
fc-auth --all 2>/dev/null | fc-list --full 2>/dev/null | fc-ingest >out 2>&1
is "$(mode)" full '--full: full'
conf 'full_every: 0'
at 2026-01-02T00:00:04Z
pass
is "$(mode)" full 'full_every 0: always full'
conf 'file_types: [pdf]'
at 2026-01-02T00:00:05Z
pass
is "$(mode)" full 'file_types changed: full'
like "$(cat logs/connector.log)" 'file_types\) changed' 'the log says why'
is "$(q "select count(*) from files where deleted_at is null and file_name like '%.dwg'")" 0 \
    'and the dwg is gone'
at 2026-01-02T00:00:06Z
pass
is "$(mode)" delta 'then delta'
admin "add?parent=1PROJ&name=x.dwg&id=1XDWG" >/dev/null
admin "rename?id=1LATE&name=late.txt" >/dev/null
at 2026-01-02T00:00:07Z
pass
is "$sync_status:$(summary)" '0 0 0:0 0 1' 'a dwg added: not listed; a pdf renamed to txt: deleted'
is "$(q "select count(*) from files where external_file_id = '1XDWG'")" 0 'no row for the dwg'

# -- a shared drive's feed -----------------------------------------------------------------------------
gd_conf "  - name: team
    endpoint_type: google_drive
    endpoint_details: {drive_id: $TEAM}"
pass
is "$sync_status:$(mode)" '0 0 0:full' 'a shared drive: full first'
is "$(jq -r 'select(.route == "startPageToken").query.driveId' gdrive.log)" "$TEAM" \
    'its start token from the drive'"'"'s feed'
admin "add?parent=$TEAM&name=t2.pdf&id=1T2" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:1 0 0' 'a file added in the drive: delta, inserted'
is "$(jq -r 'select(.route == "changes").query.driveId' gdrive.log)" "$TEAM" 'from the drive'"'"'s feed'
is "$(q "select file_path from files where external_file_id = '1T2'")" t2.pdf 't2.pdf at the top'
admin "delete?id=1T2" >/dev/null
pass
is "$sync_status:$(summary)" '0 0 0:0 0 1' 'deleted in the drive: deleted'
is "$(asked)" 'changes:1' 'a removal needs no folders: one request'
is "$(begin_of team --full):$(begin_of team)" "full: shared drive Team ($TEAM):delta: shared drive Team ($TEAM)" \
    'a shared drive named the same, full or delta'

# -- everything the account sees: shared, then no longer ------------------------------------------
gd_conf "  - name: all
    endpoint_type: google_drive"
pass
is "$sync_status:$(mode)" '0 0 0:full' 'everything: full first'
curl -s -X POST "$GD_URL/_admin/share?id=1PRIV&with=$SA" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:1 0 0' 'a file shared with the account: delta, inserted'
is "$(q "select file_path from files where external_file_id = '1PRIV'")" 'Shared with me/Private.pdf' \
    'under Shared with me'
curl -s -X POST "$GD_URL/_admin/share?id=1PRIV&with=$SA&remove=1" >/dev/null
pass
is "$sync_status:$(summary)" '0 0 0:0 0 1' 'no longer shared (permission lost): deleted'
is "$(asked)" 'changes:1' 'a removal needs no lookup: one request'
path_in() { q "select f.file_path from files f join endpoints e on e.id = f.endpoint_id
    where e.name = '$1' and f.external_file_id = '$2' and f.deleted_at is null"; }
is "$(path_in all 1T)" 'Team/t.pdf' 'a file of a shared drive: under the drive'"'"'s name'
admin "rename?id=$TEAM&name=Team%20renamed" >/dev/null
pass
is "$sync_status:$(mode)" '0 0 0:full' \
    'a shared drive renamed, Drive naming the drive alone: a full listing'
like "$(grep gdrive_full logs/connector.log | tail -1)" 'INFO.*a shared drive changed' 'the log says why'
is "$(path_in all 1T):$(path_in all 1S1)" 'Team renamed/t.pdf:Team renamed/Scope/s1.pdf' \
    'the paths carry the new name'
is "$(q "select count(*) from files f join endpoints e on e.id = f.endpoint_id
    where e.name = 'all' and f.deleted_at is null and f.file_path like 'Team/%'")" 0 'none the old'
is "$(asked)" 'changes:1 drives:1 file:1 files:6 startPageToken:1' \
    'the feed, then a full listing: the root, the drives, the token, 3 corpora of 2 queries'
curl -s -X POST "$GD_URL/_admin/member?drive=$TEAM2&email=$SA&remove=1" >/dev/null
pass
is "$sync_status:$(mode)" '0 0 0:full' 'a shared drive left: full'
is "$(path_in all 1I1)" '' 'its files gone'
curl -s -X POST "$GD_URL/_admin/member?drive=$TEAM2&email=$SA" >/dev/null
pass
is "$sync_status:$(mode):$(path_in all 1I1)" '0 0 0:full:Team 2/Upper/Inner/i1.pdf' \
    'joined again: full, its files listed'

# -- a folder without its subfolders -----------------------------------------------------------
gd_conf "  - name: top
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1SCOPE, include_subfolders: false}"
pass
is "$sync_status:$(mode)" '0 0 0:full' 'a folder without its subfolders: full first'
admin "version?id=1S1&size=31" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 1 0' 'a file in it changed: updated, not deleted'
is "$(q "select f.file_path, f.file_size from files f join endpoints e on e.id = f.endpoint_id
    where e.name = 'top' and f.deleted_at is null")" 's1.pdf|31' 'at its path, with its size'
is "$(asked)" 'changes:1 file:1' 'the feed and the folder: no folders needed'
# cursors this version did not write, or not whole: a full listing
line=$(fc-auth --all 2>/dev/null)
printf '%s\n' "$line" | jq -c '.cursor |= (fromjson | .folders = "AAAA" | tojson)' |
    fc-list >lines 2>/dev/null
is "$?:$(jq -r 'select(.type == "begin").mode' lines)" 0:full 'folders that do not read: full'
like "$(grep gdrive_full logs/connector.log | tail -1)" 'WARNING.*folders do not read' 'a warning says why'
printf '%s\n' "$line" | jq -c '.cursor |= (fromjson | .v = 1 | del(.folders) | tojson)' |
    fc-list >lines 2>/dev/null
is "$?:$(jq -r 'select(.type == "begin").mode' lines)" 0:full 'a version 1 cursor: full'
like "$(grep gdrive_full logs/connector.log | tail -1)" 'INFO.*older version' 'once, as a matter of course'

# -- the scope's own changes: a folder in a shared drive ------------------------------------
# The account sees the whole drive, so a folder moved out of the scope is
# still there, elsewhere: Drive reports the folder's move alone.
gd_conf "  - name: scoped
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1SCOPE}"
# the live files of an endpoint, and its file rows as they are
files_of() {
	q "select f.file_path from files f join endpoints e on e.id = f.endpoint_id
	    where e.name = '$1' and f.deleted_at is null order by 1" | tr '\n' '|'
}
rows_of() {	# ENDPOINT [CONDITION]
	dump_table files "endpoint_id = (select id from endpoints where name = '$1') ${2:+and $2}"
}
states_of() {
	q "select distinct f.state from files f join endpoints e on e.id = f.endpoint_id
	    where e.name = '$1' and f.deleted_at is null" | tr '\n' ' '
}
pass
is "$sync_status:$(mode):$(files_of scoped)" '0 0 0:full:Keep/s4.pdf|Plans/Level/s3.pdf|Plans/s2.pdf|s1.pdf|' \
    'a folder in a shared drive: full first'
is "$(cursor | jq -r '[.feed, .root, .trashed, (.folders | length)] | join(" ")')" \
    "$TEAM 1SCOPE false 32" 'its cursor: the drive'"'"'s feed, the folder, its 4 folders'

admin "rename?id=1ELSE&name=Somewhere" >/dev/null
admin "mkdir?parent=1ELSE&name=New&id=1ELSENEW" >/dev/null
admin "add?parent=1ELSENEW&name=n.pdf&id=1ELSEN" >/dev/null
admin "move?id=1E1&parent=1ELSENEW" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 0 0' \
    'folders and files changed outside the scope: nothing written'
is "$(asked)" 'changes:1' 'they cost the feed alone: no folder table, no walk'

# a feed of several pages: those after the first wait in a file in TMPDIR
faults '{"page_cap": 1}'
for f in 1S1 1S2 1S3; do admin "version?id=$f" >/dev/null; done
before=$(rows_of scoped)
TMPDIR=$T/none pass
is "$sync_status" '0 73 73' 'three pages of changes, no TMPDIR to keep them in: 73'
like "$(cat err)" 'scoped: a temporary file for the changes feed: No such file or directory' 'saying so'
is "$(rows_of scoped)" "$before" 'nothing written'
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 3 0' 'with one: all three pages listed'
is "$(asked)" 'changes:3 file:1 files:6' \
    'the feed in 3 pages, the folder, its drive'"'"'s 6 folders a page each'
faults '{}'

others="external_file_id not in ('1S2', '1S3')"
before=$(rows_of scoped "$others")
admin "move?id=1PLANS&parent=$TEAM" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 0 2' \
    'a folder moved out of the scope, Drive saying nothing of what is in it: two deleted'
is "$(files_of scoped)" 'Keep/s4.pdf|s1.pdf|' 'its files and those of its subfolder are gone'
is "$(rows_of scoped "$others")" "$before" 'nothing else touched'
is "$(asked)" 'changes:1 file:1 files:3' \
    'the feed, the folder, its drive'"'"'s folders, the moved folder and its subfolder walked'
ok 'walked where it is now, in its drive' \
    grep -q "'1LEVEL' in parents.*\"corpora\": \"drive\", \"driveId\": \"$TEAM\"" gdrive.log
is "$(cursor | jq -r '.folders | length')" 16 'the cursor keeps 2 folders of the scope, not 4'

admin "move?id=1PLANS&parent=1SCOPE" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 2 0' 'moved back in: both listed again'
is "$(files_of scoped)" 'Keep/s4.pdf|Plans/Level/s3.pdf|Plans/s2.pdf|s1.pdf|' 'at their paths'
is "$(asked)" 'changes:1 file:1 files:3' 'the feed, the folder, the folders, two walked'
is "$(cursor | jq -r '.folders | length')" 32 'and the cursor 4 folders again'

admin "rename?id=1SCOPE&name=Scope%20renamed" >/dev/null
is "$(begin_of scoped)" 'delta: folder Scope renamed (1SCOPE)' \
    'the scope folder renamed: the begin line has the name the feed says'
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 0 0' \
    'the scope folder renamed: nothing written (paths start below it)'
is "$(files_of scoped)" 'Keep/s4.pdf|Plans/Level/s3.pdf|Plans/s2.pdf|s1.pdf|' 'the paths as they were'
is "$(asked)" 'changes:1' 'the feed alone'
is "$(begin_of scoped)" 'delta: folder Scope renamed (1SCOPE)' 'and the next delta, from the cursor'
line=$(fc-auth -e scoped 2>/dev/null)
is "$(printf '%s\n' "$line" | jq -c '.cursor |= (fromjson | del(.name) | tojson)' |
    fc-list 2>/dev/null | jq -r 'select(.type == "begin") | .mode + ": " + .scope')" \
    'delta: folder 1SCOPE' 'a cursor without the name: the folder by its id, still a delta'
admin "rename?id=$TEAM&name=Team" >/dev/null
pass
is "$sync_status:$(mode):$(summary):$(files_of scoped)" \
    '0 0 0:delta:0 0 0:Keep/s4.pdf|Plans/Level/s3.pdf|Plans/s2.pdf|s1.pdf|' \
    'its shared drive renamed: still a delta, the paths as they were (they start below the folder)'
is "$(asked)" 'changes:1' 'the feed alone'

faults '{"quiet_descendants": true}'
admin "trash?id=1SCOPE" >/dev/null
pass
is "$sync_status:$(mode):$(summary)" '0 0 0:delta:0 4 0' \
    'the scope folder trashed, Drive saying nothing of what is in it: all four updated'
is "$(states_of scoped)" 'trashed ' 'state trashed'
is "$(asked)" 'changes:1 file:1 files:4' 'the feed, the folder, the scope walked again'
is "$(cursor | jq -r .trashed)" true 'the cursor says it is in the trash'
admin "trash?id=1SCOPE&trashed=0" >/dev/null
pass
is "$sync_status:$(summary):$(states_of scoped)" '0 0 0:0 4 0:present ' \
    'out of the trash: present again'

admin "move?id=1KEEP&parent=$TEAM2" >/dev/null
pass
is "$sync_status:$(mode):$(summary):$(files_of scoped)" \
    '0 0 0:delta:0 0 1:Plans/Level/s3.pdf|Plans/s2.pdf|s1.pdf|' \
    'a folder moved to another drive (removed from this drive'"'"'s feed): its file deleted'
is "$(asked)" 'changes:1 file:2 files:2' \
    'the feed, the folder looked up, the scope, the folders, the folder walked'
ok 'in the drive it is in now' \
    grep -q "'1KEEP' in parents.*\"corpora\": \"drive\", \"driveId\": \"$TEAM2\"" gdrive.log

admin "delete?id=1LEVEL" >/dev/null
pass
is "$sync_status:$(mode):$(summary):$(files_of scoped)" '0 0 0:full:0 0 1:Plans/s2.pdf|s1.pdf|' \
    'a folder of the scope deleted for good, Drive saying nothing of what was in it: full'
like "$(grep gdrive_full logs/connector.log | tail -1)" 'a folder of the scope is gone' 'the log says why'
is "$(asked)" 'changes:1 file:2 files:2 startPageToken:1' \
    'the feed, the folder looked up, then the full listing: the scope, its start token, 2 folders'

admin "move?id=1SCOPE&parent=$TEAM2" >/dev/null
pass
is "$sync_status:$(mode):$(files_of scoped)" '0 0 0:full:Plans/s2.pdf|s1.pdf|' \
    'the scope folder moved to another drive: full, from that drive'
is "$(cursor | jq -r .feed)" "$TEAM2" 'whose feed the cursor names'

before=$(dump_table files)
cur=$(cursor)
admin "delete?id=1SCOPE" >/dev/null
pass
is "$sync_status" '0 66 66' 'the scope folder deleted: the endpoint fails with 66'
like "$(cat err)" "scoped: endpoint_details.folder_id 1SCOPE: no such folder, or not shared with $SA" \
    'saying so'
is "$(asked)" 'changes:1 file:1' 'once the feed and the folder said so'
is "$(q "select cursor from sync_logs where status = 'ok' order by id desc limit 1")" "$cur" \
    'the cursor stays'
is "$(dump_table files)" "$before" 'no file written'
faults '{}'

# -- a folder above the scope folder: in the trash, the scope with it ------------------
gd_conf "  - name: inner
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1INNER}"
pass
is "$sync_status:$(mode):$(files_of inner)" '0 0 0:full:Sub/i2.pdf|i1.pdf|' 'a folder in a folder: full first'
is "$(asked)" 'file:2 files:2 startPageToken:1' \
    'the folder, its start token, the folder above it (its drive'"'"'s root asks nothing), 2 walked'
is "$(cursor | jq -r '.above | length')" 16 'the cursor keeps the 2 folders above it'
faults '{"quiet_descendants": true}'
admin "trash?id=1UPPER" >/dev/null
pass
is "$sync_status:$(mode):$(summary):$(states_of inner)" '0 0 0:delta:0 2 0:trashed ' \
    'the folder above trashed, Drive saying nothing of what is below it: walked again, trashed'
is "$(asked)" 'changes:1 file:2 files:2' 'the feed, the folder looked up, the scope, 2 walked'
is "$(cursor | jq -r .trashed)" true 'the cursor says the folder is in the trash'
admin "trash?id=1UPPER&trashed=0" >/dev/null
pass
is "$sync_status:$(summary):$(states_of inner)" '0 0 0:0 2 0:present ' 'taken out: present again'
is "$(asked)" 'changes:1 file:2 files:2' 'as many requests'
admin "mkdir?parent=$TEAM2&name=Mid&id=1MID" >/dev/null
admin "move?id=1UPPER&parent=1MID" >/dev/null
pass
is "$sync_status:$(mode):$(summary):$(files_of inner)" '0 0 0:delta:0 0 0:Sub/i2.pdf|i1.pdf|' \
    'the folder above moved: nothing written (paths start below the scope)'
is "$(asked)" 'changes:1 file:3' 'the feed, the folder looked up, the 2 folders above it now'
is "$(cursor | jq -r '.above | length')" 24 'the cursor keeps the 3'
admin "trash?id=1MID" >/dev/null
pass
is "$sync_status:$(summary):$(states_of inner)" '0 0 0:0 2 0:trashed ' \
    'the new one above trashed: trashed'
admin "trash?id=1MID&trashed=0" >/dev/null
pass
is "$sync_status:$(summary):$(states_of inner)" '0 0 0:0 2 0:present ' 'and taken out'
faults '{}'
line=$(fc-auth --all 2>/dev/null)
printf '%s\n' "$line" | jq -c '.cursor |= (fromjson | del(.above) | tojson)' |
    fc-list >lines 2>/dev/null
is "$?:$(jq -r 'select(.type == "begin").mode' lines):$(jq -r 'select(.type == "end").cursor | fromjson | has("above")' lines)" \
    0:delta:false 'a cursor without the folders above: a delta all the same, still without them'
printf '%s\n' "$line" | jq -c '.cursor |= (fromjson | .above = "AA" | tojson)' |
    fc-list >lines 2>/dev/null
is "$?:$(jq -r 'select(.type == "begin").mode' lines)" 0:full 'folders above that do not read: full'
faults '{"quiet_descendants": true}'
before=$(rows_of inner)
admin "delete?id=1MID" >/dev/null
pass
is "$sync_status" '0 66 66' \
    'a folder above deleted for good, Drive naming it alone: the endpoint fails with 66'
like "$(cat err)" 'inner: .*folder_id 1INNER' 'saying which folder is gone'
is "$(asked)" 'changes:1 file:1' 'once the feed and the folder said so'
is "$(rows_of inner)" "$before" 'no file written'
faults '{}'
