#!/bin/sh
# The JSON log of a pass: every record parses and carries the pass's run
# id, in all three programs, so jq 'select(.run == R)' shows one pass; no
# secret reaches it; each record is one write(2) on an O_APPEND descriptor
# (seen with strace when it is there), so two passes and their parallel
# listers writing at once never mix records; and contrib/logrotate/fc
# rotates it without a signal, the next pass writing to the new file.
. "${FC_TOP:-.}/tests/lib.sh"
plan 17

for i in 1 2 3 4 5 6; do
	make_tree "t$i" 40
done
write_conf e1="$T/t1" e2="$T/t2" e3="$T/t3" e4="$T/t4" e5="$T/t5" e6="$T/t6"
cat >>config/connector.yaml <<'EOF2'
clients:
  autodesk:
    client_id: cid
    client_secret: FILE-SECRET-6020
EOF2
CONNECTOR_AUTODESK_CLIENT_SECRET=ENV-SECRET-6020
CONNECTOR_LOG_LEVEL=DEBUG
MAX_CONCURRENT_SYNCS=3
XDG_RUNTIME_DIR=$T
export CONNECTOR_AUTODESK_CLIENT_SECRET CONNECTOR_LOG_LEVEL \
    MAX_CONCURRENT_SYNCS XDG_RUNTIME_DIR
log=logs/connector.log

# -- one pass --------------------------------------------------------------
fc-sync >out 2>err
is "$?:$(wc -l <out | tr -d ' ')" '0:6' 'a pass over six endpoints'
run=$(jq -r .run out | sort -u)
like "$run" '^[0-9a-f]{16}$' 'one run id on every sync line'
n=$(wc -l <$log | tr -d ' ')
is "$(jq -c . $log | wc -l | tr -d ' ')" "$n" "every log line parses as JSON"
is "$(jq -r 'select((.time and .level and .program and .event) | not)' $log)" '' \
    'each has time, level, program and event'
is "$(jq -r --arg r "$run" 'select(.run != $r) | .event' $log)" '' \
    'every record of the pass carries its run id'
is "$(jq -r --arg r "$run" 'select(.run == $r) | .program' $log | sort -u | tr '\n' ' ')" \
    'fc-auth fc-ingest fc-list ' 'in all three programs'
is "$(jq -r --arg r "$run" 'select(.run == $r and .event == "sync_end") | .endpoint' $log | sort | tr '\n' ' ')" \
    'e1 e2 e3 e4 e5 e6 ' 'one sync_end record per endpoint'

# -- two passes at once, over two lock files, with parallel listers --------
fc-sync -a -l "$T/a.lock" >out.a 2>err.a &
a=$!
fc-sync -a -l "$T/b.lock" >out.b 2>err.b
wait "$a"
n=$(wc -l <$log | tr -d ' ')
is "$(jq -c . $log | wc -l | tr -d ' ')" "$n" \
    'two passes at once, six listers each: every line still one record'
ra=$(jq -r .run out.a | sort -u)
rb=$(jq -r .run out.b | sort -u)
is "$(jq -r --arg r "$ra" 'select(.run == $r and .event == "list_end") | .endpoint' $log | sort | tr '\n' ' ')" \
    'e1 e2 e3 e4 e5 e6 ' 'the records of one of them, picked out by its run id'
ok 'the other run id differs' test "$ra" != "$rb"

# -- no secret anywhere ----------------------------------------------------
fc-sync -e e1 -e nosuch >>out 2>>err
if grep -q 'SECRET-6020' $log out out.a out.b err err.a err.b; then s=1; else s=0; fi
is "$s" 0 'no client secret in the log, on stdout or on stderr'

# -- the shared stderr: three programs' messages at once, never mixed -------
printf 'endpoints: [\n' >broken.yaml
i=0
while [ "$i" -lt 20 ]; do
	fc-sync -c broken.yaml >/dev/null 2>>err.many
	i=$((i + 1))
done
is "$(grep -Ev '^fc-(auth|list|ingest|sync): ' err.many | head -3)$(grep -E 'fc-(auth|list|ingest): .*fc-(auth|list|ingest): ' err.many | head -3)" '' \
    'twenty failing passes: every stderr line whole, one program each'

# -- one write(2) per record, on an O_APPEND descriptor ---------------------
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	before=$(wc -l <$log | tr -d ' ')
	strace -f -y -e trace=openat,write -o trace fc-sync -a >out 2>err
	after=$(wc -l <$log | tr -d ' ')
	is "$(grep -c 'write([0-9]*<[^>]*connector\.log>' trace)" "$((after - before))" \
	    'strace: as many write(2) calls to the log as records'
	is "$(grep 'openat(.*connector\.log"' trace | grep -vc O_APPEND)" 0 \
	    'strace: every open of the log has O_APPEND'
else
	skip 2 'strace cannot run here'
fi

# -- logrotate: rename, and the next pass writes the new file --------------
if command -v logrotate >/dev/null; then
	sed -e "s|/var/log/fc|$T/logs|g" -e '/^[[:space:]]*su /d' \
	    -e 's/create 0640 fc fc/create 0640/' \
	    "$FC_TOP/contrib/logrotate/fc" >logrotate.conf
	before=$(wc -l <$log | tr -d ' ')
	logrotate -f -s "$T/logrotate.state" logrotate.conf 2>lr.err
	is "$?:$(wc -l <logs/connector.log.1 | tr -d ' '):$(wc -c <$log | tr -d ' ')" \
	    "0:$before:0" 'logrotate: the old log renamed, a new empty one made'
	fc-sync -a >out 2>err
	r=$(jq -r .run out | sort -u)
	is "$(jq -r --arg r "$r" 'select(.run == $r) | .program' $log | sort -u | tr '\n' ' ')" \
	    'fc-auth fc-ingest fc-list ' 'the next pass logs to the new file'
	is "$(jq -r --arg r "$r" 'select(.run == $r)' logs/connector.log.1)" '' \
	    'and nothing of it to the old one'
else
	skip 3 'logrotate is not installed'
fi
