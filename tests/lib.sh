# tests/lib.sh: TAP helpers and a private directory for each test.
#
#	. "${FC_TOP:-.}/tests/lib.sh"
#	plan 3
#	ok 'the database exists' test -f data/connector.db
#	is "$(jq -r .status out)" ok 'sync ok'
#
# Each test runs in its own directory ($T, also the working directory),
# removed on success and kept (and named) after a failure.  Servers a test
# starts are stopped by the EXIT trap through the pids in $T/.pids (a line
# -PGID stops a process group).
#
# The database: FC_TEST_DB=sqlite (the default) or postgresql.  With
# postgresql each test gets a PostgreSQL server of its own (initdb'd once
# into $FC_PG_TEMPLATE, copied into $T/pg, listening on a socket there)
# and DATABASE_URL names it.  A test that holds on both backends says so
# in a line "# backends: sqlite postgresql", and `make check` runs it
# twice.  Such tests look at the database through q (a query), dump_db,
# dump_files, count_writes and writes, never through sqlite3 directly;
# use_pg starts a server for a test that only makes sense on PostgreSQL.

FC_TOP=${FC_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
PATH=$FC_TOP:$PATH
export FC_TOP PATH
unset FC_CONFIG DATABASE_URL SYNC_INTERVAL_MINUTES MAX_CONCURRENT_SYNCS \
    CONNECTOR_LOG_LEVEL CONNECTOR_LOG_FILE CONNECTOR_AUTODESK_CLIENT_ID \
    CONNECTOR_AUTODESK_CLIENT_SECRET FC_NOW XDG_CONFIG_HOME FC_DRY_RUN
# libpq reads these: none of the developer's may reach a test
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE \
    PGSERVICE PGSERVICEFILE PGOPTIONS PGSSLMODE PGSSLROOTCERT PGAPPNAME \
    PGCONNECT_TIMEOUT PGTZ PGCLIENTENCODING PGTARGETSESSIONATTRS
HOME=/nonexistent
LC_ALL=C.UTF-8
# a test never reads the /etc/fc/connector.yaml of an installed fc (or of
# tests/7020-deb.t's package, installed while others run)
FC_CONFIG_NOSYSTEM=1
export HOME LC_ALL FC_CONFIG_NOSYSTEM

T=$(mktemp -d "${TMPDIR:-/tmp}/fc-test.XXXXXX") || exit 1
_n=0
_failed=0
_cleanup() {
	if [ -f "$T/.pids" ]; then
		while read -r _p; do kill -TERM "$_p" 2>/dev/null; done <"$T/.pids"
	fi
	[ -f "$T/pg/postmaster.pid" ] && pg_ctl_ -m immediate stop >/dev/null 2>&1
	if [ "$_failed" -eq 0 ]; then
		cd / && rm -rf "$T"
	else
		echo "# kept $T" >&2
	fi
}
trap _cleanup EXIT
trap 'exit 129' HUP INT TERM
cd "$T" || exit 1

plan() { echo "1..$1"; }

_result() {	# status description
	_n=$((_n + 1))
	_d=$2
	# a # in a description would start a TAP directive: only skip() writes those
	case $_d in *'#'*) _d=$(printf '%s\n' "$_d" | sed 's/#/\\#/g') ;; esac
	if [ "$1" -eq 0 ]; then
		printf 'ok %s - %s\n' "$_n" "$_d"
	else
		_failed=$((_failed + 1))
		printf 'not ok %s - %s\n' "$_n" "$_d"
	fi
}

# ok DESCRIPTION COMMAND [ARG...]: passes when the command exits 0.
ok() {
	_d=$1
	shift
	"$@"
	_result $? "$_d"
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		_result 0 "$3"
	else
		_result 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '3,$s/^/#         /' >&2
	fi
}

# like GOT ERE DESCRIPTION
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_result 0 "$3"
	else
		_result 1 "$3"
		printf '#   got:  %s\n#   want: /%s/\n' "$1" "$2" >&2
	fi
}

diag() { printf '# %s\n' "$*" >&2; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# The C programs, under valgrind when FC_VALGRIND=1 (and valgrind exists):
# any error valgrind finds turns into exit status 99.  A build with ASan
# (make check SANITIZE=1) checks itself and cannot run under valgrind.
vg() {
	if [ "${FC_VALGRIND:-0}" = 1 ] && command -v valgrind >/dev/null &&
	    ! grep -q __asan_init "$(command -v "$1")"; then
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "$@"
	else
		"$@"
	fi
}

# A configuration with local endpoints, one per NAME=ROOT argument.
# Extra YAML for every endpoint may come in $EP_EXTRA (indented 4).
write_conf() {
	mkdir -p config
	{
		echo "endpoints:"
		for _a in "$@"; do
			printf '  - name: %s\n    endpoint_type: local\n' "${_a%%=*}"
			printf '    endpoint_details:\n      root: %s\n' "${_a#*=}"
			[ -n "${EP_EXTRA:-}" ] && printf '%s\n' "$EP_EXTRA"
		done
	} >config/connector.yaml
}

# A tree of N small files under DIR, in subdirectories of 100.
make_tree() {	# DIR N [EXT]
	python3 - "$1" "$2" "${3:-pdf}" <<'PY'
import os, sys
top, n, ext = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(n):
    d = os.path.join(top, "d%03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.%s" % (i, ext)), "w") as f:
        f.write("x" * (i % 50))
PY
}

# sync_once [FC-AUTH ARGS]: one sync of everything due, the pipeline
# fc-sync runs, its output on stdout.  sh has no pipefail, so each stage
# writes its status on fd 3, collected the way fc-sync does it:
# $sync_status holds fc-auth's, fc-list's and fc-ingest's, "0 0 0" when
# all went well (70 for a stage that never reported).  The return status
# is fc-sync's: fc-ingest's when it failed, else fc-list's, else fc-auth's.
sync_once() {
	{
		_st=$(
			{
				{ fc-auth --due "$@" 3>&- 4>&-; echo "auth $?" >&3; } |
				{ fc-list 3>&- 4>&-; echo "list $?" >&3; } |
				{ fc-ingest 3>&- 4>&-; echo "ingest $?" >&3; }
			} 3>&1 >&4
		)
	} 4>&1
	_a=70 _l=70 _i=70
	while read -r _s _c; do
		case $_s in
		auth) _a=$_c ;;
		list) _l=$_c ;;
		ingest) _i=$_c ;;
		esac
	done <<-EOF
	$_st
	EOF
	sync_status="$_a $_l $_i"
	for _c in "$_i" "$_l" "$_a"; do
		[ "$_c" -eq 0 ] || return "$_c"
	done
}

# ---- the database under test ----------------------------------------------

FC_TEST_DB=${FC_TEST_DB:-sqlite}
db=data/connector.db

# The PostgreSQL server programs: `pg_config --bindir`, else the newest
# /usr/lib/postgresql/*/bin; never whatever PATH finds.
_pg_bin() {
	_b=$(pg_config --bindir 2>/dev/null)
	if [ -x "$_b/pg_ctl" ] && [ -x "$_b/initdb" ] && [ -x "$_b/postgres" ]; then
		echo "$_b"
		return 0
	fi
	for _b in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n); do
		[ -x "$_b/pg_ctl" ] && [ -x "$_b/initdb" ] && _last=$_b
	done
	[ -n "${_last:-}" ] && echo "$_last"
}

# The server refuses to run as root: then it runs as Debian's postgres.
_pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_ctl_() { _pg_as "$PG_BIN/pg_ctl" -D "$T/pg" -w -s "$@"; }

# A data directory with a database "fc", made once per `make check` (or
# per test without FC_PG_TEMPLATE) and copied for each test: initdb and a
# first start cost a second, a copy a few milliseconds.
_pg_template() {
	_tpl=${FC_PG_TEMPLATE:-$T/pg.template}
	_tdir=$(dirname "$_tpl")
	mkdir -p "$_tdir" || return 1
	# the server's user must get through; o+x, never a mode: the
	# directory may be one of everyone's, such as /tmp
	[ "$(id -u)" -eq 0 ] && chmod o+x "$_tdir"
	(
		flock 9
		[ -f "$_tpl/fc.ready" ] && exit 0
		rm -rf "$_tpl.new"
		mkdir "$_tpl.new" && chmod 700 "$_tpl.new" || exit 1
		[ "$(id -u)" -eq 0 ] && chown postgres "$_tpl.new"
		_pg_as "$PG_BIN/initdb" -D "$_tpl.new" -A trust -E UTF8 \
		    --locale=C -N -U postgres >"$_tdir/initdb.log" 2>&1 || exit 1
		# fast, small and quiet.  No fsync: a test outlives no power cut;
		# but each commit is written before it returns, so a server
		# killed (pg_ctl stop -m immediate) keeps what was committed.
		cat >>"$_tpl.new/postgresql.conf" <<-EOF
		listen_addresses = ''
		max_connections = 20
		shared_buffers = 16MB
		fsync = off
		full_page_writes = off
		autovacuum = off
		jit = off
		timezone = 'UTC'
		log_timezone = 'UTC'
		lc_messages = 'C'
		EOF
		_pg_as "$PG_BIN/pg_ctl" -D "$_tpl.new" -w -s -l "$_tpl.new/log" \
		    -o "-k '$_tpl.new' -p 5432" start &&
		    _pg_as "$PG_BIN/psql" -XAtq -h "$_tpl.new" -U postgres -d postgres \
		    -c 'CREATE DATABASE fc' >>"$_tdir/initdb.log" 2>&1
		_rc=$?
		_pg_as "$PG_BIN/pg_ctl" -D "$_tpl.new" -w -s -m fast stop || exit 1
		[ "$_rc" -eq 0 ] || exit 1
		rm -f "$_tpl.new/postmaster.opts" "$_tpl.new/log"
		mv "$_tpl.new" "$_tpl" && : >"$_tpl/fc.ready"
	) 9>"$_tpl.lock"
}

# pg_start [tcp]: a server of this test's, on a socket in $T/pg; with tcp
# also on 127.0.0.1 at a free port.  Sets PG_PORT and PG_URL.
pg_start() {
	PG_BIN=$(_pg_bin)
	[ -n "$PG_BIN" ] || return 1
	[ "$(id -u)" -eq 0 ] && chmod o+x "$T"
	_pg_template || return 1
	if [ -f "$T/pg/postmaster.pid" ]; then	# use_pg after FC_TEST_DB
		pg_ctl_ -m immediate stop
		rm -rf "$T/pg"
	fi
	cp -a "$_tpl" "$T/pg" || return 1
	rm -f "$T/pg/fc.ready"
	PG_PORT=5432
	_listen="''"
	if [ "${1:-}" = tcp ]; then
		PG_PORT=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		_listen=127.0.0.1
	fi
	pg_ctl_ -l "$T/pg/log" -o "-k '$T/pg' -p $PG_PORT -c listen_addresses=$_listen" \
	    start || return 1
	PG_URL="postgresql:///fc?host=$T/pg&port=$PG_PORT&user=postgres"
}

# use_pg [tcp]: this test runs on PostgreSQL only, with DATABASE_URL set.
use_pg() {
	FC_TEST_DB=postgresql
	pg_start "$@" || skip_all 'no PostgreSQL server programs (postgresql package)'
	DATABASE_URL=$PG_URL
	export DATABASE_URL
}

[ "$FC_TEST_DB" = postgresql ] && use_pg
on_sqlite() { [ "$FC_TEST_DB" = sqlite ]; }

# psql as the superuser, on the test's server: never with a password.
psql_() {
	PGTZ=UTC psql -X -q -v ON_ERROR_STOP=1 -h "$T/pg" -p "$PG_PORT" \
	    -U postgres -d fc "$@"
}

# q SQL: the rows, one a line, columns joined by "|", NULL as nothing, and
# times as RFC 3339 with a Z on both backends (like sqlite3's list mode).
q() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		psql_ -A -t -c "$1" | sed -E \
		    's/([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}:[0-9]{2})\+00/\1T\2Z/g'
	else
		sqlite3 "$db" "$1"
	fi
}

# What `fc-status` and the like call the database: backend and URL.
db_label() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		echo "postgresql $DATABASE_URL"
	else
		echo "sqlite ./$db"
	fi
}
# ... and as fc-status's first line shows it: a URL that names its
# backend (postgresql://...) without the word before it
db_shown() {
	case $(db_label) in
	"postgresql postgresql:"*) echo "$DATABASE_URL" ;;
	*) db_label ;;
	esac
}

# The database as fc's messages name it.
db_name() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		echo "$DATABASE_URL"
	else
		echo "./$db"
	fi
}

# Whether fc's tables exist (an SQLite file is made with them).
db_exists() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		[ "$(q "select count(*) from pg_tables where tablename = 'fc_schema'")" = 1 ]
	else
		[ -e "$db" ]
	fi
}

# dump_table TABLE [CONDITION]: every row (that meets the condition),
# every column, ordered, exactly: any change shows as a difference.
dump_table() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		q "select t::text from $1 t where ${2:-true} order by 1"
	else
		sqlite3 -cmd '.mode quote' "$db" \
		    "select * from $1 where ${2:-1} order by 1"
	fi
}
dump_files() { dump_table files; }

# The whole database: SQLite's .dump; every table's rows on PostgreSQL.
dump_db() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		for _t in $(q "select tablename from pg_tables where schemaname = 'public' order by 1"); do
			echo "-- $_t"
			dump_table "$_t"
		done
	else
		sqlite3 "$db" .dump
	fi
}

# count_writes TABLE...: from now on each row written to a table adds one
# to `writes`, so "nothing was written" can be asserted exactly.
count_writes() {
	if [ "$FC_TEST_DB" = postgresql ]; then
		q "create table if not exists writes (n integer);
		    insert into writes select 0 where not exists (select 1 from writes);
		    create or replace function count_write() returns trigger
		    language plpgsql as \$\$ begin update writes set n = n + 1;
		    return null; end \$\$;" >/dev/null
		for _t in "$@"; do
			q "create trigger count_$_t after insert or update or delete
			    on $_t for each row execute function count_write()" >/dev/null
		done
	else
		sqlite3 "$db" "create table if not exists writes (n integer);
		    insert into writes select 0 where not exists (select 1 from writes);"
		for _t in "$@"; do
			sqlite3 "$db" "
			    create trigger ${_t}_wi after insert on $_t begin update writes set n = n + 1; end;
			    create trigger ${_t}_wu after update on $_t begin update writes set n = n + 1; end;
			    create trigger ${_t}_wd after delete on $_t begin update writes set n = n + 1; end;"
		done
	fi
}
writes() { q 'select n from writes'; }
writes_reset() { q 'update writes set n = 0' >/dev/null; }

# Hand-made listings (fc-lines(5)), each line with the fewest members it
# may have.  file_line's size is left out when not given; file_lines names
# its files f<first> to f<last>.
begin_line() {	# endpoint run
	printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","run":"%s"}\n' "$1" "$2"
}
file_line() {	# endpoint id [size]
	if [ $# -gt 2 ]; then
		printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s","size":"%s"}\n' \
		    "$1" "$2" "$2" "$3"
	else
		printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s"}\n' \
		    "$1" "$2" "$2"
	fi
}
file_lines() {	# endpoint first last size
	_i=$2
	while [ "$_i" -le "$3" ]; do
		file_line "$1" "f$_i" "$4"
		_i=$((_i + 1))
	done
}
end_line() {	# endpoint count
	printf '{"type":"end","endpoint":"%s","complete":true,"count":%s}\n' "$1" "$2"
}
# 8 KiB of lines of a type fc-ingest passes through: once fc-ingest has
# passed them on, it has flushed its stdout, so the file lines before
# them have been applied.
filler() {
	_i=0
	while [ $_i -lt 128 ]; do
		printf '{"type":"note","pad":"%055d"}\n' $_i
		_i=$((_i + 1))
	done
}

# pg_held ENDPOINT: how many sessions hold the endpoint's advisory lock.
pg_held() {
	q "select count(*) from pg_locks where locktype = 'advisory' and granted
	    and classid = 26211 and objid = (select id from endpoints where name = '$1')"
}

# db_settle ENDPOINT: returns once no other session holds the endpoint:
# a PostgreSQL server learns of a killed client when it next reads from
# it, not at once (the kernel drops an SQLite lock with the process).
db_settle() {
	[ "$FC_TEST_DB" = postgresql ] || return 0
	_id=$(q "select id from endpoints where name = '$1'")
	[ -n "$_id" ] || return 0
	q "select pg_advisory_lock(26211, $_id); select pg_advisory_unlock(26211, $_id)" >/dev/null
}

# not COMMAND [ARG...]: for ok, a command that must fail.
not() { ! "$@"; }

# skip COUNT REASON: the next COUNT tests do not apply here; each counts
# as passed, as TAP's "ok N # skip REASON".  Every skip goes through here
# (tests/0010-suite-lint.t checks), so the numbers cannot drift from the
# plan when a branch skips.  skip REASON, the form this had first, is
# skip 1 REASON.
skip() {
	case $1 in
	'' | *[!0-9]*) set -- 1 "$1" ;;
	esac
	_k=$1
	while [ "$_k" -gt 0 ]; do
		_n=$((_n + 1))
		echo "ok $_n # skip $2"
		_k=$((_k - 1))
	done
}

# start_aps [OPTION...]: the fake APS, tests/fake-aps.py (its opening
# comment lists the options and the /_admin calls), logging each request
# to $T/aps.log unless an option says otherwise; sets APS_PORT and APS_URL.
# The port comes through a FIFO, so no sleep; the EXIT trap stops it.
start_aps() {
	rm -f "$T/.aps.port"
	mkfifo "$T/.aps.port" || return 1
	"$FC_TOP/tests/fake-aps.py" --port-file "$T/.aps.port" --log "$T/aps.log" \
	    "$@" 2>>"$T/aps.err" &
	echo $! >>"$T/.pids"
	read -r APS_PORT <"$T/.aps.port"
	APS_URL=http://127.0.0.1:$APS_PORT
	[ -n "$APS_PORT" ]
}

# aps_conf [YAML]: config/connector.yaml for the fake APS: its 2-legged
# client, the endpoint "acc" on project $PROJ, then YAML (more of acc's
# endpoint_details, indented six, or more endpoints, indented two)
aps_conf() {
	mkdir -p config
	cat >config/connector.yaml <<-EOF
	clients:
	  autodesk:
	    client_id: client1
	    client_secret: secret1
	    grant: client_credentials
	    base_url: $APS_URL
	endpoints:
	  - name: acc
	    endpoint_type: autodesk
	    endpoint_details:
	      project_id: $PROJ
	${1:-}
	settings:
	  log_file: ./logs/connector.log
	  token_dir: ./tokens
	EOF
}

# faulty COMMAND [ARG...]: runs it with tests/faultshim.so preloaded, which
# fails or kills it at the call FC_FAULT names (see tests/faultshim.c).
# An ASan build would refuse a library loaded before its runtime.
faulty() {
	LD_PRELOAD=$FC_TOP/tests/faultshim.so \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

# asan_build PROGRAM: whether the program was built with SANITIZE=1.
asan_build() { grep -q __asan_init "$(command -v "$1")"; }

# start_gdrive [OPTION...]: the fake Google Drive and token service,
# tests/fake-gdrive.py (its opening comment lists the options and the
# /_admin calls), logging each request to $T/gdrive.log unless an option
# says otherwise; sets GD_PORT and GD_URL.  Like start_aps: no sleep.
start_gdrive() {
	rm -f "$T/.gd.port"
	mkfifo "$T/.gd.port" || return 1
	"$FC_TOP/tests/fake-gdrive.py" --port-file "$T/.gd.port" \
	    --log "$T/gdrive.log" "$@" 2>>"$T/gdrive.err" &
	echo $! >>"$T/.pids"
	read -r GD_PORT <"$T/.gd.port"
	GD_URL=http://127.0.0.1:$GD_PORT
	[ -n "$GD_PORT" ]
}

# sa_key NAME: a 2048-bit RSA key in NAME.pem (PKCS#8, as Google issues
# them) and its public half in NAME.pub, for the fake's --sa NAME.pub.
sa_key() {
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$1.pem" 2>/dev/null &&
	    openssl pkey -in "$1.pem" -pubout -out "$1.pub"
}

# sa_json NAME EMAIL [TOKEN_URI]: a service-account key file NAME.json of
# Google's shape for the key NAME.pem, its private_key_id the SHA-1 of the
# public key (sa_kid NAME), its token_uri the fake's unless given; mode
# 0600, as a key should be (fc-auth warns of one others can read).
sa_kid() {
	openssl pkey -pubin -in "$1.pub" -outform DER | sha1sum | cut -c1-40
}
sa_json() {
	jq -n --rawfile k "$1.pem" --arg e "$2" --arg kid "$(sa_kid "$1")" \
	    --arg u "${3:-$GD_URL/token}" '{type: "service_account",
	    project_id: "fc-test", private_key_id: $kid, private_key: $k,
	    client_email: $e, client_id: "104398452287153390432",
	    auth_uri: "https://accounts.google.com/o/oauth2/auth",
	    token_uri: $u,
	    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
	    client_x509_cert_url: ("https://www.googleapis.com/robot/v1/metadata/x509/" + ($e | @uri)),
	    universe_domain: "googleapis.com"}' >"$1.json" && chmod 600 "$1.json"
}

# gd_conf [YAML]: config/connector.yaml for the fake Google Drive: the
# service account of key.json (sa_json), its base_url the fake, then
# YAML (the endpoints, indented two).
gd_conf() {
	mkdir -p config
	cat >config/connector.yaml <<-EOF
	clients:
	  google_drive:
	    credentials_path: ../key.json
	    application_name: Acme Drawings
	    base_url: $GD_URL
	endpoints:
	${1:-}
	settings:
	  log_file: ./logs/connector.log
	  token_dir: ./tokens
	EOF
}
