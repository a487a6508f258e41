#!/bin/sh
# File names with spaces, a newline, a tab, a control byte, quotes, a
# backslash, "%", UTF-8 and bytes that are not UTF-8: every line stays
# valid JSON, ids and names carry the name exactly, the path too but for
# its "%" (written %25, as fc-lines(5) says), and the link
# percent-encodes the bytes exactly.  A name that is not UTF-8 cannot be
# carried exactly: it is left out, with a warning, and the listing is
# incomplete (before, both bad names became one id with U+FFFD).
. "${FC_TOP:-.}/tests/lib.sh"
plan 10

python3 - <<'PY'
import os
names = [b"plan A.pdf", b"new\nline.pdf", b"tab\t.pdf", b"ctl\x01.pdf",
         b"it's \"quoted\".pdf", b"back\\slash.pdf", b"100%.pdf",
         b"#hash?.pdf", "Étage 2/façade – 東京.pdf".encode(),
         b"bad\xff.pdf", b"bad\xfe.pdf", b"-leading-dash.pdf"]
for n in names:
    p = os.path.join(b"tree", n)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").close()
PY
printf '{"type":"endpoint","endpoint":"odd","endpoint_type":"local","details":{"root":"%s"}}\n' \
    "$T/tree" | CONNECTOR_LOG_FILE=/dev/null fc-list >out 2>err
is "$?" 0 'fc-list exits 0'
is "$(jq -c . out | wc -l | tr -d ' ')" "$(wc -l <out | tr -d ' ')" \
    'jq reads every line'
is "$(jq -r 'select(.type=="end")|[.complete,.count]|join(" ")' out)" \
    'false 10' 'ten files, incomplete'
ok 'the output is valid UTF-8' python3 -c '
import sys
open(sys.argv[1], "rb").read().decode("utf-8")' out

# what the lines should say, from the bytes on disk
cat >expect.py <<'PY'
import json, os, sys, urllib.parse
top = os.path.abspath(b"tree")
want = set()
for d, _, files in os.walk(top):
    for f in files:
        p = os.path.join(d, f)
        rel = os.path.relpath(p, top)
        link = "file://" + urllib.parse.quote_from_bytes(p)
        try:
            rel.decode("utf-8")
        except UnicodeDecodeError:
            continue
        want.add((rel.decode("utf-8", "replace"),
                  f.decode("utf-8", "replace"), link))
got = set()
for line in open(sys.argv[1], encoding="utf-8"):
    v = json.loads(line)
    if v["type"] == "file":
        got.add((v["id"], v["name"], v["link"]))
        assert v["path"] == v["id"].replace("%", "%25"), v
for x in sorted(want ^ got):
    print("want" if x in want else "got", x)
sys.exit(want != got)
PY
ok 'ids, names and links match the bytes on disk' python3 expect.py out
is "$(jq -r 'select(.name=="new\nline.pdf")|.link' out)" \
    "file://$T/tree/new%0Aline.pdf" 'the newline survives, encoded in the link'
is "$(jq -r 'select(.type=="file" and (.id|startswith("bad")))|.link' out)" \
    '' 'two names that are not UTF-8 are left out, not merged into one id'
# the first of the two, whichever the directory gives first, without its bad byte
is "$(tr -d '\376\377' <err)" \
    "fc-list: odd: incomplete listing, 2 unreadable; the first: $T/tree/bad.pdf: name is not UTF-8" \
    'and a warning says why'
is "$(jq -r 'select(.type=="file" and (.name|startswith("fa")))|.path' out)" \
    'Étage 2/façade – 東京.pdf' 'UTF-8 passes as it is'
is "$(jq -r 'select(.name=="100%.pdf")|[.id, .path]|join(" ")' out)" \
    '100%.pdf 100%25.pdf' 'a "%" stays in the id, and is escaped in the path'
