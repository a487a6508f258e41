#!/bin/sh
# The nextPageToken of a files.list page read ahead of the page itself,
# and agreeing with the full reading (tests/unit-gdrivedoc.c).
. "${FC_TOP:-.}/tests/lib.sh"
vg "$FC_TOP/tests/unit-gdrivedoc"
