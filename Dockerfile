# Dockerfile: fc in a container.  contrib/docker/entrypoint.sh runs the
# schedule loop (fc-sync -w) beside the status server (fc-status --listen),
# as a container has no cron; the HEALTHCHECK asks the server's /health.
#
#	docker build -t fc .
#	docker run -d --name fc -p 8080:8080 -v "$PWD/config:/config:ro" \
#	    -v fc-data:/data -v fc-logs:/logs -v fc-tokens:/tokens fc
#	curl -s localhost:8080/status | jq .
#	docker run --rm -v fc-data:/data fc fc-status	# any command instead
#
# Without a /config mount the image's own copy of etc/ is used: the example
# configuration and its sample project.  docker-compose.yml runs fc beside
# PostgreSQL.

# -- build: a compiler and Debian 12's -dev packages; tests run in CI --------
FROM debian:12 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
	gcc make libc6-dev \
	libcurl4-openssl-dev libsqlite3-dev libpq-dev libjq-dev libonig-dev \
	libyaml-dev libssl-dev libmicrohttpd-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make clean && make && make install PREFIX=/usr/local DESTDIR=/out

# -- runtime: the shared libraries, zone data, CA certificates, curl for the
# HEALTHCHECK; flock comes with util-linux, part of every Debian -----------
FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
	libcurl4 libsqlite3-0 libpq5 libjq1 libyaml-0-2 libssl3 \
	libmicrohttpd12 tzdata ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --home-dir /data \
	--shell /usr/sbin/nologin fc \
    && install -d -o fc -g fc -m 0750 /data /logs \
    && install -d -o fc -g fc -m 0700 /tokens
COPY --from=build /out/usr/local/ /usr/local/
COPY contrib/docker/entrypoint.sh /usr/local/bin/fc-entrypoint
COPY etc/ /config/

# The seed's variables.  The environment wins over the settings of
# connector.yaml (connector.yaml(5)): set them here, with docker run -e or
# in docker-compose.yml.  The working directory is /, so the defaults
# ./data, ./logs and ./tokens are the volumes.
ENV FC_CONFIG=/config/connector.yaml \
    DATABASE_URL=sqlite:///data/connector.db \
    SYNC_INTERVAL_MINUTES=60 \
    MAX_CONCURRENT_SYNCS=4 \
    CONNECTOR_LOG_LEVEL=INFO \
    CONNECTOR_LOG_FILE=/logs/connector.log \
    FC_LISTEN=0.0.0.0:8080 \
    FC_SYNC_EVERY=60
WORKDIR /
USER fc
VOLUME ["/data", "/logs", "/tokens", "/config"]
EXPOSE 8080
HEALTHCHECK --interval=1m --timeout=5s --start-period=30s \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${FC_LISTEN##*:}/health" || exit 1
ENTRYPOINT ["/usr/local/bin/fc-entrypoint"]
