#!/bin/sh
# fc-status -l systemd: socket activation.  The listening socket comes in
# as descriptor 3 with LISTEN_PID and LISTEN_FDS, as systemd passes it:
# through systemd-socket-activate(1) when it is installed, and always
# through a python3 exec that does what systemd does, which also lets us
# pass wrong variables.
. "${FC_TOP:-.}/tests/lib.sh"
plan 16

write_conf "docs=$T"

# activate [VAR=VALUE...] -- ARGS: runs fc-status ARGS with a listening
# socket on 127.0.0.1 as descriptor 3, LISTEN_PID its pid and
# LISTEN_FDS=1, unless the VAR=VALUE words say otherwise
# (LISTEN_PID=other: the parent's pid; NOFD=1: descriptor 3 closed).
cat >activate.py <<'PY'
import os, socket, sys
args = sys.argv[1:]
sep = args.index("--")
env = dict(os.environ, LISTEN_PID=str(os.getpid()), LISTEN_FDS="1")
for a in args[:sep]:
    k, v = a.split("=", 1)
    env[k] = str(os.getppid()) if v == "other" else v
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(16)
if env.pop("NOFD", None):
    os.close(3) if s.fileno() == 3 else None
else:
    os.dup2(s.fileno(), 3)
    os.set_inheritable(3, True)
# exec keeps the pid: LISTEN_PID is fc-status's own
os.execvpe("fc-status", ["fc-status"] + args[sep + 1:], env)
PY

rm -f ready
mkfifo ready
python3 activate.py -- -l systemd >ready 2>err &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready
read -r _w _o addr <&5
like "$addr" '^127\.0\.0\.1:[0-9]+$' 'a passed socket: its address is printed'
is "$(curl -s --max-time 10 "http://$addr/health" | jq -r .healthy)" true \
    'and /health answers on it'
kill -TERM "$spid"
wait "$spid"
is "$?" 0 'SIGTERM: exit 0'

python3 activate.py LISTEN_PID=other -- -l systemd >out 2>err
is "$?" 64 'LISTEN_PID of another process: exit 64'
like "$(cat err)" '^fc-status: systemd: LISTEN_PID [0-9]+ is not this process$' \
    '... and says so'
python3 activate.py LISTEN_FDS=2 -- -l systemd >out 2>err
is "$?" 64 'two sockets: exit 64'
is "$(cat err)" 'fc-status: systemd: LISTEN_FDS 2: expected one socket' '... and says so'
python3 activate.py NOFD=1 -- -l systemd >out 2>err
is "$?" 64 'no descriptor 3: exit 64'
fc-status -l systemd >out 2>err
is "$?" 64 'not socket-activated: exit 64'
is "$(cat err)" 'fc-status: systemd: no socket passed (LISTEN_PID and LISTEN_FDS are not set)' \
    '... and says so'
echo x >afile
sh -c 'export LISTEN_PID=$$ LISTEN_FDS=1; exec fc-status -l systemd 3<afile' \
    >out 2>err
is "$?" 64 'descriptor 3 a file, not a socket: exit 64'
is "$(cat err)" 'fc-status: systemd: descriptor 3: Socket operation on non-socket' \
    '... and says so'

# -- systemd's own tool -------------------------------------------------------
if ! command -v systemd-socket-activate >/dev/null; then
	skip 4 'systemd-socket-activate is not installed'
	exit 0
fi
# it cannot bind port 0, so ask the kernel for a free port first
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -f ready
mkfifo ready
systemd-socket-activate -l "127.0.0.1:$port" fc-status -l systemd >out 2>ready &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready		# kept open: it writes more later
read -r line <&5
is "$line" "Listening on 127.0.0.1:$port as 3." 'systemd-socket-activate listens'
# the first connection makes it exec fc-status, in the same process
is "$(curl -s --max-time 10 "http://127.0.0.1:$port/health" | jq -r .healthy)" \
    true 'the first request starts fc-status and is answered'
is "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$port/status")" 200 'and so is the next'
kill -TERM "$spid"
wait "$spid"
is "$?" 0 'SIGTERM: exit 0'
