#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Migrations between three hosts of the test bed, with real avahi-daemons,
# real HTTPS and real windows.  TAP output; needs root (network namespaces).

. "$(dirname "$0")/testbed.sh"
. "$(dirname "$0")/gallery.sh"

tb_require_root

echo "1..35"

export G_MESSAGES_DEBUG="migui migui-shell"
tb_setup A B C || { echo "Bail out! the test bed could not be made"; exit 1; }
tb_pair_all || { echo "Bail out! the test bed's hosts could not pair"; exit 1; }

# --- discovery ------------------------------------------------------------
_tb_wait_for 15 bash -c "[ \$(tb_run A migui peers --wait 1 --json | grep -o 'Device [BC]' | sort -u | wc -l) = 2 ]" 2>/dev/null
peers=$(tb_run A migui peers --wait 2 --json)
check "A finds B and C over DNS-SD with their names" bash -c "echo '$peers' | grep -q '\"name\":\"Device B\"' && echo '$peers' | grep -q '\"name\":\"Device C\"'"
check "peers carry form factor and fingerprint" bash -c "echo '$peers' | grep -q '\"form-factor\":\"desktop\"' && echo '$peers' | grep -q '\"fingerprint\":\"[0-9a-f]\{64\}\"'"
check "A does not list itself" bash -c "! echo '$peers' | grep -q 'Device A'"

# --- the app on A, with something typed ------------------------------------
start_filled_gallery A
check "the gallery runs on A with two windows, one filled in" grep -q "typed on A" "$(tb_dir A)/before.migui"
pid_a=$(cat "$(tb_dir A)/app.pid")

# --- move A → B (cold: B launches the app) --------------------------------
status=$(send A B)
check "move A → B succeeds" [ "$status" = 0 ]
check "the source process is gone" wait_gone "$pid_a"
check "B runs exactly one instance" [ "$(app_count B)" = 1 ]
save B after-move
check "every widget value arrived on B" same A before B after-move
check "the briefing reached the app on B" grep -q "Arrived on Device B for" "$(tb_dir B)/shell.log"
check "B's incoming folder is empty" incoming_empty B

# --- clone B → A -----------------------------------------------------------
status=$(send B A --clone)
check "clone B → A succeeds" [ "$status" = 0 ]
check "both B and A run the app" bash -c "[ $(app_count B) = 1 ] && [ \$(ip netns pids $(tb_ns A) | wc -l) -gt 0 ]"
_tb_wait_for 10 save A cloned
save B after-clone
check "the clone on A has the same values" same B after-clone A cloned
check "B kept its values" same B after-move B after-clone

# --- B's policy denies A (a rule set while B's shell runs) -------------------
shell_pid=$(cat "$(tb_dir B)/shell.pid")
tb_run B migui policy deny --device "Device A" >/dev/null
status=$(send A B)
check "a denied offer fails with status 4" [ "$status" = 4 ]
check "the sender is told why" grep -q "Device B does not accept this application from this device" "$(tb_dir A)/send.out"
check "the rule took effect without restarting B's shell" [ "$(cat "$(tb_dir B)/shell.pid")" = "$shell_pid" ]
save A after-decline
check "A goes on unchanged" same A cloned A after-decline
tb_run B migui policy ask --device "Device A" >/dev/null
tb_shell_stop B

# --- B's user is asked, and accepts with the keyboard ------------------------
TB_ACCEPT=ask tb_shell_start B --port 47810
send A B --clone >"$(tb_dir A)/ask.status" &
sender=$!
dialog=""
_tb_wait_for 15 bash -c "tb_run B xdotool search --name 'Device A wants to send' >/dev/null" &&
  dialog=$(tb_run B xdotool search --name 'Device A wants to send' | head -1)
check "B's user is asked “Device A wants to send …”" [ -n "$dialog" ]
tb_run B xdotool windowfocus "$dialog" 2>/dev/null
sleep 0.3
tb_run B xdotool key Return
wait $sender
check "accepting the offer lets the clone through" [ "$(cat "$(tb_dir A)/ask.status")" = 0 ]
tb_shell_stop B
tb_shell_start B --port 47810

# --- the app crashes on C while it restores ---------------------------------
tb_shell_stop C
MIGUI_GALLERY_CRASH_ON_ARRIVAL=1 tb_shell_start C --port 47810
status=$(send A C)
check "a crash on C fails the migration" [ "$status" = 11 ]
check "the sender is told the app quit" grep -q "quit while it was restoring" "$(tb_dir A)/send.out"
save A after-crash
check "A goes on unchanged after the crash" same A cloned A after-crash
check "C has no app and no file left" bash -c "[ $(app_count C) = 0 ] && [ -z \"\$(ls -A '$(tb_dir C)/run/migui/incoming' 2>/dev/null)\" ]"
tb_shell_stop C
tb_shell_start C --port 47810

# --- the link is cut during the upload --------------------------------------
tc -n "$(tb_ns A)" qdisc add dev "$(tb_veth A)" root tbf rate 8kbit burst 1600 latency 200ms
send A C >"$(tb_dir A)/cut.status" &
sender=$!
_tb_wait_for 10 grep -q "offered → receiving" "$(tb_dir C)/shell.log"
ip -n "$(tb_ns C)" link set "$(tb_veth C)" down
wait $sender
status=$(cat "$(tb_dir A)/cut.status")
check "a cut link fails the migration (status $status)" bash -c "[ '$status' = 3 ] || [ '$status' = 8 ]"
save A after-cut
check "A goes on unchanged after the cut" same A cloned A after-cut
check "C has no app and no file left after the cut" bash -c "[ $(app_count C) = 0 ] && [ -z \"\$(ls -A '$(tb_dir C)/run/migui/incoming' 2>/dev/null)\" ]"
ip -n "$(tb_ns C)" link set "$(tb_veth C)" up
tc -n "$(tb_ns A)" qdisc del dev "$(tb_veth A)" root

# --- the answer to the commit is lost ---------------------------------------
tb_shell_stop B
MIGUI_SHELL_TEST_LOSE_COMMIT_ANSWERS=1 tb_shell_start B --port 47810
pids_a=$(app_pids A)
status=$(send A B)
check "move A → B succeeds although the commit's answer was lost" [ "$status" = 0 ]
check "A's instance is gone" wait_gone "$pids_a"
# The app on B says so once it hears of the commit, which may be a moment
# after the sender returns.
_tb_wait_for 10 grep -q 'committed: the application is live' "$(tb_dir B)/shell.log"
check "the target went live exactly once" bash -c "[ \$(grep -c 'committed: the application is live' '$(tb_dir B)/shell.log') = 1 ]"

# --- the sender's commits do not arrive: B's user takes over ---------------
# B's shell loses the first seven commits (about 15 s of retries): the
# application waits on B, inert, and offers to take it over.
tb_shell_stop B
MIGUI_SHELL_TEST_LOSE_COMMITS=7 tb_shell_start B --port 47810
send B A >"$(tb_dir B)/back.status"
send A B >"$(tb_dir A)/takeover.status" &
sender=$!
# A dialog window of its own (AdwMessageDialog, libadwaita < 1.5), or a
# dialog inside one of the app's windows (AdwAlertDialog): the user answers
# it with the keyboard, in whichever window it is (the others are frozen).
waiting=""
_tb_wait_for 20 bash -c "tb_run B xdotool search --name 'Waiting for Device A' >/dev/null ||
  grep -q 'take the application over: Waiting for Device A to release' '$(tb_dir B)/shell.log'" &&
  waiting=$(tb_run B xdotool search --name 'Waiting for Device A' 2>/dev/null | head -1)
[ -z "$waiting" ] &&
  waiting=$(for pid in $(app_pids B); do tb_run B xdotool search --onlyvisible --pid "$pid" 2>/dev/null; done)
check "B shows “Waiting for Device A to release…”" [ -n "$waiting" ]
for window in $waiting; do
  tb_run B xdotool windowfocus "$window" 2>/dev/null
  sleep 0.3
  tb_run B xdotool key Tab Return
  _tb_wait_for 2 grep -q "took the application over" "$(tb_dir B)/shell.log" && break
done
_tb_wait_for 10 grep -q "took the application over" "$(tb_dir B)/shell.log"
check "the user took the application over on B" grep -q "took the application over" "$(tb_dir B)/shell.log"
wait $sender
check "A's commit still gets through once retried" [ "$(cat "$(tb_dir A)/takeover.status")" = 0 ]
tb_shell_stop B
tb_shell_start B --port 47810

# --- a device that leaves ---------------------------------------------------
tb_shell_stop C
_tb_wait_for 10 bash -c "! tb_run A migui peers --wait 1 --json | grep -q 'Device C'" 2>/dev/null
check "C disappears from A's list when its shell stops" bash -c "! tb_run A migui peers --wait 1 --json | grep -q 'Device C'"
check "B is still listed" bash -c "tb_run A migui peers --wait 1 --json | grep -q 'Device B'"

exit $(( failed > 0 ))
