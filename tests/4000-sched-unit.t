#!/bin/sh
# The cron parser and due-time arithmetic, tested in C (tests/unit-sched.c):
# its TAP goes straight to prove, so every case counts on its own.
. "${FC_TOP:-.}/tests/lib.sh"

u=$FC_TOP/tests/unit-sched
[ -x "$u" ] || { echo "1..1"; echo "not ok 1 - $u is built (make tests/unit-sched)"; exit 1; }
# a crash or a valgrind error after the last "ok" still fails the test
vg "$u"
