#!/bin/sh
# Endpoints that cannot be listed get an error line with a sysexits code,
# the others are listed all the same, and the exit status is the first
# failure's.  A lister that dies leaves begin ... error, never a listing
# that just stops.
. "${FC_TOP:-.}/tests/lib.sh"
plan 29

make_tree tree 200 pdf
: >afile
ep() {	# NAME TYPE ROOT [MORE-DETAILS]
	printf '{"type":"endpoint","endpoint":"%s","endpoint_type":"%s",' "$1" "$2"
	printf '"details":{"root":"%s"%s},"run":"00000000000000bb"}\n' \
	    "$3" "${4:+,$4}"
}

ep m local "$T/nope" | fc-list >out 2>err
is "$?" 66 'a missing root exits 66'
is "$(jq -c . out)" \
    "{\"type\":\"error\",\"endpoint\":\"m\",\"code\":66,\"message\":\"root $T/nope: No such file or directory\",\"retry_after\":null,\"run\":\"00000000000000bb\"}" \
    'and writes only an error line, code 66'
is "$(cat err)" "fc-list: m: root $T/nope: No such file or directory" \
    'one line on stderr'

ep f local "$T/afile" | fc-list >out 2>err
is "$?" 78 'a root that is a file exits 78'
is "$(jq -r '[.type,.code,.message]|join(" ")' out)" \
    "error 78 root $T/afile: Not a directory" 'error line, code 78'

ep s local "$T/tree" '"folder_id":"nope"' | fc-list >out 2>err
is "$?" 66 'a missing folder exits 66'
is "$(jq -r .message out)" \
    "folder_id nope: $T/tree/nope: No such file or directory" \
    'the message names folder_id and the path'

ep r local '' | fc-list >out 2>err
is "$?" 78 'an empty root exits 78'

{
	ep acc google_drive ''
	ep ok1 local "$T/tree"
	ep gone local "$T/nope"
	ep ok2 local "$T/tree"
} >in
fc-list <in >out 2>err
is "$?" 78 'the first failure sets the exit status'
is "$(jq -r 'select(.type=="error")|[.endpoint,.code]|join(" ")' out | sort | tr '\n' ' ')" \
    'acc 78 gone 66 ' 'an error line for each endpoint that failed'
is "$(jq -r 'select(.endpoint=="acc").message' out)" \
    'clients.google_drive.credentials_path: missing: no configuration file was found (name it with -c or FC_CONFIG)' \
    'a cloud endpoint without a configuration file'
is "$(jq -r 'select(.type=="end")|[.endpoint,.complete,.count]|join(" ")' out | sort | tr '\n' ' ')" \
    'ok1 true 200 ok2 true 200 ' 'the other endpoints are listed in full'
is "$(grep -c . err)" 2 'one stderr line per failed endpoint'
MAX_CONCURRENT_SYNCS=1 fc-list <in >out 2>err
is "$?" 78 'the same one at a time'
is "$(jq -r 'select(.type=="error" or .type=="end").endpoint' out | tr '\n' ' ')" \
    'acc ok1 gone ok2 ' 'in input order'

# An unreadable directory: listed as far as it goes, complete false.  Root
# reads everything, so then the listing runs as nobody.
mkdir -p tree/locked
: >tree/locked/x.pdf
chmod 000 tree/locked
chmod 755 "$T"
asuser=
[ "$(id -u)" = 0 ] && asuser='setpriv --reuid=65534 --regid=65534 --clear-groups'
ep u local "$T/tree" | CONNECTOR_LOG_FILE=/dev/null $asuser fc-list >out 2>err
is "$?" 0 'an unreadable directory: exit 0'
is "$(jq -r 'select(.type=="end")|[.complete,.count]|join(" ")' out)" \
    'false 200' 'the listing is incomplete, with the files it could read'
is "$(cat err)" \
    "fc-list: u: incomplete listing, 1 unreadable; the first: $T/tree/locked: Permission denied" \
    'and a warning names the directory'
chmod 755 tree/locked
rm -r tree/locked

# A lister that dies: its listing is cut at its last whole line and closed
# by an error line.  ulimit -f kills a child with SIGXFSZ when its listing
# outgrows 512 bytes; the parent only writes to a pipe (and to err, which
# stays well under 512 bytes).
ep d1 local "$T/tree" >in
ep d2 local "$T/tree" >>in
{
	(ulimit -f 1; CONNECTOR_LOG_FILE=/dev/null exec fc-list in 2>err)
	echo $? >rc
} | cat >out
is "$(cat rc)" 70 'a killed lister: exit 70'
ok 'every line is whole JSON' sh -c 'jq -e . out >/dev/null'
is "$(jq -r '[.endpoint,.type]|join(" ")' out | sort | tr '\n' ' ')" \
    'd1 begin d1 error d2 begin d2 error ' \
    'each endpoint: its begin line, then an error line'
is "$(jq -r 'select(.type=="error")|[.code,.message]|join(" ")' out | sort -u)" \
    '70 the lister was killed by signal 25 (File size limit exceeded)' \
    'the error line says what happened'
like "$(cat err)" 'fc-list: d1: the lister was killed by signal 25' \
    'and so does stderr'

# The same with SIGXFSZ ignored: the child's writes fail, it exits 125.
{
	(trap '' XFSZ; ulimit -f 1; CONNECTOR_LOG_FILE=/dev/null exec fc-list in 2>err)
	echo $? >rc
} | cat >out
is "$(cat rc)" 74 'a listing lost in its temporary file: exit 74'
is "$(jq -r 'select(.type=="error")|[.endpoint,.code,.message]|join(" ")' out | sort | tr '\n' '|')" \
    'd1 74 the listing was lost: its temporary file could not be written|d2 74 the listing was lost: its temporary file could not be written|' \
    'each endpoint ends in an error line'
like "$(cat err)" 'fc-list: d1: temporary file: File too large' \
    'the child names the cause'

# the standard output fails
ep o local "$T/tree" | fc-list >/dev/full 2>err
is "$?" 74 'a full standard output: exit 74'
is "$(cat err)" 'fc-list: stdout: No space left on device' 'and says so'
fc-list -t ftp >out 2>err
is "$?" 64 'an unknown -t type is a usage error'
