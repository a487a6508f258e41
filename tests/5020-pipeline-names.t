#!/bin/sh
# Names with spaces, a newline, quotes, a backslash and UTF-8 survive the
# pipeline byte for byte.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 7

mkdir -p 'tree/Ground floor' 'tree/Étage 2'
: >'tree/Ground floor/plan A.pdf'
: >"tree/it's \"quoted\".pdf"
: >'tree/back\slash.pdf'
: >"tree/new
line.pdf"
: >'tree/Étage 2/façade – 東京.pdf'
: >'tree/-leading-dash.pdf'
write_conf "odd=$T/tree"

sync_once >out 2>err
is "$?:$sync_status" '0:0 0 0' 'the pass: every stage exits 0'
is "$(jq -r .inserted out)" 6 'six files inserted'
have() {
	q "select count(*) from files where file_name = '$1'"
}
is "$(have 'plan A.pdf')" 1 'space'
is "$(have "it''s \"quoted\".pdf")" 1 'quotes'
is "$(have 'back\slash.pdf')" 1 'backslash'
is "$(q "select count(*) from files where file_name = 'new
line.pdf'")" 1 'newline'
is "$(q "select file_path from files where file_name like 'fa%'")" \
    'Étage 2/façade – 東京.pdf' 'UTF-8 path'
