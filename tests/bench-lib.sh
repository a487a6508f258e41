# tests/bench-lib.sh: the helpers of make bench, read by tests/bench.sh
# and tests/bench-gdrive.sh: a command timed, and figures set beside
# each other and against their targets.

# measure CMD [PREP]: wall seconds and peak RSS (KiB) of CMD, best of
# $REPS runs (the first run warms the page cache when REPS > 1).  PREP,
# untimed, runs before each, so that every run starts from the same
# state: a first load into an empty database, not into the last run's.
# Each run starts after sync(2), so the writeback of what the contender
# before (or PREP) wrote is not charged to this one.
measure() {
	python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
reps = int(os.environ.get("REPS", "1"))
best = None
for _ in range(reps):
    if len(sys.argv) > 2 and subprocess.call(["sh", "-c", sys.argv[2]]) != 0:
        sys.exit("bench: failed: " + sys.argv[2])
    os.sync()
    pid = os.fork()
    if pid == 0:
        os.execvp("sh", ["sh", "-c", sys.argv[1]])
    t0 = time.monotonic()
    _, status, ru = os.wait4(pid, 0)
    dt = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) not in (0,):
        sys.exit("bench: failed: " + sys.argv[1])
    if best is None or dt < best[0]:
        best = (dt, ru.ru_maxrss)
print("%.3f %d" % best)
PY
}

# ratio A B: A / B, two places.  rate N S: N / S, whole.  pct A B: A as a
# percentage of B.  verdict R T: ok when R >= T, lte A B: ok when A <= B,
# rss_ok KIB: ok within 32 MiB; MISSED otherwise.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t) ? "ok" : "MISSED" }'; }
lte() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "ok" : "MISSED" }'; }
rss_ok() { [ "$1" -le 32768 ] && echo ok || echo MISSED; }
