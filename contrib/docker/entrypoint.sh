#!/bin/sh
# entrypoint.sh: the container's main process.  Runs the status server
# (fc-status --listen, for the HEALTHCHECK and monitors) and the schedule
# loop (fc-sync -w) side by side, as a container has no cron.
#
#	FC_LISTEN	the server's address, default 0.0.0.0:8080
#	FC_SYNC_EVERY	seconds between passes, default 60
#
# With arguments it runs them instead: docker run IMAGE fc-status.
#
# SIGTERM (docker stop), SIGINT and SIGHUP go on to both, and the script
# exits 0 once both are gone.  When either ends by itself the other is
# stopped too and the script exits with the status of the first (70 if
# that was 0: neither should end unasked), so the container's restart
# policy can act instead of a half-working container lingering.
#
# In POSIX sh there is no "wait for whichever ends first": each program
# runs under a small watcher subshell that records its status, in the
# order they end, and signals us with SIGUSR1.  Every action is taken in
# the traps, so a signal cannot slip in between a check and the wait;
# the main loop only waits until every child is gone.
set -u

if [ $# -gt 0 ]; then
	exec "$@"
fi

listen=${FC_LISTEN:-0.0.0.0:8080}
every=${FC_SYNC_EVERY:-60}
parent=$$
dir=$(mktemp -d "${TMPDIR:-/tmp}/fc-entry.XXXXXX") || exit 73
stopping=
signalled=
server=
loop=

say() {
	echo "entrypoint: $*" >&2
}

# The watcher: runs "$@" in the background, passes SIGTERM on to it,
# and when it ends appends "name status" to $dir/ended and tells us.
watch() {
	name=$1
	shift
	(
		child=
		term=
		# caught, not ignored: an ignored signal would be the child's too
		trap 'term=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null' \
		    TERM INT HUP
		"$@" &
		child=$!
		[ -z "$term" ] || kill -TERM "$child" 2>/dev/null
		# A trap cuts wait short (status > 128): wait again while the
		# child runs.  If it ended meanwhile, one more wait has its true
		# status, or says 127 when the last one had it already.  And
		# 2>/dev/null: dash says "Terminated" of a child we stopped.
		while :; do
			wait "$child" 2>/dev/null
			rc=$?
			kill -0 "$child" 2>/dev/null || break
		done
		if [ "$rc" -gt 128 ]; then
			wait "$child" 2>/dev/null
			again=$?
			[ "$again" -eq 127 ] || rc=$again
		fi
		echo "$name $rc" >>"$dir/ended"
		kill -USR1 "$parent" 2>/dev/null
	) &
}

# shellcheck disable=SC2317 # called from the traps
stop() {
	[ -z "$stopping" ] || return 0
	stopping=1
	[ -z "$server" ] || kill -TERM "$server" 2>/dev/null
	[ -z "$loop" ] || kill -TERM "$loop" 2>/dev/null
}

# signalled is kept apart: when a signal and a child's end come at once,
# dash runs the trap of the lower number, SIGUSR1, first
trap 'signalled=1; stop' TERM INT HUP
trap stop USR1
watch fc-status fc-status --listen "$listen"
server=$!
watch fc-sync fc-sync -w "$every"
loop=$!
# a stop before $loop was known missed it
[ -z "$stopping" ] || kill -TERM "$server" "$loop" 2>/dev/null

while :; do
	wait
	[ $? -gt 128 ] || break
done

read -r first rc <"$dir/ended" || rc=70
rm -rf "$dir"
if [ -n "$signalled" ]; then
	exit 0
fi
say "$first ended (exit $rc); stopping"
[ "$rc" -ne 0 ] || rc=70
exit "$rc"
