#!/bin/sh
# Several endpoints listed at once: each listing comes out whole (begin,
# its files, end) and once, never mixed with another, and no more than
# MAX_CONCURRENT_SYNCS listings run at the same time.
. "${FC_TOP:-.}/tests/lib.sh"
plan 16

sizes='e1=400 e2=30 e3=250 e4=5 e5=120'
: >in
for s in $sizes; do
	make_tree "${s%%=*}" "${s#*=}" pdf
	printf '{"type":"endpoint","endpoint":"%s","endpoint_type":"local","details":{"root":"%s"}}\n' \
	    "${s%%=*}" "$T/${s%%=*}" >>in
done

# Each endpoint's lines must form one block "begin file* end"; prints the
# endpoints in the order their blocks come, or "bad" and why.
blocks() {
	jq -r '[.endpoint,.type]|join(" ")' "$1" | awk '
	{
		if ($1 != cur) {
			if (cur != "" && last != "end") { print "bad: " cur " cut"; exit }
			if (seen[$1]++) { print "bad: " $1 " twice"; exit }
			if ($2 != "begin") { print "bad: " $1 " starts with " $2; exit }
			cur = $1
			printf "%s ", $1
		} else if (last == "end" || $2 == "begin") {
			print "bad: " $1 " mixed"; exit
		}
		last = $2
	}
	END { if (last != "end") print "bad: no end" }'
}
# The most listings in progress at once, by the log's start and end records.
most() {
	jq -r 'select(.event=="list_start" or .event=="list_end").event' \
	    logs/connector.log | awk '
	/start/ { n++; if (n > m) m = n } /end/ { n-- } END { print m }'
}
pids() {
	jq -r 'select(.event=="list_start").pid' logs/connector.log |
	    sort -u | wc -l | tr -d ' '
}

MAX_CONCURRENT_SYNCS=3 fc-list <in >out 2>err
is "$?" 0 'five endpoints, three at a time: exit 0'
is "$(blocks out | tr ' ' '\n' | sort | tr '\n' ' ')" 'e1 e2 e3 e4 e5 ' \
    'every endpoint once, each listing in one block'
is "$(jq -r 'select(.type=="end")|[.endpoint,.count]|join("=")' out | sort | tr '\n' ' ')" \
    "$sizes " 'every end line counts its files'
is "$(jq -r 'select(.type=="file").endpoint' out | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
    "$sizes " 'and the file lines are all there'
is "$(pids)" 5 'each listing ran in a process of its own'
ok 'never more than three at once' test "$(most)" -le 3
is "$(jq -r 'select(.type=="begin").run' out | sort -u | wc -l | tr -d ' ')" 1 \
    'one run id for the whole invocation'

rm -r logs
MAX_CONCURRENT_SYNCS=1 fc-list <in >out 2>err
is "$(blocks out)" 'e1 e2 e3 e4 e5 ' 'a limit of 1: one after the other, in order'
is "$(pids)" 1 'all in one process'

# one endpoint: listed by fc-list itself, straight to the output
rm -r logs
head -n 1 in >one
fc-list <one >out 2>err &
pid=$!
wait $pid
is "$?" 0 'one endpoint: exit 0'
is "$(jq -r 'select(.event=="list_start").pid' logs/connector.log)" "$pid" \
    'one endpoint is listed in the fc-list process itself'
is "$(blocks out)" 'e1 ' 'and its listing is whole'

# the configuration: -t local, settings.max_concurrent_syncs
rm -r logs
write_conf "e1=$T/e1" "e2=$T/e2" "e3=$T/e3" "e4=$T/e4" "e5=$T/e5"
printf 'settings:\n  max_concurrent_syncs: 2\n' >>config/connector.yaml
fc-list -t local >out 2>err
is "$?" 0 'fc-list -t local exits 0'
is "$(blocks out | tr ' ' '\n' | sort | tr '\n' ' ')" 'e1 e2 e3 e4 e5 ' \
    'the configured endpoints, in blocks'
ok 'never more than two at once' test "$(most)" -le 2
is "$(pids)" 5 'each in a process of its own'
