#!/bin/sh
# Runs a command with a window manager on the current X display, so that
# maximize, fullscreen and keyboard focus behave as on a desktop.
set -u
openbox --sm-disable >/dev/null 2>&1 &
wm=$!
trap 'kill $wm 2>/dev/null' EXIT INT TERM
# Wait until openbox owns the display (it sets _NET_SUPPORTING_WM_CHECK).
for _ in $(seq 50); do
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q window && break
  sleep 0.1
done
"$@"
