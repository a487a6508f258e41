#!/bin/sh
# Each program links the libraries it uses and no others: its NEEDED
# entries (readelf -d) are exactly its own, and ldd -u finds none
# unused.  A linker that records every -l it is given (clang's, or gcc's
# under SANITIZE=1) shows what the Makefile passes; gcc's --as-needed
# shows what the objects pulled from lib/libfc.a use, so that fc-ingest
# and fc-status do not get libcurl through the table of endpoint types.
# The C library, libm and the sanitizers' runtimes are left out.
. "${FC_TOP:-.}/tests/lib.sh"
plan 8

command -v readelf >/dev/null || skip_all 'no readelf (binutils)'

needed() {	# PROGRAM: its libraries, short names, sorted, on one line
	readelf -d "$FC_TOP/$1" | sed -n 's/.*(NEEDED).*\[\(lib[^.]*\)\..*\]/\1/p' |
	    grep -Ev '^lib(c|m|pthread|dl|rt|gcc_s|asan|ubsan)$' | LC_ALL=C sort |
	    tr '\n' ' '
}
is "$(needed fc-auth)" 'libcrypto libcurl libjq libpq libsqlite3 libyaml-0 ' \
    'fc-auth: HTTP for logins, the database, JSON, YAML, hashes'
is "$(needed fc-list)" 'libcrypto libcurl libjq libyaml-0 ' \
    'fc-list: no database'
is "$(needed fc-ingest)" 'libcrypto libjq libpq libsqlite3 libyaml-0 ' \
    'fc-ingest: no libcurl, no HTTP server'
is "$(needed fc-status)" 'libcrypto libjq libmicrohttpd libpq libsqlite3 libyaml-0 ' \
    'fc-status: the HTTP server, no libcurl'

unused() {	# PROGRAM: what ldd -u calls unused, but libm (see above)
	ldd -u -r "$FC_TOP/$1" 2>&1 | sed -n 's|^[[:space:]]*/.*/||p' |
	    grep -v '^libm\.so'
}
for p in fc-auth fc-list fc-ingest fc-status; do
	is "$(unused $p)" '' "$p: ldd -u finds no library linked and unused"
done
