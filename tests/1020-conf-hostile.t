#!/bin/sh
# connector.yaml made to hurt: nesting 100000 deep (libyaml took half a
# minute over such a file before it could say what was wrong) and a file
# past the size limit are refused at once, with exit 78 and one line
# naming the file and line; the limits themselves, 64 levels and 1 MiB,
# still load.  timeout only turns a regression into a failure, not a hang.
. "${FC_TOP:-.}/tests/lib.sh"
plan 33

DATABASE_URL=sqlite://$T/data/connector.db
export DATABASE_URL

# N copies of a string (awk's printf: \n is a newline)
rep() {	# N STRING
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf s }'
}

# refused FILE LINE WHAT DESCRIPTION
refused() {
	timeout 10 fc-auth -c "$1" --due >out 2>err
	is "$?" 78 "$4: exit 78"
	is "$(cat err)" "fc-auth: $1:$2: $3" "$4: the line that says why"
}

deep='nested deeper than 64 levels'
{ rep 100000 '['; rep 100000 ']'; echo; } >flow-seq.yaml
refused flow-seq.yaml 1 "$deep" 'a flow sequence 100000 deep'

{ rep 100000 '{a: '; echo x; rep 100000 '}'; echo; } >flow-map.yaml
refused flow-map.yaml 1 "$deep" 'a flow mapping 100000 deep'

{ rep 100000 '- '; echo x; } >block-seq.yaml
refused block-seq.yaml 1 "$deep" 'block sequences 100000 deep'

# 65 levels, the top mapping being the first, on line 3
{ printf '# a comment\nendpoints: []\nx: '; rep 64 '['; rep 64 ']'; echo; } >d65.yaml
refused d65.yaml 3 "$deep" '65 levels'

{ printf '# a comment\nendpoints: []\nx: '; rep 63 '['; rep 63 ']'; echo; } >d64.yaml
timeout 10 fc-auth -c d64.yaml --due >out 2>err
is "$?" 0 '64 levels load'
is "$(cat err)" 'fc-auth: d64.yaml:3: x: unknown key' 'with a warning only'

# 16385 lines of 64 bytes: byte 1048576 (counting from 0) starts line 16385
line=$(printf '#%062d' 0)
rep 16385 "$line\\n" >big.yaml
refused big.yaml 16385 'larger than 1048576 bytes' 'a file of 1 MiB and 64 bytes'

sed '$d' big.yaml >1mib.yaml
is "$(wc -c <1mib.yaml | tr -d ' ')" 1048576 'the largest file allowed is 1 MiB'
timeout 10 fc-auth -c 1mib.yaml --due >out 2>err
is "$?" 0 'and it loads'

# /dev/zero has no end: it is read no further than the limit
timeout 10 fc-auth -c /dev/zero --due >out 2>err
is "$?" 78 'an endless file: exit 78'
is "$(cat err)" 'fc-auth: /dev/zero:1: larger than 1048576 bytes' \
    'an endless file: refused at the limit'

# Duplicates among many: found by sorting (pair by pair, 100000 keys took
# about a minute), and still reported as before: the first repeat in the
# file, with the first of its kind.
# (ASan's allocator makes libyaml's 100000 nodes take minutes: no measure)
if asan_build fc-auth; then
	skip 2 'an ASan build is too slow to time 100000 keys'
else
	{ awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%d:\n", i }'
	  echo 'k7:'; } >keys.yaml
	refused keys.yaml 100001 'k7: duplicate key (first at line 8)' \
	    '100000 keys, then one again'
fi

{ echo 'endpoints:'
  awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "- {name: e%d, endpoint_type: autodesk}\n", i }'
  echo '- {name: e5, endpoint_type: autodesk}'
  echo '- {name: e6, endpoint_type: autodesk}'; } >names.yaml
refused names.yaml 20002 \
    'endpoints[20000].name: duplicate endpoint name "e5" (endpoints[5] at line 7)' \
    '20000 endpoints, then two names again'

# Aliases repeat what they name each time the file is read, so what they
# repeat counts against a limit of its own (a node as one byte and its
# text): a list of 9990 items weighs 19981, and the 53rd alias of it
# passes 1 MiB.  Before, 15000 such endpoints took 15 s and 327 MB.
{ printf 'x: &d ['; rep 9989 '1,'; echo '1]'
  echo 'endpoints:'
  awk 'BEGIN { for (i = 0; i < 100; i++)
	printf "- {name: e%d, endpoint_type: autodesk, endpoint_details: {k: *d}}\n", i }'
} >aliases.yaml
refused aliases.yaml 55 'aliases repeat more than 1048576 bytes' \
    'a list of 9990 aliased 100 times'

{ printf 'x: &d ['; rep 9989 '1,'; echo '1]'
  echo 'endpoints:'
  awk 'BEGIN { for (i = 0; i < 52; i++)
	printf "- {name: e%d, endpoint_type: autodesk, endpoint_details: {k: *d}}\n", i }'
} >aliases52.yaml
timeout 10 fc-auth -c aliases52.yaml --due >out 2>err
is "$?:$(tail -n1 err)" '78:fc-auth: clients.autodesk.client_id: missing (or set CONNECTOR_AUTODESK_CLIENT_ID)' \
    '52 aliases of it load (then 78: no Autodesk client for them)'

# a string of 600000 bytes, once in the file, twice through aliases
{ printf 's: &s "'; rep 600000 x; echo '"'
  echo 'endpoints:'
  echo '- {name: a, endpoint_type: autodesk, project_id: *s}'
  echo '- {name: b, endpoint_type: autodesk, project_id: *s}'
} >string.yaml
refused string.yaml 4 'aliases repeat more than 1048576 bytes' \
    'a long string aliased twice'

# a "\0" escape in endpoint_details, as a value or a key (found by
# make fuzz): the endpoint line would carry \u0000, which every reader
# refuses, so the config is refused where the NUL is written
cat >nul-value.yaml <<'YAML'
endpoints:
  - name: acc
    endpoint_type: autodesk
    endpoint_details:
      project_id: b.1
      flags: {tags: [a, "tr\0ue"]}
YAML
refused nul-value.yaml 6 \
    'endpoints[0].endpoint_details.flags: expected a value without NUL characters' \
    'a NUL escape in a detail value'
cat >nul-key.yaml <<'YAML'
endpoints:
  - name: acc
    endpoint_type: autodesk
    endpoint_details:
      project_id: b.1
      "x\0y": 1
      nested: {"a\0b": 2}
YAML
refused nul-key.yaml 6 \
    'endpoints[0].endpoint_details: expected a key without NUL characters' \
    'a NUL escape in a detail key'
sed -i '/x.0y/d' nul-key.yaml
refused nul-key.yaml 6 \
    'endpoints[0].endpoint_details.nested: expected a key without NUL characters' \
    'a NUL escape in a nested key'
printf 'endpoints: []\n"sett\\0ings": {}\n' >nul-top.yaml
refused nul-top.yaml 2 'expected a key without NUL characters' \
    'a NUL escape in a top-level key'
