#!/bin/sh
# fc-list under valgrind, listing in its own process and through child
# processes: no invalid access, no uninitialised read, no definite leak.
. "${FC_TOP:-.}/tests/lib.sh"
command -v valgrind >/dev/null || skip_all 'valgrind is not installed'
plan 6
FC_VALGRIND=1

make_tree tree 150 pdf
: >'tree/d000/bad\377 name.pdf'
for e in v1 v2 v3; do
	printf '{"type":"endpoint","endpoint":"%s","endpoint_type":"local","details":{"root":"%s","file_types":["pdf"]}}\n' \
	    "$e" "$T/tree"
done >in
printf '{"type":"endpoint","endpoint":"v4","endpoint_type":"local","details":{"root":"%s"}}\n{"type":"x"}\n' \
    "$T/nope" >>in

head -n 1 in | vg fc-list >out 2>err
is "$?" 0 'one endpoint, listed in-process, under valgrind'
is "$(jq -r 'select(.type=="end").count' out)" 151 'all 151 files'
vg fc-list -n 100 in >out 2>err
is "$?" 66 'four endpoints in children under valgrind: 66 for the missing root'
is "$(jq -r 'select(.type=="end")|[.endpoint,.count]|join("=")' out | sort | tr '\n' ' ')" \
    'v1=100 v2=100 v3=100 ' 'the three listings, cut at 100'
ok 'no valgrind report' sh -c '! grep -q "==[0-9]*==" err'
write_conf "c=$T/tree"
vg fc-list -e c >out 2>err
is "$?" 0 'fc-list -e under valgrind'
