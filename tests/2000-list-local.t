#!/bin/sh
# The local lister: which files a listing names, and every field of a file
# line, for the options of endpoint_details.
. "${FC_TOP:-.}/tests/lib.sh"
plan 40

mkdir -p tree/sub/deeper tree/.hdir
printf 'hello' >tree/a.pdf
chmod 640 tree/a.pdf
: >tree/B.PDF
: >tree/c.dwg
: >tree/notes.txt
: >tree/noext
: >tree/.pdf
: >tree/.hidden.pdf
: >tree/.hdir/f.pdf
: >tree/sub/d.pdf
: >tree/sub/deeper/e.pdf
ln -s a.pdf tree/link.pdf
ln -s sub tree/dirlink
mkfifo tree/fifo.pdf

# ep NAME ROOT [MORE-DETAILS]: an endpoint line as fc-auth writes it
ep() {
	printf '{"type":"endpoint","endpoint":"%s","endpoint_type":"local",' "$1"
	printf '"details":{"root":"%s"%s},"run":"00000000000000aa"}\n' \
	    "$2" "${3:+,$3}"
}
ids() { jq -r 'select(.type=="file").id' "$1" | sort | tr '\n' ' '; }
field() { jq -r "select(.type==\"$1\").$2" "$3"; }

ep t "$T/tree" | fc-list >out 2>err
is "$?" 0 'fc-list exits 0'
is "$(cat err)" '' 'nothing on stderr'
is "$(ids out)" \
    '.hdir/f.pdf .hidden.pdf .pdf B.PDF a.pdf c.dwg noext notes.txt sub/d.pdf sub/deeper/e.pdf ' \
    'every regular file, by its path from the root; no link, no fifo'
is "$(jq -r .type out | uniq -c | awk '{print $2 $1}' | tr '\n' ' ')" \
    'begin1 file10 end1 ' 'a begin line, ten file lines, an end line'
is "$(jq -r 'select(.type=="begin")|[.endpoint,.endpoint_type,.mode,.scope,.run]|join(" ")' out)" \
    "t local full $T/tree 00000000000000aa" 'the begin line'
is "$(jq -r 'select(.type=="end")|[.complete,.count,.cursor]|join(" ")' out)" \
    'true 10 ' 'the end line: complete, 10 files'
like "$(field begin started_at out)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' \
    'started_at is RFC 3339 UTC'

# every field of one file, against what stat(1) and python3 say
jq -c 'select(.id=="a.pdf")' out >a
is "$(jq -r '[.endpoint,.name,.path,.size,.mime_type,.state]|join(" ")' a)" \
    't a.pdf a.pdf 5 application/pdf present' 'name, path, size, type, state'
is "$(jq -r '.size|type' a)" string 'the size is a string'
is "$(jq -r .link a)" \
    "$(python3 -c 'import pathlib,sys; print(pathlib.Path(sys.argv[1]).as_uri())' "$T/tree/a.pdf")" \
    'the link is the file: URI of the absolute path'
is "$(jq -r .version a)" \
    "$(python3 -c 'import os,sys; print(os.stat(sys.argv[1]).st_mtime_ns)' tree/a.pdf)" \
    'the version is the mtime in nanoseconds'
is "$(jq -r .updated_at a)" \
    "$(date -u -d "@$(stat -c %Y tree/a.pdf)" +%Y-%m-%dT%H:%M:%SZ)" \
    'updated_at is the mtime'
w=$(stat -c %W tree/a.pdf)
if [ "$w" = 0 ] || [ "$w" = - ]; then
	want=null
else
	want=$(date -u -d "@$w" +%Y-%m-%dT%H:%M:%SZ)
fi
is "$(jq -r .created_at a)" "$want" 'created_at is the birth time, or null'
is "$(jq -c .raw a)" \
    "{\"dev\":\"$(stat -c %d tree/a.pdf)\",\"ino\":\"$(stat -c %i tree/a.pdf)\",\"mode\":\"0640\",\"uid\":$(id -u),\"gid\":$(id -g),\"nlink\":1}" \
    'raw: dev, ino, mode, uid, gid, nlink'
is "$(jq -r 'select(.type=="file" and .state=="hidden").id' out | sort | tr '\n' ' ')" \
    '.hdir/f.pdf .hidden.pdf .pdf ' 'dot files and files under dot directories are hidden'
is "$(jq -r 'select(.id=="sub/deeper/e.pdf")|[.name,.path]|join(" ")' out)" \
    'e.pdf sub/deeper/e.pdf' 'the name is the last component, the path has it all'
is "$(jq -r 'select(.type=="file")|[.id,.mime_type]|join(" ")' out | sort | tr '\n' ' ')" \
    '.hdir/f.pdf application/pdf .hidden.pdf application/pdf .pdf application/octet-stream B.PDF application/pdf a.pdf application/pdf c.dwg image/vnd.dwg noext application/octet-stream notes.txt text/plain sub/d.pdf application/pdf sub/deeper/e.pdf application/pdf ' \
    'media types by extension, case ignored'

# file_types
ep t "$T/tree" '"file_types":["pdf"]' | fc-list >out 2>err
is "$(ids out)" '.hdir/f.pdf .hidden.pdf B.PDF a.pdf sub/d.pdf sub/deeper/e.pdf ' \
    'file_types pdf: case ignored, ".pdf" alone has no extension'
is "$(field end count out)" 6 'and the end line counts 6'
ep t "$T/tree" '"file_types":["DWG",".txt"]' | fc-list >out 2>err
is "$(ids out)" 'c.dwg notes.txt ' 'file_types in upper case or with a dot'

# include_subfolders
ep t "$T/tree" '"include_subfolders":false' | fc-list >out 2>err
is "$(ids out)" '.hidden.pdf .pdf B.PDF a.pdf c.dwg noext notes.txt ' \
    'include_subfolders false: only the files directly in the root'
is "$(field end complete out)" true 'and that listing is complete'

# folder_id
ep t "$T/tree" '"folder_id":"sub"' | fc-list >out 2>err
is "$(ids out)" 'd.pdf deeper/e.pdf ' 'folder_id: ids from the folder'
is "$(field begin scope out)" "$T/tree/sub" 'the scope is root/folder_id'
is "$(jq -r 'select(.id=="d.pdf").link' out)" "file://$T/tree/sub/d.pdf" \
    'links are absolute'
ep t "$T/tree/" '"folder_id":"/sub/"' | fc-list >out 2>err
is "$(ids out) $(field begin scope out)" "d.pdf deeper/e.pdf  $T/tree/sub" \
    'slashes around root and folder_id do not matter'
ep t "$T/tree" '"folder_id":"sub/../../etc"' | fc-list >out 2>err
is "$?" 78 'a folder_id with ".." exits 78'
is "$(jq -r '[.type,.code]|join(" ")' out)" 'error 78' 'with an error line only'

# a relative root is taken from the working directory
ep t tree '"folder_id":"sub"' | fc-list >out 2>err
is "$(field begin scope out) $(ids out)" "$T/tree/sub d.pdf deeper/e.pdf " \
    'a relative root'

# a root that is a symbolic link to a directory is followed
ln -s tree rootlink
ep t "$T/rootlink" '"folder_id":"sub"' | fc-list >out 2>err
is "$(ids out)" 'd.pdf deeper/e.pdf ' 'a root that is a symbolic link is followed'

# --max-files
ep t "$T/tree" | fc-list --max-files 3 >out 2>err
is "$?" 0 '--max-files exits 0'
is "$(jq -r 'select(.type=="file")|.id' out | wc -l | tr -d ' ') $(jq -r 'select(.type=="end")|[.complete,.count]|join(" ")' out)" \
    '3 false 3' '--max-files 3: three files, complete false, count 3'
ep t "$T/tree" | fc-list -n 10 >out 2>err
is "$(jq -r 'select(.type=="end")|[.complete,.count]|join(" ")' out)" \
    'true 10' '-n 10 on ten files: nothing was left out, complete'
ep t "$T/tree" | fc-list -n 0 >out 2>err
is "$(jq -r 'select(.type=="end")|[.complete,.count]|join(" ")' out)" \
    'false 0' '-n 0: no file, incomplete'
ep t "$T/tree" | fc-list -n x >out 2>err
is "$?" 64 '-n x is a usage error'

# the endpoints of the configuration: -e and -t
write_conf "docs=$T/tree"
fc-list -e docs >out 2>err
is "$?" 0 'fc-list -e docs exits 0'
is "$(ids out)" \
    '.hdir/f.pdf .hidden.pdf .pdf B.PDF a.pdf c.dwg noext notes.txt sub/d.pdf sub/deeper/e.pdf ' \
    '-e lists the configured endpoint'
like "$(field begin run out)" '^[0-9a-f]{16}$' 'with a fresh run id'
cp config/connector.yaml other.yaml
rm -r config
fc-list -c other.yaml --type local >out 2>err
is "$(field begin endpoint out) $(field end count out)" 'docs 10' \
    '-c FILE -t local lists every active local endpoint'
fc-list -e nosuch >out 2>err
is "$?" 78 'an endpoint that is not in the configuration exits 78'
