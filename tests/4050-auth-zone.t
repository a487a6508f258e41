#!/bin/sh
# settings.time_zone: cron schedules on a zone's wall clock through fc-auth
# --due, --explain and fc-status, across Europe/London's two changes of
# 2026 (a time in the spring gap runs when the gap ends, a time the autumn
# repeats runs once), intervals that stay in elapsed seconds, a missed
# slot that runs once, TZ from the environment ignored, and every way of
# naming a zone that does not exist refused with file and line.  Syncs are
# real passes (fc-sync) at FC_NOW.
. "${FC_TOP:-.}/tests/lib.sh"
plan 30

mkdir -p tree config
echo a >tree/a.pdf
cat >config/connector.yaml <<EOF
endpoints:
  - name: night
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: cron, cron: "30 1 * * *" }
  - name: hourly
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: interval, interval_minutes: 60 }
settings:
  time_zone: Europe/London
EOF
XDG_RUNTIME_DIR=$T
export XDG_RUNTIME_DIR

names() { jq -r .endpoint "$1" | tr '\n' ' '; }
at() {	# TIME fc-sync ARGS: a pass at TIME
	_t=$1
	shift
	FC_NOW=$_t fc-sync "$@" >>sync 2>>sync.err
}

# -- spring forward: 01:00 GMT becomes 02:00 BST on 29 March -------------
at 2026-03-28T12:00:00Z
is "$(jq -r .status sync | tr '\n' ' ')" 'ok ok ' 'the first pass syncs both'
fc-auth --due --now 2026-03-29T00:59:59Z >out
is "$(names out)" 'hourly ' '00:59 GMT: 01:30 has not come'
fc-auth --due --explain --now 2026-03-29T01:00:00Z >out 2>err
is "$(names out)" 'night hourly ' \
    '01:30 does not exist that night: due when the gap ends, 02:00 BST'
is "$(sed -n 1p err)" 'fc-auth: night: list: due since 2026-03-29T01:00:00Z (last ok sync 2026-03-28T12:00:00Z, cron "30 1 * * *" in Europe/London)' \
    '--explain names the zone and the instant, in UTC'
at 2026-03-29T01:00:30Z -e night
fc-auth --due --now 2026-03-30T00:29:59Z >out
is "$(names out)" 'hourly ' 'after the gap run: not due again that day'
fc-auth --due --now 2026-03-30T00:30:00Z >out
is "$(names out)" 'night hourly ' 'the next day at 01:30 BST, 00:30 UTC'

# -- an interval counts seconds, not the wall clock ------------------------
at 2026-03-29T00:30:00Z -e hourly
fc-auth --due --now 2026-03-29T01:29:59Z >out
is "$(jq -r 'select(.endpoint=="hourly") | .endpoint' out)" '' \
    'interval across the change: not due after 59 minutes'
fc-auth --due --now 2026-03-29T01:30:00Z >out
is "$(jq -r 'select(.endpoint=="hourly") | .endpoint' out)" hourly \
    'due 3600 s after the sync, though the wall clock moved two hours'

# -- fall back: 02:00 BST becomes 01:00 GMT on 25 October -----------------
at 2026-10-24T12:00:00Z -e night
fc-auth --due --now 2026-10-25T00:29:59Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" '' \
    'not before the first 01:30'
fc-auth --due --now 2026-10-25T00:30:00Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" night \
    'due at the first 01:30 (BST, 00:30 UTC)'
at 2026-10-25T00:30:20Z -e night
fc-auth --due --explain --now 2026-10-25T01:30:00Z >out 2>err
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" '' \
    'the second 01:30 (GMT, 01:30 UTC) does not run it again'
is "$(sed -n 1p err)" 'fc-auth: night: skip: due at 2026-10-26T01:30:00Z, in 24h (last ok sync 2026-10-25T00:30:20Z, cron "30 1 * * *" in Europe/London)' \
    '--explain: next due the day after, 01:30 GMT'

# -- fc-status computes next due with the same zone ------------------------
fc-status --json --now 2026-10-25T01:30:00Z >st
is "$(jq -r '.endpoints[] | select(.name=="night") | .next_due' st)" \
    2026-10-26T01:30:00Z 'fc-status --json: the same next due as fc-auth'
TZ=Asia/Tokyo fc-status --json --now 2026-10-25T01:30:00Z >st
is "$(jq -r '.endpoints[] | select(.name=="night") | .next_due' st)" \
    2026-10-26T01:30:00Z 'fc-status ignores TZ from the environment'

# -- off across the change: the missed slots run once ----------------------
fc-auth --due --now 2026-11-03T09:00:00Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" night \
    'eight missed slots, across the change: due'
at 2026-11-03T09:00:00Z -e night
fc-auth --due --now 2026-11-03T09:01:00Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" '' \
    'one catch-up pass, then nothing until the next slot'
fc-auth --due --now 2026-11-04T01:30:00Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" night \
    'the next slot, 01:30 GMT'

# -- the zone of the file, not of the environment -------------------------
sed 's/Europe\/London/America\/New_York/' config/connector.yaml >ny.yaml
TZ=Europe/London fc-auth -c ny.yaml --due --now 2026-11-04T06:29:59Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" '' \
    'America/New_York: not due at 01:29 EST, TZ=Europe/London or not'
fc-auth -c ny.yaml --due --now 2026-11-04T06:30:00Z >out
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" night \
    'America/New_York: due at 01:30 EST, 06:30 UTC'
grep -v time_zone config/connector.yaml | grep -v '^settings:' >utc.yaml
TZ=America/New_York fc-auth -c utc.yaml --due --explain \
    --now 2026-11-04T01:30:00Z >out 2>err
is "$(jq -r 'select(.endpoint=="night") | .endpoint' out)" night \
    'no time_zone: UTC, whatever TZ says'
like "$(sed -n 1p err)" 'cron "30 1 \* \* \*" in UTC\)$' '--explain says UTC'

# -- zones that are not --------------------------------------------------
badzone() {	# VALUE: fc-auth on a file whose settings.time_zone is VALUE
	sed "s|time_zone: Europe/London|time_zone: \"$1\"|" \
	    config/connector.yaml >bad.yaml
	fc-auth -c bad.yaml --due >out 2>err
}
badzone Europe/Lodnon
is "$?" 78 'an unknown zone: exit 78'
is "$(cat err)" 'fc-auth: bad.yaml:11: settings.time_zone: unknown time zone "Europe/Lodnon": no zone file /usr/share/zoneinfo/Europe/Lodnon' \
    'naming file, line, key and the file looked for'
badzone ../../../etc/passwd
is "$?:$(cat err)" '78:fc-auth: bad.yaml:11: settings.time_zone: expected a time zone name like Europe/London' \
    'a path out of the zone database is refused'
badzone /etc/passwd
is "$?" 78 'so is an absolute path'
mkdir zi
echo 'not a zone' >zi/Fake
cp /usr/share/zoneinfo/Europe/London zi/Mine
badzone Fake
is "$?" 78 'a name that is not in the zone database: exit 78'
sed 's|time_zone: Europe/London|time_zone: Fake|' config/connector.yaml >bad.yaml
TZDIR=$T/zi fc-auth -c bad.yaml --due >out 2>err
like "$?:$(cat err)" '^78:.*unknown time zone "Fake": no zone file .*/zi/Fake$' \
    'a file that is not TZif is no zone (TZDIR is honoured)'
sed 's|time_zone: Europe/London|time_zone: Mine|' config/connector.yaml >mine.yaml
(
	DATABASE_URL=$T/mine.db TZDIR=$T/zi
	export DATABASE_URL TZDIR
	at 2027-06-30T12:00:00Z -c mine.yaml
	fc-auth -c mine.yaml --due --now 2027-07-01T00:30:00Z >out 2>err
)
is "$?:$(jq -r 'select(.endpoint=="night") | .endpoint' out)" '0:night' \
    'a TZif file under TZDIR is a zone: its 01:30 BST is 00:30 UTC'
cat >pe.yaml <<EOF
endpoints:
  - name: x
    endpoint_type: local
    endpoint_details: { root: $T/tree }
    schedule: { type: cron, cron: "0 3 * * *", time_zone: Europe/Paris }
EOF
fc-auth -c pe.yaml --due >out 2>err
is "$?" 78 'a time zone per endpoint: exit 78, not a silent UTC'
is "$(cat err)" 'fc-auth: pe.yaml:5: endpoints[0].schedule.time_zone: one zone serves all endpoints: set settings.time_zone' \
    'and the message says where the zone goes'
