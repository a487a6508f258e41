#!/bin/sh
# fc-status -l under valgrind: every kind of request, concurrent ones,
# a stalled and a malformed client, then SIGTERM: no invalid access, no
# uninitialised read, no definite leak, exit 0.
. "${FC_TOP:-.}/tests/lib.sh"
command -v valgrind >/dev/null || skip_all 'valgrind is not installed'
# valgrind cannot run a program built with make SANITIZE=1
grep -q __asan_init "$(command -v fc-status)" && skip_all 'fc-status is built with ASan'
plan 9

mkdir tree
echo a >tree/a.pdf
write_conf "docs=$T/tree" "arch=$T/tree"
sync_once >/dev/null

# valgrind as vg() in lib.sh runs it, but exec'd directly: a server in
# the background must be the process the test signals, not a subshell
rm -f ready
mkfifo ready
valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite fc-status -l 127.0.0.1:0 >ready 2>err &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready
read -r _w _o addr <&5
url=http://$addr
like "$addr" '^127\.0\.0\.1:[0-9]+$' 'under valgrind: listening'

code() {
	curl -s --max-time 60 -o /dev/null -w '%{http_code}' "$@"
}
is "$(code "$url/health") $(code "$url/status") $(code -I "$url/status")" \
    '200 200 200' '/health, /status, HEAD'
is "$(code "$url/x") $(code -X POST "$url/health")" '404 405' '404, 405'

pids=
for i in 1 2 3 4 5 6; do
	code "$url/status" >"c$i" &
	pids="$pids $!"
done
wait $pids
is "$(cat c1 c2 c3 c4 c5 c6)" '200200200200200200' 'six at once'

# a client that stalls mid-request, and one that sends garbage
python3 - "$addr" <<'PY' >raw
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
stall = socket.create_connection((host, int(port)))
stall.sendall(b"GET /health HTTP/1.1\r\nHo")
bad = socket.create_connection((host, int(port)))
bad.sendall(b"GET /health HTTPX\r\n\r\n")
print(bad.recv(4096).split(b"\r\n")[0].decode())
PY
is "$(cat raw)" 'HTTP/1.1 400 Bad Request' 'a malformed request: 400'
is "$(code "$url/health")" 200 'still serving'

# stop it while a keep-alive connection is open
curl -s --max-time 60 -o /dev/null -o /dev/null "$url/health" "$url/status"
kill -TERM "$spid"
wait "$spid"
is "$?" 0 'SIGTERM: exit 0, valgrind found nothing (else 99)'
ok 'no valgrind report' sh -c '! grep -q "==[0-9]*==" err'
is "$(jq -r .event logs/connector.log | grep -c -e listen -e stop)" 2 \
    'start and stop logged'
