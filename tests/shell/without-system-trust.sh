#!/bin/sh
# Runs a test program on a machine without CA certificates: an empty folder
# is mounted over /etc/ssl/certs in a mount namespace of its own, so the
# system trust store is empty.  The shell trusts pinned certificates only,
# and must neither need the store nor warn about it (warnings are fatal in
# the tests).  Needs root, else it is skipped.
#
#   without-system-trust.sh test-program [arguments]
set -u
if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
  echo "1..0 # SKIP needs root and mount namespaces"
  exit 0
fi
exec unshare -m sh -c 'mount -t tmpfs -o ro tmpfs /etc/ssl/certs && exec "$@"' sh "$@"
