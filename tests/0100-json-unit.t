#!/bin/sh
# The line formats, JSON escaping and time parsing (tests/unit-json.c).
. "${FC_TOP:-.}/tests/lib.sh"
vg "$FC_TOP/tests/unit-json"
