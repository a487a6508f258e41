#!/bin/sh
# The Autodesk lister pages each folder's contents by links.next until it
# is gone, whatever form the href takes (absolute, root-relative, without
# its leading "/", a different one each page), puts page[limit] back when
# next drops it, and reads on past the empty pages that APS's filtering
# after paging leaves mid-stream.  Each listing is the fake's truth.  A
# next that leads to another host is not followed: the bearer token
# would go with it.
. "${FC_TOP:-.}/tests/lib.sh"
plan 26

FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE
start_aps --rate-scale 0 --generate folders=2,files=900,depth=1,seed=5
curl -s "$APS_URL/_admin/files" >truth.json
PROJ=$(jq -r '.[0].project' truth.json)
aps_conf
jq -r '.[].id' truth.json | sort >want
faults() { curl -s -X POST -d "$1" "$APS_URL/_admin/faults" >/dev/null; }
pages() { jq -r 'select(.route=="contents")' aps.log | jq -s length; }

# list FAULTS DESCRIPTION: lists under those faults, 2 tests
list() {
	faults "$1"
	: >aps.log
	fc-list -e acc >out 2>err
	is "$?:$(jq -c 'select(.type=="end") | [.complete, .count]' out)" \
	    "0:[true,$(wc -l <want)]" "$2: exit 0, complete"
	jq -r 'select(.type=="file").id' out | sort >got
	ok "$2: every file of the truth, once" cmp -s got want
}

list '{}' 'absolute next'
PLAIN=$(pages)
ok 'some folder took more than one page' test "$PLAIN" -gt 4
list '{"next":"root"}' 'root-relative next'
list '{"next":"relative"}' 'next without its leading /'
list '{"next":"rotate"}' 'next in a different form each page'
is "$(pages)" "$PLAIN" 'as many pages as with absolute links'
list '{"next_drop_limit":true}' 'next without page[limit]'
is "$(jq -r 'select(.route=="contents") | .query["page[limit]"]' aps.log | sort -u)" 200 \
    'page[limit]=200 put back on every page'
list '{"empty_pages":true,"next":"rotate"}' 'an empty page between every two'
ok 'the empty pages were asked for too' test "$(pages)" -gt "$PLAIN"
is "$(jq -r 'select(.route=="contents" and .status != 200)' aps.log)" '' \
    'no page was refused'

# links.next to another host, spelt three ways: not followed, the folder
# left out, the listing incomplete
for form in elsewhere userinfo schemeless; do
	faults "{\"next\":\"$form\"}"
	: >aps.log
	fc-list -e acc >out 2>err
	is "$?:$(jq -c 'select(.type=="end") | .complete' out)" 0:false \
	    "next $form: exit 0, incomplete"
	like "$(cat err)" 'links.next leads off the API.s host' "next $form: the warning says why"
	is "$(jq -r 'select(.query["page[number]"] != null)' aps.log)" '' \
	    "next $form: no second page asked for, here or anywhere"
done
