#!/bin/sh
# Builds libmigui into BUILD_DIR and runs its test suite there, headless:
# a private session bus and an Xvfb display (the GUI tests bring their own
# displays, X11 or Wayland: tests/with-display.sh).  Used by
# build-aux/run-tests.sh for the Debian 12 lane, and inside the Debian 13
# root by build-aux/debian13-lane.sh.  Arguments after LANE go to meson test.
#
#   build-aux/run-suite.sh BUILD_DIR LANE [meson test arguments]
#
# LANE is debian12 or debian13; on debian13 a deprecated call is an error.
# With MIGUI_LANE_BUILD_ONLY=1 it builds and stops.
set -eu
cd "$(dirname "$0")/.."
build=$1 lane=$2
shift 2

case $lane in
  debian13)
    options="-Dc_args=-Werror=deprecated-declarations -Ddocumentation=false" ;;
  *)
    # The API reference is built too: a missing doc comment fails the run.
    options="-Ddocumentation=true" ;;
esac
if [ -f "$build/build.ninja" ]; then
  meson configure "$build" $options
else
  meson setup "$build" $options >/dev/null
fi
meson compile -C "$build"
[ -n "${MIGUI_LANE_BUILD_ONLY:-}" ] && exit 0

# The cross-platform test bed runs from the Debian 12 lane, with a host in
# the Debian 13 root; inside that root it has nothing to run.  To keep CI
# within its time, the Debian 13 lane also leaves out the two test beds
# whose subject is the same on both platforms and that the cross-platform
# one covers between them: the faults of a hand-off (testbed-faults,
# 3 minutes, most of it idle gaps) and plain migrations (testbed-migration).
exclude=
if [ "$lane" = debian13 ]; then
  exclude="--no-suite cross-platform --no-suite platform-neutral"
fi
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C "$build" --print-errorlogs --num-processes 1 $exclude "$@"
