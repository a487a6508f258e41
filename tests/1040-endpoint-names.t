#!/bin/sh
# An endpoint name the configuration does not have is a usage error in
# every program that takes -e: the same words, status 64, and nothing
# listed or synced, not even the names that are there.
. "${FC_TOP:-.}/tests/lib.sh"
plan 14

mkdir tree
echo x >tree/a.pdf
write_conf "docs=$T/tree" "more=$T/tree"
want='config/connector.yaml: no endpoint named "no-such"'

for p in fc-auth fc-list fc-sync; do
	$p -e no-such >out 2>err
	is "$?" 64 "$p -e no-such: exit 64"
	# in fc-sync, its fc-auth says it, then fc-sync why the pass failed
	who=$p
	[ "$p" = fc-sync ] && who=fc-auth
	is "$(head -n 1 err)" "$who: $want" "$p: the same words"
done
is "$(sed 1d err)" 'fc-sync: pass failed: fc-auth 64, fc-list not run, fc-ingest not run' \
    'fc-sync: and the stage that failed'

for p in fc-auth fc-list fc-sync; do
	$p --endpoint docs -e no-such -e other >out 2>err
	is "$?:$(wc -c <out | tr -d ' ')" 64:0 "$p: a mix of known and unknown: 64, nothing out"
done
is "$(head -n 1 err)" \
    'fc-auth: config/connector.yaml: no endpoints named "no-such", "other"' \
    'every unknown name, each once'
ok 'nothing was synced: fc-ingest never ran, no database was made' \
    test ! -e data/connector.db

fc-list -e no-such -e no-such >out 2>err
is "$(cat err)" "fc-list: $want" 'a name given twice is named once'
fc-list -e docs >out 2>err
is "$?:$(jq -r 'select(.type == "end") | .endpoint' out)" 0:docs \
    'a known name alone is listed'
