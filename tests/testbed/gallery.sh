#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The gallery on the test bed, sourced after testbed.sh by the tests that
# send it around.
#
#   app_pids A / app_count A    its processes on host A
#   incoming_empty A            nothing left in A's shell's incoming folder
#   save A NAME                 checkpoint it to A's folder as NAME.migui
#   same A NAME B OTHER         the two checkpoints carry the same values
#   send A B [options]          migui send from A to B; prints the status
#   start_filled_gallery A      the gallery on A, a second window filled in

APP=org.migui.Gallery

app_pids () { ip netns pids "$(tb_ns "$1")" | while read -r pid; do
  grep -qx "$(tb_build "$1")/demo-apps/gallery/migui-gallery" <(tr '\0' '\n' </proc/"$pid"/cmdline 2>/dev/null | head -1) && echo "$pid"
done; }
app_count () { app_pids "$1" | wc -l; }
incoming_empty () { [ -z "$(ls -A "$(tb_dir "$1")/run/migui/incoming" 2>/dev/null)" ]; }
save () { tb_run "$1" migui save "$APP" "$(tb_dir "$1")/$2.migui"; }
same () { "$TB_SOURCE/tests/testbed/compare-trees.py" "$(tb_dir "$1")/$2.migui" "$(tb_dir "$3")/$4.migui" >&2; }
send () {  # from, to, extra options; prints the exit status
  local from=$1 to=$2; shift 2
  tb_run "$from" migui send --to "Device $to" "$@" "$APP" >"$(tb_dir "$from")/send.out" 2>&1
  echo $?
}
# Starts the gallery on a host, in the background; its PID in app.pid.
start_gallery () {
  tb_run "$1" bash -c "$(tb_build "$1")/demo-apps/gallery/migui-gallery >>'$(tb_dir "$1")/app.log' 2>&1 & echo \$! >'$(tb_dir "$1")/app.pid'"
}
# Starts the gallery on a host and has its user fill in a second window
# (resumed from a file with set-gallery-values.py's values); the result is
# checkpointed as before.migui.
start_filled_gallery () {
  start_gallery "$1"
  _tb_wait_for 20 save "$1" started
  "$TB_SOURCE/tests/testbed/set-gallery-values.py" "$(tb_dir "$1")/started.migui" "$(tb_dir "$1")/filled.migui"
  tb_run "$1" migui resume "$(tb_dir "$1")/filled.migui"
  _tb_wait_for 10 bash -c "save $1 before && grep -q 'typed on A' '$(tb_dir "$1")/before.migui'"
}
wait_gone () { _tb_wait_for 10 bash -c "! kill -0 $1"; }
# Quits the gallery on a host as its user would (app.quit): unlike a kill,
# it leaves no crash-recovery checkpoint behind for its next start.
quit_gallery () {
  tb_run "$1" gdbus call --session --dest "$APP" --object-path /org/migui/Gallery \
    --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null 2>&1
  _tb_wait_for 10 bash -c "[ \$(app_count $1) = 0 ]"
}

export APP
export -f app_pids app_count save
