#!/bin/sh
# README.md's five-minute tour, run from README.md itself (each sh block of
# the section, in order) in a copy of etc/: on a fresh directory, again at
# once (when nothing is due), and after make demo's pass.  Every block
# must show what the README says it shows, whatever ran before it.  And
# fc-auth --due, when it selects nothing, says why to a person at a
# terminal, and to no one else.
. "${FC_TOP:-.}/tests/lib.sh"
command -v sqlite3 >/dev/null || skip_all 'no sqlite3'
command -v script >/dev/null || skip_all 'no script(1) (bsdutils)'
plan 27

cp -R "$FC_TOP/etc" etc
# the blocks of the tour, each after a marker on stdout and stderr; make
# is done, and the tour's own PATH comes after the tree's binaries
{
	echo 'make() { :; }'
	awk '/^## A five-minute tour/ { on = 1; next }
	    /^## / { on = 0 }
	    on && /^```sh$/ { n++; printf "echo \"### %d\"; echo \"### %d\" >&2\n", n, n; code = 1; next }
	    on && /^```$/ { code = 0; next }
	    on && code' "$FC_TOP/README.md"
} >tour.sh
is "$(grep -c '^echo "###' tour.sh)" 6 'the tour has its six blocks'

# block N FILE: what block N wrote to FILE (out or err)
block() { awk -v n="### $1" '$0 == n { on = 1; next } /^### / { on = 0 } on' "$2"; }

for run in fresh again 'after make demo'; do
	if [ "$run" = 'after make demo' ]; then
		FC_CONFIG=etc/connector.yaml sh "$FC_TOP/contrib/demo.sh" >/dev/null 2>&1
	fi
	sh tour.sh >out 2>err
	is "$(block 2 err | grep -c '^fc-auth: [a-z-]*: \(list\|skip\)')" 5 \
	    "$run: block 2, --explain says why, for each of the five endpoints"
	is "$(block 3 out | grep '^{' | jq -r '.endpoint + " " + .status' | sort | tr '\n' ' ')" \
	    'sample-drawings ok sample-manual ok sample-models ok ' \
	    "$run: block 3, one pass over the three active endpoints"
	is "$(block 3 out | tail -n 1)" healthy "$run: block 3, fc-status says healthy"
	is "$(block 4 out | tail -n 1)" '{"status":"ok","updated":1}' \
	    "$run: block 4, the dry run sees the file touched"
	like "$(block 5 out)" 'sample-drawings +Models/Tower.rvt' \
	    "$run: block 5, the inventory"
	is "$(block 6 out | sed -n 's/^exit //p')" 0 "$run: block 6, exit 0"
	block 6 out | grep '^{"time"' >log
	is "$(jq -r 'select(.event == "sync_end") | .endpoint' log | sort -u | tr '\n' ' ')" \
	    'sample-drawings sample-manual sample-models ' "$run: block 6, the log"
	is "$(grep -v '^### ' err | grep -v '^fc-auth: [a-z-]*: \(list\|skip\)' )" '' \
	    "$run: nothing else on stderr"
done

# -- fc-auth --due with nothing due: why, at a terminal only --------------------
FC_CONFIG=etc/connector.yaml script -qec 'fc-auth --due' /dev/null >tty
like "$(cat tty)" '^fc-auth: nothing is due: the next is sample-(drawings|models), at [0-9T:-]+Z \(in [0-9hm]+\); -a lists every active endpoint now, --explain says why each waits' \
    'fc-auth --due at a terminal: why nothing is listed'
FC_CONFIG=etc/connector.yaml fc-auth --due >out 2>err
is "$?:$(cat out err)" 0: 'and not to a pipe, nor cron, nor fc-sync'
