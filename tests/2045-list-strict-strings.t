#!/bin/sh
# fc-list changes no value on its way through: an endpoint line with a NUL
# or bytes that are not UTF-8 is refused with 65 (a root cut short at a
# NUL would list another directory), and a file whose name is not UTF-8
# is left out with a warning and makes the listing incomplete, so the
# file is neither listed under a changed name nor taken for deleted.
. "${FC_TOP:-.}/tests/lib.sh"
plan 12

mkdir -p tree/sub
: >tree/a.pdf
: >tree/sub/b.pdf
printf 'x' >"tree/fi$(printf '\377')le.pdf"

printf '{"type":"endpoint","endpoint":"e\\u0000p1","endpoint_type":"local","details":{"root":"%s/tree"}}\n' \
    "$T" | fc-list >out 2>err
is "$?" 65 'an endpoint name with \u0000: exit 65'
is "$(cat err)" 'fc-list: <stdin>:1: "endpoint": a NUL character (\u0000) at byte 33' \
    'one line naming the member'
is "$(wc -c <out)" 0 'nothing listed'

printf '{"type":"endpoint","endpoint":"ep1","endpoint_type":"local","details":{"root":"%s/tree\\u0000/../../../etc"}}\n' \
    "$T" | fc-list >out 2>err
is "$?" 65 'a root with \u0000 before "/..": exit 65'
like "$(cat err)" '^fc-list: <stdin>:1: "details": a NUL character \(\\u0000\) at byte [0-9]+$' \
    'one line naming the member'
is "$(wc -c <out)" 0 'nothing listed'

printf '{"type":"endpoint","endpoint":"ep\377","endpoint_type":"local","details":{"root":"%s/tree"}}\n' \
    "$T" | fc-list >out 2>err
is "$?" 65 'an endpoint name that is not UTF-8: exit 65'
is "$(cat err)" 'fc-list: <stdin>:1: "endpoint": invalid UTF-8 at byte 34' \
    'one line naming the member'

printf '{"type":"endpoint","endpoint":"ep1","endpoint_type":"local","details":{"root":"%s/tree"}}\n' \
    "$T" | CONNECTOR_LOG_FILE=/dev/null fc-list >out 2>err
is "$?" 0 'a tree with a name that is not UTF-8: exit 0'
is "$(jq -r 'select(.type == "file") | .id' out | sort | tr '\n' ' ')" \
    'a.pdf sub/b.pdf ' 'the other files are listed'
is "$(jq -r 'select(.type == "end") | [.complete, .count] | join(" ")' out)" \
    'false 2' 'the listing is incomplete'
is "$(cat err)" \
    "fc-list: ep1: incomplete listing, 1 unreadable; the first: $T/tree/fi$(printf '\377')le.pdf: name is not UTF-8" \
    'a warning names the file as it is'
