#!/bin/sh
# fc-ingest under valgrind through every path of a listing: inserts,
# the fast path, updates, a digest rewrite, deletions, a resurrection, a
# refusal, a failed listing, an error line, a busy-free dry run, lines
# passed through, and the endpoints of a configuration.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
command -v valgrind >/dev/null || skip_all 'valgrind is not installed'
plan 9
FC_VALGRIND=1

b() { printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","run":"r"}\n' "$1"; }
f() { printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s","size":"%s","raw":{"n":1}}\n' "$1" "$2" "$2" "${3:-1}"; }
e() { printf '{"type":"end","endpoint":"%s","complete":%s,"count":%s}\n' "$1" "${3:-true}" "$2"; }

mkdir tree
write_conf "docs=$T/tree"
{ b docs; f docs a; f docs b; f docs c; e docs 3; echo '{"type":"note"}'; } >l1
{ b docs; f docs a; f docs b 2; printf '{"type":"file","endpoint":"docs","name":"c","id":"c","size":"1","raw":{"n":1}}\n'
  e docs 3; b docs; f docs a; e docs 1; b docs; f docs a; f docs b 2; e docs 2
  b docs; f docs a; e docs 1 false
  b docs; f docs a; f docs x; echo '{"type":"file", bad'; e docs 2
  printf '{"type":"error","endpoint":"docs","code":75,"message":"later"}\n'; } >l2
{ b docs; f docs a; f docs b 2; f docs c 3; e docs 3; } >l3

vg fc-ingest <l1 >out 2>err
is "$?" 0 'a first load under valgrind'
is "$(jq -r 'select(.type=="sync")|.inserted' out)" 3 'inserted 3'
vg fc-ingest --max-delete 1 <l2 >out 2>err
is "$?" 65 'a mixed bag under valgrind: 65, nothing else'
is "$(jq -r '.status' out | tr '\n' ' ')" 'ok refused ok partial failed failed ' \
    'ok, refused, ok, partial, failed, failed'
vg fc-ingest -n <l3 >out 2>err
is "$?" 0 'a dry run under valgrind'
is "$(jq -r '[.updated,.unchanged]|join(" ")' out)" '1 2' 'one update'
vg fc-ingest --allow-empty <l3 >out 2>err
is "$?" 0 'a resurrection under valgrind'
is "$(jq -r '[.updated,.unchanged]|join(" ")' out)" '1 2' 'the deleted file is back'
is "$(q "select state from files where external_file_id='c'")" \
    present 'present again'
