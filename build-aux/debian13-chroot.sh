#!/bin/sh
# Runs a command inside the Debian 13 root (build-aux/debian13-root.sh makes
# it, or finds it made), in a mount namespace of its own: the root gets
# /proc, /sys, /dev, a private /run, the machine's /tmp (so that test-bed
# folders have one path in and out of the root) and this checkout at the
# same path as here.  The command runs from the checkout with a clean
# environment; MIGUI_* variables are passed on.
#
#   build-aux/debian13-chroot.sh command [arguments]
#
# With MIGUI_DEBIAN13_ROOT_READY=1 the root is taken as made (the test bed
# uses this on a host of its own).
set -eu
cd "$(dirname "$0")/.."
source=$(pwd)
if [ -n "${MIGUI_DEBIAN13_ROOT_READY:-}" ]; then
  root=${MIGUI_DEBIAN13_ROOT:-/var/cache/migui-ci/trixie}
else
  root=$(build-aux/debian13-root.sh)
fi

exec unshare -m sh -eu -c '
  root=$1 source=$2; shift 2
  mount --make-rprivate /
  # The root is a mount point of its own, as / is on a machine: `ip netns
  # exec` (the test bed) remounts / as a slave.
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/run"
  mkdir -p "$root/run/dbus" "$root/run/netns" "$root/run/avahi-daemon"
  mount --rbind /tmp "$root/tmp"
  mkdir -p "$root$source"
  mount --rbind "$source" "$root$source"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  cd "$root"
  # Every variable but the MIGUI_* ones is unset (by name: their values,
  # which may hold spaces, pass on untouched).
  exec chroot "$root" /usr/bin/env \
    $(env | sed -n "s/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p" | grep -v "^MIGUI_" | sed "s/^/-u /") \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    sh -c "cd \"\$0\" && exec \"\$@\"" "$source" "$@"
' sh "$root" "$source" "$@"
