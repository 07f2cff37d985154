#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Remakes screenshots/: the sketch pad at home on Laptop with its palette
# moved to Desktop, the palette there, the drawing shown on Workstation,
# and the players' panel shared with both (three-devices.sh's devices, on
# Xvfb; any machine).
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${SHOTS_ON_XVFB:-}" ]; then
  export SHOTS_ON_XVFB=1
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$@"
fi

THREE_DEVICES_LIB=1 . "$here/../survey-agent/three-devices.sh"
shots=${SHOTS_DIR:-$here/screenshots}
mkdir -p "$shots"
app=org.migui.SketchPad
trap 'set +e; kill $wm 2>/dev/null; pkill -f "$TD_BUILD/demo-apps/sketch-pad/migui-sketch-pad"; td_stop' EXIT

openbox >/dev/null 2>&1 & wm=$!
td_start >/dev/null
for device in Laptop Desktop Workstation; do
  sed -e "s|^Exec=.*|Exec=$TD_BUILD/demo-apps/sketch-pad/migui-sketch-pad %F|" \
    "$TD_BUILD/demo-apps/sketch-pad/$app.desktop" > "$(td_dir "$device")/data/applications/$app.desktop"
done

status () { sed -n "s/^$2=//p" "$(td_dir "$1")/run/migui-sketch-pad.status" 2>/dev/null; }
wait_status () {  # device, key, value
  for _ in $(seq 200); do [ "$(status "$1" "$2")" = "$3" ] && return; sleep 0.1; done
  echo "$1 never had $2=$3" >&2
  return 1
}
action () {  # device, action, parameter
  td_run "$1" gdbus call --session --dest $app --object-path /org/migui/SketchPad \
    --method org.gtk.Actions.Activate "$2" "$3" "{}" >/dev/null
}
# A stroke through the corners "x,y x,y …", a point every 20 units.
line () { python3 -c '
import sys
c = [tuple(map(int, p.split(","))) for p in sys.argv[1:]]
out = []
for (x0, y0), (x1, y1) in zip(c, c[1:]):
    n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / 20))
    out += ["%d,%d" % (x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n)]
print(" ".join(out + ["%d,%d" % c[-1]]))' "$@"; }
circle () {  # centre x, y, radius
  python3 -c 'import math, sys; x, y, r = map(int, sys.argv[1:])
print(" ".join("%d,%d" % (x + r * math.cos(a / 20 * math.pi), y + r * math.sin(a / 20 * math.pi)) for a in range(41)))' "$@"
}
draw () {  # colour, points: one stroke at a time, each ended before the next
  action Laptop draw "[<'$2'>]"
  wait_status Laptop home.canvas.last "$1 4 $(echo "$2" | wc -w)"
}

td_run Laptop env GSK_RENDERER=cairo "$TD_BUILD/demo-apps/sketch-pad/migui-sketch-pad" >/dev/null 2>&1 &
wait_status Laptop home.palette.colour black
# A house; then, in the colour picked on Desktop, a sun.
draw black "$(line 250,750 250,450 750,450 750,750 250,750)"
draw black "$(line 200,480 500,220 800,480)"
draw black "$(line 440,750 440,600 560,600 560,750)"
td_run Laptop migui send-form $app Palette Desktop move
wait_status Desktop copy.palette.read-only no
action Desktop pick-colour "[<'orange'>]"
wait_status Laptop home.palette.colour orange
draw orange "$(circle 860 160 70)"
td_run Laptop migui send-form $app Canvas Workstation watch
td_run Laptop migui send-form $app Players Desktop share
td_run Laptop migui send-form $app Players Workstation share
action Desktop type-guess "[<('a house? ', int64 0)>]"
action Workstation type-guess "[<('sunset! ', int64 0)>]"
sleep 2

shot () {  # title, file
  local id
  id=$(xdotool search --onlyvisible --name "^$1\$" | tail -1)
  [ -n "$id" ] || { echo "No window “$1” is shown" >&2; return 1; }
  xdotool windowactivate --sync "$id" 2>/dev/null || true
  sleep 0.7
  import -window "$id" "$shots/$2"
  echo "Saved $shots/$2"
}
shot "Sketch Pad" sketch-pad-home.png
shot "Palette" sketch-pad-palette.png
shot "Canvas" sketch-pad-canvas.png
shot "Players" sketch-pad-players.png
