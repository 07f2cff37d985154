#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The sketch pad on the test bed: its home on A, the palette moved to B,
# the drawing shown on C (a watcher), the players' panel shared with B and
# C.  A colour picked on B is the colour of the next stroke at home and on
# C's canvas, which follows the stroke as it is drawn; B and C type guesses
# at once and every copy ends with both; a late joiner sees everything
# drawn so far; B's link is cut and the palette comes home with B's last
# colour.  Prints the figures: propagation delays, bytes per stroke point
# and per keystroke, CPU of the home while it draws.  TAP output; needs
# root (network namespaces).

. "$(dirname "$0")/testbed.sh"

tb_require_root

echo "1..28"

APP=org.migui.SketchPad
APP_PATH=/org/migui/SketchPad
# GTK's cairo renderer: the GL one runs on llvmpipe here, whose threads
# would make a drawing that redraws at every point slow on a busy machine.
export TB_GSK_RENDERER=${TB_GSK_RENDERER:-cairo}
# libmigui's debug messages in the hosts' logs: what a sketch pad refused
# (a refusal is only a debug message) is then shown if the texts differ.
export G_MESSAGES_DEBUG=${G_MESSAGES_DEBUG:-migui}
tb_setup A B C || { echo "Bail out! the test bed could not be made"; exit 1; }
tb_pair_all || { echo "Bail out! the test bed's hosts could not pair"; exit 1; }

status () { sed -n "s/^$2=//p" "$(tb_dir "$1")/run/migui-sketch-pad.status" 2>/dev/null; }   # host, key
is () { [ "$(status "$1" "$2")" = "$3" ]; }   # host, key, value
act () {  # host, action, GVariant text of its parameter
  tb_run "$1" gdbus call --session --dest $APP --object-path $APP_PATH \
    --method org.gtk.Actions.Activate "$2" "[<$3>]" "{}" >/dev/null 2>&1
}
send_form () {  # from, form, to, mode
  tb_run "$1" migui send-form $APP "$2" "Device $3" "$4" >"$(tb_dir "$1")/send-form.out" 2>&1
}
home_pid () { ip netns pids "$(tb_ns A)" | while read -r pid; do
  grep -qx "\(.*/\)\?migui-sketch-pad" <(tr '\0' '\n' </proc/"$pid"/cmdline 2>/dev/null | head -1) && echo "$pid"
done; }
now_ms () { echo $(( $(date +%s%N) / 1000000 )); }
# Milliseconds until @host's @key is @value (polled every 2 ms), or -1.
delay_until () {  # host, key, value, start ms
  local end=$(( $4 + 10000 ))
  while [ "$(now_ms)" -lt "$end" ]; do
    is "$1" "$2" "$3" && { echo $(( $(now_ms) - $4 )); return; }
    sleep 0.002
  done
  echo -1
}
# The milliseconds between a change on one host and its arrival on
# another, from the times the sketch pads wrote (the hosts share this
# machine's monotonic clock).
precise_delay () {  # from host, its key, to host, its key
  python3 -c 'import sys; print("%.2f" % ((int(sys.argv[2]) - int(sys.argv[1])) / 1000))' \
    "$(status "$1" "$2")" "$(status "$3" "$4")"
}
stroke () {  # n points, from x
  local s="" i
  for i in $(seq 1 "$1"); do s="$s $(( $2 + i * 3 )),$(( 200 + (i * 7) % 300 ))"; done
  echo "${s# }"
}

# --- the home on A --------------------------------------------------------
tb_run A bash -c "migui-sketch-pad >>'$(tb_dir A)/app.log' 2>&1 &"
_tb_wait_for 20 is A home.palette.colour black
check "the sketch pad runs on A" is A home.palette.colour black
tb_run A migui forms $APP >"$(tb_dir A)/forms.out" 2>&1
check "migui forms lists the palette, the players and the canvas" \
  bash -c "grep -q '^Palette ' '$(tb_dir A)/forms.out' && grep -q '^Players ' '$(tb_dir A)/forms.out' && grep -q '^Canvas ' '$(tb_dir A)/forms.out'"

# --- the palette moves to B, the drawing is shown on C, the players shared -
send_form A Palette B move
check "the palette moves to B (migui send-form)" [ $? = 0 ]
_tb_wait_for 10 is B copy.palette.synced yes
check "B shows the palette, with A's colour" bash -c "[ \"\$(sed -n 's/^copy.palette.colour=//p' '$(tb_dir B)/run/migui-sketch-pad.status')\" = black ]"
_tb_wait_for 10 is B copy.palette.read-only no
check "B edits the palette; A shows where it is" bash -c "[ \"\$(sed -n 's/^home.palette.read-only=//p' '$(tb_dir A)/run/migui-sketch-pad.status')\" = yes ]"
send_form A Canvas C watch
check "the drawing is shown on C" [ $? = 0 ]
_tb_wait_for 10 is C copy.canvas.synced yes
check "C follows the drawing read-only" is C copy.canvas.read-only yes
send_form A Players B share && send_form A Players C share
check "the players' panel is shared with B and C" [ $? = 0 ]
_tb_wait_for 10 is A home.players.peers 2

# --- a colour picked on B draws at home and on C ---------------------------
start=$(now_ms)
act B pick-colour "'red'"
ms_b_to_a=$(delay_until A home.palette.colour red "$start")
_tb_wait_for 5 is B copy.palette.colour red
ms_b_to_a=$(precise_delay B copy.palette.colour-at A home.palette.colour-at)
check "red picked on B is the palette's colour at home ($ms_b_to_a ms later)" is A home.palette.colour red
act A draw "'$(stroke 120 100)'"
# C's canvas follows the stroke as it is drawn, not once it ends.
_tb_wait_for 5 bash -c "[ \"\$(sed -n 's/^copy.canvas.points=//p' '$(tb_dir C)/run/migui-sketch-pad.status')\" -ge 10 ] 2>/dev/null"
mid=$(status C copy.canvas.points)
check "C's canvas shows the stroke as it is drawn ($mid of 120 points so far)" bash -c "[ '$mid' -ge 10 ] && [ '$mid' -lt 120 ]"
_tb_wait_for 30 is A home.canvas.last "red 4 120"
check "the stroke at home is red" is A home.canvas.last "red 4 120"
_tb_wait_for 30 is C copy.canvas.last "red 4 120"
check "the same red stroke of 120 points is on C's canvas" is C copy.canvas.last "red 4 120"

# --- two players type at once ----------------------------------------------
# Both at one moment (the hosts share this machine's monotonic clock).
at=$(python3 -c 'import time; print(int(time.monotonic() * 1e6) + 500000)')
act B type-guess "('cat? ', int64 $at)"
act C type-guess "('dog? ', int64 $at)"
# (The check is the wait: the three texts are read at one moment.)
converged=$(_tb_wait_for 10 bash -c "[ \"\$(sed -n 's/^home.players.guesses=//p' '$(tb_dir A)/run/migui-sketch-pad.status')\" = \"\$(sed -n 's/^copy.players.guesses=//p' '$(tb_dir B)/run/migui-sketch-pad.status')\" ] && [ \"\$(sed -n 's/^copy.players.guesses=//p' '$(tb_dir C)/run/migui-sketch-pad.status')\" = \"\$(sed -n 's/^copy.players.guesses=//p' '$(tb_dir B)/run/migui-sketch-pad.status')\" ] && sed -n 's/^home.players.guesses=//p' '$(tb_dir A)/run/migui-sketch-pad.status' | grep -q 'cat' && sed -n 's/^home.players.guesses=//p' '$(tb_dir A)/run/migui-sketch-pad.status' | grep -q 'dog'" && echo yes)
guesses=$(status A home.players.guesses)
check "A, B and C end with one text holding both guesses (\"$guesses\")" [ "$converged" = yes ]
if [ "$converged" != yes ]; then
  echo "# B has \"$(status B copy.players.guesses)\", C \"$(status C copy.players.guesses)\"; what the sketch pads refused:"
  grep -h "Form sync" "$(tb_dir A)/app.log" "$(tb_dir B)"/shell*.log "$(tb_dir C)"/shell*.log | sed 's/^/# /' | head -20
fi
start=$(now_ms)
act A type-guess "('!', int64 0)"
ms_a_to_b=$(delay_until B copy.players.guesses "$guesses!" "$start")
_tb_wait_for 5 is A home.players.guesses "$guesses!"
ms_a_to_b=$(precise_delay A home.players.guesses-at B copy.players.guesses-at)
check "a keystroke at home reaches B ($ms_a_to_b ms later)" is B copy.players.guesses "$guesses!"
_tb_wait_for 5 is C copy.players.guesses "$guesses!"
check "and C, whose text is then B's and A's ($(precise_delay A home.players.guesses-at C copy.players.guesses-at) ms later)" \
  is C copy.players.guesses "$guesses!"

# --- a late joiner sees everything drawn so far ----------------------------
act B pick-colour "'green'"
_tb_wait_for 10 is A home.palette.colour green
act A draw "'$(stroke 40 400)'"
_tb_wait_for 30 is A home.canvas.points 160
send_form A Canvas B watch
check "the drawing is shown on B too" [ $? = 0 ]
_tb_wait_for 10 bash -c "grep -q '^copy.canvas.strokes=2' '$(tb_dir B)/run/migui-sketch-pad.status'"
check "B, joining late, has both strokes, the last green" \
  bash -c "grep -q '^copy.canvas.strokes=2' '$(tb_dir B)/run/migui-sketch-pad.status' && grep -q '^copy.canvas.last=green 4 40' '$(tb_dir B)/run/migui-sketch-pad.status'"

# --- the figures: bytes and CPU ----------------------------------------------
link_bytes () { tb_run A cat /proc/net/dev | sed -n "s/^ *$(tb_veth A): *//p" | awk '{ print $9 }'; }
pid=$(home_pid)
sent_before=$(link_bytes)
cpu_before=$(awk '{ print $14 + $15 }' /proc/"$pid"/stat)
act A draw "'$(stroke 200 50)'"
_tb_wait_for 40 is C copy.canvas.points 360
cpu_after=$(awk '{ print $14 + $15 }' /proc/"$pid"/stat)
sent_after=$(link_bytes)
check "a stroke of 200 points reached C ($(status C copy.canvas.points) points in all)" is C copy.canvas.points 360
echo "# a stroke of 200 points at 60 a second, sent by A to its copies (C's and B's drawings): $(( (sent_after - sent_before) / 200 )) bytes on A's link per point; A's CPU (all its threads, GSK renderer ${TB_GSK_RENDERER:-default}) $(( (cpu_after - cpu_before) * 10 )) ms during the 3.3 s stroke (ticks $cpu_before → $cpu_after)"
echo "# propagation: B → A (a colour) $ms_b_to_a ms, A → B (a keystroke) $ms_a_to_b ms (from the change on one host to its arrival on the other, by the monotonic clock they share)"

# --- B's link is cut: the palette comes home with B's last colour ------------
act B pick-colour "'blue'"
_tb_wait_for 10 is A home.palette.colour blue
ip -n "$(tb_ns B)" link set "$(tb_veth B)" down
_tb_wait_for 40 is A home.palette.read-only no
check "with B unreachable, the palette is home again, editable" is A home.palette.read-only no
check "with B's last colour, blue" is A home.palette.colour blue
ip -n "$(tb_ns B)" link set "$(tb_veth B)" up
check "C still follows the drawing" is C copy.canvas.synced yes

# --- the home moves to C: the palette on B follows --------------------------
_tb_wait_for 30 bash -c "! grep -q '^copy.palette.synced=yes' '$(tb_dir B)/run/migui-sketch-pad.status'"
send_form A Palette B move
check "the palette moves to B again" [ $? = 0 ]
_tb_wait_for 10 is B copy.palette.read-only no
tb_run A migui send --to "Device C" $APP >"$(tb_dir A)/send.out" 2>&1
status=$?
sed 's/^/# migui send: /' "$(tb_dir A)/send.out"
check "the sketch pad moves from A to C, its copies' links with it (status $status)" [ "$status" = 0 ]
_tb_wait_for 20 is C home.palette.read-only yes
check "on C the palette's place says it is on B" is C home.palette.read-only yes
start=$(now_ms)
act B pick-colour "'orange'"
delay_until C home.palette.colour orange "$start" >/dev/null
_tb_wait_for 5 is B copy.palette.colour orange
check "orange picked on B is the colour at the home's new place, C ($(precise_delay B copy.palette.colour-at C home.palette.colour-at) ms later)" \
  is C home.palette.colour orange
check "the sketch pad left A" [ -z "$(home_pid)" ]

# --- the home quits: the copies close, saying why ---------------------------
tb_run C gdbus call --session --dest $APP --object-path $APP_PATH --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null 2>&1
_tb_wait_for 20 bash -c "! grep -q '^copy.palette' '$(tb_dir B)/run/migui-sketch-pad.status'"
check "B's palette ends when the home quits, saying why" bash -c "! grep -q '^copy.palette' '$(tb_dir B)/run/migui-sketch-pad.status' && grep -q '^copy.ended=yes' '$(tb_dir B)/run/migui-sketch-pad.status'"

check "no warning from the sketch pads" \
  bash -c "! cat '$(tb_dir A)/app.log' '$(tb_dir B)'/shell*.log '$(tb_dir C)'/shell*.log | grep -E 'migui-sketch-pad.*(WARNING|CRITICAL)|Gtk-WARNING|Gtk-CRITICAL'"

exit $(( failed > 0 ))
