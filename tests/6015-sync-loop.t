#!/bin/sh
# fc-sync -w: a pass, a wait, a pass again, until SIGTERM, which ends the
# wait at once (its sleep is gone) with exit 0.  A failing pass or a taken
# lock is reported and the loop goes on; a usage error from fc-auth ends
# it.  Output arrives through FIFOs, read line by line: no sleep here.
# timeout(1) only bounds a loop that would not stop.
. "${FC_TOP:-.}/tests/lib.sh"
plan 12

mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"
XDG_RUNTIME_DIR=$T
export XDG_RUNTIME_DIR
mkfifo o e

# stop PID: SIGTERM to timeout(1)'s child, fc-sync, alone, as docker stop
# and systemd's KillMode=mixed send it.  timeout would pass it on to its
# whole process group, the stages of a pass included: one killed, the
# pass's subshells die with it and fc-sync exits while fc-ingest, slower
# to die (ASan checks for leaks on the way out), still holds the lock the
# next part wants.
stop() {
	kill -TERM $(ps -o pid= --ppid "$1")
}

# -- a pass, then another after the wait ------------------------------------
timeout -s KILL 60 fc-sync -a -w 1 >o 2>err &
pid=$!
echo "$pid" >>.pids
exec 5<o
read -r l1 <&5
read -r l2 <&5
is "$(printf '%s\n%s\n' "$l1" "$l2" | jq -r .status | tr '\n' ' ')" 'ok ok ' \
    '-w 1: a pass, a wait, a second pass'
is "$(printf '%s\n%s\n' "$l1" "$l2" | jq -r .run | sort -u | wc -l | tr -d ' ')" 2 \
    'two passes, two run ids'
stop "$pid"
wait "$pid"
is "$?" 0 'SIGTERM: exit 0'
exec 5<&-

# -- SIGTERM while it waits: the sleep is cut short -------------------------
timeout -s KILL 60 fc-sync -a -w 3597 >o 2>err &
pid=$!
echo "$pid" >>.pids
exec 5<o
read -r l1 <&5
is "$(echo "$l1" | jq -r .status)" ok 'the first pass'
# the sync line comes before fc-ingest has exited: the pass holds the
# lock until all its stages are gone, so a signal now meets only the wait
flock "$XDG_RUNTIME_DIR/fc-sync.lock" true
stop "$pid"
wait "$pid"
is "$?" 0 'SIGTERM during the wait of an hour: exit 0 at once'
ok 'its sleep is gone' sh -c '! pgrep -f "^sleep 3597" >/dev/null'
is "$(cat err)" '' 'nothing on stderr'
exec 5<&-

# -- a failing pass does not end the loop ---------------------------------
printf 'endpoints: [\n' >broken.yaml
timeout -s KILL 60 fc-sync -c broken.yaml -w 1 >/dev/null 2>e &
pid=$!
echo "$pid" >>.pids
exec 6<e
n=0
while [ "$n" -lt 2 ] && read -r line <&6; do
	case $line in
	'fc-sync: pass failed:'*) n=$((n + 1)) ;;
	esac
done
is "$n" 2 'a broken configuration: the pass fails, and the next one too'
stop "$pid"
wait "$pid"
is "$?" 0 'SIGTERM: exit 0'
exec 6<&-

# -- a taken lock is reported, and the loop waits for the next turn --------
mkfifo ready hold
sh -c 'if command exec 9>>"$1" && flock 9; then echo locked
	else echo failed; fi >ready; read -r _ <hold' sh "$T/busy.lock" &
echo $! >>.pids
read -r held <ready
timeout -s KILL 60 fc-sync -l "$T/busy.lock" -w 3596 >/dev/null 2>e &
pid=$!
echo "$pid" >>.pids
exec 6<e
read -r line <&6
is "$held:$line" "locked:fc-sync: $T/busy.lock: another pass is running" \
    'the lock is taken: one line, and the loop goes on'
stop "$pid"
wait "$pid"
is "$?" 0 'SIGTERM: exit 0'
exec 6<&-
echo go >hold
wait

# -- a usage error from fc-auth ends the loop ------------------------------
timeout -s KILL 60 fc-sync -e nosuch -w 3595 >/dev/null 2>err
is "$?" 64 'an endpoint fc-auth does not know: exit 64, not a loop'
