#!/bin/sh
# A database that does not exist is healthy only if a real run could
# create it: fc-status and /health call one that cannot be made (its
# directory on /proc, or a file where a directory should be) unhealthy,
# in the words fc-ingest fails with; fc-auth fails alike.  Looking never
# creates: neither fc-status nor fc-auth makes a directory.
. "${FC_TOP:-.}/tests/lib.sh"
plan 14

serve() {	# as in 4030-status-http.t: waits for "listening on ADDR"
	rm -f ready
	mkfifo ready
	"$@" >ready 2>>server.err &
	SPID=$!
	echo "$SPID" >>"$T/.pids"
	exec 5<ready
	read -r _w _o ADDR <&5
	URL=http://$ADDR
}
get() { curl -s --max-time 10 -o body -w '%{http_code}' "$@"; }

mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"

# -- missing, but a first run would make it: healthy, nothing made ----------
DATABASE_URL=$T/nodir/sub/x.db
export DATABASE_URL
fc-status >out 2>err
is "$?:$(head -n 1 out)" "0:database: sqlite $T/nodir/sub/x.db (no syncs yet)" \
    'a database yet to be made: healthy'
fc-auth --due >out 2>err
is "$?:$(jq -r .endpoint out)" 0:docs 'fc-auth: everything is due'
ok 'neither made a directory' not test -e nodir

# -- one no run could make ------------------------------------------------------
DATABASE_URL=sqlite:///proc/fc-no/x.db
why='/proc/fc-no/x.db: cannot create: /proc: Read-only file system'
fc-status >out 2>err
is "$?:$(cat err)" "73:fc-status: $why" 'fc-status: unhealthy, 73, and why'
fc-status --json >out 2>err
is "$?:$(cat err)" "73:fc-status: $why" '--json: the same'
fc-auth --due >out 2>err
is "$?:$(cat err)" "73:fc-auth: $why" 'fc-auth: the same words'
fc-list -e docs | fc-ingest >out 2>err
is "$?:$(cat err)" "73:fc-ingest: $why" 'fc-ingest: the same words'
serve fc-status -l 127.0.0.1:0
is "$(get "$URL/health")" 503 '/health: 503'
is "$(jq -c '[.healthy, .database, .error]' body)" "[false,\"error\",\"$why\"]" \
    '/health: the database is the error, and why'
is "$(get "$URL/status")" 503 '/status: 503'
kill "$SPID"

# -- a file in the way ------------------------------------------------------------
: >afile
DATABASE_URL=$T/afile/x.db
fc-status >out 2>err
is "$?:$(cat err)" "73:fc-status: $T/afile/x.db: cannot create: Not a directory" \
    'a file where the directory should be: 73'
fc-list -e docs | fc-ingest >out 2>err
is "$?:$(cat err)" "73:fc-ingest: $T/afile/x.db: cannot create: Not a directory" \
    'fc-ingest: the same words'
DATABASE_URL=$T/afile/sub/x.db fc-status >out 2>err
is "$?:$(cat err)" "73:fc-status: $T/afile/sub/x.db: cannot create: $T/afile: Not a directory" \
    'further down: the file is named'
ok 'the log says nothing of a database made' \
    not grep -q db_created logs/connector.log
