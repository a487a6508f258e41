#!/bin/sh
# The pass with every C program under valgrind: no invalid access, no
# uninitialised read, no definite leak.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
command -v valgrind >/dev/null || skip_all 'valgrind is not installed'
plan 5
FC_VALGRIND=1

make_tree tree 40 pdf
write_conf "vg=$T/tree"
vg fc-auth --due >due 2>err
is "$?" 0 'fc-auth --due under valgrind'
vg fc-list <due >listing 2>err
is "$?" 0 'fc-list under valgrind'
vg fc-ingest <listing >out 2>err
is "$?" 0 'fc-ingest under valgrind'
is "$(jq -r .inserted out)" 40 'and it synced 40 files'
vg fc-status --json >status 2>err
is "$?" 0 'fc-status --json under valgrind'
