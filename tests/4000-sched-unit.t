#!/bin/sh
# The cron parser and due-time arithmetic, tested in C (tests/unit-sched.c):
# its TAP goes straight to prove, so every case counts on its own.
. "${FC_TOP:-.}/tests/lib.sh"

u=$FC_TOP/tests/unit-sched
if [ ! -x "$u" ]; then
	plan 1
	ok "$u is built (make tests/unit-sched)" test -x "$u"
	exit 1
fi
# a crash or a valgrind error after the last "ok" still fails the test
vg "$u"
