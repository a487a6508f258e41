#!/bin/sh
# Lines fc-list does not act on pass through unchanged; a malformed line is
# named on stderr (file and line, never its text), skipped, and makes the
# exit status 65 while the endpoints around it are listed.
. "${FC_TOP:-.}/tests/lib.sh"
plan 17

make_tree tree 20 pdf
ep() {
	printf '{"type":"endpoint","endpoint":"%s","endpoint_type":"local","details":{"root":"%s"}}' \
	    "$1" "$T/tree"
}
note='{"type":"note", "text" : "keep  my   spacing", "n":[1, 2]}'
sync='{"type":"sync","endpoint":"old","status":"ok"}'
{
	printf '%s\n' "$note"
	ep e1; echo
	echo 'not json at all, secret=hunter2'
	echo '{"type":"endpoint","endpoint":"x"}'
	printf '%s\n' "$sync"
	ep e2; printf '\r\n'
	echo '{"no":"type"}'
	echo
	echo '{"type":"note2"}'
} >in

fc-list <in >out 2>err
is "$?" 65 'a malformed line makes the exit status 65'
is "$(grep -c . err)" 3 'three lines on stderr'
like "$(sed -n 1p err)" '^fc-list: <stdin>:3: ' 'the first names <stdin>:3'
is "$(sed -n 2p err)" 'fc-list: <stdin>:4: "endpoint_type": missing' \
    'an endpoint line without endpoint_type'
like "$(sed -n 3p err)" '^fc-list: <stdin>:7: ' 'a line without a type'
ok 'the malformed line is not echoed' sh -c '! grep -q hunter2 err'
is "$(head -n 1 out)" "$note" 'an unknown type passes through, byte for byte'
is "$(grep -Fxc "$sync" out)" 1 'a type fc-list does not act on passes through'
is "$(grep -Fxc '{"type":"note2"}' out)" 1 'so does the last line'
is "$(jq -r 'select(.type=="end")|[.endpoint,.complete,.count]|join(" ")' out | sort | tr '\n' ' ')" \
    'e1 true 20 e2 true 20 ' 'both endpoints are listed (CRLF and all)'
is "$(grep -c . out)" 47 'and nothing else is written'

# file operands, "-" and a file that is not there
ep f1 >in1
echo >>in1
printf '%s\n{\n' "$(ep f2)" >in2
ep f3 | fc-list in1 missing - in2 >out 2>err
is "$?" 66 'the first failure, a missing file, sets the status'
like "$(cat err)" 'fc-list: missing: No such file or directory' \
    'the missing file is named'
like "$(cat err)" 'fc-list: in2:2: ' 'a malformed line is named by file and line'
is "$(jq -r 'select(.type=="end").endpoint' out | sort | tr '\n' ' ')" \
    'f1 f2 f3 ' 'the endpoints of every readable input are listed'

# -e with file operands is a usage error
fc-list -e x in1 >out 2>err
is "$?" 64 '-e with files is a usage error'
fc-list --bogus >out 2>err
is "$(tail -n 2 err)" \
    'usage: fc-list [-v] [--full] [-c file] [-e name] [-j jobs] [-m max-files] [-t type] [file ...]
       fc-list [-v] [-c file] --list-projects [--json]' \
    'an unknown option prints the usage'
