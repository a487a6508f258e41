#!/bin/sh
# The fuzz harnesses (fuzz/*.c), built with fuzz/replay.c instead of
# libFuzzer, over their saved corpora and every crash reproducer: each
# input a fuzzer once found interesting, or that crashed a parser or
# broke one of the harness's checks before its fix, must still run
# cleanly (under valgrind with FC_VALGRIND=1, or ASan with SANITIZE=1).
. "${FC_TOP:-.}/tests/lib.sh"
set -- aps conf cron dburl gdrive gkey jdoc lines time token
plan $(($# * 2))

for h in "$@"; do
	dirs=$FC_TOP/fuzz/corpus/$h
	[ -d "$FC_TOP/fuzz/crashes/$h" ] && dirs="$dirs $FC_TOP/fuzz/crashes/$h"
	# shellcheck disable=SC2086 # one argument per directory
	vg "$FC_TOP/fuzz/replay-$h" $dirs >out 2>err
	st=$?
	is "$st" 0 "$h: every saved input replays"
	[ "$st" -eq 0 ] || diag "$h: last input $(tail -n 1 out): $(head -n 3 err)"
	ok "$h: the corpus is not empty" test "$(grep -c "/corpus/$h/" out)" -gt 0
done
