#!/bin/sh
# A listing that goes wrong half way is rolled back whole: a malformed
# line, a field of the wrong kind, the input ending before the end line,
# a line of another endpoint in the middle, an error line, a wrong count.
# Each leaves files byte for byte as it was, logs a failed sync with the
# right code, and lets the listings around it through.  An error line's
# message is not repeated on stderr: the program that wrote it said it.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 44

b() { printf '{"type":"begin","endpoint":"%s","endpoint_type":"local","run":"r-%s"}\n' "$1" "$1"; }
f() { printf '{"type":"file","endpoint":"%s","id":"%s","name":"%s","size":"%s"}\n' "$1" "$2" "$2" "${3:-1}"; }
e() { printf '{"type":"end","endpoint":"%s","complete":true,"count":%s}\n' "$1" "$2"; }
lastlog() { q "select status, code, error from sync_logs order by id desc limit 1"; }

{ b docs; f docs a; f docs b; f docs c; e docs 3; } | fc-ingest >out 2>err
is "$?" 0 'three files loaded'
# every column of every row of docs, exactly (other endpoints may grow)
docs() { dump_table files "endpoint_id = (select id from endpoints where name = 'docs')"; }
dump=$(docs)
same() { is "$(docs)" "$dump" "$1"; }

# new values, a new file and a would-be deletion before the bad line, so
# a partial apply would show
{ b docs; f docs a 2; f docs new; echo '{"type":"file", oops'; f docs b; e docs 3; } >bad1
fc-ingest <bad1 >out 2>err
is "$?" 65 'a malformed line: exit 65'
same 'files is byte for byte as before'
like "$(cat err)" '^fc-ingest: <stdin>:4: ' 'stderr names <stdin>:4'
ok 'and does not quote the line' sh -c '! grep -q oops err'
is "$(jq -r '[.endpoint,.run,.status,.code]|join(" ")' out)" 'docs r-docs failed 65' \
    'sync line: failed, 65'
like "$(lastlog)" '^failed\|65\|<stdin>:4: ' 'sync_logs: failed, 65, where'

{ b docs; f docs a 2; printf '{"type":"file","endpoint":"docs","id":"x","name":"x","size":"big"}\n'; e docs 2; } >bad2
fc-ingest bad2 >out 2>err
is "$?" 65 'a field of the wrong kind: exit 65'
is "$(cat err)" 'fc-ingest: bad2:3: "size": expected an integer' \
    'stderr: file:line: field: what'
same 'files is as before'
is "$(jq -r .error out)" 'bad2:3: "size": expected an integer' \
    'the sync line carries the reason'

{ b docs; f docs a 2; f docs new; } >bad3
fc-ingest <bad3 >out 2>err
is "$?" 65 'input ending inside a listing: exit 65'
same 'files is as before'
like "$(cat err)" 'input ended inside the listing of endpoint docs' 'stderr says so'
is "$(lastlog | cut -d'|' -f1,2)" 'failed|65' 'a failed sync is logged'

{ b docs; f docs a 2; f arch z; f docs b; e docs 2; } >bad4
fc-ingest <bad4 >out 2>err
is "$?" 65 'a line of another endpoint mid-listing: exit 65'
same 'files is as before'
is "$(grep -c . err)" 1 'one line on stderr: the rest of docs is dropped'
like "$(cat err)" '<stdin>:3: file line of endpoint arch inside the listing of docs' \
    'it names the intruder'
is "$(q "select count(*) from files where external_file_id='z'")" 0 \
    'the intruding file is not stored'

{ b docs; f docs a 2; b arch; f arch z; e arch 1; } >bad5
fc-ingest <bad5 >out 2>err
is "$?" 65 'a begin before the end line: exit 65'
same 'docs is rolled back'
is "$(jq -r '[.endpoint,.status]|join(" ")' out | tr '\n' ' ')" 'docs failed arch ok ' \
    'and arch, which followed, is applied'

{ b docs; f docs a 2
  printf '{"type":"error","endpoint":"docs","code":69,"message":"service unavailable","run":"r-docs"}\n'
} >bad6
fc-ingest <bad6 >out 2>err
is "$?" 69 'an error line in a listing: exit with its code, 69'
same 'files is as before'
is "$(jq -r '[.status,.code,.error]|join("|")' out)" 'failed|69|endpoint docs: service unavailable' \
    'sync line: failed, 69, the message'
is "$(lastlog)" 'failed|69|endpoint docs: service unavailable' 'logged as such'
is "$(cat err)" '' 'not repeated on stderr: the error line'"'"'s writer said it there'

{ b docs; f docs a 2; e docs 5; } >bad7
fc-ingest <bad7 >out 2>err
is "$?" 65 'an end line with the wrong count: exit 65'
same 'files is as before'
like "$(cat err)" 'counts 5 files, the listing had 1' 'stderr says so'

# an error line with no listing: fc-list could not begin
printf '{"type":"error","endpoint":"gone","code":66,"message":"root /x: No such file or directory"}\n' |
    fc-ingest >out 2>err
is "$?" 66 'an error line outside a listing: exit with its code'
is "$(jq -r '[.endpoint,.status,.code]|join(" ")' out)" 'gone failed 66' 'sync line: failed'
is "$(q "select e.name, s.status, s.code from sync_logs s join endpoints e on e.id = s.endpoint_id order by s.id desc limit 1")" \
    'gone|failed|66' 'logged against the endpoint'
is "$(cat err)" '' 'and nothing on stderr, which fc-list told already'

# the first failure's code wins; good listings around bad ones commit
{ b one; f one x; e one 1; cat bad6; b two; f two y; e two 1; cat bad2; } >mixed
fc-ingest <mixed >out 2>err
is "$?" 69 'several failures: the first one'"'"'s code'
is "$(jq -r '[.endpoint,.status]|join(" ")' out | tr '\n' ' ')" \
    'one ok docs failed two ok docs failed ' 'each listing has its sync line'
is "$(q "select count(*) from files f join endpoints e on e.id=f.endpoint_id where e.name in ('one','two')")" 2 \
    'the good listings are committed'
same 'docs is as before'

# lines outside any listing
{ f docs a 2; f docs b 2; e docs 2; } | fc-ingest >out 2>err
is "$?" 65 'file lines without a begin: exit 65'
is "$(grep -c . err)" 1 'one warning for the run of them'
same 'nothing applied'

echo '{"type":"begin","endpoint":"docs"}' | fc-ingest >out 2>err
is "$?" 65 'a begin line without endpoint_type: exit 65'
is "$(cat err)" 'fc-ingest: <stdin>:1: "endpoint_type": missing' 'says which field'
