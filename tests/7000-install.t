#!/bin/sh
# make install and make uninstall: into DESTDIR, the files installed are
# exactly these, with these modes; PREFIX, BINDIR, SYSCONFDIR, UNITDIR
# and LOGROTATEDIR are honoured, and the units, the cron file and the
# example configuration name the installed paths; an existing
# configuration is never overwritten, nor removed by uninstall.  An
# install at its real place syncs the sample project with the installed
# configuration, and fc-sync runs the programs beside it even when PATH
# finds another fc-list first (fontconfig's, in /usr/bin).
. "${FC_TOP:-.}/tests/lib.sh"
plan 18

# make install builds what is out of date: in the tree, under tests
# running beside this one
make -q -C "$FC_TOP" all 2>/dev/null ||
    skip_all 'the programs are not up to date: make first'
inst() {	# make install or uninstall, with variables
	make -s -C "$FC_TOP" "$@"
}
files() {	# DIR: every file and link under it, with its mode
	(cd "$1" && find . \( -type f -o -type l \) -exec stat -c '%a %n' {} + |
	    sed 's| \./| |' | LC_ALL=C sort -k2)
}

inst install DESTDIR="$T/d" >out 2>err
is "$?:$(cat err)" '0:' 'make install DESTDIR: exit 0, nothing on stderr'
is "$(files d)" "$(cat <<'EOF'
644 etc/fc/connector.yaml
755 usr/local/bin/fc-auth
755 usr/local/bin/fc-ingest
755 usr/local/bin/fc-list
755 usr/local/bin/fc-status
755 usr/local/bin/fc-sync
644 usr/local/share/fc/cron/fc
644 usr/local/share/fc/logrotate/fc
644 usr/local/share/fc/sample-project/.trash/S-200-Foundations-old.dwg
644 usr/local/share/fc/sample-project/Architecture/A-101 Ground Floor Plan.pdf
644 usr/local/share/fc/sample-project/Architecture/A-102 First Floor Plan.pdf
644 usr/local/share/fc/sample-project/Models/Building.ifc
644 usr/local/share/fc/sample-project/Models/Coordination.nwd
644 usr/local/share/fc/sample-project/Models/Tower.rvt
644 usr/local/share/fc/sample-project/README.txt
644 usr/local/share/fc/sample-project/Structure/S-201-Foundations.dwg
644 usr/local/share/fc/systemd/fc-status.service
644 usr/local/share/fc/systemd/fc-status.socket
644 usr/local/share/fc/systemd/fc-sync.service
644 usr/local/share/fc/systemd/fc-sync.timer
644 usr/local/share/man/man1/fc-auth.1
644 usr/local/share/man/man1/fc-ingest.1
644 usr/local/share/man/man1/fc-list.1
644 usr/local/share/man/man1/fc-status.1
644 usr/local/share/man/man1/fc-sync.1
644 usr/local/share/man/man5/connector.yaml.5
644 usr/local/share/man/man5/fc-lines.5
644 usr/local/share/man/man7/fc-security.7
644 usr/local/share/man/man7/fc.7
EOF
)" 'the defaults: every file, under PREFIX=/usr/local and SYSCONFDIR=/etc'
ok 'the programs are the ones built' cmp d/usr/local/bin/fc-list "$FC_TOP/fc-list"
# with the defaults the units are the tree's: their paths are right already
ok 'the units as in contrib/systemd' sh -c 'for u in fc-sync.service \
    fc-sync.timer fc-status.service fc-status.socket; do
	cmp "$1/contrib/systemd/$u" "d/usr/local/share/fc/systemd/$u" || exit 1
done' sh "$FC_TOP"
is "$(grep -c 'root: /usr/local/share/fc/sample-project$' d/etc/fc/connector.yaml)" 3 \
    'the example configuration lists the installed sample project'
is "$(grep -E '^  (database_url|log_file|token_dir):' d/etc/fc/connector.yaml |
    sed 's/ *#.*//' | tr '\n' '|')" \
    '  database_url: sqlite:///var/lib/fc/connector.db|  log_file: /var/log/fc/connector.log|  token_dir: /var/lib/fc/tokens|' \
    'its database, log and tokens are those of the units and the cron file'
is "$(diff "$FC_TOP/etc/connector.yaml" d/etc/fc/connector.yaml | grep '^>' |
    grep -Ev '^> *#|sample-project$|^>   (database_url|log_file|token_dir):')" '' \
    'and it differs from etc/connector.yaml in those lines and comments only'

# Debian's layout, as debian/rules asks for it
inst install DESTDIR="$T/deb" PREFIX=/usr BINDIR=/usr/lib/fc/bin \
    SYSCONFDIR=/etc/x UNITDIR=/lib/systemd/system \
    LOGROTATEDIR=/etc/logrotate.d >out 2>err
is "$?:$(cat err)" '0:' 'make install with every variable set: exit 0'
is "$(files deb | grep -v sample-project | awk '{print $2}' | tr '\n' ' ')" \
    'etc/logrotate.d/fc etc/x/fc/connector.yaml lib/systemd/system/fc-status.service lib/systemd/system/fc-status.socket lib/systemd/system/fc-sync.service lib/systemd/system/fc-sync.timer usr/lib/fc/bin/fc-auth usr/lib/fc/bin/fc-ingest usr/lib/fc/bin/fc-list usr/lib/fc/bin/fc-status usr/lib/fc/bin/fc-sync usr/share/fc/cron/fc usr/share/man/man1/fc-auth.1 usr/share/man/man1/fc-ingest.1 usr/share/man/man1/fc-list.1 usr/share/man/man1/fc-status.1 usr/share/man/man1/fc-sync.1 usr/share/man/man5/connector.yaml.5 usr/share/man/man5/fc-lines.5 usr/share/man/man7/fc-security.7 usr/share/man/man7/fc.7 ' \
    'BINDIR, SYSCONFDIR, UNITDIR and LOGROTATEDIR: each file where they say'
is "$(cat deb/lib/systemd/system/fc-sync.service deb/lib/systemd/system/fc-status.service |
    grep -E '^(ExecStart|Environment=FC_CONFIG)=' | tr '\n' '|')" \
    'Environment=FC_CONFIG=/etc/x/fc/connector.yaml|ExecStart=/usr/lib/fc/bin/fc-sync -l %S/fc/sync.lock|Environment=FC_CONFIG=/etc/x/fc/connector.yaml|ExecStart=/usr/lib/fc/bin/fc-status -l systemd|' \
    'the units run the installed programs on the installed configuration'
is "$(grep -E '^(PATH|FC_CONFIG)=' deb/usr/share/fc/cron/fc | tr '\n' '|')" \
    'PATH=/usr/lib/fc/bin:/usr/bin:/bin|FC_CONFIG=/etc/x/fc/connector.yaml|' \
    'the cron file finds them too'
is "$(grep -c 'root: /usr/share/fc/sample-project$' deb/etc/x/fc/connector.yaml)" 3 \
    'the configuration names DATADIR'

# an edited configuration stays, through install and uninstall
echo '# mine' >>d/etc/fc/connector.yaml
cp d/etc/fc/connector.yaml mine
inst install DESTDIR="$T/d" >out 2>err
is "$?:$(cat err):$(grep -c 'connector.yaml exists: left as it is' out)" '0::1' \
    'make install again: says the configuration is left as it is'
ok 'and it is' cmp mine d/etc/fc/connector.yaml
inst uninstall DESTDIR="$T/d" >out 2>err
is "$?:$(cat err)" '0:' 'make uninstall: exit 0'
is "$(files d)" '644 etc/fc/connector.yaml' 'it leaves the configuration alone'

# At its real place: the installed fc-sync, on the installed
# configuration, syncs the installed sample project, and runs the
# fc-list beside it, not an fc-list of another package first on PATH.
inst install PREFIX="$T/p" SYSCONFDIR="$T/etc" >out 2>err
mkdir other
printf '#!/bin/sh\necho "Noto Sans:style=Regular"\n' >other/fc-list
chmod +x other/fc-list
PATH=$T/other:/usr/bin:/bin DATABASE_URL=sqlite://$T/x.db \
    CONNECTOR_LOG_FILE=$T/log "$T/p/bin/fc-sync" -c "$T/etc/fc/connector.yaml" -l "$T/lock" >out 2>err
is "$?:$(jq -r '[.endpoint, .status, .seen] | join(" ")' out | sort | tr '\n' '|')" \
    '0:sample-drawings ok 7|sample-models ok 2|' \
    'installed: fc-sync syncs the sample project with the programs beside it'

if command -v systemd-analyze >/dev/null; then
	if command -v man >/dev/null; then
		MANPATH=$T/p/share/man systemd-analyze verify \
		    "$T"/p/share/fc/systemd/fc-s* >out 2>&1
	else
		systemd-analyze verify --man=no \
		    "$T"/p/share/fc/systemd/fc-s* >out 2>&1
	fi
	is "$?:$(cat out)" '0:' 'systemd-analyze verify: the installed units are clean'
else
	skip 1 'no systemd-analyze here'
fi
