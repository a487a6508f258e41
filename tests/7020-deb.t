#!/bin/sh
# The Debian package, as root: make deb builds it without writing into
# the tree; lintian has nothing to say; it holds exactly these files.
# Installed, it makes the system user fc, /var/lib/fc (0700) and
# /var/log/fc (0750) as fc's, and the configuration a conffile readable
# by root and fc only; the units are there and not enabled; a pass as
# fc, as the unit runs it, syncs the sample project.  An upgrade keeps
# an edited configuration and the data; remove keeps data, user and
# configuration; purge deletes all but the user, as Debian does.
#
# dpkg -i installs into this machine: the test runs only where nothing
# of fc is installed (no package, user, group or directory), one at a
# time (a lock in /run/lock), and its EXIT trap purges whatever it left.
# alone: it installs a package, makes a user and takes dpkg's lock
. "${FC_TOP:-.}/tests/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all 'not root: dpkg -i needs it'
for c in dpkg-buildpackage dh adduser; do
	command -v $c >/dev/null ||
	    skip_all "no $c here (apt-get install debhelper dpkg-dev adduser)"
done
# the package is built as it is released, once: not again under ASan
asan_build fc-list && skip_all 'an ASan build: the package test runs in the plain one'

exec 8>/run/lock/fc-test-deb.lock && flock 8 ||
    skip_all 'cannot take /run/lock/fc-test-deb.lock'
for p in /var/lib/fc /var/log/fc /etc/fc; do
	[ -e "$p" ] && skip_all "$p exists: this machine has fc already"
done
getent passwd fc >/dev/null && skip_all 'this machine has a user fc'
getent group fc >/dev/null && skip_all 'this machine has a group fc'
dpkg-query -W fc >/dev/null 2>&1 && skip_all 'dpkg knows a package fc here'

# Whatever happens, leave the machine as it was found.
unfc() {
	if dpkg-query -W fc >/dev/null 2>&1; then
		dpkg --purge fc >/dev/null 2>&1 || diag 'dpkg --purge fc failed'
	fi
	getent passwd fc >/dev/null && userdel fc
	getent group fc >/dev/null && groupdel fc
	rm -rf /var/lib/fc /var/log/fc /etc/fc
	[ -z "$unittmp" ] || rm -rf "$unittmp"
}
unittmp=
trap 'unfc; _cleanup' EXIT

plan 25

version=$(sed -n 's/^#define FC_VERSION[[:space:]]*"\(.*\)"/\1/p' "$FC_TOP/lib/version.h")
deb=$T/out/fc_${version}_$(dpkg --print-architecture).deb

mkdir out
: >stamp
make -s -C "$FC_TOP" deb DEBOUT="$T/out" >out.log 2>&1
is "$?:$(ls out | grep -c '^fc_.*\.deb$')" '0:1' 'make deb: exit 0, one fc package'
is "$(find "$FC_TOP" -newer stamp ! -path "$FC_TOP/.git" ! -path "$FC_TOP/.git/*" | head -5)" '' \
    'make deb wrote nothing into the tree'
is "$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')" "Package: fc Version: $version " \
    'the package version is the one --version prints (lib/version.h)'

if command -v lintian >/dev/null; then
	lintian --display-info "$T"/out/fc_*.changes >lintian.out 2>&1
	is "$?:$(grep -v 'running with root privileges' lintian.out)" '0:' \
	    'lintian: not an error, warning or info (overrides explained in debian/fc.lintian-overrides)'
else
	skip 1 'no lintian here'
fi

is "$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { $2 = $3 = $4 = $5 = ""; print }' |
    sed 's/  *\./ /')" "$(cat <<'EOF'
-rw-r--r-- /etc/fc/connector.yaml
-rw-r--r-- /etc/logrotate.d/fc
-rw-r--r-- /lib/systemd/system/fc-status.service
-rw-r--r-- /lib/systemd/system/fc-status.socket
-rw-r--r-- /lib/systemd/system/fc-sync.service
-rw-r--r-- /lib/systemd/system/fc-sync.timer
-rwxr-xr-x /usr/lib/fc/bin/fc-auth
-rwxr-xr-x /usr/lib/fc/bin/fc-ingest
-rwxr-xr-x /usr/lib/fc/bin/fc-list
-rwxr-xr-x /usr/lib/fc/bin/fc-status
-rwxr-xr-x /usr/lib/fc/bin/fc-sync
-rw-r--r-- /usr/share/doc/fc/README.md.gz
-rw-r--r-- /usr/share/doc/fc/changelog.gz
-rw-r--r-- /usr/share/doc/fc/copyright
-rw-r--r-- /usr/share/fc/cron/fc
-rw-r--r-- /usr/share/fc/sample-project/.trash/S-200-Foundations-old.dwg
-rw-r--r-- /usr/share/fc/sample-project/Architecture/A-101 Ground Floor Plan.pdf
-rw-r--r-- /usr/share/fc/sample-project/Architecture/A-102 First Floor Plan.pdf
-rw-r--r-- /usr/share/fc/sample-project/Models/Building.ifc
-rw-r--r-- /usr/share/fc/sample-project/Models/Coordination.nwd
-rw-r--r-- /usr/share/fc/sample-project/Models/Tower.rvt
-rw-r--r-- /usr/share/fc/sample-project/README.txt
-rw-r--r-- /usr/share/fc/sample-project/Structure/S-201-Foundations.dwg
-rw-r--r-- /usr/share/lintian/overrides/fc
-rw-r--r-- /usr/share/man/man1/fc-auth.1.gz
-rw-r--r-- /usr/share/man/man1/fc-ingest.1.gz
-rw-r--r-- /usr/share/man/man1/fc-list.1fc.gz
-rw-r--r-- /usr/share/man/man1/fc-status.1.gz
-rw-r--r-- /usr/share/man/man1/fc-sync.1.gz
-rw-r--r-- /usr/share/man/man5/connector.yaml.5.gz
-rw-r--r-- /usr/share/man/man5/fc-lines.5.gz
-rw-r--r-- /usr/share/man/man7/fc-security.7.gz
-rw-r--r-- /usr/share/man/man7/fc.7.gz
lrwxrwxrwx /usr/bin/fc-auth -> ../lib/fc/bin/fc-auth
lrwxrwxrwx /usr/bin/fc-ingest -> ../lib/fc/bin/fc-ingest
lrwxrwxrwx /usr/bin/fc-status -> ../lib/fc/bin/fc-status
lrwxrwxrwx /usr/bin/fc-sync -> ../lib/fc/bin/fc-sync
EOF
)" 'the package holds exactly these files (fc-list off PATH: fontconfig has one)'

# -- install ------------------------------------------------------------
dpkg -i "$deb" >dpkg.out 2>&1
is "$?:$(dpkg-query -W -f '${Status}' fc)" '0:install ok installed' 'dpkg -i: installed'
IFS=: read -r _ _ uid _ _ home shell <<EOF
$(getent passwd fc)
EOF
is "$([ "${uid:-1000}" -lt 1000 ] && echo system):$home:$shell:$(id -gn fc 2>/dev/null)" \
    'system:/var/lib/fc:/usr/sbin/nologin:fc' 'a system user fc, group fc, no login'
is "$(stat -c '%a %U %G %n' /var/lib/fc /var/log/fc /etc/fc/connector.yaml | tr '\n' '|')" \
    '700 fc fc /var/lib/fc|750 fc fc /var/log/fc|640 root fc /etc/fc/connector.yaml|' \
    'data and tokens 0700, logs 0750, both fc'"'"'s; the configuration root:fc 0640'
is "$(dpkg-query -W -f '${Conffiles}' fc | awk 'NF { print $1 }' | tr '\n' ' ')" \
    '/etc/fc/connector.yaml /etc/logrotate.d/fc ' \
    'the configuration and the logrotate file are conffiles'
is "$(ls /lib/systemd/system/fc-* | tr '\n' ' '):$(find /etc/systemd/system -name 'fc-*')" \
    '/lib/systemd/system/fc-status.service /lib/systemd/system/fc-status.socket /lib/systemd/system/fc-sync.service /lib/systemd/system/fc-sync.timer :' \
    'the units are installed and none is enabled'

# a pass as the unit runs it: user fc, the state directory, its
# variables, systemd's PATH (where /usr/bin/fc-list is fontconfig's), a
# /tmp of its own (PrivateTmp=yes)
unittmp=$(mktemp -d /tmp/fc-deb-unit.XXXXXX) && chown fc:fc "$unittmp"
as_unit() {
	(cd /var/lib/fc && umask 027 && setpriv --reuid=fc --regid=fc --init-groups \
	    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	    TMPDIR="$unittmp" \
	    FC_CONFIG=/etc/fc/connector.yaml \
	    DATABASE_URL=sqlite:///var/lib/fc/connector.db \
	    CONNECTOR_LOG_FILE=/var/log/fc/connector.log "$@")
}
as_unit fc-sync -l /var/lib/fc/sync.lock >sync.out 2>sync.err
is "$?:$(jq -r '[.endpoint, .status, .seen] | join(" ")' sync.out | sort | tr '\n' '|')" \
    '0:sample-drawings ok 7|sample-models ok 2|' \
    'as fc: fc-sync syncs the sample project of the installed configuration'
as_unit fc-status >status.out 2>&1
is "$?:$(tail -n 1 status.out)" '0:healthy' 'as fc: fc-status says healthy'
is "$(stat -c '%U %a' /var/lib/fc/connector.db /var/log/fc/connector.log | tr '\n' '|')" \
    'fc 640|fc 640|' 'the database and the log are fc'"'"'s'

# -- upgrade, the configuration edited ----------------------------------
echo '# edited here' >>/etc/fc/connector.yaml
cp /etc/fc/connector.yaml edited
files=$(sqlite3 /var/lib/fc/connector.db 'select count(*) from files')
dpkg-deb -R "$deb" v2
sed -i "s/^Version: .*/Version: $version+t1/" v2/DEBIAN/control
dpkg-deb -b v2 v2.deb >/dev/null
dpkg -i v2.deb >dpkg.out 2>&1
is "$?:$(dpkg-query -W -f '${Version}' fc)" "0:$version+t1" \
    'dpkg -i of a newer version: upgraded'
ok 'the edited configuration is kept' cmp edited /etc/fc/connector.yaml
is "$(stat -c '%a %U %G' /etc/fc/connector.yaml /var/lib/fc | tr '\n' '|'):$(id -u fc)" \
    "640 root fc|700 fc fc|:$uid" 'its mode, the directory and the user are too'
is "$(sqlite3 /var/lib/fc/connector.db 'select count(*) from files')" "$files" \
    'and the database'

# -- remove, then purge -------------------------------------------------
dpkg -r fc >dpkg.out 2>&1
is "$?:$(dpkg-query -W -f '${Status}' fc)" '0:deinstall ok config-files' 'dpkg -r: removed'
ok 'the programs are gone' not test -e /usr/lib/fc/bin/fc-sync -o -e /usr/bin/fc-sync
is "$(id -un fc 2>/dev/null):$(ls /var/lib/fc/connector.db 2>&1)" \
    'fc:/var/lib/fc/connector.db' 'the user and the data stay'
ok 'the configuration stays' cmp edited /etc/fc/connector.yaml
dpkg -P fc >dpkg.out 2>&1
is "$?:$(dpkg-query -W fc 2>&1 | grep -c 'no packages found')" '0:1' 'dpkg -P: purged'
is "$(id -un fc 2>/dev/null):$(getent group fc | cut -d: -f1)" 'fc:fc' \
    'purge keeps the user and the group: files of theirs may be left elsewhere'
is "$(ls -d /var/lib/fc /var/log/fc /etc/fc 2>/dev/null)" '' \
    'and the data, tokens, logs and configuration'
is "$(dpkg-statoverride --list /etc/fc/connector.yaml)" '' 'and the mode override'
