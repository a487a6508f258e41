#!/bin/sh
# What GET hubs, GET projects and GET project answer, read from bytes,
# and the bodies refused (tests/unit-apsdoc.c).
. "${FC_TOP:-.}/tests/lib.sh"
vg "$FC_TOP/tests/unit-apsdoc"
