#!/bin/sh
# The whole pass, fc-auth --due | fc-list | fc-ingest, on a generated tree:
# first load, an unchanged second run that writes no row, then a rename, a
# deletion and a file that grew, each seen on the next run.  Every stage's
# exit status is checked (sync_once's $sync_status), not just the last's.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 25

make_tree tree 300 pdf
write_conf "docs=$T/tree"

sync_once >out 2>err
is "$?:$sync_status" '0:0 0 0' 'first pass: fc-auth, fc-list and fc-ingest exit 0'
is "$(jq -r '[.type,.endpoint,.status,.inserted,.deleted]|join(" ")' out)" \
    'sync docs ok 300 0' 'one sync line: 300 inserted'
is "$(q "select count(*) from files where state='present'")" 300 \
    '300 rows in files'
is "$(q "select file_size from files where external_file_id='d001/f000149.pdf'")" \
    49 'size stored as a number'
is "$(q "select file_link from files where external_file_id='d001/f000149.pdf'")" \
    "file://$T/tree/d001/f000149.pdf" 'link is a file:// URL'
fc-status >status 2>&1
is "$?" 0 'fc-status: healthy after the first sync'

# every later write to files bumps a counter, so "nothing written" is exact
count_writes files

fc-auth --due >due
is "$(wc -l <due | tr -d ' ')" 0 'nothing is due right after a sync'

sync_once --all >out 2>err
is "$?:$sync_status" '0:0 0 0' 'second pass: every stage exits 0'
is "$(jq -r '[.status,.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    'ok 0 0 300 0' 'second pass: all unchanged'
is "$(writes)" 0 'no row of files was written'
is "$(q 'select count(*) from sync_logs')" 2 'two syncs logged'

mv tree/d000/f000001.pdf tree/d000/renamed.pdf
rm tree/d002/f000250.pdf
printf 'more bytes' >>tree/d001/f000120.pdf
sync_once --all >out 2>err
is "$?:$sync_status" '0:0 0 0' 'third pass: every stage exits 0'
is "$(jq -r '[.inserted,.updated,.unchanged,.deleted]|join(" ")' out)" \
    '1 1 297 2' 'rename = insert + delete; growth = update; a deletion'
is "$(q "select state, case when deleted_at is null then 0 else 1 end from files where external_file_id='d002/f000250.pdf'")" \
    'deleted|1' 'the deleted file is kept, marked deleted'
is "$(q "select state from files where external_file_id='d000/renamed.pdf'")" \
    present 'the renamed file is there under its new path'
is "$(q "select file_size from files where external_file_id='d001/f000120.pdf'")" \
    30 'the grown file has its new size'
is "$(writes)" 4 'exactly four rows written'

printf 'x' >tree/d002/f000250.pdf
sync_once --all >out 2>err
is "$?:$sync_status" '0:0 0 0' 'fourth pass: every stage exits 0'
is "$(jq -r '[.inserted,.updated,.deleted]|join(" ")' out)" '0 1 0' \
    'a file that comes back revives its row'
is "$(q "select state, case when deleted_at is null then 1 else 0 end from files where external_file_id='d002/f000250.pdf'")" \
    'present|1' 'and it is present again'

rm -r tree/*
before=$(dump_files)
sync_once --all >out 2>err
is "$?:$sync_status" '65:0 0 65' 'an empty complete listing: fc-ingest refuses it (65), the rest exit 0'
is "$(dump_files)" "$before" 'and files is untouched'
is "$(jq -r .status out)" refused 'the sync line says refused'

# a failure upstream whose downstream stages succeed on no input: the
# bare pipeline's status, fc-ingest's, would be 0
printf 'endpoints: [\n' >broken.yaml
sync_once -c broken.yaml >out 2>err
is "$?:$sync_status" '78:78 0 0' 'a broken configuration: fc-auth exits 78, and the pass with it'
is "$(cat out)" '' 'and no sync line'
