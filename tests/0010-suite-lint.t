#!/bin/sh
# The suite itself: every TAP line of a sh test comes from lib.sh, whose
# counter numbers it, so a skip or a branch cannot put the numbers out of
# step with the plan (prove's "Tests out of sequence").  A test that wrote
# "ok 5 # SKIP" by hand failed on hosts without IPv6 loopback; here such
# lines are found before a host finds them.  The C unit tests print their
# own TAP, with a counter of their own, and are not looked at.
. "${FC_TOP:-.}/tests/lib.sh"
plan 5

# every line of tests/*.t but this one's (it names the patterns), as
# FILE:LINE:TEXT with comments removed: the # of a comment starts the line
# or follows a blank, and no quote comes after it
for f in "$FC_TOP"/tests/*.t; do
	[ "${f##*/}" != 0010-suite-lint.t ] && echo "$f"
done | xargs awk '{
	sub(/^[ \t]*#.*/, ""); sub(/[ \t]#[^\047"]*$/, "")
	n = split(FILENAME, p, "/")
	if ($0 != "") print p[n] ":" FNR ":" $0
}' >lines
by_hand() { grep -Ei -- ":[0-9]+:.*$1" lines; }
is "$(by_hand '(:|[;&|{(]|then|else|do)[[:space:]]*(echo|printf)[[:space:]]+['\''"]?(not ok|ok|1\.\.|bail out)')" '' \
    'no test echoes or printfs a TAP line'
is "$(by_hand '['\''"][^'\''"]*#[[:space:]]*(skip|todo)')" '' \
    'no test writes a # SKIP or # TODO directive: skip COUNT REASON does'
is "$(by_hand '(^|[^a-z_])_(result|n)([^a-z_]|$)')" '' \
    "no test calls lib.sh's _result or moves its counter _n"

# skip itself: numbered on from the tests before it, and the ones after
# numbered on from it
cat >t.sh <<'EOF'
. "$FC_TOP/tests/lib.sh"
plan 6
ok one true
skip 3 'no such thing here'
is a a five
ok 'six # not a directive' true
EOF
TMPDIR=$T sh t.sh >out 2>err
is "$?:$(tr '\n' '|' <out)" \
    '0:1..6|ok 1 - one|ok 2 # skip no such thing here|ok 3 # skip no such thing here|ok 4 # skip no such thing here|ok 5 - five|ok 6 - six \# not a directive|' \
    'skip 3 REASON: three TAP skips, numbered on; a # in a description escaped'
printf '. "$FC_TOP/tests/lib.sh"\nplan 2\nskip "a reason"\nok two true\n' >t.sh
TMPDIR=$T sh t.sh >out 2>err
is "$?:$(tr '\n' '|' <out)" '0:1..2|ok 1 # skip a reason|ok 2 - two|' \
    'skip REASON alone: one skip, as lib.sh first had it'
