#!/bin/sh
# contrib/docker/entrypoint.sh, run here as the container would run it
# (no container engine needed): it starts the status server and the
# schedule loop, SIGTERM stops both and it exits 0; when either dies the
# other is stopped and its status is the exit status; with arguments it
# runs them instead.  Output comes through a FIFO, line by line: no sleep.
# Then the Dockerfile and docker-compose.yml are checked for what can be
# checked without building: runtime packages that exist, the variables,
# volumes, port, user and health check, and no password in the file.
. "${FC_TOP:-.}/tests/lib.sh"
plan 24

entry=$FC_TOP/contrib/docker/entrypoint.sh
mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"
FC_CONFIG=$T/config/connector.yaml
XDG_RUNTIME_DIR=$T
FC_LISTEN=127.0.0.1:0
export FC_CONFIG XDG_RUNTIME_DIR FC_LISTEN

# Each entrypoint runs under timeout(1), which bounds a hang and puts
# itself and everything below it in a process group of its own, its pid:
# "every process it started is gone" is "the group is empty", which also
# holds for a process forked after anyone looked (fc-sync's sleep), and
# the EXIT trap stops the whole group (.pids takes -PGID).
group() {	# the processes of group $1, with their state and command
	ps -e -o pgid=,pid=,stat=,args= | awk -v g="$1" '$1 == g { $1 = ""; print }'
}
# kids PID: the pids of its children (ps pads them to five columns)
kids() {
	ps -o pid= --ppid "$1" | tr -d ' '
}
# children PID...: the children of the processes PID..., with commands
children() {
	for _p; do
		ps -o pid=,args= --ppid "$_p"
	done
}
alive() {	# those of the pids $@ still running, with their commands
	for _p; do
		kill -0 "$_p" 2>/dev/null &&
		    printf '%s(%s) ' "$_p" "$(ps -o stat=,args= -p "$_p")"
	done
}

# -- both start; SIGTERM stops both; exit 0 --------------------------------
mkfifo o
FC_SYNC_EVERY=3594 timeout -s KILL 60 sh "$entry" >o 2>err &
pid=$!
echo "-$pid" >>.pids
exec 5<o
port= synced=
while { [ -z "$port" ] || [ -z "$synced" ]; } && read -r line <&5; do
	case $line in
	'listening on '*) port=${line##*:} ;;
	'{'*) synced=$(echo "$line" | jq -r '.type + " " + .status') ;;
	esac
done
like "$port" '^[0-9]+$' 'the status server is listening'
is "$synced" 'sync ok' 'the schedule loop ran a pass'
flock "$XDG_RUNTIME_DIR/fc-sync.lock" true
# the entrypoint, its two watchers, and what they watch
main=$(kids "$pid")
watchers=$(kids "$main")
like "$(children $watchers | sed 's/^ *[0-9]* //' | sort | tr '\n' '|')" \
    '^[^|]*fc-sync -w 3594\|fc-status --listen 127\.0\.0\.1:0\|$' \
    'fc-status and fc-sync run side by side'
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" 200 \
    'GET /health: 200 once the pass is in'
is "$(curl -s "http://127.0.0.1:$port/status" | jq -r '.endpoints[0].last_sync.status')" ok \
    'GET /status shows the sync the loop made'
# docker stop: SIGTERM to the main process only (timeout(1) would send it
# to the whole process group)
kill -TERM $main
wait "$pid"
is "$?" 0 'SIGTERM: exit 0'
is "$(group "$pid")" '' 'and every process it started is gone'
is "$(cat err)" '' 'nothing on stderr'
exec 5<&-

# -- the loop dies: the server is stopped, its status is ours --------------
# (a new database, so the endpoint is due and the pass writes a line)
DATABASE_URL=$T/second.db FC_SYNC_EVERY=3593 timeout -s KILL 60 \
    sh "$entry" >o 2>err &
pid=$!
echo "-$pid" >>.pids
exec 5<o
while read -r line <&5; do
	case $line in '{'*) break ;; esac
done
flock "$XDG_RUNTIME_DIR/fc-sync.lock" true
# The loop is a watcher's child.  Not "whatever runs fc-sync -w": the
# pass's subshells and, until it execs, the sleep forked after the pass
# look just like it (the pass is over once its lock is free; the sleep
# may be forked at any moment).
main=$(kids "$pid")
watchers=$(kids "$main")
loop=$(children $watchers | awk '/fc-sync -w 3593/ { print $1 }')
server=$(children $watchers | awk '/fc-status --listen/ { print $1 }')
is "$(echo $loop | wc -w) $(echo $server | wc -w)" '1 1' \
    'found the loop and the server, one of each'
kill -KILL $loop
wait "$pid"
is "$?" 137 'the loop killed: the entrypoint exits 137'
is "$(alive $server)" '' 'having stopped the server'
is "$(tail -1 err)" 'entrypoint: fc-sync ended (exit 137); stopping' \
    'and says which ended'
# the loop's sleep, if it had forked one, is orphaned by SIGKILL: ours to end
kill -TERM -"$pid" 2>/dev/null
exec 5<&-

# -- the server cannot start: the loop is stopped --------------------------
FC_LISTEN=127.0.0.1:99999 FC_SYNC_EVERY=3592 timeout -s KILL 60 \
    sh "$entry" >out 2>err &
pid=$!
echo "-$pid" >>.pids
wait "$pid"
is "$?" 64 'a bad FC_LISTEN: fc-status exits 64, and so does the entrypoint'
is "$(group "$pid")" '' 'the loop is gone, and all else it started'
like "$(cat err)" 'entrypoint: fc-status ended \(exit 64\); stopping' \
    'naming the server'

# -- arguments: run them instead ------------------------------------------
sh "$entry" fc-status --json >out 2>err
is "$?:$(jq -r '.endpoints[0].name' out)" '0:docs' \
    'with arguments it runs them: fc-status --json'

# -- the Dockerfile, without building it ------------------------------------
df=$FC_TOP/Dockerfile
runtime=$(sed -n '/^FROM debian:12-slim/,/rm -rf/p' "$df" |
    sed -n '/install -y/,/&&/p' | sed '/rm -rf/d' | tr -s ' \t\\' '\n' |
    grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -vx -e apt-get -e install |
    sort | tr '\n' ' ')
is "$runtime" 'ca-certificates curl libcurl4 libjq1 libmicrohttpd12 libpq5 libsqlite3-0 libssl3 libyaml-0-2 tzdata ' \
    'the runtime stage installs the shared libraries, zone data and curl only'
if apt-cache show --no-all-versions libc6 >/dev/null 2>&1; then
	# shellcheck disable=SC2086 # one argument per package
	apt-cache show --no-all-versions $runtime >apt.out 2>apt.err
	is "$?:$(grep -c '^Package:' apt.out)" "0:$(echo $runtime | wc -w)" \
	    'apt-cache knows every runtime package'
	grep '^E:' apt.err >&2
else
	skip 1 'no apt package lists here'
fi
devs=$(grep -o 'lib[a-z0-9.-]*-dev' "$FC_TOP/contrib/debian-deps" | sort -u)
missing=
for p in $devs; do
	sed -n '1,/^FROM debian:12-slim/p' "$df" | grep -qw -- "$p" ||
	    missing="$missing $p"
done
is "$missing" '' 'the build stage has every -dev package of contrib/debian-deps'
envs=$(sed -n '/^ENV /,/^[A-Z]/p' "$df" | grep -o '[A-Z_]*=' | tr -d = | sort | tr '\n' ' ')
is "$envs" 'CONNECTOR_LOG_FILE CONNECTOR_LOG_LEVEL DATABASE_URL FC_CONFIG FC_LISTEN FC_SYNC_EVERY MAX_CONCURRENT_SYNCS SYNC_INTERVAL_MINUTES ' \
    'ENV: the seed variables, the config path and the entrypoint knobs'
is "$(grep -E '^(USER|EXPOSE|VOLUME|ENTRYPOINT)' "$df" | tr '\n' '|')" \
    'USER fc|VOLUME ["/data", "/logs", "/tokens", "/config"]|EXPOSE 8080|ENTRYPOINT ["/usr/local/bin/fc-entrypoint"]|' \
    'a non-root user, the four volumes, port 8080, the entrypoint'
# token_dir must be the user's alone, or fc refuses it (78)
like "$(grep -o 'install -d [^&]* /tokens' "$df")" '-o fc -g fc -m 0700 /tokens' \
    'the token volume starts mode 0700, as fc requires of token_dir'
like "$(sed -n '/^HEALTHCHECK/,/health/p' "$df" | tr '\n' ' ')" \
    'curl -fsS .*/health' 'HEALTHCHECK asks /health'

# -- docker-compose.yml ---------------------------------------------------
dc=$FC_TOP/docker-compose.yml
if python3 -c 'import yaml' 2>/dev/null; then
	python3 - "$dc" >compose.txt <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
s = d["services"]
print(sorted(s))
print(s["db"]["image"].split(":")[0], s["db"]["environment"]["POSTGRES_PASSWORD"])
print(s["fc"]["environment"]["DATABASE_URL"])
print(sorted(v.split(":")[1] for v in s["fc"]["volumes"]))
PY
	is "$(tr '\n' '|' <compose.txt)" "['db', 'fc']|postgres \${FC_DB_PASSWORD:?set FC_DB_PASSWORD in .env}|postgresql://fc:\${FC_DB_PASSWORD:?set FC_DB_PASSWORD in .env}@db/fc|['/config', '/data', '/logs', '/tokens']|" \
	    'compose: PostgreSQL and fc, the password from .env, the four volumes'
else
	skip 1 'no python3 yaml module'
fi
