#!/bin/sh
# connector.yaml parsing, tested in C (tests/unit-conf.c): every error kind
# with its exact message, the search order, the environment overrides and
# etc/connector.yaml itself.  Its TAP goes straight to prove, plan and all.
. "${FC_TOP:-.}/tests/lib.sh"

u=$FC_TOP/tests/unit-conf
[ -x "$u" ] || { echo "1..1"; echo "not ok 1 - $u is built (make tests/unit-conf)"; exit 1; }
# the exit status is the test's: a crash or a valgrind error after the last
# "ok" still fails it
vg "$u"
