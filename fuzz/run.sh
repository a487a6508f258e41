#!/bin/sh
# fuzz/run.sh SECONDS HARNESS...: `make fuzz`.  Runs each libFuzzer
# harness of fuzz/build/ for SECONDS (or, when FUZZ_RUNS is set, for
# that many executions however long they take; FUZZ_TIMEOUT is the
# seconds one input may take, 10 by default), starting from its saved corpus
# (fuzz/corpus/NAME, only read) and keeping what it finds in a scratch
# one (fuzz/build/corpus/NAME), and prints one line of figures each.  A
# crash stops that harness; its reproducer is left in
# fuzz/build/crash/NAME/ (emptied at the start of each run) and the log
# in fuzz/build/NAME.log.  Once the bug is fixed, the reproducer goes to
# fuzz/crashes/NAME/, which make check replays.  Exits 1 when any
# harness crashed.
LC_ALL=C		# the logs hold the inputs' bytes
export LC_ALL
secs=$1
shift
limit="-max_total_time=$secs"
[ -n "$FUZZ_RUNS" ] && limit="-runs=$FUZZ_RUNS"
rc=0
for h in "$@"; do
	rm -rf "fuzz/build/crash/$h"
	mkdir -p "fuzz/build/corpus/$h" "fuzz/build/crash/$h"
	"fuzz/build/$h" "$limit" -timeout="${FUZZ_TIMEOUT:-10}" \
	    -print_final_stats=1 -dict="fuzz/$h.dict" \
	    -artifact_prefix="fuzz/build/crash/$h/" \
	    "fuzz/build/corpus/$h" "fuzz/corpus/$h" >"fuzz/build/$h.log" 2>&1
	st=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/build/$h.log")
	last=$(grep ' cov: ' "fuzz/build/$h.log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	crashes=$(ls "fuzz/build/crash/$h" | wc -l)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' \
	    "fuzz/build/$h.log")
	printf '%-6s %10s execs %6ss  cov %5s  ft %6s  %s crash(es)\n' "$h" \
	    "${execs:-?}" "${took:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
	if [ "$st" -ne 0 ]; then
		rc=1
		grep -E 'ERROR|check failed|SUMMARY|Test unit written' \
		    "fuzz/build/$h.log" | sed 's/^/    /'
	fi
done
exit $rc
