#!/bin/sh
# contrib/systemd/fc-sync.{service,timer}: systemd-analyze verify is clean
# (on copies whose ExecStart is this tree's fc-sync, with the manual pages
# of this tree), the timer catches up after downtime and spreads starts,
# the service is a hardened oneshot of a dedicated user; contrib/cron/fc
# runs fc-sync; contrib/logrotate/fc parses.  Skips what this machine
# lacks.
. "${FC_TOP:-.}/tests/lib.sh"
plan 9

c=$FC_TOP/contrib
svc=$c/systemd/fc-sync.service
tmr=$c/systemd/fc-sync.timer

if command -v systemd-analyze >/dev/null; then
	mkdir units man man/man1 man/man5 man/man7
	sed "s|/usr/local/bin/fc-sync|$FC_TOP/fc-sync|" "$svc" >units/fc-sync.service
	cp "$tmr" units/
	for m in "$FC_TOP"/man/*.[157]; do
		ln -s "$m" "man/man${m##*.}/"
	done
	if command -v man >/dev/null; then
		MANPATH=$T/man systemd-analyze verify units/fc-sync.service \
		    units/fc-sync.timer >out 2>err
	else
		systemd-analyze verify --man=no units/fc-sync.service \
		    units/fc-sync.timer >out 2>err
	fi
	is "$?:$(cat out err)" '0:' 'systemd-analyze verify: clean'
else
	skip 1 'no systemd-analyze here'
fi

key() {	# FILE KEY: the values of KEY, one line, in file order
	sed -n "s/^$2=//p" "$1" | tr '\n' '|'
}
is "$(key "$tmr" OnCalendar)$(key "$tmr" Persistent)$(key "$tmr" RandomizedDelaySec)" \
    '*:0/5|true|30|' 'timer: every five minutes, Persistent, RandomizedDelaySec'
is "$(key "$svc" Type)$(key "$svc" User)$(key "$svc" StateDirectory)$(key "$svc" LogsDirectory)" \
    'oneshot|fc|fc|fc|' 'service: oneshot, user fc, StateDirectory and LogsDirectory'
like "$(key "$svc" ExecStart)" '^/usr/local/bin/fc-sync -l %S/fc/sync\.lock\|$' \
    'service: runs fc-sync with a lock in the state directory'
is "$(key "$svc" SuccessExitStatus)" '75|' 'service: a busy lock (75) is no failure'
missing=
for k in NoNewPrivileges=yes PrivateTmp=yes PrivateDevices=yes \
    ProtectSystem=strict ProtectHome=read-only ProtectKernelTunables=yes \
    ProtectKernelModules=yes ProtectKernelLogs=yes ProtectControlGroups=yes \
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' RestrictNamespaces=yes \
    RestrictSUIDSGID=yes LockPersonality=yes MemoryDenyWriteExecute=yes \
    SystemCallFilter=@system-service CapabilityBoundingSet= \
    SystemCallArchitectures=native; do
	grep -qx -- "$k" "$svc" || missing="$missing $k"
done
is "$missing" '' 'service: the hardening settings'

line=$(grep -v '^#' "$c/cron/fc" | grep 'fc-sync')
like "$line" '^\*/5 \* \* \* \* fc cd /var/lib/fc && fc-sync -l /var/lib/fc/sync\.lock ' \
    'cron: every five minutes as fc, fc-sync with its lock'
ok 'cron: no bare pipeline left' sh -c '! grep -q "fc-auth --due |" "$1"' sh "$c/cron/fc"

if command -v logrotate >/dev/null; then
	sed -e "s|/var/log/fc|$T/logs|g" -e '/^[[:space:]]*su /d' \
	    -e 's/create 0640 fc fc/create 0640/' "$c/logrotate/fc" >lr.conf
	mkdir logs
	echo '{}' >logs/connector.log
	logrotate -d -s "$T/state" lr.conf >out 2>&1
	is "$?:$(grep -ci error out)" '0:0' 'logrotate -d: the configuration parses'
else
	skip 1 'logrotate is not installed'
fi
