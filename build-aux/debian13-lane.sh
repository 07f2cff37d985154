#!/bin/sh
# The Debian 13 lane: builds libmigui in a Debian 13 (trixie) root with
# deprecated calls as errors, into _build-debian13/ of this checkout, and
# runs the whole suite there (in-process tests under X11 and Wayland, the
# test bed, fuzz-corpus replays).  The root is made, or reused, by
# build-aux/debian13-root.sh; build-aux/debian13-chroot.sh enters it.
# Arguments go to meson test.  Needs root.
#
#   build-aux/debian13-lane.sh             build and test
#   MIGUI_LANE_BUILD_ONLY=1 build-aux/...  build only (the cross-platform
#                                          test bed of the Debian 12 lane
#                                          runs this build on host B)
set -eu
cd "$(dirname "$0")/.."
exec build-aux/debian13-chroot.sh build-aux/run-suite.sh _build-debian13 debian13 "$@"
