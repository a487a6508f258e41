#!/bin/sh
# fc-status -l under load from one address, as it comes from a reverse
# proxy or a kubelet: ab(1) with 256 clients at once on /health.  Every
# request is answered, 200; none is reset or refused.  (With a limit of
# 64 connections per address, ab gave up after a few requests at -c 64:
# "apr_socket_recv: Connection reset by peer".)  Only counts are checked:
# make bench has the rates.
. "${FC_TOP:-.}/tests/lib.sh"
command -v ab >/dev/null || skip_all 'ab is not installed (apache2-utils)'
plan 6

mkdir tree
echo a >tree/a.pdf
write_conf docs="$T/tree"
# a database to read: each request opens it, reads and closes it again
sync_once >/dev/null
is "$sync_status" '0 0 0' 'a first sync'

mkfifo ready
fc-status -l 127.0.0.1:0 >ready 2>err &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready
read -r _w _o addr <&5

ab -q -n 2000 -c 256 "http://$addr/health" >ab.out 2>ab.err
is "$?:$(cat ab.err)" '0:' 'ab -n 2000 -c 256: exit 0, no error'
field() { sed -n "s/^$1:[[:space:]]*//p" ab.out; }
is "$(field 'Complete requests')" 2000 'every request completed'
is "$(field 'Failed requests')" 0 'none failed'
is "$(field 'Non-2xx responses')" '' 'every answer a 2xx (/health: 200)'
kill -TERM "$spid"
wait "$spid"
is "$?:$(cat err)" 0: 'SIGTERM afterwards: exit 0, nothing on stderr'
