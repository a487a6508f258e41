#!/bin/sh
# fc-status -l: the address forms, port 8080 for an address alone, the
# errors; and contrib/systemd/fc-status.{socket,service} as systemd
# reads them.
. "${FC_TOP:-.}/tests/lib.sh"
plan 14

write_conf "docs=$T"

# listens ARG: starts fc-status -l ARG, prints its "listening on" line or
# its error, stops it
listens() {
	rm -f ready
	mkfifo ready
	fc-status -l "$1" >ready 2>err &
	_p=$!
	_line=
	read -r _line <ready
	kill "$_p" 2>/dev/null
	wait "$_p"
	printf '%s\n' "${_line:-$(cat err)}"
}

like "$(listens 0)" '^listening on (\[::\]|0\.0\.0\.0):[0-9]+$' 'a port alone: every address (IPv6 and IPv4)'
like "$(listens :0)" '^listening on (\[::\]|0\.0\.0\.0):[0-9]+$' ':port: the same'
like "$(listens 127.0.0.1:0)" '^listening on 127\.0\.0\.1:[0-9]+$' 'addr:port'
like "$(listens localhost:0)" '^listening on (127\.0\.0\.1|\[::1\]):[0-9]+$' 'a host name'
# a host without IPv6 loopback, as many containers are, takes the skip:
# unshare -n sh -c 'ip link set lo up; sysctl -w net.ipv6.conf.lo.disable_ipv6=1; prove ...'
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	like "$(listens '[::1]:0')" '^listening on \[::1\]:[0-9]+$' '[v6]:port'
else
	skip 1 'no IPv6 loopback'
fi
# 8080 may be taken on this machine: then the error names it
like "$(listens 127.0.0.1)" \
    '^(listening on 127\.0\.0\.1:8080|fc-status: 127\.0\.0\.1:8080: Address already in use)$' \
    'an address alone: port 8080'

# "every address" takes IPv4 clients too
rm -f ready
mkfifo ready
fc-status -l 0 >ready 2>err &
spid=$!
echo "$spid" >>"$T/.pids"
exec 5<ready
read -r _w _o addr <&5
is "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:${addr##*:}/health")" 200 'every address: an IPv4 client is served'
kill "$spid"
wait "$spid"

fc-status -l '[::1' >out 2>err
is "$?:$(cat err)" '64:fc-status: [::1: expected [addr:]port, an address or systemd' \
    'an unclosed bracket: exit 64'
fc-status -l 'x:' >out 2>err
is "$?" 64 'no port after the colon: exit 64'
fc-status -l 192.0.2.1:0 >out 2>err
is "$?:$(cat err)" '69:fc-status: 192.0.2.1:0: Cannot assign requested address' \
    'an address not on this machine: exit 69'

# -- the systemd units ----------------------------------------------------------
u=$FC_TOP/contrib/systemd
is "$(grep -E '^(ListenStream|Accept)=' "$u/fc-status.socket" | tr '\n' ' ')" \
    'ListenStream=8080 Accept=no ' 'the socket: port 8080, one server for all'
ok 'the service: socket-activated, hardened, a writable state directory' sh -c "
    grep -qx 'ExecStart=/usr/local/bin/fc-status -l systemd' '$u/fc-status.service' &&
    grep -qx 'NoNewPrivileges=yes' '$u/fc-status.service' &&
    grep -qx 'ProtectSystem=strict' '$u/fc-status.service' &&
    grep -qx 'PrivateTmp=yes' '$u/fc-status.service' &&
    grep -qx 'StateDirectory=fc' '$u/fc-status.service'"
if ! command -v systemd-analyze >/dev/null; then
	skip 2 'systemd-analyze is not installed'
	exit 0
fi
# verify wants the program and the manual page where the units say
mkdir -p units man/man1
sed "s|/usr/local/bin/fc-status|$FC_TOP/fc-status|" "$u/fc-status.service" \
    >units/fc-status.service
cp "$u/fc-status.socket" units/
cp "$FC_TOP/man/fc-status.1" man/man1/
MANPATH=$T/man systemd-analyze verify units/fc-status.socket \
    units/fc-status.service >out 2>&1
is "$?" 0 'systemd-analyze verify: exit 0'
is "$(cat out)" '' '... and nothing to say'
