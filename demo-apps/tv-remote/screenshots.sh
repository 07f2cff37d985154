#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Remakes screenshots/: the TV, the remote on Laptop, and the remote after
# Send to Device took it to Desktop, still connected (three-devices.sh's
# devices, on Xvfb; any machine).
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${SHOTS_ON_XVFB:-}" ]; then
  export SHOTS_ON_XVFB=1
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$@"
fi

THREE_DEVICES_LIB=1 . "$here/../survey-agent/three-devices.sh"
shots=${SHOTS_DIR:-$here/screenshots}
mkdir -p "$shots"
tv=""
trap 'set +e; kill $wm $tv 2>/dev/null; pkill -f "$TD_BUILD/demo-apps/tv-remote/migui-tv-remote"; td_stop' EXIT

openbox >/dev/null 2>&1 & wm=$!
td_start >/dev/null
for device in Laptop Desktop; do
  sed -e "s|^Exec=.*|Exec=$TD_BUILD/demo-apps/tv-remote/migui-tv-remote %F|" \
    "$TD_BUILD/demo-apps/tv-remote/org.migui.TvRemote.desktop" \
    > "$(td_dir "$device")/data/applications/org.migui.TvRemote.desktop"
  echo "X-Migui-Version=0.1.0" >> "$(td_dir "$device")/data/applications/org.migui.TvRemote.desktop"
done

td_run Workstation "$TD_BUILD/demo-apps/tv-remote/migui-tv" --port 47930 >/dev/null 2>&1 & tv=$!
sleep 1
td_run Laptop env MIGUI_TV=127.0.0.1:47930 "$TD_BUILD/demo-apps/tv-remote/migui-tv-remote" >/dev/null 2>&1 &
for _ in $(seq 100); do
  grep -q "connected=yes" "$(td_dir Laptop)/run/migui-tv-remote.status" 2>/dev/null && break
  sleep 0.1
done
action () {  # device, action, parameter
  td_run "$1" gdbus call --session --dest org.migui.TvRemote --object-path /org/migui/TvRemote \
    --method org.gtk.Actions.Activate "$2" "$3" "{}" >/dev/null
}
action Laptop select "[<uint32 6>]"
for _ in 1 2 3; do action Laptop key "[<'volume-up'>]"; done
sleep 1

shot () {  # title, file
  local id
  id=$(xdotool search --name "^$1\$" | tail -1)
  xdotool windowactivate --sync "$id" 2>/dev/null || true
  sleep 0.7
  import -window "$id" "$shots/$2"
  echo "Saved $shots/$2"
}
shot "Migratory TV" tv.png
shot "TV Remote" remote-laptop.png
td_run Laptop migui send --to Desktop org.migui.TvRemote
sleep 2
action Desktop key "[<'channel-up'>]"
sleep 1
shot "TV Remote" remote-desktop.png
shot "Migratory TV" tv-after.png
