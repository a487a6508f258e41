# tests/bench-gdrive.sh: the Google Drive part of make bench, read by
# tests/bench.sh in $W, with $top; the helpers are tests/bench-lib.sh's.
#
# fc-list against tests/fake-gdrive.py: a service account that sees one
# shared folder of BENCH_GD_FOLDERS folders (up to 6 deep) and
# BENCH_GD_FILES files, BENCH_GD_LATENCY ms before each answer.
#   flat     everything the account sees, listed flat: every folder, then
#            every file, 1000 a page, each page naming the next
#   walk     the folder, walked folder by folder with -j 8
#   delta    incremental listings of the folder from the walk's cursor:
#            unchanged, then after BENCH_GD_CHANGES files were given new
#            versions in folders all over the tree
# Beside each: the fewest requests the API allows (flat: the root, the
# drives, the start token and a page per 1000 folders and per 1000
# files; walk: the folder, the start token and a page per folder), the
# lower bound those make at the latency alone (flat: one after another,
# as the pages must; walk: 8 at a time), and the same requests replayed
# by a python3 client the same way (one connection, or 8), which is
# what they cost with the fake's own time on this machine.  Each full
# listing runs once unmeasured first, so that the fake has made its
# pages before either is timed.
. "$top/tests/bench-lib.sh"
GF=${BENCH_GD_FOLDERS:-5000}
GN=${BENCH_GD_FILES:-100000}
GLAT=${BENCH_GD_LATENCY:-20}
GCH=${BENCH_GD_CHANGES:-100}
echo "# Google Drive: fake Drive, $GF folders, $GN files, $GLAT ms a request"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out gd.pem \
    2>/dev/null
openssl pkey -in gd.pem -pubout -out gd.pub
GSA=fc-bench@fc-bench.iam.gserviceaccount.com
rm -f gd.port
mkfifo gd.port
python3 "$top/tests/fake-gdrive.py" --port-file gd.port --log "$W/gd.log" \
    --sa "$GSA:gd.pub" --now 1767225600 \
    --generate "folders=$GF,files=$GN,depth=6,seed=1,drives=0" 2>gd.err &
GD=$!
read -r gport <gd.port
gurl=http://127.0.0.1:$gport
gfaults() { curl -fsS -X POST -d "$1" "$gurl/_admin/faults" >/dev/null; }
jq -n --rawfile k gd.pem --arg e "$GSA" --arg u "$gurl/token" \
    '{type: "service_account", private_key: $k, client_email: $e,
    token_uri: $u}' >gd.json
chmod 600 gd.json
curl -fsS "$gurl/_admin/files?as=$GSA" >gd.files
gproj=$(jq -r '.[] | select(.name == "Projects").id' gd.files)
cat >gd.yaml <<EOF2
clients:
  google_drive:
    credentials_path: $W/gd.json
    base_url: $gurl
endpoints:
  - name: all
    endpoint_type: google_drive
  - name: fold
    endpoint_type: google_drive
    endpoint_details:
      folder_id: $gproj
settings:
  token_dir: $W/gdtokens
EOF2
export FC_NOW=2026-01-01T00:00:00Z
fc-auth -c gd.yaml token google >gd.token
# the truth: folders and files the account sees, under Projects
set -- $(jq -r '[.[] | select(.paths[0] | startswith("My Drive/Projects/"))] |
    [([.[] | select(.mimeType == "application/vnd.google-apps.folder")] | length),
     ([.[] | select(.mimeType != "application/vnd.google-apps.folder")] | length)] |
    "\(.[0]) \(.[1])"' gd.files)
gfolders=$1 gfiles=$2
gasked() { jq -r 'select(.route != "token") | .route' gd.log | wc -l | tr -d ' '; }
gbound() {	# requests in-flight
	awk -v n="$1" -v j="$2" -v l="$GLAT" 'BEGIN { printf "%.2f", n / j * l / 1000 }'
}
# gd_run NAME ENDPOINT JOBS LANES MINIMUM: one full listing, its row and
# targets; LANES: how many of its requests can be in flight at once
gd_run() {
	# once unmeasured first: the fake keeps the pages it has made, as
	# Drive serves them, at no cost that would count against fc
	fc-list -c gd.yaml -j "$3" -e "$2" >/dev/null
	: >gd.log
	set -- "$@" $(REPS=1 measure "fc-list -c gd.yaml -j $3 -e $2 >gd.list")
	_n=$(jq -r 'select(.type == "end") | "\(.complete) \(.count)"' gd.list)
	[ "$_n" = "true $gfiles" ] ||
		{ echo "bench: fc-list listed $_n, not true $gfiles" >&2; exit 1; }
	# name endpoint jobs lanes minimum secs rss
	_r=$(gasked)
	_b=$(gbound "$_r" "$4")
	_rp=$(python3 "$top/tests/bench-replay.py" "$gport" gd.log "$4" \
	    "$(cat gd.token)" "Accept-Encoding: gzip")
	printf '%-20s %8s %8s %8ss %8ss %8ss %7s KiB\n' "$1" "$_r" "$5" "$6" \
	    "$_b" "$_rp" "$7"
	printf '  wall %s x the latency bound (<= 1.5: %s), %s x the replay;\n' \
	    "$(ratio "$6" "$_b")" "$(lte "$(ratio "$6" "$_b")" 1.5)" \
	    "$(ratio "$6" "$_rp")"
	printf '  requests %s x minimum (<= 1.05: %s); peak RSS <= 32 MiB: %s\n' \
	    "$(ratio "$_r" "$5")" "$(lte "$(ratio "$_r" "$5")" 1.05)" \
	    "$(rss_ok "$7")"
}
printf '%-20s %8s %8s %9s %9s %9s %11s\n' what requests minimum wall bound \
    replay 'peak RSS'
gfaults "{\"latency_ms\": $GLAT}"
gd_run 'full, flat' all 8 1 \
    $((3 + (gfolders + 1 + 999) / 1000 + (gfiles + 999) / 1000))
gd_run 'full, walk -j 8' fold 8 8 $((2 + gfolders + 1))
cursor=$(jq -r 'select(.type == "end") | .cursor' gd.list)

# the delta listings, from the walk's cursor
fc-auth -c gd.yaml -e fold 2>/dev/null | jq -c --arg c "$cursor" '.cursor = $c' >gd.ep
gd_delta() {	# NAME
	: >gd.log
	set -- "$1" $(REPS=1 measure "FC_CONFIG=gd.yaml fc-list <gd.ep >gd.list")
	_m=$(jq -r 'select(.type == "begin") | .mode' gd.list)
	_c=$(jq -r 'select(.type == "end") | .complete' gd.list)
	[ "$_m:$_c" = delta:true ] ||
		{ echo "bench: $1: a $_m listing, complete $_c" >&2; exit 1; }
	set -- "$@" "$(gasked)" "$(jq -r 'select(.route == "changes")' gd.log | jq -s length)" \
	    "$(jq -r 'select(.type == "end") | .count' gd.list)"
	printf '%-20s %8s %8s %8ss %9s %9s %7s KiB\n' "$1" "$4" - "$2" - - "$3"
	printf '  %s of them to the changes feed, %s files listed\n' "$5" "$6"
	gdelta=$4
}
gd_delta 'delta, unchanged'
echo "  an unchanged folder, 1 request: $(lte "$gdelta" 1)"
jq -r '.[] | select(.paths[0] | startswith("My Drive/Projects/")) |
    select(.size != null) | .id' gd.files >gd.sized
# every k-th file that has content: spread over the whole tree
awk -v n="$GCH" -v t="$(wc -l <gd.sized)" 'NR % int(t / n) == 0' gd.sized |
    head -n "$GCH" >gd.changed
while read -r id; do
	curl -fsS -X POST "$gurl/_admin/version?id=$id" >/dev/null
done <gd.changed
gd_delta "delta, $(wc -l <gd.changed | tr -d ' ') changed"
echo "  a handful of requests (<= 10): $(lte "$gdelta" 10)"
unset FC_NOW
kill "$GD"
wait "$GD" 2>/dev/null || true
GD=
