#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Migrations between the two platforms: host A runs the Debian 12 build
# (GTK 4.8, libadwaita 1.2, libsoup 3.2) under X11 (Xvfb), host B the
# Debian 13 build (GTK 4.18, libadwaita 1.7, libsoup 3.6) inside the
# Debian 13 root, under Wayland (a headless mutter).  They pair through the
# real pairing flow; the gallery and the survey agent go A → B → A with
# every widget value compared.  TAP; needs root, the Debian 13 root and its
# build (build-aux/debian13-lane.sh makes both), else it is skipped.

. "$(dirname "$0")/testbed.sh"
. "$(dirname "$0")/gallery.sh"

tb_require_root
if [ ! -x "$TB_DEBIAN13_BUILD/demo-apps/gallery/migui-gallery" ] || [ ! -x "$TB_DEBIAN13_ROOT/usr/bin/mutter" ]; then
  echo "1..0 # SKIP needs the Debian 13 root and build: build-aux/debian13-lane.sh makes them"
  exit 0
fi

echo "1..16"

export G_MESSAGES_DEBUG="migui migui-shell"
# Set, even empty, these choose otherwise (measuring, say, Debian 12 on
# Wayland against Debian 12 on X11).
export TB_DEBIAN13_HOSTS=${TB_DEBIAN13_HOSTS-B} TB_WAYLAND_HOSTS=${TB_WAYLAND_HOSTS-B}
tb_setup A B || { echo "Bail out! the test bed could not be made"; exit 1; }

platform () {  # host: its GTK version and display server
  tb_run "$1" bash -c 'echo "GTK $(pkg-config --modversion gtk4) on ${WAYLAND_DISPLAY:+Wayland}${DISPLAY:+X11}"'
}
tb_log "A: $(platform A); B: $(platform B)"
if [ "$TB_DEBIAN13_HOSTS $TB_WAYLAND_HOSTS" = "B B" ]; then
  check "B runs GTK 4.18 or later on Wayland, A GTK 4.8 on X11" \
    bash -c "[[ '$(platform B)' =~ ^GTK\ 4\.(1[89]|[2-9][0-9]).*\ on\ Wayland$ ]] && [[ '$(platform A)' == 'GTK 4.8.'*' on X11' ]]"
else
  ok "# SKIP B runs GTK 4.18 on Wayland: chosen otherwise"
fi
check "A and B pair through the real flow, both showing the same code" tb_pair A B

# The milliseconds a send takes, from the command to the commit.
timed_send () {  # from, to; prints the status, then the time
  local start end status
  start=$(date +%s%N)
  status=$(send "$1" "$2")
  end=$(date +%s%N)
  echo "$status $(( (end - start) / 1000000 ))"
}

# --- the gallery, filled in on A --------------------------------------------
start_gallery A
_tb_wait_for 20 save A started
"$TB_SOURCE/tests/testbed/set-gallery-values.py" "$(tb_dir A)/started.migui" "$(tb_dir A)/filled.migui"
tb_run A migui resume "$(tb_dir A)/filled.migui"
_tb_wait_for 10 bash -c "save A before && grep -q 'typed on A' '$(tb_dir A)/before.migui'"
pid_a=$(cat "$(tb_dir A)/app.pid")

read -r status ms < <(timed_send A B)
check "the gallery moves A → B in $ms ms" [ "$status" = 0 ]
check "A's instance is gone" wait_gone "$pid_a"
check "B runs exactly one instance" [ "$(app_count B)" = 1 ]
save B on-b
check "every widget value arrived on B" same A before B on-b

read -r status ms < <(timed_send B A)
check "the gallery moves back B → A in $ms ms" [ "$status" = 0 ]
check "B's instance is gone" _tb_wait_for 10 bash -c "[ \$(app_count B) = 0 ]"
_tb_wait_for 10 save A back
check "every widget value came home to A" same A before A back
check "nothing is left in A's incoming folder" incoming_empty A
check "nothing is left in B's incoming folder" incoming_empty B
quit_gallery A

# --- the survey agent, with an answer given on A -----------------------------
APP=org.migui.SurveyAgent
AGENT_A=$(tb_build A)/demo-apps/survey-agent/migui-survey-agent
tb_run A bash -c "'$AGENT_A' >>'$(tb_dir A)/agent.log' 2>&1 &"
_tb_wait_for 20 save A agent-started
# The user's answer, typed into the comments form; the agent quits and is
# opened again from that checkpoint, as from a saved .migui file.
python3 - "$(tb_dir A)/agent-started.migui" "$(tb_dir A)/agent-filled.migui" <<'PY'
import json, sys
tree = json.load(open(sys.argv[1], encoding="utf-8"))
for window in tree["windows"]:
    if window["type"] == "SurveyCommentsForm":
        window["widgets"]["name"]["props"].update(text="Ada", cursor=3)
        window["widgets"]["comments"]["props"].update(text="answered on A\nin two lines\n", cursor=7)
json.dump(tree, open(sys.argv[2], "w", encoding="utf-8"))
PY
tb_run A gdbus call --session --dest "$APP" --object-path /org/migui/SurveyAgent \
  --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null 2>&1
_tb_wait_for 10 bash -c "! tb_run A migui save $APP /dev/null 2>/dev/null"
tb_run A bash -c "'$AGENT_A' '$(tb_dir A)/agent-filled.migui' >>'$(tb_dir A)/agent.log' 2>&1 &"
_tb_wait_for 10 bash -c "save A agent-before && grep -q 'answered on A' '$(tb_dir A)/agent-before.migui'"
check "the survey agent runs on A with an answer typed in" grep -q "answered on A" "$(tb_dir A)/agent-before.migui"

# On a device other than its origin, the agent also shows its transcript.
same_agent () {
  "$TB_SOURCE/tests/testbed/compare-trees.py" --ignore-window SurveyTranscript \
    "$(tb_dir "$1")/$2.migui" "$(tb_dir "$3")/$4.migui" >&2
}
read -r status ms < <(timed_send A B)
check "the survey agent moves A → B in $ms ms" [ "$status" = 0 ]
_tb_wait_for 10 save B agent-on-b
check "the agent's suitcase and every value arrived on B" same_agent A agent-before B agent-on-b
read -r status ms < <(timed_send B A)
check "the survey agent moves back B → A in $ms ms" [ "$status" = 0 ]
_tb_wait_for 10 save A agent-back
check "the agent's suitcase and every value came home to A" same_agent A agent-before A agent-back

exit $(( failed > 0 ))
