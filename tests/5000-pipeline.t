#!/bin/sh
# The whole pass, fc-auth --due | fc-list | fc-ingest, on a generated tree:
# first load, an unchanged second run that writes no row, then a rename, a
# deletion and a file that grew, each seen on the next run.
. "${FC_TOP:-.}/tests/lib.sh"
plan 22

make_tree tree 300 pdf
write_conf "docs=$T/tree"
db=data/connector.db

sync_once >out 2>err
is "$?" 0 'first pass exits 0'
is "$(jq -r '[.type,.endpoint,.status,.inserted,.deleted]|join(" ")' out)" \
    'sync docs ok 300 0' 'one sync line: 300 inserted'
is "$(sqlite3 $db "select count(*) from files where state='present'")" 300 \
    '300 rows in files'
is "$(sqlite3 $db "select file_size from files where external_file_id='d001/f000149.pdf'")" \
    49 'size stored as a number'
is "$(sqlite3 $db "select file_link from files where external_file_id='d001/f000149.pdf'")" \
    "file://$T/tree/d001/f000149.pdf" 'link is a file:// URL'
fc-status >status 2>&1
is "$?" 0 'fc-status: healthy after the first sync'

# every later write to files bumps a counter, so "nothing written" is exact
sqlite3 $db "create table writes(n integer); insert into writes values(0);
create trigger wi after insert on files begin update writes set n=n+1; end;
create trigger wu after update on files begin update writes set n=n+1; end;
create trigger wd after delete on files begin update writes set n=n+1; end;"

fc-auth --due >due
is "$(wc -l <due | tr -d ' ')" 0 'nothing is due right after a sync'

sync_once --all >out 2>err
is "$?" 0 'second pass exits 0'
is "$(jq -r '[.status,.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    'ok 0 0 300 0' 'second pass: all unchanged'
is "$(sqlite3 $db 'select n from writes')" 0 'no row of files was written'
is "$(sqlite3 $db 'select count(*) from sync_logs')" 2 'two syncs logged'

mv tree/d000/f000001.pdf tree/d000/renamed.pdf
rm tree/d002/f000250.pdf
printf 'more bytes' >>tree/d001/f000120.pdf
sync_once --all >out 2>err
is "$?" 0 'third pass exits 0'
is "$(jq -r '[.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    '1 1 297 2' 'rename = insert + delete; growth = update; a deletion'
is "$(sqlite3 $db "select state, deleted_at is not null from files where external_file_id='d002/f000250.pdf'")" \
    'deleted|1' 'the deleted file is kept, marked deleted'
is "$(sqlite3 $db "select state from files where external_file_id='d000/renamed.pdf'")" \
    present 'the renamed file is there under its new path'
is "$(sqlite3 $db "select file_size from files where external_file_id='d001/f000120.pdf'")" \
    30 'the grown file has its new size'
is "$(sqlite3 $db 'select n from writes')" 4 'exactly four rows written'

printf 'x' >tree/d002/f000250.pdf
sync_once --all >out 2>err
is "$(jq -r '[.inserted,.updated,.deleted]|join(" ")' out)" '0 1 0' \
    'a file that comes back revives its row'
is "$(sqlite3 $db "select state, deleted_at is null from files where external_file_id='d002/f000250.pdf'")" \
    'present|1' 'and it is present again'

rm -r tree/*
before=$(sqlite3 $db '.dump files')
sync_once --all >out 2>err
is "$?" 65 'an empty complete listing is refused (65)'
is "$(sqlite3 $db '.dump files')" "$before" 'and files is untouched'
is "$(jq -r .status out)" refused 'the sync line says refused'
