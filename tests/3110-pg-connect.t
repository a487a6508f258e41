#!/bin/sh
# PostgreSQL URLs and connections: a postgresql:// URL with a password, a
# libpq keyword string, postgres:// with sslmode=require (as Supabase
# gives them), "postgresql://" alone with the PG* variables and a
# password file.  Each way of failing to connect is one line with its own
# exit status: a wrong or missing password 77, a missing database 78,
# nothing listening 69, a URL libpq cannot parse 78.  The password never
# shows on stdout, stderr or in the log, whichever program and however
# it fails; tests never put it on a command line either.
. "${FC_TOP:-.}/tests/lib.sh"
command -v openssl >/dev/null || skip_all 'openssl is not installed'
use_pg tcp
plan 38

PW='Sw0rd-fish.3110'
# scram over TCP for the role fc; psql_ keeps the socket and trust
psql_ -c "create role fc login password '$PW'" \
    -c 'alter database fc owner to fc' -c 'alter schema public owner to fc'
printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' \
    >"$T/pg/pg_hba.conf"
# a certificate of its own, for sslmode=require
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$T/pg/server.key" -out "$T/pg/server.crt" -days 2 \
    -subj /CN=127.0.0.1 >/dev/null 2>&1
chmod 600 "$T/pg/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres "$T/pg/server.key" "$T/pg/server.crt"
psql_ -c 'alter system set ssl = on' -c 'select pg_reload_conf()' >/dev/null
unset DATABASE_URL
H=127.0.0.1:$PG_PORT
export CONNECTOR_LOG_FILE="$T/log"

n=0
listing() {	# a listing of one new file, for endpoint $1, into file l
	n=$((n + 1))
	printf '%s\n' "{\"type\":\"begin\",\"endpoint\":\"$1\",\"endpoint_type\":\"local\",\"run\":\"r$n\"}" \
	    "{\"type\":\"file\",\"endpoint\":\"$1\",\"id\":\"f$n\",\"name\":\"f$n\"}" \
	    "{\"type\":\"end\",\"endpoint\":\"$1\",\"complete\":false,\"count\":1}" >l
}
stored() { q "select count(*) from files where external_file_id = 'f$n'"; }
clean() {	# the password nowhere fc writes to
	! grep -q -- "$PW" out err log 2>/dev/null
}

# -- ways in -----------------------------------------------------------------
listing url
DATABASE_URL="postgresql://fc:$PW@$H/fc" fc-ingest <l >out 2>err
is "$?" 0 'postgresql://user:password@host:port/db works'
is "$(stored)" 1 'and the file is stored'
is "$(q "select tableowner from pg_tables where tablename = 'files'")" fc \
    'the tables were made by the role of the URL'

listing keywords
DATABASE_URL="host=127.0.0.1 port=$PG_PORT dbname=fc user=fc password='$PW'" \
    fc-ingest <l >out 2>err
is "$?" 0 'a libpq keyword string works'
is "$(stored)" 1 'and the file is stored'

listing ssl
DATABASE_URL="postgres://fc:$PW@$H/fc?sslmode=require" fc-ingest <l >out 2>err
is "$?" 0 'postgres://...?sslmode=require works (over TLS: it would fail without)'
is "$(stored)" 1 'and the file is stored'

printf '127.0.0.1:%s:fc:fc:%s\n' "$PG_PORT" "$PW" >pgpass
chmod 600 pgpass
listing env
env DATABASE_URL=postgresql:// PGHOST=127.0.0.1 PGPORT="$PG_PORT" \
    PGDATABASE=fc PGUSER=fc PGPASSFILE="$T/pgpass" fc-ingest <l >out 2>err
is "$?" 0 '"postgresql://" alone takes all from PG* and the password file'
is "$(stored)" 1 'and the file is stored'

mkdir config
cat >config/connector.yaml <<EOF
settings:
  database_url: postgresql://fc:$PW@$H/fc
endpoints:
  - name: url
    endpoint_type: local
    endpoint_details: { root: $T }
EOF
fc-status --json >out 2>err
is "$?" 0 'fc-status reads the database named in connector.yaml'
is "$(jq -c '[.database.backend, .database.url, .database.exists, (.endpoints[] | select(.name == "url") | .files_present)]' out)" \
    "[\"postgresql\",\"postgresql://fc@$H/fc\",true,1]" \
    'and shows its URL without the password'
fc-auth --all >out 2>err
is "$(jq -r .endpoint out)" url 'fc-auth reads it too'
ok 'no password on any output so far' clean

# -- ways of failing, one line each ------------------------------------------
listing bad
DATABASE_URL="postgresql://fc:wrong-$PW@$H/fc" fc-ingest <l >out 2>err
is "$?" 77 'a wrong password: 77'
is "$(cat err)" "fc-ingest: postgresql://fc@$H/fc: connection to server at \"127.0.0.1\", port $PG_PORT failed: password authentication failed for user \"fc\"" \
    'one line: the URL without the password, and what failed'
ok 'the password is in neither the message nor the log' clean
like "$(jq -r 'select(.event == "db_open") | .msg' log)" 'password authentication failed' \
    'the log has the failure'

listing bad
DATABASE_URL="host=127.0.0.1 port=$PG_PORT dbname=fc user=fc password=wrong-$PW" \
    fc-ingest <l >out 2>err
is "$?" 77 'a wrong password in a keyword string: 77'
like "$(cat err)" "^fc-ingest: host=127.0.0.1 port=$PG_PORT dbname=fc user=fc: connection" \
    'the keyword string is shown without its password'
ok 'and the password is not shown' clean

listing bad
DATABASE_URL="postgresql://fc@$H/fc" fc-ingest <l >out 2>err
is "$?" 77 'no password at all: 77'
like "$(cat err)" 'no password supplied$' 'says so'

listing bad
DATABASE_URL="postgresql://fc:$PW@$H/nosuch" fc-ingest <l >out 2>err
is "$?" 78 'a database that does not exist: 78'
like "$(cat err)" 'database "nosuch" does not exist$' 'says which'
ok 'no password' clean

free=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listing bad
DATABASE_URL="postgresql://fc:$PW@127.0.0.1:$free/fc" fc-ingest <l >out 2>err
is "$?" 69 'nothing listening: 69'
like "$(cat err)" "port $free failed: Connection refused\$" 'connection refused'
is "$(grep -c . err)" 1 'in one line'

listing bad
DATABASE_URL="postgresql://fc:$PW@$H/fc?sslmode=requird" fc-ingest <l >out 2>err
is "$?" 78 'an sslmode libpq does not know: 78'
like "$(cat err)" 'invalid sslmode value' 'named'

listing bad
DATABASE_URL="postgresql://fc:p%zz$PW@$H/fc" fc-ingest <l >out 2>err
is "$?" 78 'a URL libpq cannot parse: 78'
is "$(cat err)" "fc-ingest: postgresql://fc@$H/fc: not a PostgreSQL URL: invalid percent-encoded token" \
    'says why, without quoting the URL'
ok 'no password' clean

DATABASE_URL="postgresql://fc:wrong-$PW@$H/fc" fc-status >out 2>err
is "$?" 77 'fc-status with a wrong password: 77'
DATABASE_URL="postgresql://fc:wrong-$PW@$H/fc" fc-auth --all >out 2>err
is "$?" 77 'fc-auth with a wrong password: 77'
ok 'no password from either' clean

# fc-status names the backend and redacts keyword strings too
DATABASE_URL="host=127.0.0.1 port=$PG_PORT dbname=fc user=fc password=$PW" \
    fc-status --json >out 2>err
is "$(jq -c '[.database.backend, .database.url]' out | sed "s/$PW/PASSWORD/")" \
    "[\"postgresql\",\"host=127.0.0.1 port=$PG_PORT dbname=fc user=fc\"]" \
    'fc-status shows a keyword string as postgresql, without its password'

# PGCONNECT_TIMEOUT set but empty is unset, as every variable fc reads:
# libpq alone would refuse "" and connect to nothing
listing pgct
PGCONNECT_TIMEOUT= DATABASE_URL="postgresql://fc@$H/fc?password=$PW" \
    fc-ingest <l >out 2>err
is "$?:$(stored):$(cat err)" 0:1: 'PGCONNECT_TIMEOUT= is the default 30 s'
