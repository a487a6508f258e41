#!/bin/sh
# make bench: fc's speed and memory beside baselines measured in the same
# run on the same data, so ratios hold while absolute figures drift.
#
#   fc-list      vs  find -printf, on a generated tree of BENCH_TREE files
#   fc-ingest    vs  sqlite3 .import of the same rows into the same table
#                    (the raw limit) and a python3 sqlite3 upsert script
#                    (what a user would write instead), BENCH_N file lines,
#                    first load and unchanged re-load
#   fc-status -l /health vs its own 404 for an unknown path (the same
#                    server, threads and limits, no database read), under
#                    ab(1) from one address at BENCH_AB_C clients: rate and
#                    failed requests (skipped, saying so, without ab)
#   fc-list on Autodesk vs the lower bound and a python3 replay of the
#                    same requests, against tests/fake-aps.py: a generated
#                    project behind 20 ms a request, unpaced, then paced
#                    at APS's limits scaled by 10; then incremental
#                    listings of it, unchanged and after one change
#   fc-list on Google Drive vs the lower bound and a python3 replay of the
#                    same requests, against tests/fake-gdrive.py: 100,000
#                    files in 5,000 folders behind 20 ms a request, listed
#                    flat and walked; then incremental listings, unchanged
#                    and after 100 changes (tests/bench-gdrive.sh)
#   fc-ingest    vs  psql \copy of the same rows into the same table, on a
#                    PostgreSQL server of the bench's own, the same way
#                    (skipped, saying so, without the server programs)
#
# BENCH_N=1000000 make bench   for a million lines.
# REPS=3 make bench            best of three runs each, every run from the
#                              same state (a load into an empty database
#                              starts from an empty one each time)
# BENCH_ONLY='autodesk gdrive' make bench
#                              only the parts named, of: local (fc-list
#                              beside find), ingest (SQLite, then fc-status
#                              -l on its database), autodesk, gdrive,
#                              postgresql; all of them when unset
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top:$PATH
N=${BENCH_N:-100000}
TREE=${BENCH_TREE:-100000}
W=$(mktemp -d "${TMPDIR:-/tmp}/fc-bench.XXXXXX")
PGB=
SRV=
APS=
GD=
# fc-status -l, the fake APS and the PostgreSQL part's server, if it got
# that far, go with the rest
trap '[ -z "$SRV" ] || kill "$SRV"; [ -z "$APS" ] || kill "$APS"; [ -z "$GD" ] || kill "$GD"
    [ -f "$W/pg/data/postmaster.pid" ] &&
    as_pg "$PGB/pg_ctl" -D "$W/pg/data" -s -m immediate stop; rm -rf "$W"' EXIT
cd "$W"
unset DATABASE_URL FC_CONFIG
export CONNECTOR_LOG_FILE="$W/bench.log"
ONLY=" ${BENCH_ONLY:-local ingest autodesk gdrive postgresql} "
want() { case $ONLY in *" $1 "*) return 0 ;; esac; return 1; }
. "$top/tests/bench-lib.sh"

row() {	# what n secs rss ratio target
	printf '%-30s %10s/s %8ss %8s KiB  %-8s %s\n' "$1" "$(rate "$2" "$3")" \
	    "$3" "$4" "$5" "$6"
}

echo "fc bench: $(nproc) cores, tree of $TREE files, $N file lines"
# the local endpoint, which fc-status -l reads too
cat >connector.yaml <<EOF2
endpoints:
  - name: bench
    endpoint_type: local
    endpoint_details:
      root: $W/tree
EOF2
if want local; then
	echo "# generating"
	python3 - "$TREE" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = "tree/p%02d/d%03d" % (i % 7, i // 1000)
    if i % 1000 < 7:
        os.makedirs(d, exist_ok=True)
    with open("%s/f%07d.dwg" % (d, i), "w") as f:
        f.write("x" * (i % 100))
PY

	# fc-list beside find, warm cache, best of 3
	set -- $(REPS=3 measure "find tree -type f -printf '%p %s %T@\n' >/dev/null")
	find_s=$1 find_rss=$2
	set -- $(REPS=3 measure "fc-list -c connector.yaml --endpoint bench >list.ndjson")
	list_s=$1 list_rss=$2
	[ "$(grep -c '"type":"file"' list.ndjson)" -eq "$TREE" ] ||
		{ echo "bench: fc-list listed the wrong number of files" >&2; exit 1; }
	r_list=$(ratio "$(rate "$TREE" "$list_s")" "$(rate "$TREE" "$find_s")")
	printf '%-30s %12s %9s %12s  %-8s %s\n' what rate wall 'peak RSS' ratio target
	row 'find -printf' "$TREE" "$find_s" "$find_rss" 1.00 ''
	row 'fc-list' "$TREE" "$list_s" "$list_rss" "$r_list" \
	    "≥ 0.50 × find: $(verdict "$r_list" 0.5)"
fi

# N file lines in fc-list's own format
if want ingest || want postgresql; then
	python3 - "$N" <<'PY'
import json, sys
n = int(sys.argv[1])
with open("lines.ndjson", "w") as out:
    out.write(json.dumps({"type": "begin", "endpoint": "bench",
        "endpoint_type": "local", "mode": "full", "scope": "/srv/bench",
        "run": "0123456789abcdef", "started_at": "2026-11-25T13:00:00Z"},
        separators=(",", ":")) + "\n")
    for i in range(n):
        p = "p%02d/d%04d/f%07d.dwg" % (i % 7, i // 1000, i)
        out.write(json.dumps({"type": "file", "endpoint": "bench", "id": p,
            "name": p.rsplit("/", 1)[1], "path": p,
            "link": "file:///srv/bench/" + p, "size": str(i % 100000),
            "created_at": None, "updated_at": "2026-01-02T03:04:05Z",
            "version": str(1767323045000000000 + i),
            "mime_type": "image/vnd.dwg", "state": "present",
            "raw": {"dev": "2049", "ino": str(100000 + i), "mode": "0644",
                    "uid": 1000, "gid": 1000, "nlink": 1}},
            separators=(",", ":")) + "\n")
    out.write(json.dumps({"type": "end", "endpoint": "bench",
        "complete": True, "count": n, "cursor": None,
        "finished_at": "2026-11-25T13:01:00Z"}, separators=(",", ":")) + "\n")
PY
fi

if want ingest; then
	# an empty database with fc's schema, copied for each contender
	printf '%s\n' '{"type":"begin","endpoint":"bench","endpoint_type":"local"}' \
	    '{"type":"end","endpoint":"bench","complete":true,"count":0}' |
	    DATABASE_URL=sqlite://$W/empty.db fc-ingest >/dev/null
	cols=$(sqlite3 empty.db "select group_concat(name, ',') from pragma_table_info('files')")
	epid=$(sqlite3 empty.db "select id from endpoints where name = 'bench'")

	# the same rows as CSV, columns in the table's order, ids given
	python3 - "$cols" "$epid" <<'PY'
import csv, json, sys
cols = sys.argv[1].split(",")
ep = int(sys.argv[2])
now = "2026-11-25T13:00:00Z"
with open("lines.ndjson") as f, open("rows.csv", "w", newline="") as out:
    w = csv.writer(out)
    i = 0
    for line in f:
        r = json.loads(line)
        if r["type"] != "file":
            continue
        i += 1
        v = {"id": i, "endpoint_id": ep, "external_file_id": r["id"],
             "file_name": r["name"], "file_path": r["path"],
             "file_link": r["link"], "file_size": int(r["size"]),
             "created_at": r["created_at"], "updated_at": r["updated_at"],
             "version": r["version"], "mime_type": r["mime_type"],
             "state": r["state"], "first_seen_at": now, "last_seen_at": now,
             "deleted_at": None,
             "raw": json.dumps(r["raw"], separators=(",", ":"))}
        w.writerow(["" if v.get(c) is None else v.get(c) for c in cols])
PY

	cat >upsert.py <<'PY'
# What a user would write: json + sqlite3 from the standard library,
# executemany with an upsert that only writes changed rows, one transaction.
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ep = db.execute("select id from endpoints where name = 'bench'").fetchone()[0]
now = "2026-11-25T13:00:00Z"
def rows():
    for line in sys.stdin:
        r = json.loads(line)
        if r["type"] == "file":
            yield (ep, r["id"], r["name"], r["path"], r["link"],
                   int(r["size"]), r["created_at"], r["updated_at"],
                   r["version"], r["mime_type"], r["state"], now, now,
                   json.dumps(r["raw"], separators=(",", ":")))
with db:
    db.executemany("""insert into files (endpoint_id, external_file_id,
        file_name, file_path, file_link, file_size, created_at, updated_at,
        version, mime_type, state, first_seen_at, last_seen_at, raw)
        values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        on conflict (endpoint_id, external_file_id) do update set
        file_name = excluded.file_name, file_path = excluded.file_path,
        file_link = excluded.file_link, file_size = excluded.file_size,
        created_at = excluded.created_at, updated_at = excluded.updated_at,
        version = excluded.version, mime_type = excluded.mime_type,
        state = excluded.state, last_seen_at = excluded.last_seen_at,
        raw = excluded.raw
        where (files.file_name, files.file_path, files.file_link,
               files.file_size, files.created_at, files.updated_at,
               files.version, files.mime_type, files.state, files.raw)
        is not (excluded.file_name, excluded.file_path, excluded.file_link,
               excluded.file_size, excluded.created_at, excluded.updated_at,
               excluded.version, excluded.mime_type, excluded.state,
               excluded.raw)""", rows())
PY

	writes_trigger() {
		sqlite3 "$1" "create table writes(n integer); insert into writes values(0);
		create trigger wi after insert on files begin update writes set n=n+1; end;
		create trigger wu after update on files begin update writes set n=n+1; end;"
	}

	# fresh FROM TO: measure's PREP for a copy of SQLite database FROM as TO
	# (a clean close leaves no -wal file, a failed run may)
	fresh() { echo "rm -f '$2-wal' '$2-shm' && cp '$1' '$2'"; }

	set -- $(measure "sqlite3 import.db '.mode csv' '.import rows.csv files'" \
	    "$(fresh empty.db import.db)")
	imp_s=$1 imp_rss=$2
	[ "$(sqlite3 import.db 'select count(*) from files')" -eq "$N" ] ||
		{ echo "bench: .import loaded the wrong number of rows" >&2; exit 1; }

	set -- $(measure "python3 upsert.py py.db <lines.ndjson" "$(fresh empty.db py.db)")
	py1_s=$1 py1_rss=$2
	cp py.db py.loaded
	set -- $(measure "python3 upsert.py py.db <lines.ndjson" "$(fresh py.loaded py.db)")
	py2_s=$1 py2_rss=$2

	set -- $(measure "DATABASE_URL=sqlite://$W/fc.db fc-ingest <lines.ndjson >first.out" \
	    "$(fresh empty.db fc.db)")
	fc1_s=$1 fc1_rss=$2
	[ "$(sqlite3 fc.db "select count(*) from files")" -eq "$N" ] ||
		{ echo "bench: fc-ingest loaded the wrong number of rows" >&2; exit 1; }
	writes_trigger fc.db
	cp fc.db fc.loaded
	set -- $(measure "DATABASE_URL=sqlite://$W/fc.db fc-ingest <lines.ndjson >second.out" \
	    "$(fresh fc.loaded fc.db)")
	fc2_s=$1 fc2_rss=$2
	written=$(sqlite3 fc.db 'select n from writes')

	imp_rate=$(rate "$N" "$imp_s")
	r_py1=$(ratio "$(rate "$N" "$py1_s")" "$imp_rate")
	r_py2=$(ratio "$(rate "$N" "$py2_s")" "$imp_rate")
	r_fc1=$(ratio "$(rate "$N" "$fc1_s")" "$imp_rate")
	r_fc2=$(ratio "$(rate "$N" "$fc2_s")" "$imp_rate")
	faster=$(awk -v a="$fc1_s" -v b="$py1_s" 'BEGIN { print (a < b) ? "ok" : "MISSED" }')

	row 'sqlite3 .import (raw limit)' "$N" "$imp_s" "$imp_rss" 1.00 ''
	row 'python3 upsert, first load' "$N" "$py1_s" "$py1_rss" "$r_py1" ''
	row 'fc-ingest, first load' "$N" "$fc1_s" "$fc1_rss" "$r_fc1" \
	    "≥ 0.80 × raw: $(verdict "$r_fc1" 0.8); faster than python3: $faster"
	row 'python3 upsert, re-load' "$N" "$py2_s" "$py2_rss" "$r_py2" ''
	row 'fc-ingest, re-load' "$N" "$fc2_s" "$fc2_rss" "$r_fc2" \
	    "≥ 1.50 × raw: $(verdict "$r_fc2" 1.5); rows written: $written"
	echo "fc-ingest peak RSS ≤ 32 MiB: first load $(rss_ok "$fc1_rss"), re-load $(rss_ok "$fc2_rss")"
	echo "fc-ingest said: $(jq -c '{status,inserted,updated,unchanged,deleted}' second.out)"
fi

# ---- fc-status -l -----------------------------------------------------------
# ab -n BENCH_AB_N from 127.0.0.1, one address as behind a reverse proxy,
# at each of BENCH_AB_C clients: GET /health and /status, which open the
# database above, read it and close it again, beside GET /nope, a 404
# from the same server that reads nothing.  The baseline is the server's own
# HTTP path, threads, connection limit and listen queue, so the ratio is
# what a status read costs; a static server (python3 -m http.server: a
# listen queue of 5, a thread per client) would measure itself.  Failed
# is ab's "Failed requests" (a reset, a short reply), plus the requests
# never made when ab gave up on an error; every one is a client that
# got no answer.  /health reads the endpoints and their last syncs but
# counts no files, so the BENCH_N rows above do not slow it; /status
# counts them (about 13 ms per 100,000 rows): 1,000 requests each.
# (a part of ingest: it reads ingest's database)
if want ingest; then
	ABN=${BENCH_AB_N:-1000}
	ABC=${BENCH_AB_C:-32 64 256}
	if command -v ab >/dev/null; then
		rm -f ready
		mkfifo ready
		DATABASE_URL=sqlite://$W/fc.db fc-status -c connector.yaml \
		    -l 127.0.0.1:0 >ready 2>status.err &
		SRV=$!
		read -r _ _ addr <ready
		# ab PATH C: "requests/s failed" of ab -n $ABN -c C, "-" for the
		# rate of a run ab gave up
		ab_run() {
			ab -q -n "$ABN" -c "$2" "http://$addr$1" >ab.out 2>ab.err || true
			# given up: no report, "... Total of N requests completed"
			awk -v n="$ABN" '
			    /^Requests per second:/ { rate = $4 }
			    /^Complete requests:/ { done = $3 }
			    /Total of [0-9]+ requests completed/ {
				sub(/.*Total of /, ""); done = $1 }
			    /^Failed requests:/ { failed = $3 }
			    END { printf "%s %d\n", rate == "" ? "-" : sprintf("%.0f", rate),
				failed + n - done }' ab.out
		}
		echo "# fc-status -l, ab -n $ABN from one address"
		printf '%-30s %12s %9s  %-8s %s\n' what rate failed ratio target
		for c in $ABC; do
			set -- $(ab_run /nope "$c")
			base=$1 basefail=$2
			printf '%-30s %10s/s %9s  %-8s\n' "404, -c $c (HTTP only)" \
			    "$base" "$basefail" 1.00
			for p in /health /status; do
				set -- $(ab_run $p "$c")
				case $1:$base in
				*-* | *:0) r=- ;;
				*) r=$(ratio "$1" "$base") ;;
				esac
				[ "$2" -eq 0 ] && [ "$basefail" -eq 0 ] && v=ok ||
				    v=MISSED
				printf '%-30s %10s/s %9s  %-8s %s\n' "$p, -c $c" \
				    "$1" "$2" "$r" "no failure: $v"
			done
		done
		kill "$SRV"
		wait "$SRV" || true
		SRV=
	else
		echo "fc-status -l: skipped: no ab (install apache2-utils)"
	fi
fi

# ---- Autodesk -----------------------------------------------------------------
# fc-list -j 8 against tests/fake-aps.py: BENCH_APS_FOLDERS folders and
# BENCH_APS_FILES files generated from a seed (5% hidden, 3% with the tip
# left out of the contents page), BENCH_APS_LATENCY ms before each answer.
#   unpaced  no budget at the fake, FC_APS_RATE_SCALE=0
#   paced    APS's limits with time scaled by BENCH_APS_SCALE (10): the
#            fake allows 300 contents and items, 50 hubs and projects, in
#            each fixed window of 60/scale s, and fc paces at scale times
#            APS's per-minute rates (3,000 a minute); 1 is the real rate
#   delta    incremental listings from the unpaced run's cursor: the
#            project unchanged, then with one file added five folders down
# Beside each: the fewest requests the API allows (hubs, project, top
# folders, a contents page per 200 entries of each folder walked, an item
# for each tip left out; counted from the fake's truth), the lower bound
# max(requests / 8 x latency, requests / rate), and the same requests
# replayed by a python3 client on 8 kept-alive connections, which shows
# what the fake itself costs on this machine; the bound leaves that out.
if want autodesk; then
	AF=${BENCH_APS_FOLDERS:-1000}
	AN=${BENCH_APS_FILES:-50000}
	ALAT=${BENCH_APS_LATENCY:-20}
	ASCALE=${BENCH_APS_SCALE:-10}
	echo "# Autodesk: fake APS, $AF folders, $AN files, $ALAT ms a request, fc-list -j 8"
	rm -f aps.port
	mkfifo aps.port
	python3 "$top/tests/fake-aps.py" --port-file aps.port --log "$W/aps.log" \
	    --generate "folders=$AF,files=$AN,depth=6,seed=7" --rate-scale 0 \
	    --faults "{\"latency_ms\": $ALAT}" 2>aps.err &
	APS=$!
	read -r aport <aps.port
	aurl=http://127.0.0.1:$aport
	afaults() { curl -fsS -X POST -d "$1" "$aurl/_admin/faults" >/dev/null; }
	curl -fsS "$aurl/_admin/folders" >aps.folders
	curl -fsS "$aurl/_admin/files" >aps.files
	cat >aps.yaml <<EOF2
clients:
  autodesk:
    client_id: client1
    client_secret: secret1
    grant: client_credentials
    base_url: $aurl
endpoints:
  - name: acc
    endpoint_type: autodesk_construction_cloud
    endpoint_details:
      project_id: $(jq -r '.[0].project' aps.folders)
settings:
  token_dir: $W/tokens
EOF2
	# "minimum files" from the truth: what a full walk must ask, and list
	set -- $(python3 - <<'PY'
import json, math
folders = json.load(open("aps.folders"))
files = json.load(open("aps.files"))
kids, items = {}, {}
for f in folders:
    kids.setdefault(f["parent"], []).append(f)
for it in files:
    items.setdefault(it["parent"], []).append(it)
walk = []
for root in kids[None]:
    todo = [f for f in kids.get(root["id"], []) if not f["hidden"]]
    while todo:
        f = todo.pop()
        walk.append(f)
        todo += [c for c in kids.get(f["id"], []) if not c["hidden"]]
pages = sum(max(1, math.ceil((len(kids.get(f["id"], [])) +
                              len(items.get(f["id"], []))) / 200)) for f in walk)
tips = sum(1 for f in walk for it in items.get(f["id"], []) if not it["tip_included"])
print(3 + pages + tips, sum(len(items.get(f["id"], [])) for f in walk))
PY
	)
	amin=$1 afiles=$2
	# asked: "requests 429s" in aps.log, token calls left out
	asked() {
		jq -r 'select(.route != "token") | .status' aps.log |
		    awk '{ n++ } $1 == 429 { r++ } END { printf "%d %d\n", n, r }'
	}
	bound() {	# requests per-minute (0: unpaced)
		awk -v n="$1" -v r="$2" -v l="$ALAT" 'BEGIN {
			b = n / 8 * l / 1000
			if (r > 0 && n / (r / 60) > b) b = n / (r / 60)
			printf "%.2f", b }'
	}
	# aps_run NAME SCALE: one full listing, its row and its targets
	aps_run() {
		: >aps.log
		set -- "$1" $(REPS=1 measure "FC_APS_RATE_SCALE=$2 fc-list -c aps.yaml -e acc >aps.list") "$2"
		_n=$(jq -r 'select(.type == "end") | "\(.complete) \(.count)"' aps.list)
		[ "$_n" = "true $afiles" ] ||
			{ echo "bench: fc-list listed $_n, not true $afiles" >&2; exit 1; }
		set -- "$@" $(asked)
		# name secs rss scale requests 429s
		aps_n=$5
		_b=$(bound "$5" "$(awk -v s="$4" 'BEGIN { print 300 * s }')")
		if [ "$4" = 0 ]; then
			_rp=$(python3 "$top/tests/bench-replay.py" "$aport" aps.log 8 \
			    "$(fc-auth -c aps.yaml token autodesk)")s
		else
			_rp=-
		fi
		printf '%-20s %8s %8s %5s %8ss %8ss %8s %7s KiB\n' "$1" "$5" "$amin" \
		    "$6" "$2" "$_b" "$_rp" "$3"
		printf '  wall %s x bound (<= 1.5: %s); requests %s x minimum (<= 1.05: %s);\n' \
		    "$(ratio "$2" "$_b")" "$(lte "$(ratio "$2" "$_b")" 1.5)" \
		    "$(ratio "$5" "$amin")" "$(lte "$(ratio "$5" "$amin")" 1.05)"
		printf '  429s %s%% (<= 1%%: %s); peak RSS <= 32 MiB: %s\n' \
		    "$(pct "$6" "$5")" "$(lte "$(pct "$6" "$5")" 1)" "$(rss_ok "$3")"
		if [ "$4" = 0 ]; then
			printf '  wall %s x the replay of the same requests\n' \
			    "$(ratio "$2" "${_rp%s}")"
		fi
	}
	printf '%-20s %8s %8s %5s %9s %9s %8s %11s\n' what requests minimum 429s \
	    wall bound replay 'peak RSS'
	afaults "{\"latency_ms\": $ALAT, \"rate_scale\": 0}"
	aps_run 'full, unpaced' 0
	# fc-list's, not the replay's after them in aps.log
	full_n=$aps_n
	cursor=$(jq -r 'select(.type == "end") | .cursor' aps.list)
	afaults "{\"latency_ms\": $ALAT, \"rate_window\": $(awk -v s="$ASCALE" 'BEGIN { print 60 / s }'),
	    \"budgets\": {\"data\": 300, \"hubs\": 50, \"versions\": 800}}"
	aps_run "full, paced x$ASCALE" "$ASCALE"

	# the delta listings, from the unpaced run's cursor
	afaults "{\"latency_ms\": $ALAT, \"rate_scale\": 0}"
	fc-auth -c aps.yaml --all 2>/dev/null | jq -c --arg c "$cursor" '.cursor = $c' >aps.ep
	aps_delta() {	# NAME
		: >aps.log
		set -- "$1" $(REPS=1 measure "FC_APS_RATE_SCALE=0 FC_CONFIG=aps.yaml fc-list <aps.ep >aps.list")
		_m=$(jq -r 'select(.type == "begin") | .mode' aps.list)
		_c=$(jq -r 'select(.type == "end") | .complete' aps.list)
		[ "$_m:$_c" = delta:true ] ||
			{ echo "bench: $1: a $_m listing, complete $_c" >&2; exit 1; }
		set -- "$@" $(asked) $(jq -r 'select(.type == "end") | .count' aps.list)
		printf '%-20s %8s %8s %5s %8ss %9s %8s %7s KiB\n' "$1" "$4" - "$5" "$2" - - "$3"
		printf '  %s%% of the full walk'"'"'s requests, %s files listed\n' \
		    "$(pct "$4" "$full_n")" "$6"
		delta_pct=$(pct "$4" "$full_n")
	}
	aps_delta 'delta, unchanged'
	echo "  an unchanged project, <= 5% of the full walk's requests: $(lte "$delta_pct" 5)"
	deep=$(jq -r '[.[] | select(.hidden | not) | select(.path | split("/") | length == 7)][0].id' \
	    aps.folders)
	curl -fsS -X POST "$aurl/_admin/add?parent=$deep&name=bench-added.pdf" >/dev/null
	aps_delta 'delta, one file added'
	kill "$APS"
	wait "$APS" 2>/dev/null || true
	APS=
fi

# ---- Google Drive -----------------------------------------------------------
if want gdrive; then
	. "$top/tests/bench-gdrive.sh"
fi

# ---- PostgreSQL -------------------------------------------------------------
# fc-ingest beside psql \copy of the same rows into the same table, each
# in a database of its own on a server of the bench's own: PostgreSQL's
# default settings, a socket in $W, Debian's postgres user when run as
# root (PostgreSQL refuses root), the programs from `pg_config --bindir`
# or the newest /usr/lib/postgresql/*/bin, never from PATH.  The server's
# peak RSS is that of the backend serving each contender, from its own
# getrusage(2) as log_statement_stats reports it (the shared buffers it
# touched included).
want postgresql || exit 0
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
PGB=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$PGB/pg_ctl" ] || [ ! -x "$PGB/initdb" ]; then
	PGB=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n |
	    tail -n 1)
fi
if [ -z "$PGB" ] || [ ! -x "$PGB/pg_ctl" ] || [ ! -x "$PGB/initdb" ]; then
	echo "PostgreSQL: skipped: no server programs (install postgresql)"
	exit 0
fi
echo "# PostgreSQL $("$PGB/postgres" --version | awk '{ print $3 }'), default settings"
mkdir "$W/pg"
if [ "$(id -u)" -eq 0 ]; then
	chmod o+x "$W"
	chown postgres "$W/pg"
fi
as_pg "$PGB/initdb" -D "$W/pg/data" -A trust -E UTF8 --locale=C -U postgres \
    >"$W/pg/initdb.log" 2>&1
as_pg "$PGB/pg_ctl" -D "$W/pg/data" -w -s -l "$W/pg/log" -o "-k '$W/pg' \
    -c listen_addresses='' -c log_statement_stats=on" start
pq() { psql -X -q -A -t -h "$W/pg" -U postgres "$@"; }
# the contenders' databases are copies of these templates, made afresh
# before each run (measure's PREP), checkpointed, by a session whose
# statistics stay out of the log
pq -d postgres -c 'CREATE DATABASE empty'
printf '%s\n' '{"type":"begin","endpoint":"bench","endpoint_type":"local"}' \
    '{"type":"end","endpoint":"bench","complete":true,"count":0}' |
    DATABASE_URL="postgresql:///empty?host=$W/pg&user=postgres" fc-ingest >/dev/null
pgepid=$(pq -d empty -c "select id from endpoints where name = 'bench'")
pgfresh() {	# TEMPLATE DB
	echo "PGOPTIONS='-c log_statement_stats=off -c client_min_messages=warning'" \
	    "psql -X -q -h '$W/pg' -U postgres -d postgres" \
	    "-c 'DROP DATABASE IF EXISTS $2' -c 'CREATE DATABASE $2 TEMPLATE $1'" \
	    "-c CHECKPOINT"
}
pgcols="endpoint_id, external_file_id, file_name, file_path, file_link,
    file_size, created_at, updated_at, version, mime_type, state,
    first_seen_at, last_seen_at, raw, line_digest"

# the same rows in COPY's text format, with the digests fc stores
python3 - "$pgepid" <<'EOF'
import hashlib, json, sys
ep = sys.argv[1]
now = "2026-11-25T13:00:00Z"
def t(v):
    if v is None:
        return "\\N"
    return (str(v).replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))
with open("lines.ndjson", "rb") as f, open("rows.txt", "w") as out:
    for line in f:
        line = line.rstrip(b"\r\n")
        r = json.loads(line)
        if r["type"] != "file":
            continue
        d = hashlib.sha256(line).hexdigest()[:32]
        out.write("\t".join([ep, t(r["id"]), t(r["name"]), t(r["path"]),
            t(r["link"]), t(r["size"]), t(r["created_at"]),
            t(r["updated_at"]), t(r["version"]), t(r["mime_type"]),
            t(r["state"]), now, now,
            t(json.dumps(r["raw"], separators=(",", ":"))),
            "\\\\x" + d]) + "\n")
EOF
printf '\\copy files (%s) from rows.txt\n' "$(echo $pgcols)" >copy.sql

# the highest "max resident size" (KiB) the log got after its line $1
backend_rss() {
	tail -n +"$(($1 + 1))" "$W/pg/log" |
	    awk '/max resident size/ { if ($2 + 0 > m) m = $2 + 0 } END { print m + 0 }'
}
loglines() { wc -l <"$W/pg/log" | tr -d ' '; }

n0=$(loglines)
set -- $(measure "psql -X -q -h '$W/pg' -U postgres -d copy -f copy.sql" \
    "$(pgfresh empty copy)")
cp_s=$1 cp_rss=$2 cp_srv=$(backend_rss "$n0")
[ "$(pq -d copy -c 'select count(*) from files')" -eq "$N" ] ||
	{ echo "bench: psql \\copy loaded the wrong number of rows" >&2; exit 1; }

pgurl="postgresql:///fc?host=$W/pg&user=postgres"
n0=$(loglines)
set -- $(measure "DATABASE_URL='$pgurl' fc-ingest <lines.ndjson >pgfirst.out" \
    "$(pgfresh empty fc)")
pg1_s=$1 pg1_rss=$2 pg1_srv=$(backend_rss "$n0")
[ "$(pq -d fc -c 'select count(*) from files')" -eq "$N" ] ||
	{ echo "bench: fc-ingest loaded the wrong number of rows" >&2; exit 1; }
# every later write to files bumps a counter
pq -d fc -c 'CREATE TABLE writes (n integer)' -c 'INSERT INTO writes VALUES (0)' \
    -c 'CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN UPDATE writes SET n = n + 1; RETURN NULL; END $$' \
    -c 'CREATE TRIGGER count_write AFTER INSERT OR UPDATE OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION count_write()'
pq -d postgres -c 'CREATE DATABASE loaded TEMPLATE fc'
n0=$(loglines)
set -- $(measure "DATABASE_URL='$pgurl' fc-ingest <lines.ndjson >pgsecond.out" \
    "$(pgfresh loaded fc)")
pg2_s=$1 pg2_rss=$2 pg2_srv=$(backend_rss "$n0")
pgwritten=$(pq -d fc -c 'select n from writes')

cp_rate=$(rate "$N" "$cp_s")
r_pg1=$(ratio "$(rate "$N" "$pg1_s")" "$cp_rate")
r_pg2=$(ratio "$(rate "$N" "$pg2_s")" "$cp_rate")
row 'psql \copy (raw limit)' "$N" "$cp_s" "$cp_rss" 1.00 ''
row 'fc-ingest, first load' "$N" "$pg1_s" "$pg1_rss" "$r_pg1" \
    "≥ 0.80 × raw: $(verdict "$r_pg1" 0.8)"
row 'fc-ingest, re-load' "$N" "$pg2_s" "$pg2_rss" "$r_pg2" \
    "≥ 1.50 × raw: $(verdict "$r_pg2" 1.5); rows written: $pgwritten"
echo "fc-ingest peak RSS ≤ 32 MiB: first load $(rss_ok "$pg1_rss"), re-load $(rss_ok "$pg2_rss")"
printf 'server backend peak RSS: \\copy %s KiB, first load %s KiB, re-load %s KiB\n' \
    "$cp_srv" "$pg1_srv" "$pg2_srv"
echo "fc-ingest said: $(jq -c '{status,inserted,updated,unchanged,deleted}' pgsecond.out)"
