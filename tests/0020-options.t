#!/bin/sh
# One option vocabulary (fc(7)): for each of the five programs, --help
# prints the man page's SYNOPSIS (as mandoc renders it) and then the
# options of the page's list, one a line, exactly; each option is
# accepted in its short and its long form, with its value; a letter means
# the same long option in every program, and an option two programs share
# is written as fc(7) writes it.  The old spellings still work.
. "${FC_TOP:-.}/tests/lib.sh"
command -v mandoc >/dev/null || skip_all 'no mandoc (make lint needs it too)'
progs='fc-auth fc-list fc-ingest fc-status fc-sync'
plan 42

# mandoc's man(7) output as text: fonts dropped, "\-" and "\ " plain
text() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\ / /g' -e 's/\\&//g'; }
# synopsis PAGE: each of its synopsis lines, whole, one a line
synopsis() {
	mandoc -T man "$1" | awk '/^\.SH "SYNOPSIS"/ { on = 1; next }
	    /^\.SH/ { on = 0 } on' | text | awk '
	    /^\.HP/ { if (l != "") print l; l = ""; next }
	    /^\./ { next }
	    { l = l == "" ? $0 : l " " $0 }
	    END { if (l != "") print l }'
}
# tags PAGE [SUBSECTION]: the option tags of its lists in DESCRIPTION
tags() {
	mandoc -T man "$1" | awk -v sec="${2:-}" '
	    /^\.SH/ { on = (sec == "" && $0 == ".SH \"DESCRIPTION\"") }
	    /^\.SS/ { if (sec != "") on = ($0 == ".SS \"" sec "\"") }
	    on && /^\.TP/ { getline; print }' | text | grep '^-' | sort
}
# --help in two parts: the usage lines, "usage: " and indent off; the
# options' first column
help_usage() { sed -n -e 's/^usage: //p' -e 's/^       //p' "$1"; }
help_opts() { sed -n 's/^  \(-[^ ].*\)$/\1/p' "$1" | sed 's/   *.*//' | sort; }
# a value for an option's argument, by its name
value() {
	case $1 in
	file) echo /dev/null ;;
	name) echo docs ;;
	jobs) echo 2 ;;
	max-files | n | seconds) echo 5 ;;
	type) echo local ;;
	time) echo 2026-11-25T13:15:00Z ;;
	address) echo 127.0.0.1:0 ;;
	*) echo "?$1" ;;
	esac
}

mkdir tree
for i in 1 2 3 4 5 6 7; do echo "$i" >"tree/f$i.pdf"; done
write_conf "docs=$T/tree"

: >pairs
for p in $progs; do
	page=$FC_TOP/man/$p.1
	$p --help >help 2>err
	is "$?:$(cat err)" 0: "$p --help: exit 0, nothing on stderr"
	is "$(help_usage help)" "$(synopsis "$page")" "$p --help: the usage is the SYNOPSIS of $p(1)"
	is "$(help_opts help)" "$(tags "$page")" "$p --help: one line per option of $p(1), as it writes them"
	help_opts help >>allspecs
	$p --bogus >out 2>err
	is "$?:$(wc -c <out | tr -d ' '):$(sed 1d err | sed -e 's/^usage: //' -e 's/^       //')" \
	    "64:0:$(synopsis "$page")" "$p --bogus: 64, the synopsis alone on stderr"
	$p --version >out 2>err
	is "$?:$(cat out)" "0:$p (fc) $(sed -n 's/^#define FC_VERSION.*"\(.*\)"/\1/p' "$FC_TOP/lib/version.h")" \
	    "$p --version, -V: the name and version"

	# every option, short and long, with a value where it takes one,
	# then --help: accepted, so --help answers as alone
	bad=
	for spec in $(help_opts help | tr ' ' '_'); do
		spec=$(echo "$spec" | tr '_' ' ')
		case $spec in *--help* | *--version*) continue ;; esac
		long=${spec##*--}
		name=${long%% *}
		arg=
		[ "$name" != "$long" ] && arg=$(value "${long#* }")
		if [ -n "$arg" ]; then
			$p "--$name=$arg" --help >out 2>err || bad="$bad --$name=$arg"
		else
			$p "--$name" --help >out 2>err || bad="$bad --$name"
		fi
		cmp -s out help || bad="$bad --$name(output)"
		case $spec in
		-[a-zA-Z]*)
			letter=$(printf %.2s "$spec")
			echo "$letter --$name" >>pairs
			if [ -n "$arg" ]; then
				$p "$letter" "$arg" --help >out 2>err || bad="$bad $letter"
			else
				$p "$letter" --help >out 2>err || bad="$bad $letter"
			fi
			cmp -s out help || bad="$bad $letter(output)"
			;;
		esac
		echo "$p --$name $spec" >>longs
	done
	is "$bad" '' "$p: each option accepted, short and long"
	$p -V >out 2>&1
	is "$?:$(cut -d ' ' -f 1,2 out)" "0:$p (fc)" "$p -V"
done

# -- one meaning per letter, one spelling per shared option --------------------
is "$(sort -u pairs | cut -d ' ' -f 1 | uniq -d)" '' 'no letter means two long options'
cut -d ' ' -f 2 longs | sort | uniq -d >shared
fc7=$(tags "$FC_TOP/man/fc.7" Options)
bad=
while read -r l; do
	want=$(printf '%s\n' "$fc7" | grep -e "$l\$" -e "$l " | head -n 1)
	[ -n "$want" ] || { bad="$bad $l(not in fc.7)"; continue; }
	for got in $(grep -e "^[^ ]* $l " longs | cut -d ' ' -f 3- | sort -u | tr ' ' '_'); do
		[ "$got" = "$(echo "$want" | tr ' ' '_')" ] || bad="$bad $l($got)"
	done
done <shared
is "$bad" '' 'each option two programs take is written as fc(7) writes it'
is "$(printf '%s\n' "$fc7" | grep -vxF -f allspecs)" '' \
    'and every option fc(7) lists is a program'"'"'s, written alike'

# -- the old spellings, still accepted ------------------------------------------
fc-list -e docs -m 3 >new 2>/dev/null
fc-list -e docs -n 3 >old 2>/dev/null
is "$?:$(jq -c 'select(.type == "end") | [.complete, .count]' old)" '0:[false,3]' \
    'fc-list -n 3, the old -m 3, still cuts the listing'
is "$(grep -vc '"type":"file"' old):$(grep -c '"type":"file"' old)" \
    "$(grep -vc '"type":"file"' new):$(grep -c '"type":"file"' new)" 'as -m does'
fc-sync -a -l "$T/old.lock" >out 2>err
is "$?:$(jq -r .status out)" '0:ok' 'fc-sync -l FILE, the old -L FILE, still works'
ok 'and takes that lock file' test -f "$T/old.lock"
