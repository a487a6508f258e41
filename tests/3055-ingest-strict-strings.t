#!/bin/sh
# fc never changes a value silently.  libjq would take a NUL inside a
# string (escaped or raw), which ends it for every C caller, and bytes
# that are not UTF-8, which it replaces with U+FFFD.  fc-ingest refuses
# such a line with 65, names the line and the member, and the database
# stays exactly as it was.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 21

# the state every refused listing must leave untouched
{
	begin_line e1 r0
	file_lines e1 1 3 10
	end_line e1 3
} | fc-ingest >/dev/null 2>&1
is "$?" 0 'a first listing is applied'
count_writes files
before=$(dump_files)

# refuse LINE... : the listing begin, LINES, end; WANT is the stderr line
refuse() {	# description want line
	{
		begin_line e1 r1
		file_lines e1 1 3 10
		printf '%b\n' "$3"
		end_line e1 4
	} >listing
	fc-ingest listing >out 2>err
	is "$?" 65 "$1: exit 65"
	is "$(cat err)" "fc-ingest: listing:5: $2" "$1: the line and member are named"
}

refuse 'two ids that differ after \u0000' \
    '"id": a NUL character (\u0000) at byte 41' \
    '{"type":"file","endpoint":"e1","id":"dup\\u0000one","name":"a.pdf"}'
refuse 'a name with \u0000' \
    '"name": a NUL character (\u0000) at byte 52' \
    '{"type":"file","endpoint":"e1","id":"n1","name":"fi\\u0000le.pdf"}'
refuse 'a name with a raw NUL byte' \
    '"name": a NUL byte at byte 52' \
    '{"type":"file","endpoint":"e1","id":"n1","name":"fi\0000le.pdf"}'
refuse 'an id that starts with \u0000' \
    '"id": a NUL character (\u0000) at byte 38' \
    '{"type":"file","endpoint":"e1","id":"\\u0000x","name":"x.pdf"}'
refuse 'a name with a byte that is not UTF-8' \
    '"name": invalid UTF-8 at byte 52' \
    '{"type":"file","endpoint":"e1","id":"n1","name":"fi\0377le.pdf"}'
refuse 'an overlong encoding of "/"' \
    '"path": invalid UTF-8 at byte 62' \
    '{"type":"file","endpoint":"e1","id":"n1","name":"n","path":"a\0300\0257b"}'
refuse 'invalid UTF-8 deep inside raw' \
    '"raw": invalid UTF-8 at byte 66' \
    '{"type":"file","endpoint":"e1","id":"n1","name":"n","raw":{"a":["\0355\0240\0200"]}}'
refuse 'a member name that is not UTF-8' \
    'a member name: invalid UTF-8 at byte 45' \
    '{"type":"file","endpoint":"e1","id":"n1","na\0377me":"n"}'

is "$(writes)" 0 'no file row was written by any refused listing'
is "$(dump_files)" "$before" 'the files are exactly as before'

# an escaped backslash before "u0000" is text, not a NUL: kept exactly
{
	begin_line e1 r2
	file_lines e1 1 3 10
	printf '%s\n' '{"type":"file","endpoint":"e1","id":"bs","name":"a\\u0000b.pdf"}'
	end_line e1 4
} | fc-ingest >out 2>err
is "$?" 0 'a backslash followed by u0000 is accepted'
is "$(q "select file_name from files where external_file_id = 'bs'")" \
    'a\u0000b.pdf' 'and stored as the six characters it is'
