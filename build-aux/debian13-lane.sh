#!/bin/sh
# The Debian 13 lane: builds libmigui in a Debian 13 (trixie) root with
# deprecated calls as errors, into _build-debian13/ of this checkout, and
# runs the whole suite there (in-process tests under X11 and Wayland, the
# test bed, fuzz-corpus replays).  The root is made, or reused, by
# build-aux/debian13-root.sh.  Arguments go to meson test.
#
#   build-aux/debian13-lane.sh             build and test
#   MIGUI_LANE_BUILD_ONLY=1 build-aux/...  build only (the cross-platform
#                                          test bed of the Debian 12 lane
#                                          runs this build on host B)
set -eu
cd "$(dirname "$0")/.."
source=$(pwd)
root=$(build-aux/debian13-root.sh)

# Inside a mount namespace of its own: the root gets /proc, /sys, /dev,
# a private /run and /tmp, and this checkout at the same path as here.
exec unshare -m sh -eu -c '
  root=$1 source=$2; shift 2
  mount --make-rprivate /
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/run"
  mkdir -p "$root/run/dbus" "$root/run/netns"
  mount -t tmpfs tmpfs "$root/tmp"
  mkdir -p "$root$source"
  mount --bind "$source" "$root$source"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    MIGUI_LANE_BUILD_ONLY="${MIGUI_LANE_BUILD_ONLY:-}" \
    sh -c "cd \"\$0\" && exec build-aux/run-suite.sh _build-debian13 debian13 \"\$@\"" "$source" "$@"
' sh "$root" "$source" "$@"
