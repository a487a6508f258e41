#!/bin/sh
# make demo: one sync pass of the example configuration into ./data, then
# fc-status.  The binaries come from the build tree.
set -eu
PATH=$(pwd):$PATH
FC_CONFIG=${FC_CONFIG:-etc/connector.yaml}
export PATH FC_CONFIG
set -x
fc-auth --due | fc-list | fc-ingest
fc-status
