#!/bin/sh
# connector.yaml parsing, tested in C (tests/unit-conf.c): every error kind
# with its exact message, the search order, the environment overrides and
# etc/connector.yaml itself.  Its TAP goes straight to prove, plan and all.
. "${FC_TOP:-.}/tests/lib.sh"

u=$FC_TOP/tests/unit-conf
if [ ! -x "$u" ]; then
	plan 1
	ok "$u is built (make tests/unit-conf)" test -x "$u"
	exit 1
fi
# the exit status is the test's: a crash or a valgrind error after the last
# "ok" still fails it
vg "$u"
