#!/bin/sh
# fc-status -l: /health and /status over HTTP, checked with curl.  /health
# follows the exit status of fc-status (200 healthy, 503 failing, overdue
# or unreadable database), /status is the --json document; other paths
# 404, other methods 405; concurrent, stalled and malformed clients; no
# secret in a reply; SIGTERM and SIGINT stop it with exit 0.
. "${FC_TOP:-.}/tests/lib.sh"
plan 60

# serve CMD...: starts a server in the background and waits for its
# "listening on ADDR" line, which comes through a FIFO (no sleep); sets
# SPID, ADDR and URL.  CMD may be "env VAR=... fc-status ...": env execs,
# so SPID is the server's pid either way.
serve() {
	rm -f ready
	mkfifo ready
	"$@" >ready 2>>server.err &
	SPID=$!
	echo "$SPID" >>"$T/.pids"
	exec 5<ready		# kept open: the server may write again
	ADDR=
	read -r _w _o ADDR <&5
	URL=http://$ADDR
}
# stop SIGNAL: stops the server; sets RC to its exit status
stop() {
	kill -s "$1" "$SPID"
	wait "$SPID"
	RC=$?
}
# get [CURL-ARGS...] URL: the status code; the body goes to ./body
get() {
	curl -s --max-time 10 -o body -w '%{http_code}' "$@"
}

mkdir tree
echo a >tree/a.pdf
EP_EXTRA='    schedule: { type: interval, interval_minutes: 60 }' \
    write_conf docs="$T/tree" arch="$T/tree"

# -- no database yet: healthy, as the exit status says -----------------------
serve fc-status -l 127.0.0.1:0
like "$ADDR" '^127\.0\.0\.1:[0-9]+$' 'port 0: the port bound is printed'
is "$(get "$URL/health")" 200 'no database: /health 200'
is "$(cat body)" '{"healthy":true,"database":"missing","failing":[],"overdue":[],"incomplete":[],"login":[],"unusable":[]}' \
    'no database: "missing", healthy'
fc-status >/dev/null
is "$?" 0 'and fc-status agrees: exit 0'
is "$(get "$URL/status")" 200 'no database: /status 200'
is "$(jq -c '[.database.exists, .healthy, [.endpoints[].name]]' body)" \
    '[false,true,["docs","arch"]]' 'no database: the document says so'
ok 'a monitor never creates the database' test ! -e data/connector.db

# -- after a good sync --------------------------------------------------------
sync_once >sync
is "$(jq -r .status sync | tr '\n' ' ')" 'ok ok ' 'two good syncs'
is "$(get "$URL/health")" 200 'healthy: /health 200'
is "$(cat body)" '{"healthy":true,"database":"ok","failing":[],"overdue":[],"incomplete":[],"login":[],"unusable":[]}' \
    'healthy: the body'
is "$(get -D headers "$URL/status")" 200 '/status 200'
ok 'JSON content type' grep -qix 'content-type: application/json.' headers
ok 'not cached' grep -qix 'cache-control: no-store.' headers
fc-status --json >status.json
is "$(jq -cS 'del(.now)' body)" "$(jq -cS 'del(.now)' status.json)" \
    '/status is the fc-status --json document'
is "$(jq -r '.endpoints[0].last_sync.status' body)" ok '... with the sync in it'
like "$(jq -r .now body)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' '... judged now'
is "$(tail -c 1 body | od -An -c | tr -d ' ')" '\n' 'the body ends in a newline'

# -- HEAD, 404, 405 -----------------------------------------------------------
len=$(wc -c <body)
curl -s --max-time 10 -I "$URL/status" >headers
ok 'HEAD /status: 200' grep -q '^HTTP/1.1 200' headers
is "$(sed -n 's/^[Cc]ontent-[Ll]ength: *\([0-9]*\).*/\1/p' headers)" "$len" \
    'HEAD: the length of the GET body'
python3 - "$ADDR" >head.out <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.sendall(b"HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
head, _, rest = data.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode(), len(rest))
PY
is "$(cat head.out)" 'HTTP/1.1 200 OK 0' 'HEAD: no body on the wire'
is "$(get "$URL/nope")" 404 'another path: 404'
is "$(cat body)" '{"error":"not found"}' '404: a JSON body'
is "$(get "$URL/health/")" 404 'a trailing slash is another path'
is "$(get -D headers -X POST -d x=1 "$URL/health")" 405 'POST /health: 405'
ok '405: Allow: GET, HEAD' grep -qix 'allow: GET, HEAD.' headers
is "$(get -X DELETE "$URL/status")" 405 'DELETE /status: 405'
is "$(get "$URL/health?verbose=1")" 200 'a query string is ignored'

# -- many monitors at once ------------------------------------------------------
pids=
i=0
while [ "$i" -lt 20 ]; do
	i=$((i + 1))
	curl -s --max-time 20 -o "c$i.json" -w '%{http_code}\n' \
	    "$URL/status" >"c$i.code" &
	pids="$pids $!"
done
wait $pids
is "$(cat c*.code | sort | uniq -c | tr -s ' ')" ' 20 200' '20 concurrent clients: all 200'
is "$(cat c*.json | jq -s 'map(.endpoints | length) | unique | tostring')" \
    '"[2]"' '... each with the whole document'

# -- stalled clients (slowloris) ------------------------------------------------
# Each sends half a request and holds its connection; the server's event
# loops must go on serving others.  The clients hold on until ./hold, a
# FIFO we keep open, is closed.
cat >slow.py <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
socks = []
for i in range(int(sys.argv[2])):
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    socks.append(s)
print("stalled", len(socks), flush=True)
sys.stdin.read()
PY
rm -f hold slowready
mkfifo hold slowready
python3 slow.py "$ADDR" 8 <hold >slowready &
slowpid=$!
echo "$slowpid" >>"$T/.pids"
exec 6>hold
read -r stalled <slowready
is "$stalled" 'stalled 8' 'eight clients stall mid-request (more than the threads)'
is "$(get --max-time 5 "$URL/health")" 200 'another client is answered at once'
is "$(get --max-time 5 "$URL/status")" 200 '... on /status too'
exec 6>&-
wait "$slowpid"

# -- malformed requests ---------------------------------------------------------
cat >raw.py <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.settimeout(10)
s.sendall(sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1"))
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print(data.split(b"\r\n")[0].decode() if data else "closed")
PY
is "$(python3 raw.py "$ADDR" 'GET /health HTTPX\r\n\r\n')" \
    'HTTP/1.1 400 Bad Request' 'a malformed request line: 400'
is "$(python3 raw.py "$ADDR" 'GET /health HTTP/1.1\r\nno colon here\r\n\r\n')" \
    'HTTP/1.1 400 Bad Request' 'a malformed header: 400'
is "$(python3 raw.py "$ADDR" 'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n')" \
    'HTTP/1.1 400 Bad Request' 'a malformed Content-Length: 400'
is "$(python3 raw.py "$ADDR" 'NONSENSE\r\n\r\n')" closed \
    'a line that is no request: the connection is closed'
is "$(get "$URL/health")" 200 'and the server goes on serving'

# -- a failed sync: 503, as the exit status is 1 ------------------------------
printf '%s\n' \
    '{"type":"begin","endpoint":"arch","endpoint_type":"local","mode":"full","run":"00000000000000aa"}' \
    '{"type":"error","endpoint":"arch","code":69,"message":"the share is offline","retry_after":null,"run":"00000000000000aa"}' |
    fc-ingest >sync 2>/dev/null
is "$(jq -r .status sync)" failed 'an error line fails the listing'
is "$(get "$URL/health")" 503 'a failing endpoint: /health 503'
is "$(cat body)" '{"healthy":false,"database":"ok","failing":["arch"],"overdue":[],"incomplete":[],"login":[],"unusable":[]}' \
    '503: which endpoint fails'
fc-status >/dev/null
is "$?" 1 'and fc-status agrees: exit 1'
is "$(get "$URL/status")" 200 '/status still 200: it reports, /health judges'
is "$(jq -c '[.healthy, (.endpoints[] | select(.name=="arch") | .failing)]' body)" \
    '[false,true]' '/status: healthy false, arch failing'

stop TERM
is "$RC" 0 'SIGTERM: exit 0'
is "$(jq -r 'select(.program=="fc-status").event' logs/connector.log | sort | uniq -c | tr -s ' ' | tr -d '\n')" \
    ' 1 listen 1 stop' 'the log: start and stop, no line per request at INFO'

# -- overdue, judged at --now -----------------------------------------------------
sync_once >sync
serve fc-status --now 2030-01-01T00:00:00Z -l 127.0.0.1:0
is "$(get "$URL/health")" 503 'overdue: /health 503'
is "$(jq -c .overdue body)" '["docs","arch"]' '503: which are overdue'
stop INT
is "$RC" 0 'SIGINT: exit 0'

# -- a database that cannot be read, and one with a password -----------------
echo 'not a database' >junk.db
serve env DATABASE_URL="$T/junk.db" fc-status -l 127.0.0.1:0
is "$(get "$URL/health")" 503 'an unreadable database: /health 503'
is "$(jq -c '[.healthy, .database, (.error | length > 0)]' body)" \
    '[false,"error",true]' '503: database "error", and why'
is "$(get "$URL/status")" 503 'an unreadable database: /status 503'
is "$(jq -c '[keys, (.error | length > 0)]' body)" '[["error"],true]' \
    '503: {"error":...}'
stop TERM

serve env DATABASE_URL='postgresql://fc:s3cr3t@127.0.0.1:1/fc?password=s3cr3t' \
    CONNECTOR_LOG_LEVEL=DEBUG fc-status -l 127.0.0.1:0
get "$URL/health" >/dev/null
cp body health.json
get "$URL/status" >/dev/null
stop TERM
ok 'no password in /health, /status or the log' \
    sh -c '! grep -q s3cr3t health.json body logs/connector.log'
ok 'DEBUG: one line per request' grep -q '"event":"request".*GET /status 503' \
    logs/connector.log

# -- one client address may hold many connections ----------------------------
# Behind a proxy or a kubelet every client has one address: 200 stalled
# connections from 127.0.0.1, more than the 64 a per-address limit
# allowed, are all kept, and a request on one more is answered beside
# them.  Connections are accepted in turn, so by the time it is, any of
# the 200 the server meant to close would have been closed: none may be
# readable (EOF or a reset) then.  Then SIGTERM with all of them open.
cat >manyconn.py <<'PY'
import select, socket, sys
host, port = sys.argv[1].rsplit(":", 1)
socks = []
for i in range(200):
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    socks.append(s)
c = socket.create_connection((host, int(port)))
c.sendall(b"GET /status HTTP/1.0\r\n\r\n")
reply = b""
try:
    while True:
        b = c.recv(65536)
        if not b:
            break
        reply += b
except OSError as e:
    reply = b"x " + e.strerror.encode()
ready, _, _ = select.select(socks, [], [], 0)
status = reply.split(b" ", 2)[1].decode() if reply else "nothing"
print("answered", status, "closed", len(ready), flush=True)
sys.stdin.read()
PY
serve fc-status -l 0
port=${ADDR##*:}
python3 manyconn.py "127.0.0.1:$port" <hold >slowready &
slowpid=$!
echo "$slowpid" >>"$T/.pids"
exec 6>hold
read -r held <slowready
is "$held" 'answered 200 closed 0' \
    '200 stalled connections from one address: all kept, one more answered'
stop TERM
is "$RC" 0 'SIGTERM with 200 connections open: exit 0'
exec 6>&-
wait "$slowpid"

# -- usage ------------------------------------------------------------------------
fc-status --json -l 0 >out 2>err
is "$?" 64 '--json with -l: exit 64'
fc-status -l 127.0.0.1:99999 >out 2>err
is "$?" 64 'a port out of range: exit 64'
is "$(cat err)" 'fc-status: 127.0.0.1:99999: expected [addr:]port, an address or systemd' \
    '... with one line saying what is expected'
serve fc-status -l 127.0.0.1:0
fc-status -l "$ADDR" >out 2>err
is "$?" 69 'an address in use: exit 69'
stop TERM
