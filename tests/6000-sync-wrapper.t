#!/bin/sh
# fc-sync: one pass of fc-auth --due | fc-list | fc-ingest; -a, -e, -c and
# -n reach the right stage; the status of every stage is collected (sh has
# no pipefail) and the failing one named, fc-ingest's first, then
# fc-list's, then fc-auth's; usage errors; --help is the SYNOPSIS.
. "${FC_TOP:-.}/tests/lib.sh"
plan 45

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
# Each failure is said once on stderr, by the program that found it: a
# pass fc-auth cannot begin starts neither fc-list nor fc-ingest (each
# would find the same fault again), and fc-ingest records an error line
# without repeating it.
fc-sync -c nosuch.yaml >out 2>err
is "$?" 66 'a missing configuration: exit 66'
is "$(cat err)" 'fc-auth: nosuch.yaml: No such file or directory
fc-sync: pass failed: fc-auth 66, fc-list not run, fc-ingest not run' \
    'said once, by fc-auth; one line names the status of each stage'
printf 'endpoints: [\n' >broken.yaml
fc-sync -c broken.yaml >out 2>err
is "$?" 78 'a broken configuration: exit 78'
like "$(grep '^fc-auth' err)" '^fc-auth: broken.yaml:2: ' \
    'fc-auth says where the file is broken'
is "$(grep -c '^fc-list\|^fc-ingest' err)" 0 'and only fc-auth'

fc-sync -e nosuch >out 2>err
is "$?" 64 'an unknown endpoint: fc-auth 64, and so fc-sync'
is "$(grep '^fc-sync' err)" 'fc-sync: pass failed: fc-auth 64, fc-list not run, fc-ingest not run' \
    'only fc-auth ran'

DATABASE_URL=sqlite:///proc/fc-no/such.db fc-sync -a >out 2>err
is "$?:$(cat err)" '73:fc-auth: /proc/fc-no/such.db: cannot create: /proc: Read-only file system
fc-sync: pass failed: fc-auth 73, fc-list not run, fc-ingest not run' \
    'a database that cannot be made: 73, said once, by fc-auth'
ok 'and nothing made' test ! -e data/fc-no

mkdir gone
EP_EXTRA= write_conf vanished="$T/gone"
rmdir gone
fc-sync >out 2>err
is "$?" 66 'an endpoint that cannot be listed: exit 66'
is "$(cat err)" "fc-list: vanished: root $T/gone: No such file or directory
fc-sync: pass failed: fc-auth 0, fc-list 66, fc-ingest 66" \
    'fc-list said so, fc-ingest recorded it without a word'
is "$(jq -r .status out)" failed 'and the sync line says failed'
is "$(sqlite3 data/connector.db "select s.status || ' ' || s.code from sync_logs s join endpoints e on e.id = s.endpoint_id where e.name = 'vanished'")" \
    'failed 66' 'so does sync_logs'

# fc-auth fails (no Autodesk login: an error line) but writes lines, and
# fc-ingest fails first on another listing, one at a time: fc-ingest's
# status goes first
cat >config/two.yaml <<EOF
clients:
  autodesk: {client_id: abc, client_secret: def}
endpoints:
  - name: docs
    endpoint_type: local
    endpoint_details: {root: $T/tree}
  - name: acc
    endpoint_type: autodesk
    endpoint_details: {project_id: b.123}
settings:
  token_dir: ./tokens
EOF
fc-sync -c config/two.yaml -e docs >out 2>err
mv tree tree.away
mkdir tree
MAX_CONCURRENT_SYNCS=1 fc-sync -c config/two.yaml -a >out 2>err
is "$?" 65 'fc-auth 77 and fc-ingest 65: fc-ingest goes first'
is "$(cat err)" 'fc-auth: autodesk: not logged in: run fc-auth login autodesk
fc-ingest: endpoint docs: complete listing is empty but 3 files are stored; refusing to delete them (--allow-empty accepts it)
fc-sync: pass failed: fc-auth 77, fc-list 0, fc-ingest 65' \
    'each failure once, by the program that found it'
is "$(jq -r '.endpoint + " " + .status' out | sort | tr '\n' ,)" 'acc failed,docs refused,' \
    'both recorded'
rmdir tree
mv tree.away tree

# Google Drive: a key refused (fc-auth finds it), a folder missing (fc-list)
SA=fc-sync@fc-test.iam.gserviceaccount.com
sa_key key
sa_key other
start_gdrive --now 1767225600 --sa "$SA:key.pub" --generate folders=3,files=10,seed=3
sa_json other "$SA"
mv other.json key.json
PROJ=$(curl -s "$GD_URL/_admin/files" | jq -r '.[] | select(.name == "Projects").id')
cat >config/gd.yaml <<EOF
clients:
  google_drive:
    credentials_path: ../key.json
    base_url: $GD_URL
endpoints:
  - name: drive
    endpoint_type: google_drive
    endpoint_details: {folder_id: $PROJ}
  - name: lost
    endpoint_type: google_drive
    endpoint_details: {folder_id: 1NoSuchFolder}
settings:
  token_dir: ./gdtokens
EOF
FC_NOW=2026-01-01T00:00:00Z fc-sync -c config/gd.yaml -a >out 2>err
is "$?:$(cat err)" "77:fc-auth: google: the key of $SA was refused (invalid_grant: Invalid JWT Signature): it was deleted or disabled in the Cloud console, or is not that account's; make a new key
fc-sync: pass failed: fc-auth 77, fc-list 0, fc-ingest 77" \
    'a Drive key refused: 77, said once, by fc-auth'
is "$(jq -r '.endpoint + " " + .status + " " + (.code | tostring)' out | tr '\n' ,)" 'drive failed 77,lost failed 77,' \
    'both endpoints recorded as failed'
sa_json key "$SA"
FC_NOW=2026-01-01T00:00:00Z FC_GDRIVE_BACKOFF_MS=1 fc-sync -c config/gd.yaml -a >out 2>err
is "$?:$(cat err)" "66:fc-list: lost: endpoint_details.folder_id 1NoSuchFolder: no such folder, or not shared with $SA
fc-sync: pass failed: fc-auth 0, fc-list 66, fc-ingest 66" \
    'a Drive folder missing: 66, said once, by fc-list'
is "$(jq -r '.endpoint + " " + .status' out | sort | tr '\n' ,)" 'drive ok,lost failed,' \
    'the folder listed, the missing one recorded as failed'

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
