#!/bin/sh
# A listing cut short by fc-list --max-files is incomplete: it updates what
# it names and deletes nothing.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 6

make_tree tree 50 dwg
write_conf "plans=$T/tree"
sync_once >out 2>err
is "$(jq -r .inserted out)" 50 'first pass lists 50'

printf 'grown' >>tree/d000/f000007.dwg
fc-auth --all | fc-list --max-files 10 >listing 2>err
is "$(jq -r 'select(.type=="end")|[.complete,.count]|join(" ")' listing)" \
    'false 10' 'the end line says incomplete, 10 files'
fc-ingest <listing >out 2>err
is "$?" 0 'fc-ingest accepts it'
is "$(jq -r '[.status,.complete,.deleted]|join(" ")' out)" 'partial false 0' \
    'status partial, nothing deleted'
is "$(q "select count(*) from files where deleted_at is null")" 50 \
    'all 50 rows still live'
is "$(q "select status from sync_logs order by id desc limit 1")" \
    partial 'sync_logs says partial'
