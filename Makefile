.POSIX:
# fc: make, make check, make bench, make install PREFIX=/usr/local
# make clean check SANITIZE=1 BACKENDS=sqlite   (ASan + UBSan; CI runs it after make check)
# make fuzz FUZZ_SECONDS=60     (each libFuzzer harness in fuzz/ for a minute)

# make install DESTDIR=/tmp/stage PREFIX=/usr SYSCONFDIR=/etc: the
# programs, manual pages, the example configuration (never over one that
# exists), and the systemd units, cron and logrotate files with their
# paths set to these; the last three go under DATADIR unless told where.
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
SYSCONFDIR = /etc
DATADIR   = $(PREFIX)/share/fc
UNITDIR   = $(DATADIR)/systemd
CRONDIR   = $(DATADIR)/cron
LOGROTATEDIR = $(DATADIR)/logrotate

CC        = cc
# DWARF 4: valgrind 3.19 (Debian 12) cannot read the DWARF 5 that clang 14 writes
CFLAGS    = -O2 -gdwarf-4
SAN_1     = -fsanitize=address,undefined -fno-omit-frame-pointer
WFLAGS    = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
	    -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	    $(SAN_$(SANITIZE))
# -iquote: lib/err.h must not hide <err.h> from the commands
CPPFLAGS_ = -iquote lib -I/usr/include/postgresql
# Each program links the libraries of the lib/ modules it pulls in, and
# no others (tests/7010-linking.t): fc-list has no database, fc-ingest
# and fc-status no libcurl (see lib/list_types.c), only fc-status serves
# HTTP.  Debian's gcc links --as-needed, but clang does not, nor gcc
# under SANITIZE=1: they would record every library they are given.
# LDLIBS, every library, is for the unit tests and the fuzz harnesses.
AUTH_LIBS   = -lcurl -lsqlite3 -lpq -ljq -lyaml -lcrypto -lm
LIST_LIBS   = -lcurl -ljq -lyaml -lcrypto -lm
INGEST_LIBS = -lsqlite3 -lpq -ljq -lyaml -lcrypto -lm
STATUS_LIBS = -lsqlite3 -lpq -ljq -lyaml -lcrypto -lmicrohttpd -lpthread -lm
LDLIBS    = -lcurl -lsqlite3 -lpq -ljq -lyaml -lssl -lcrypto -lmicrohttpd \
	    -lpthread -lm
AR        = ar
ARFLAGS   = rcs
PROVE     = prove

BIN = fc-auth fc-list fc-ingest fc-status fc-sync
LIBHDR = lib/oauth.h lib/conf.h lib/db.h lib/db_impl.h lib/err.h lib/json.h lib/lineio.h \
	 lib/lines.h lib/list.h lib/log.h lib/sched.h lib/timefmt.h \
	 lib/status.h lib/httpd.h lib/http.h lib/version.h lib/token.h lib/auth.h lib/redirect.h \
	 lib/gauth.h lib/gdrivedoc.h lib/apsdoc.h lib/walk.h
LIBOBJ = lib/conf.o lib/db.o lib/db_pg.o lib/db_sqlite.o lib/err.o \
	 lib/json.o lib/lineio.o lib/lines.o lib/list.o lib/list_types.o lib/list_local.o lib/list_aps.o lib/apsdoc.o lib/list_gdrive.o lib/gdrivedoc.o lib/walk.o lib/log.o \
	 lib/sched.o lib/timefmt.o lib/status.o lib/httpd.o lib/http.o lib/token.o lib/auth.o lib/oauth.o lib/redirect.o \
	 lib/gauth.o lib/gauth_key.o
MAN1 = man/fc-auth.1 man/fc-list.1 man/fc-ingest.1 man/fc-status.1 \
       man/fc-sync.1
MAN5 = man/connector.yaml.5 man/fc-lines.5
MAN7 = man/fc.7 man/fc-security.7

all: $(BIN)

.c.o:
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) -c -o $@ $<

$(LIBOBJ): $(LIBHDR)
lib/libfc.a: $(LIBOBJ)
	rm -f $@
	$(AR) $(ARFLAGS) $@ $(LIBOBJ)

fc-auth: cmd/fc-auth.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ cmd/fc-auth.c lib/libfc.a $(AUTH_LIBS)
fc-list: cmd/fc-list.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ cmd/fc-list.c lib/libfc.a $(LIST_LIBS)
fc-ingest: cmd/fc-ingest.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ cmd/fc-ingest.c lib/libfc.a $(INGEST_LIBS)
fc-status: cmd/fc-status.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ cmd/fc-status.c lib/libfc.a $(STATUS_LIBS)

# A shell script: copied so it sits beside the others in the tree and on PATH.
fc-sync: cmd/fc-sync.sh
	cp cmd/fc-sync.sh $@
	chmod +x $@

# Unit tests of library modules, in C, printing TAP like the shell tests.
UNIT = tests/unit-json tests/unit-apsdoc tests/unit-gdrivedoc tests/unit-conf tests/unit-sched tests/http-client tests/token-tool
tests/unit-json: tests/unit-json.c tests/tap.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/unit-json.c lib/libfc.a $(LDLIBS)
tests/unit-apsdoc: tests/unit-apsdoc.c tests/tap.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/unit-apsdoc.c lib/libfc.a $(LDLIBS)
tests/unit-gdrivedoc: tests/unit-gdrivedoc.c tests/tap.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/unit-gdrivedoc.c lib/libfc.a $(LDLIBS)
tests/unit-conf: tests/unit-conf.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/unit-conf.c lib/libfc.a $(LDLIBS)
tests/unit-sched: tests/unit-sched.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/unit-sched.c lib/libfc.a $(LDLIBS)
tests/http-client: tests/http-client.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/http-client.c lib/libfc.a $(LDLIBS)
tests/token-tool: tests/token-tool.c lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ tests/token-tool.c lib/libfc.a $(LDLIBS)

# An LD_PRELOAD library that injects faults, for the tests alone: built
# without the sanitizers, as it is loaded before their runtime.
tests/faultshim.so: tests/faultshim.c
	$(CC) $(CFLAGS) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fPIC \
	    -shared -o $@ tests/faultshim.c -ldl

# Fuzzing: one harness per parser in fuzz/ (see fuzz/fuzz.h).  make fuzz
# builds each with clang's libFuzzer, ASan and UBSan in fuzz/build/, on a
# library of its own, and runs each for FUZZ_SECONDS (or FUZZ_RUNS
# executions, when set; FUZZ="jdoc lines" picks harnesses; FUZZ_TIMEOUT is
# the seconds one input may take before it counts as a hang); make check replays
# the saved corpora and crash reproducers through fuzz/replay.c, built
# like everything else.
FUZZCC    = clang
FUZZ_SECONDS = 10
FUZZ_TIMEOUT = 10
FUZZFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	    -fno-sanitize-recover=all -std=c11 -D_DEFAULT_SOURCE \
	    -D_GNU_SOURCE -Wall -Wextra -Werror
FUZZ      = aps conf cron dburl gdrive gkey jdoc lines time token
FUZZBIN   = fuzz/build/aps fuzz/build/conf fuzz/build/cron fuzz/build/dburl \
	    fuzz/build/gdrive fuzz/build/gkey \
	    fuzz/build/jdoc fuzz/build/lines fuzz/build/time fuzz/build/token
REPLAY    = fuzz/replay-aps fuzz/replay-conf fuzz/replay-cron fuzz/replay-dburl \
	    fuzz/replay-gdrive fuzz/replay-gkey \
	    fuzz/replay-jdoc fuzz/replay-lines fuzz/replay-time \
	    fuzz/replay-token
FUZZSRC   = $(LIBOBJ:.o=.c)

fuzz/replay-aps: fuzz/aps.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/aps.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-conf: fuzz/conf.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/conf.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-cron: fuzz/cron.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/cron.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-dburl: fuzz/dburl.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/dburl.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-gdrive: fuzz/gdrive.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/gdrive.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-gkey: fuzz/gkey.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/gkey.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-jdoc: fuzz/jdoc.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/jdoc.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-lines: fuzz/lines.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/lines.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-time: fuzz/time.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/time.c fuzz/replay.c lib/libfc.a $(LDLIBS)
fuzz/replay-token: fuzz/token.c fuzz/replay.c fuzz/fuzz.h lib/libfc.a $(LIBHDR)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_) $(CPPFLAGS) $(LDFLAGS) -o $@ fuzz/token.c fuzz/replay.c lib/libfc.a $(LDLIBS)

# The library again, instrumented for libFuzzer; every file on any change.
fuzz/build/libfc.a: $(FUZZSRC) $(LIBHDR)
	rm -rf fuzz/build/lib
	mkdir -p fuzz/build/lib
	for f in $(FUZZSRC); do \
	    $(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS_) \
	    $(CPPFLAGS) -c -o fuzz/build/$${f%.c}.o $$f || exit 1; \
	done
	rm -f $@
	$(AR) $(ARFLAGS) $@ fuzz/build/lib/*.o

fuzz/build/aps: fuzz/aps.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/aps.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/conf: fuzz/conf.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/conf.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/cron: fuzz/cron.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/cron.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/dburl: fuzz/dburl.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/dburl.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/gdrive: fuzz/gdrive.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/gdrive.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/gkey: fuzz/gkey.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/gkey.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/jdoc: fuzz/jdoc.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/jdoc.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/lines: fuzz/lines.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/lines.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/time: fuzz/time.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/time.c fuzz/build/libfc.a $(LDLIBS)
fuzz/build/token: fuzz/token.c fuzz/fuzz.h fuzz/build/libfc.a $(LIBHDR)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS_) $(CPPFLAGS) -o $@ fuzz/token.c fuzz/build/libfc.a $(LDLIBS)

fuzz: $(FUZZBIN)
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

# Every test on SQLite, then those marked "# backends: ... postgresql"
# again on PostgreSQL servers of their own, from one initdb'd template.
# BACKENDS=sqlite skips the second pass (CI's sanitizer run does).  A
# test marked "# alone" changes the machine (the package installs
# /etc/fc, makes a user, takes dpkg's lock): it runs first, by itself,
# and not in a SANITIZE build, whose programs are not the ones a package
# ships.
BACKENDS  = sqlite postgresql
ALONE_    = `grep -l '^\# alone' tests/*.t`
ALONE_1   =
check: all $(UNIT) $(REPLAY) tests/faultshim.so
	@d=`mktemp -d` && trap 'rm -rf "$$d"' EXIT && \
	a="$(ALONE_$(SANITIZE))" && \
	if [ -n "$$a" ]; then echo '# alone' && \
	    PATH="$$PWD:$$PATH" FC_TOP="$$PWD" $(PROVE) $$a </dev/null; fi && \
	echo '# backend: sqlite' && \
	PATH="$$PWD:$$PATH" FC_TOP="$$PWD" FC_PG_TEMPLATE="$$d/pg" \
	    $(PROVE) -j2 `grep -L '^# alone' tests/*.t` </dev/null && \
	case " $(BACKENDS) " in *" postgresql "*) \
	echo '# backend: postgresql' && \
	PATH="$$PWD:$$PATH" FC_TOP="$$PWD" FC_PG_TEMPLATE="$$d/pg" \
	    FC_TEST_DB=postgresql $(PROVE) -j2 \
	    `grep -l '^# backends:.*postgresql' tests/*.t` </dev/null;; \
	esac

bench: all
	sh tests/bench.sh

lint:
	mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7)

demo: all
	sh contrib/demo.sh

# The units, the cron file and the example configuration name the
# programs as /usr/local/bin and the configuration as /etc/fc, right for
# the defaults; INSTALL_SED sets them to BINDIR and SYSCONFDIR, the
# example's local endpoints to the sample project it installs, and its
# database, log and tokens to those of the units and the cron file, so
# that a person running fc as the user fc sees what they see.
UNITS = contrib/systemd/fc-sync.service contrib/systemd/fc-sync.timer \
	contrib/systemd/fc-status.service contrib/systemd/fc-status.socket
INSTALL_SED = -e 's|/usr/local/bin|$(BINDIR)|g' \
	      -e 's|/etc/fc/|$(SYSCONFDIR)/fc/|g' \
	      -e 's|^\( *root: \)sample-project.*|\1$(DATADIR)/sample-project|' \
	      -e 's|etc/sample-project|$(DATADIR)/sample-project|' \
	      -e 's|Run from the top of the source tree:|Run a pass by hand:|' \
	      -e 's|fc-auth -c etc/connector.yaml --due .*|sudo -u fc fc-sync -c $(SYSCONFDIR)/fc/connector.yaml -l /var/lib/fc/sync.lock|' \
	      -e 's|this file (etc/)|this file|' \
	      -e 's|^\(  database_url:\) *$$|\1 sqlite:///var/lib/fc/connector.db|' \
	      -e 's|^\(  log_file: \)\./logs/|\1/var/log/fc/|' \
	      -e 's|^\(  token_dir: \)\./tokens|\1/var/lib/fc/tokens|' \
	      -e 's|^\(. Every setting below\) shows|\1 but the paths shows|'

install: all
	mkdir -p "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANPREFIX)/man1" \
	    "$(DESTDIR)$(MANPREFIX)/man5" "$(DESTDIR)$(MANPREFIX)/man7" \
	    "$(DESTDIR)$(SYSCONFDIR)/fc" "$(DESTDIR)$(DATADIR)" \
	    "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(CRONDIR)" \
	    "$(DESTDIR)$(LOGROTATEDIR)"
	cp -f $(BIN) "$(DESTDIR)$(BINDIR)"
	cd "$(DESTDIR)$(BINDIR)" && chmod 755 $(BIN)
	cp -f $(MAN1) "$(DESTDIR)$(MANPREFIX)/man1"
	cp -f $(MAN5) "$(DESTDIR)$(MANPREFIX)/man5"
	cp -f $(MAN7) "$(DESTDIR)$(MANPREFIX)/man7"
	for f in $(UNITS) contrib/cron/fc contrib/logrotate/fc; do \
	    case $$f in \
	    */systemd/*) d="$(DESTDIR)$(UNITDIR)" ;; \
	    */cron/*) d="$(DESTDIR)$(CRONDIR)" ;; \
	    *) d="$(DESTDIR)$(LOGROTATEDIR)" ;; \
	    esac; \
	    sed $(INSTALL_SED) "$$f" >"$$d/$${f##*/}" || exit 1; \
	    chmod 644 "$$d/$${f##*/}"; \
	done
	rm -rf "$(DESTDIR)$(DATADIR)/sample-project"
	cp -R etc/sample-project "$(DESTDIR)$(DATADIR)/sample-project"
	chmod -R u=rwX,go=rX "$(DESTDIR)$(DATADIR)/sample-project"
	@c="$(DESTDIR)$(SYSCONFDIR)/fc/connector.yaml"; \
	if [ -e "$$c" ]; then \
	    echo "$$c exists: left as it is; the example is etc/connector.yaml"; \
	else \
	    echo "sed ... etc/connector.yaml >$$c"; \
	    sed $(INSTALL_SED) etc/connector.yaml >"$$c.new" && \
	    chmod 644 "$$c.new" && mv "$$c.new" "$$c"; \
	fi

# The Debian package, built in a scratch copy of the tree (contrib/mkdeb),
# so that nothing is written into it; the .deb lands in DEBOUT.
DEBOUT = ..
deb:
	sh contrib/mkdeb "$(DEBOUT)"

# Leaves the configuration, which may have been edited.
uninstall:
	cd "$(DESTDIR)$(BINDIR)" && rm -f $(BIN)
	cd "$(DESTDIR)$(MANPREFIX)/man1" && rm -f fc-auth.1 fc-list.1 \
	    fc-ingest.1 fc-status.1 fc-sync.1
	cd "$(DESTDIR)$(MANPREFIX)/man5" && rm -f connector.yaml.5 fc-lines.5
	cd "$(DESTDIR)$(MANPREFIX)/man7" && rm -f fc.7 fc-security.7
	cd "$(DESTDIR)$(UNITDIR)" && rm -f fc-sync.service fc-sync.timer \
	    fc-status.service fc-status.socket
	rm -f "$(DESTDIR)$(CRONDIR)/fc" "$(DESTDIR)$(LOGROTATEDIR)/fc"
	rm -rf "$(DESTDIR)$(DATADIR)/sample-project"
	rmdir "$(DESTDIR)$(DATADIR)/systemd" "$(DESTDIR)$(DATADIR)/cron" \
	    "$(DESTDIR)$(DATADIR)/logrotate" "$(DESTDIR)$(DATADIR)" \
	    2>/dev/null || :

clean:
	rm -f $(BIN) lib/libfc.a $(LIBOBJ) $(UNIT) $(REPLAY) tests/faultshim.so
	rm -rf fuzz/build

.PHONY: all check bench lint demo install uninstall deb clean fuzz
