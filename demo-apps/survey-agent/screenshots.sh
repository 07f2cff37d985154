#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Sends the survey agent round three devices of this machine on a private
# Xvfb display, answering on each like a user (key events), and saves a
# screenshot of each form to demo-apps/survey-agent/screenshots/ (or
# SHOTS_DIR), then prints the transcript the agent brought home.
#
#   demo-apps/survey-agent/screenshots.sh [BUILD_DIR]

set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${SHOTS_ON_XVFB:-}" ]; then
  export SHOTS_ON_XVFB=1
  exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi

THREE_DEVICES_LIB=1 . "$here/three-devices.sh"
SV_RUN=td_run
. "$TD_SOURCE/tests/testbed/survey-driver.sh"

shots=${SHOTS_DIR:-$here/screenshots}
mkdir -p "$shots"
trap 'set +e; kill $wm 2>/dev/null; td_stop' EXIT

openbox >/dev/null 2>&1 & wm=$!
# The agents log when they take input, which is what arrive() waits for.
export G_MESSAGES_DEBUG=survey-agent
td_start
laptop=$(td_dir Laptop)
td_run Laptop bash -c "migui-survey-agent >'$laptop/agent.log' 2>&1 &"

# A window alone, with the window manager's frame.
shot () {  # device, title, file
  local id
  id=$(sv_window "$1" "$2")
  sv_x "$1" windowactivate --sync "$id" 2>/dev/null || sv_x "$1" windowfocus --sync "$id"
  sleep 0.7
  import -window "$id" "$shots/$3"
  echo "Saved $shots/$3"
}

# Waits for the agent to take input on a device.
arrive () {  # device
  for _ in $(seq 200); do
    grep -q 'hop: live' "$(td_dir "$1")/shell.log" && return 0
    sleep 0.05
  done
  echo "The agent did not arrive on $1" >&2
  return 1
}

# Laptop: the originating user fills in the agenda.
sv_window Laptop "Survey — Laptop" >/dev/null
sv_focus Laptop "Comments — Laptop"
sv_keys Laptop alt+s
sleep 0.3
for stop in "Bob Desktop" "Cleo Workstation"; do
  sv_type Laptop "${stop% *}"; sv_keys Laptop Tab
  sv_type Laptop "${stop#* }"; sv_keys Laptop Return
done
sleep 0.7
import -window root -trim +repage "$shots/survey-suggest-form.png"
echo "Saved $shots/survey-suggest-form.png"
sv_keys Laptop Escape
shot Laptop "Comments — Laptop" survey-comments-form.png
sv_focus Laptop "Comments — Laptop"
sv_keys Laptop alt+d

# Desktop: Bob answers.
arrive Desktop
SV_NO_DONE=1 sv_answer Desktop Desktop Yes 8 "Bob" "The agent found me on my desktop."
shot Desktop "Survey — Desktop" survey-form.png
shot Desktop "Comments — Desktop" survey-comments-arrived.png
sv_focus Desktop "Comments — Desktop"
sv_keys Desktop alt+d

# Workstation: Cleo answers.
arrive Workstation
sv_answer Workstation Workstation Maybe 6 "Cleo" "Fine here too."

# Home again.
for _ in $(seq 200); do
  [ "$(grep -c 'hop: live' "$laptop/shell.log" 2>/dev/null)" -ge 1 ] && break
  sleep 0.05
done
shot Laptop "Transcript — Laptop" survey-transcript.png
td_run Laptop migui save org.migui.SurveyAgent "$laptop/home.migui" >/dev/null
echo "The agent came home with this transcript:"
"$TD_SOURCE/tests/testbed/survey-suitcase.py" "$laptop/home.migui" transcript |
  /usr/bin/python3 -c 'import json, sys; print("\n".join("  " + line for line in json.load(sys.stdin)))'
