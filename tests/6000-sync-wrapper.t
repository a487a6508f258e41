#!/bin/sh
# fc-sync: one pass of fc-auth --due | fc-list | fc-ingest; -a, -e, -c and
# -n reach the right stage; the status of every stage is collected (sh has
# no pipefail) and the failing one named, fc-ingest's first, then
# fc-list's, then fc-auth's; usage errors; --help is the SYNOPSIS.
. "${FC_TOP:-.}/tests/lib.sh"
plan 37

mkdir -p tree/sub
echo a >tree/a.pdf
echo b >tree/sub/b.dwg
EP_EXTRA='    schedule: { type: interval, interval_minutes: 60 }' \
    write_conf docs="$T/tree"
cat >>config/connector.yaml <<EOF
  - name: by hand
    endpoint_type: local
    endpoint_details: { root: $T/tree/sub }
    schedule: { type: manual }
EOF
XDG_RUNTIME_DIR=$T
export XDG_RUNTIME_DIR
files() { sqlite3 data/connector.db "select count(*) from files f join endpoints e on e.id = f.endpoint_id where e.name = '$1' and f.deleted_at is null"; }

# -- a pass --------------------------------------------------------------
fc-sync >out 2>err
is "$?" 0 'a pass: exit 0'
is "$(jq -r '.type + " " + .endpoint + " " + .status' out)" 'sync docs ok' \
    'stdout: the sync line of the due endpoint, manual ones left out'
is "$(files docs)" 2 'the files are in the database'
is "$(cat err)" '' 'nothing on stderr'
ok 'the default lock file is in XDG_RUNTIME_DIR' test -f "$T/fc-sync.lock"

fc-sync >out 2>err
is "$?:$(cat out)" '0:' 'again at once: nothing due, no line, exit 0'

# -- selection and options reach their stage --------------------------------
fc-sync -a >out
is "$(jq -r .endpoint out | sort | tr '\n' ',')" 'by hand,docs,' \
    '-a: every active endpoint, manual too (fc-auth --all)'
echo c >tree/sub/c.dwg
fc-sync -n -e 'by hand' >out
is "$(jq -r '.endpoint + " " + (.dry_run|tostring) + " " + (.inserted|tostring)' out)" \
    'by hand true 1' '-n -e: a dry run of the named endpoint (a name with a space)'
is "$(files 'by hand')" 1 '-n wrote nothing'
fc-sync -e 'by hand' -e docs >out
is "$(jq -r .endpoint out | sort | tr '\n' ',')" 'by hand,docs,' \
    '-e twice: both named endpoints'
is "$(files 'by hand')" 2 'without -n the new file is in'

mkdir other
cp config/connector.yaml other/conf.yaml
(cd other && fc-sync -c conf.yaml -a >../out 2>../err)
is "$?:$(jq -r .endpoint out | sort | tr '\n' ',')" '0:by hand,docs,' \
    '-c: the named file serves all three stages'
ok '-c: and the database is relative to the working directory' \
    test -f other/data/connector.db

# -- long options --------------------------------------------------------
(cd other && fc-sync --config=conf.yaml --dry-run --endpoint docs >../out 2>../err)
is "$?:$(jq -r '.endpoint + " " + (.dry_run|tostring)' out)" '0:docs true' \
    '--config=FILE, --dry-run, --endpoint NAME'
(cd other && fc-sync --config conf.yaml --all --lock "$T/l2" >../out 2>../err)
is "$?:$(wc -l <out | tr -d ' ')" '0:2' '--config FILE, --all, --lock FILE'
ok '--lock: that lock file' test -f "$T/l2"
fc-sync -c --all >out 2>err
like "$?:$(grep '^fc-auth' err)" '^66:fc-auth: --all: ' \
    'a value that looks like an option stays a value'
fc-sync --bogus >out 2>err
is "$?:$(sed -n 1p err)" "64:fc-sync: unrecognized option '--bogus'" \
    'an unknown long option: exit 64'

# -- failures: every stage's status, the furthest downstream wins ----------
fc-sync -c nosuch.yaml >out 2>err
is "$?" 66 'a missing configuration: exit 66'
is "$(grep '^fc-sync' err)" 'fc-sync: pass failed: fc-auth 66, fc-list 66, fc-ingest 66' \
    'one line names the status of each stage'
printf 'endpoints: [\n' >broken.yaml
fc-sync -c broken.yaml >out 2>err
is "$?" 78 'a broken configuration: exit 78'
like "$(grep '^fc-auth' err)" '^fc-auth: broken.yaml:2: ' \
    'fc-auth says where the file is broken'

fc-sync -e nosuch >out 2>err
is "$?" 64 'an unknown endpoint: fc-auth 64, and so fc-sync'
is "$(grep '^fc-sync' err)" 'fc-sync: pass failed: fc-auth 64, fc-list 0, fc-ingest 0' \
    'only fc-auth failed'

DATABASE_URL=sqlite:///proc/fc-no/such.db fc-sync -a >out 2>err
is "$?" 73 'fc-ingest cannot create its database: its 73'
like "$(grep '^fc-sync' err)" '^fc-sync: pass failed: fc-auth 73, fc-list [0-9]+, fc-ingest 73$' \
    'fc-ingest named as failing, and fc-auth, which sees it cannot be made'
DATABASE_URL=sqlite:///proc/fc-no/such.db fc-sync -e nosuch >out 2>err
is "$?" 73 'fc-auth 64 and fc-ingest 73: fc-ingest goes first'

mkdir gone
EP_EXTRA= write_conf vanished="$T/gone"
rmdir gone
fc-sync >out 2>err
is "$?" 66 'an endpoint that cannot be listed: exit 66'
is "$(grep '^fc-sync' err)" 'fc-sync: pass failed: fc-auth 0, fc-list 66, fc-ingest 66' \
    'fc-list failed and fc-ingest recorded it'
is "$(jq -r .status out)" failed 'and the sync line says failed'

# -- usage -----------------------------------------------------------------
fc-sync -x >out 2>err
is "$?:$(cat err | tr '\n' '|')" "64:fc-sync: invalid option -- 'x'|usage: fc-sync [-anv] [-c file] [-e name ...] [-j jobs] [-L file] [-w seconds]|" \
    'an unknown option: exit 64, a line and the usage'
fc-sync -c >out 2>err
is "$?:$(sed -n 1p err)" "64:fc-sync: option requires an argument -- 'c'" \
    'an option without its argument: exit 64'
fc-sync extra >out 2>err
is "$?" 64 'an operand: exit 64'
fc-sync -w 0 >out 2>err
is "$?:$(cat err)" '64:fc-sync: -w 0: expected a number of seconds' \
    '-w 0: exit 64'
fc-sync -w 5s >out 2>err
is "$?" 64 '-w with a unit: exit 64'
fc-sync --help >out 2>err
is "$?:$(cat err)" '0:' '--help: exit 0'
synopsis=$(mandoc -T ascii "$FC_TOP/man/fc-sync.1" | col -b |
    sed -n '/^SYNOPSIS/,/^$/p' | sed 1d | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
is "usage: $synopsis" "$(head -n 1 out)" 'usage is the SYNOPSIS of fc-sync(1) (0020-options.t: the options too)'
