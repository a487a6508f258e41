#!/bin/sh
# The Autodesk lister under valgrind: a whole listing with tips fetched
# per item, one stopped by -n with requests still in flight (abandoned),
# one with a folder left out, and one failed by a token refused twice;
# --list-projects with hubs' warnings, whole and with a page of projects
# that is not JSON: no invalid access, no uninitialised read, no definite
# leak.
. "${FC_TOP:-.}/tests/lib.sh"
command -v valgrind >/dev/null || skip_all 'valgrind is not installed'
plan 9
FC_VALGRIND=1
FC_APS_RATE_SCALE=0
export FC_APS_RATE_SCALE

start_aps --rate-scale 0 --generate folders=6,files=300,depth=2,seed=4
PROJ=$(curl -s "$APS_URL/_admin/files" | jq -r '.[0].project')
aps_conf
faults() { curl -s -X POST -d "$1" "$APS_URL/_admin/faults" >/dev/null; }

vg fc-list -e acc >out 2>>err
is "$?:$(jq -c 'select(.type=="end") | [.complete, .count]' out)" '0:[true,300]' \
    'a whole listing under valgrind'
ok 'tips were fetched with their items' grep -q '"route": "item"' aps.log
vg fc-list -j 4 -n 150 -e acc >out 2>>err
is "$?:$(jq -c 'select(.type=="end") | [.complete, .count]' out)" '0:[false,150]' \
    '-n 150, requests still in flight'
faults '{"rules":[{"route":"contents","path":"fs.folder","every":3,"status":403}]}'
vg fc-list -e acc >out 2>>err
is "$?:$(jq -c 'select(.type=="end").complete' out)" '0:false' \
    'folders left out'
faults '{"rules":[{"route":"contents","status":401}]}'
vg fc-list -e acc >out 2>>err
is "$?" 77 'a token refused twice'
faults '{}'
vg fc-list -e acc >out 2>>err
is "$?" 0 'and listed again'
faults '{"hub_warnings":true}'
vg fc-list --list-projects >out 2>>err
is "$?:$(wc -l <out | tr -d ' ')" 0:2 '--list-projects with warnings: a header and the project'
faults '{"hub_warnings":true,"rules":[{"route":"projects","status":200,"shape":"html"}]}'
vg fc-list --list-projects >out 2>>err
is "$?" 76 'a page of projects that is not JSON: 76'
ok 'no valgrind report from any of them' sh -c '! grep -q "==[0-9]*==" err'
