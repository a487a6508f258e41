#!/bin/sh
# What a message shows of DATABASE_URL, through fc-status on a server
# that is not there (no PostgreSQL needed): a URL or keyword string
# without its password, read as libpq reads it, and byte for byte
# otherwise.  Run with FC_VALGRIND=1 or SANITIZE=1, the first case also
# proves the redacted copy fits its buffer.
. "${FC_TOP:-.}/tests/lib.sh"
plan 10

printf 'endpoints: []\n' >c.yaml

# shown URL URL DESCRIPTION: fc-status fails to connect, naming URL
shown() {
	DATABASE_URL=$1 vg fc-status -c c.yaml >out 2>err
	is "$?" 69 "$3: exit 69"
	is "$(sed 's/: connection to server on socket .*//' err)" \
	    "fc-status: $2" "$3: shown as it should be"
}

# libpq takes pairs written without a space between them; fc's copy adds
# one to each, and outgrew its buffer (fuzz/crashes/dburl/)
pairs= spaced=
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	pairs="${pairs}application_name='$i'"
	spaced="$spaced application_name='$i'"
done
shown "host=/nonexistent $pairs" "host=/nonexistent$spaced" \
    'pairs without spaces between them'

# "://" in a value: still a keyword string, and its password is dropped
shown "host=/nonexistent password=s3cret application_name=x://y" \
    'host=/nonexistent application_name=x://y' '"://" in a keyword string'

# URLs as libpq reads them: "?" inside the password, "#" as any other byte
shown 'postgresql://fc:pass?word@%2Fnonexistent/fc' \
    'postgresql://fc@%2Fnonexistent/fc' 'a "?" in the password'
shown 'postgresql://%2Fnonexistent/fc#?password=s3cret&sslmode=disable' \
    'postgresql://%2Fnonexistent/fc#?sslmode=disable' 'a "#" before the query'

# a keyword libpq takes but does not list first: still libpq's, not a
# SQLite file whose name would carry the password (fuzz/crashes/dburl/)
shown "requiressl=0 host=/nonexistent password=s3cret" \
    'requiressl=0 host=/nonexistent' 'an unlisted first keyword'
