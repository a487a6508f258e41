#!/bin/sh
# fc-sync: one sync pass, fc-auth --due | fc-list | fc-ingest, for cron,
# systemd timers and containers.
#
# What the bare pipeline lacks, and how it is done here in POSIX sh:
# - the status of every stage (sh has no pipefail): each stage writes
#   "name status" on fd 3, which a command substitution collects while
#   the pipeline's own output goes on to our stdout through fd 4;
# - a lock, so a pass started while the last one still runs leaves at
#   once (exit 75) instead of piling up: flock(1) -n on fd 9, inherited
#   by the three programs, so it is held until the last of them exits
#   even if this shell is killed;
# - each failure said once: fc-list and fc-ingest start with fc-auth's
#   first line (see pipeline), and fc-ingest records an error line
#   without repeating it;
# - -w: a pass every few seconds until SIGTERM, for a container that has
#   no cron.  A pass that has started is let finish: fc-ingest commits
#   or rolls back a listing whole, but a pass cut short leaves nothing
#   for the next one to gain.
#
# The exit status is fc-ingest's when it failed, else fc-list's, else
# fc-auth's: a stage fails when the next one stops reading (it cannot
# write), so the furthest failure downstream is the cause, and whatever
# goes wrong upstream and matters reaches fc-ingest as a failed sync.

# The synopsis, as fc-sync(1) has it; with "options", one line per option
# as the manual's list has them too, for --help.  They are fc(7)'s.
usage() {
	echo 'usage: fc-sync [-anv] [-c file] [-e name ...] [-j jobs] [-L file] [-w seconds]'
	[ "${1:-}" = options ] || return 0
	while IFS='|' read -r spec what; do
		printf '  %-35s  %s\n' "$spec" "$what"
	done <<-'EOF'
	-a, --all|every active endpoint, due or not
	-c file, --config file|read this configuration
	-e name, --endpoint name|this endpoint, whatever its state
	-h, --help|print this and exit
	-j jobs, --jobs jobs|fc-list -j: requests in flight
	-L file, --lock file|the lock file
	-n, --dry-run|write and create nothing; report
	-V, --version|print the version and exit
	-v, --verbose|the three programs log at DEBUG
	-w seconds, --wait seconds|a pass every so often, until SIGTERM
	EOF
}

err() {
	echo "fc-sync: $*" >&2
}

# The letter of a long option that takes a value.
letter() {
	case $1 in
	--config) echo -c ;;
	--endpoint) echo -e ;;
	--jobs) echo -j ;;
	--lock) echo -L ;;
	--wait) echo -w ;;
	esac
}

# Long options become short ones for getopts, like fc-list's: the words
# are rotated through "$@" once, and a word that is an option's value
# (after -c, -e, -j, -L, -l, -w or a cluster ending in one) passes
# untouched.  -l is -L's old spelling, kept for scripts (fc(7)).
n=$#
value=
while [ "$n" -gt 0 ]; do
	a=$1
	shift
	n=$((n - 1))
	if [ -n "$value" ]; then
		value=
		set -- "$@" "$a"
		continue
	fi
	case $a in
	--)
		set -- "$@" --
		while [ "$n" -gt 0 ]; do
			set -- "$@" "$1"
			shift
			n=$((n - 1))
		done
		;;
	--help)
		usage options
		exit 0
		;;
	--version)
		fc-auth --version | sed 's/^fc-auth/fc-sync/'
		exit
		;;
	--all)
		set -- "$@" -a
		;;
	--dry-run)
		set -- "$@" -n
		;;
	--verbose)
		set -- "$@" -v
		;;
	--config | --endpoint | --jobs | --lock | --wait)
		set -- "$@" "$(letter "$a")"
		value=1
		;;
	--config=* | --endpoint=* | --jobs=* | --lock=* | --wait=*)
		set -- "$@" "$(letter "${a%%=*}")" "${a#*=}"
		;;
	--*)
		err "unrecognized option '$a'"
		usage >&2
		exit 64
		;;
	-*)
		set -- "$@" "$a"
		# -c FILE, -ac FILE: the next word is a value; -cFILE is not
		case $a in
		*[cejLlw])
			b=${a#-}
			case ${b%?} in
			*[cejLlw]*) ;;
			*) value=1 ;;
			esac
			;;
		esac
		;;
	*)
		set -- "$@" "$a"
		;;
	esac
done

all=
names=
dry=
lock=
every=
verbose=
jobs=
while getopts :ac:e:hj:L:l:nVvw: opt; do
	case $opt in
	a)
		all=1
		;;
	c)
		# the three programs find it there, as FC_CONFIG
		FC_CONFIG=$OPTARG
		export FC_CONFIG
		;;
	e)
		# endpoint names hold no control characters: newline parts them
		names="$names$OPTARG
"
		;;
	h)
		usage options
		exit 0
		;;
	j)
		jobs=$OPTARG
		;;
	L | l)
		lock=$OPTARG
		;;
	n)
		# -n for fc-ingest; FC_DRY_RUN keeps all three from making a log
		dry=-n
		FC_DRY_RUN=1
		export FC_DRY_RUN
		;;
	V)
		fc-auth --version | sed 's/^fc-auth/fc-sync/'
		exit
		;;
	v)
		verbose=-v
		;;
	w)
		every=$OPTARG
		;;
	:)
		err "option requires an argument -- '$OPTARG'"
		usage >&2
		exit 64
		;;
	*)
		err "invalid option -- '$OPTARG'"
		usage >&2
		exit 64
		;;
	esac
done
shift $((OPTIND - 1))
if [ $# -gt 0 ]; then
	usage >&2
	exit 64
fi
case $every in
*[!0-9]* | 0 | 0[0-9]*)
	err "-w $every: expected a number of seconds"
	exit 64
	;;
esac

# fc-auth's selection: --due unless -a or -e chose something else
set -f
set --
if [ -n "$all" ]; then
	set -- --all
fi
oifs=$IFS
IFS='
'
for n in $names; do
	set -- "$@" -e "$n"
done
IFS=$oifs
set +f
if [ $# -eq 0 ]; then
	set -- --due
fi

if [ -z "$lock" ]; then
	if [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ]; then
		lock=$XDG_RUNTIME_DIR/fc-sync.lock
	else
		lock=${TMPDIR:-/tmp}/fc-sync-$(id -u).lock
	fi
fi

# The three programs installed beside this script, whatever PATH finds
# first: fontconfig has an fc-list of its own in /usr/bin, and the
# Debian package keeps fc's in /usr/lib/fc/bin with only a link to
# fc-sync in /usr/bin (hence -f, which follows it).
if self=$(readlink -f -- "$0") && [ -x "${self%/*}/fc-list" ]; then
	PATH=${self%/*}:$PATH
fi

# fd 4: the real stdout, for the pipeline inside the command substitution
exec 4>&1

# One pass: returns its exit status, 75 when another holds the lock.
# A dry pass takes no lock: it writes nothing another pass could clash
# with, and it leaves no file behind, the lock file included.
pass() {
	if [ -n "$dry" ]; then
		pipeline "$@"
		return
	fi
	if ! command exec 9>>"$lock"; then
		err "$lock: cannot open the lock file"
		return 73
	fi
	flock -n -E 75 9
	rc=$?
	if [ "$rc" -ne 0 ]; then
		exec 9>&-
		if [ "$rc" -eq 75 ]; then
			err "$lock: another pass is running"
		else
			err "$lock: flock failed (exit $rc)"
			rc=71
		fi
		return "$rc"
	fi

	pipeline "$@"
	rc=$?
	exec 9>&-
	return "$rc"
}

# The three programs: returns the status of the pass.
#
# fc-list and fc-ingest start with fc-auth's first line: without one
# there is nothing to list or record, and a pass fc-auth could not begin
# (no configuration, a broken one, a database it cannot open, a name it
# does not know) would otherwise be said three times, by each program
# finding the same fault.  read takes that line and no more, so the
# rest of fc-auth's output goes on through cat.
pipeline() {
	st=$(
		{
			{ fc-auth $verbose "$@" </dev/null 3>&- 4>&-; echo "auth $?" >&3; } |
			if IFS= read -r first || [ -n "$first" ]; then
				{ printf '%s\n' "$first"; exec cat; } |
				{ fc-list $verbose ${jobs:+-j "$jobs"} 3>&- 4>&-; echo "list $?" >&3; } |
				{ fc-ingest $verbose $dry 3>&- 4>&-; echo "ingest $?" >&3; }
			else
				echo 'list -' >&3
				echo 'ingest -' >&3
			fi
		} 3>&1 >&4
	)

	# a stage that said nothing did not run: a failure of this shell
	a=70 l=70 i=70
	while read -r stage code; do
		case $stage in
		auth) a=$code ;;
		list) l=$code ;;
		ingest) i=$code ;;
		esac
	done <<EOF
$st
EOF
	# "-": not started, as fc-auth wrote no line
	for rc in "$i" "$l" "$a"; do
		[ "$rc" != - ] && [ "$rc" -ne 0 ] && break
	done
	if [ "$rc" -ne 0 ]; then
		err "pass failed: fc-auth $a, fc-list $(shown "$l"), fc-ingest $(shown "$i")"
	fi
	return "$rc"
}

# A stage's status for the line of a failed pass.
shown() {
	if [ "$1" = - ]; then
		echo 'not run'
	else
		echo "$1"
	fi
}

if [ -z "$every" ]; then
	pass "$@"
	exit
fi

# Loop mode.  The trap only notes the signal and ends the wait; the
# checks of $stop around the sleep close the windows in which a signal
# could slip in before the wait starts.
stop=
sleeper=
trap 'stop=1; [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null' HUP INT TERM
while [ -z "$stop" ]; do
	pass "$@"
	rc=$?
	if [ "$rc" -eq 64 ]; then
		# an option or name fc-auth refuses now, it refuses every time
		exit 64
	fi
	[ -z "$stop" ] || break
	sleep "$every" &
	sleeper=$!
	# 2>/dev/null: dash reports a sleep killed by the trap as "Terminated"
	[ -n "$stop" ] || wait "$sleeper" 2>/dev/null
	kill "$sleeper" 2>/dev/null
	# reaped here, so nothing of ours outlives us
	wait "$sleeper" 2>/dev/null
	sleeper=
done
exit 0
