#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Drives the survey agent's real windows the way a user does: X key events
# (xdotool) into the focused window, through the mnemonics every control
# has.  Sourced by the test bed's survey test, its benchmark and the README
# screenshots.  $SV_RUN names the function that runs a command on a device
# (tb_run on the test bed, td_run for three-devices.sh).

: "${SV_RUN:=tb_run}"

sv_x () {  # device, xdotool arguments...
  local device=$1; shift
  # --sync waits for the X server, which must not hang a test.
  "$SV_RUN" "$device" timeout 10 xdotool "$@"
}

# Prints the ID of the window titled exactly TITLE, waiting up to 20 s.
sv_window () {  # device, title
  local id
  for _ in $(seq 400); do
    id=$(sv_x "$1" search --name "^$2\$" 2>/dev/null | head -1)
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.05
  done
  echo "# no window “$2” on $1" >&2
  return 1
}

sv_focus () {  # device, title
  local id
  id=$(sv_window "$1" "$2") || return 1
  sv_x "$1" windowfocus --sync "$id"
}

sv_keys () {  # device, keys...
  local device=$1; shift
  sv_x "$device" key --delay 30 "$@"
}

sv_type () {  # device, text
  sv_x "$1" type --delay 15 "$2"
}

# On the origin: Suggest Someone, then each PERSON on DEVICE is added to
# the agenda; the popup is closed and Done clicked if SV_NO_DONE is unset.
sv_start () {  # device, device-name, person, host, [person, host]...
  local device=$1 name=$2; shift 2
  sv_focus "$device" "Comments — $name" || return 1
  sv_keys "$device" alt+s
  sleep 0.5
  while [ $# -ge 2 ]; do
    sv_type "$device" "$1"
    sv_keys "$device" Tab
    sv_type "$device" "$2"
    sv_keys "$device" Return
    sleep 0.1
    shift 2
  done
  sv_keys "$device" Escape
  sleep 0.1
  [ -n "${SV_NO_DONE:-}" ] || sv_keys "$device" alt+d
}

# On a host of the agenda: answers question 1 (Yes, Maybe or No), moves
# the Success slider STEPS steps of 10, types NAME and COMMENTS, then Done.
sv_answer () {  # device, device-name, choice, steps, name, comments
  local device=$1 title=$2 choice=$3 steps=$4 name=$5 comments=$6 key
  case $choice in Yes) key=alt+y ;; Maybe) key=alt+m ;; No) key=alt+n ;; esac
  sv_focus "$device" "Survey — $title" || return 1
  sv_keys "$device" "$key" alt+s
  for _ in $(seq "$steps"); do sv_keys "$device" Right; done
  sv_focus "$device" "Comments — $title" || return 1
  sv_keys "$device" alt+n ctrl+a
  sv_type "$device" "$name"
  sv_keys "$device" alt+c ctrl+a
  sv_type "$device" "$comments"
  [ -n "${SV_NO_DONE:-}" ] || sv_keys "$device" alt+d
}
