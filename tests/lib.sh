# tests/lib.sh: TAP helpers and a private directory for each test.
#
#	. "${FC_TOP:-.}/tests/lib.sh"
#	plan 3
#	ok 'the database exists' test -f data/connector.db
#	is "$(jq -r .status out)" ok 'sync ok'
#
# Each test runs in its own directory ($T, also the working directory),
# removed on success and kept (and named) after a failure.  Servers a test
# starts are stopped by the EXIT trap through the pids in $T/.pids.

FC_TOP=${FC_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
PATH=$FC_TOP:$PATH
export FC_TOP PATH
unset FC_CONFIG DATABASE_URL SYNC_INTERVAL_MINUTES MAX_CONCURRENT_SYNCS \
    CONNECTOR_LOG_LEVEL CONNECTOR_LOG_FILE CONNECTOR_AUTODESK_CLIENT_ID \
    CONNECTOR_AUTODESK_CLIENT_SECRET FC_NOW XDG_CONFIG_HOME
HOME=/nonexistent
LC_ALL=C.UTF-8
export HOME LC_ALL

T=$(mktemp -d "${TMPDIR:-/tmp}/fc-test.XXXXXX") || exit 1
_n=0
_failed=0
_cleanup() {
	if [ -f "$T/.pids" ]; then
		while read -r _p; do kill "$_p" 2>/dev/null; done <"$T/.pids"
	fi
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
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
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

# One sync of everything due: the pipeline fc-sync runs.
sync_once() {
	fc-auth --due "$@" | fc-list | fc-ingest
}
