#!/bin/sh
# Names that break naive code reach the database exactly: spaces, a
# newline and a tab (escaped in JSON), UTF-8 in several scripts, quotes,
# backslashes, SQL and shell metacharacters, an escaped NUL-free control
# character, and a \u escape of a character outside the BMP.
# backends: sqlite postgresql
. "${FC_TOP:-.}/tests/lib.sh"
plan 9
cat >names.json <<'EOF'
"plan view.pdf"
"line\nbreak.pdf"
"tab\there.dwg"
"Übersicht Größe.pdf"
"図面 一覧.pdf"
"чертёж.dwg"
"say \"hi\".pdf"
"it's.pdf"
"back\\slash\\.pdf"
"'; drop table files; --.pdf"
"$(rm -rf x) `y` *.pdf"
"bell\u0007.txt"
"emoji \ud83d\udcd0.pdf"
"  leading and trailing  "
EOF
{
	printf '{"type":"begin","endpoint":"wëird \\"ep\\"","endpoint_type":"local"}\n'
	n=0
	while IFS= read -r name; do
		printf '{"type":"file","endpoint":"wëird \\"ep\\"","id":%s,"name":%s,"path":"dir/"}\n' \
		    "$name" "$name"
		n=$((n + 1))
	done <names.json
	printf '{"type":"end","endpoint":"wëird \\"ep\\"","complete":true,"count":%d}\n' "$n"
} >listing

fc-ingest <listing >out 2>err
is "$?" 0 'fc-ingest exits 0'
is "$(jq -r '[.endpoint,.inserted]|join("|")' out)" 'wëird "ep"|14' \
    'fourteen files inserted for an endpoint with a quote in its name'
is "$(q 'select name from endpoints')" 'wëird "ep"' \
    'the endpoint name is stored as it is'

# what the database holds, as JSON, against what the lines said: each
# value read as JSON (sqlite3 -json, json_agg), so no byte is lost
qjson() {	# column
	if on_sqlite; then
		sqlite3 -json $db "select $1 from files order by id" | jq -c "[.[].$1]"
	else
		q "select coalesce(json_agg($1 order by id), '[]') from files" | jq -c .
	fi
}
want=$(jq -sc '.' names.json)
is "$(qjson external_file_id)" "$want" 'every id round-trips exactly'
is "$(qjson file_name)" "$want" 'every name round-trips exactly'
is "$(qjson file_name | jq -j '.[] | select(startswith("line"))' | od -An -tx1 | tr -d ' \n')" \
    "$(printf 'line\nbreak.pdf' | od -An -tx1 | tr -d ' \n')" \
    'the newline is a real newline in the database'
is "$(q "select length(file_name), file_name from files where file_name like 'emoji%'")" \
    "$(printf '11|emoji \360\237\223\220.pdf')" \
    'a surrogate pair becomes one UTF-8 character'
is "$(q 'select count(*) from files')" 14 \
    'the table survives a name made of SQL'

fc-ingest <listing >out 2>err
is "$(jq -r '[.inserted,.unchanged]|join(" ")' out)" '0 14' \
    'and the same listing again is all unchanged'
