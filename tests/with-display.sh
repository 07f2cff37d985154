#!/bin/bash
# Runs a GUI test on a display of its own kind and size:
#
#   with-display.sh x11 [WxH] command...      on Xvfb (of that size, else on
#                                             the current one), with openbox
#   with-display.sh wayland [WxH] command...  on a headless mutter, a Wayland
#                                             compositor as GNOME's, with one
#                                             virtual monitor (1280x1024 if
#                                             no size), its own session bus
#
# A size is WIDTHxHEIGHT; "-" means none.
set -u
kind=$1 size=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

case $kind in
  x11)
    if [ "$size" = - ]; then
      exec "$here/with-wm.sh" "$@"
    fi
    exec xvfb-run -a -s "-screen 0 ${size}x24" "$here/with-wm.sh" "$@"
    ;;
  wayland)
    [ "$size" = - ] && size=1280x1024
    runtime=$(mktemp -d /tmp/migui-wayland.XXXXXX)
    chmod 700 "$runtime"
    export XDG_RUNTIME_DIR=$runtime
    # mutter starts the test once it takes clients, and stops with it.
    # mutter closes the descriptors it does not know: the test writes to
    # this script's own through /proc.
    # Warnings are fatal for the test (G_DEBUG), not for mutter, which has
    # its own about the services a desktop would have.
    MIGUI_TEST_G_DEBUG=${G_DEBUG:-} dbus-run-session --config-file="$here/session-bus.conf" -- \
      env -u G_DEBUG mutter --headless --wayland --no-x11 --wayland-display=wayland-migui --virtual-monitor "$size" -- \
      "$here/with-display.sh" wayland-client "$runtime:$$" "$@" >"$runtime/mutter.log" 2>&1
    status=$(cat "$runtime/status" 2>/dev/null || echo 1)
    if [ ! -f "$runtime/status" ]; then
      echo "# mutter did not run the test:" >&2
      cat "$runtime/mutter.log" >&2
    fi
    rm -rf "$runtime"
    exit "$status"
    ;;
  wayland-client)
    # Inside mutter: the test's output goes back to with-display's own.
    runtime=${size%:*} parent=${size##*:}
    status=0
    env -u DISPLAY GDK_BACKEND=wayland G_DEBUG="$MIGUI_TEST_G_DEBUG" "$@" >"/proc/$parent/fd/1" 2>"/proc/$parent/fd/2" || status=$?
    echo "$status" >"$runtime/status"
    exit 0
    ;;
  *)
    echo "with-display.sh: the kind is x11 or wayland" >&2
    exit 2
    ;;
esac
