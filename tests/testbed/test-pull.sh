#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# "Continue here" on three hosts of the test bed: B pulls the gallery that
# runs on A (migui running / migui continue), A's user is asked or a pull
# rule decides, and every refusal leaves the gallery where it was.  Real
# avahi-daemons, real HTTPS, real windows.  TAP output; needs root.

. "$(dirname "$0")/testbed.sh"
. "$(dirname "$0")/gallery.sh"

tb_require_root

echo "1..28"

export G_MESSAGES_DEBUG="migui migui-shell"
tb_setup A B C || { echo "Bail out! the test bed could not be made"; exit 1; }
# A and B are paired; C is not paired with A (yet).
tb_pair A B || { echo "Bail out! A and B could not pair"; exit 1; }

# continue FROM TO [options]: migui continue on TO, asking FROM for the
# gallery; prints the exit status, the output in TO's continue.out.
continue_from () {
  local from=$1 to=$2; shift 2
  tb_run "$to" migui continue "Device $from" "$@" "$APP" >"$(tb_dir "$to")/continue.out" 2>&1
  echo $?
  cat "$(tb_dir "$to")/continue.out" >>"$(tb_dir "$to")/continue.log"
}
said () { grep -q "$2" "$(tb_dir "$1")/continue.out"; }

# --- the gallery on A, with something typed ---------------------------------
start_filled_gallery A
check "the gallery runs on A with two windows, one filled in" grep -q "typed on A" "$(tb_dir A)/before.migui"
pid_a=$(cat "$(tb_dir A)/app.pid")

# --- C, not paired with A ----------------------------------------------------
status=$(continue_from A C)
check "C, not paired with A, is refused with status 9" [ "$status" = 9 ]
check "C is told that A is not paired with it" said C "not paired with this device"

# --- what runs on A, as B sees it --------------------------------------------
tb_run B migui running "Device A" --json >"$(tb_dir B)/running-ask.json"
check "B lists the gallery running on A, with its two windows" \
  grep -q '"id":"org.migui.Gallery","name":"Migratory Gallery","icon":"org.migui.Gallery","windows":2' "$(tb_dir B)/running-ask.json"
check "without a rule that allows B, the window titles are not shown" grep -q '"titles":\[\]' "$(tb_dir B)/running-ask.json"

# What the GNOME Shell extension asks: the device by name, no address.
by_name=$(tb_run B gdbus call --session --dest org.migui.Shell --object-path /org/migui/Shell \
  --method org.migui.Shell1.ListRunning "" 0 "Device A" 2>&1)
check "B's shell finds A by its name for ListRunning" bash -c "echo \"\$0\" | grep -q \"'org.migui.Gallery', 'Migratory Gallery', 'org.migui.Gallery', uint32 2\"" "$by_name"

# --- A's user is asked, and denies -----------------------------------------
continue_from A B >"$(tb_dir B)/denied.status" &
puller=$!
dialog=""
_tb_wait_for 15 bash -c "tb_run A xdotool search --name 'Device B wants to continue' >/dev/null" &&
  dialog=$(tb_run A xdotool search --name 'Device B wants to continue' | head -1)
check "A's user is asked “Device B wants to continue Migratory Gallery”" [ -n "$dialog" ]
tb_run A xdotool windowfocus "$dialog" 2>/dev/null
sleep 0.3
tb_run A xdotool key Return
wait $puller
check "denying it fails the pull with status 4" [ "$(cat "$(tb_dir B)/denied.status")" = 4 ]
check "B is told it was declined on A" said B "Declined on Device A"
save A after-deny
check "the gallery goes on on A, unchanged" same A before A after-deny

# --- a rule on A allows B ----------------------------------------------------
tb_run A migui policy allow --pull --device "Device B" >/dev/null
tb_run B migui running "Device A" --json >"$(tb_dir B)/running-allow.json"
check "with the rule, B sees the window titles" grep -q '"titles":\["[^"]' "$(tb_dir B)/running-allow.json"
# B's user would be asked about any offer: not about the one it pulls.
tb_shell_stop B
TB_ACCEPT=ask tb_shell_start B --port 47810
start=$(date +%s%N)
status=$(continue_from A B)
echo "# B pulled the gallery from A in $(( ($(date +%s%N) - start) / 1000000 )) ms (the whole migui continue command)"
check "B pulls the gallery from A (status $status)" [ "$status" = 0 ]
check "B is told it continues there" said B "continues here from Device A"
check "A's gallery is gone" wait_gone "$pid_a"
check "B runs exactly one instance" [ "$(app_count B)" = 1 ]
save B pulled
check "every widget value arrived on B" same A before B pulled
check "B's user was not asked for the offer it pulled" grep -q "pulled from there, taken without asking" "$(tb_dir B)/shell.log"

# --- and back: A pulls it from B ---------------------------------------------
tb_run B migui policy allow --pull --device "Device A" >/dev/null
start=$(date +%s%N)
status=$(continue_from B A)
echo "# A pulled it back from B in $(( ($(date +%s%N) - start) / 1000000 )) ms"
check "A pulls it back from B (status $status)" [ "$status" = 0 ]
check "A runs exactly one instance, B none" bash -c "[ \$(app_count A) = 1 ] && [ \$(app_count B) = 0 ]"
_tb_wait_for 10 save A back
check "every widget value came back to A" same A before A back

# --- a rule on A denies B -----------------------------------------------------
tb_run A migui policy deny --pull --device "Device B" >/dev/null
tb_run B migui running "Device A" --json >"$(tb_dir B)/running-deny.json"
check "an application denied to B is not listed to it" grep -q '^\[\]$' "$(tb_dir B)/running-deny.json"
status=$(continue_from A B)
check "a denied pull fails with status 4" [ "$status" = 4 ]
check "B is told A does not let it continue the gallery" said B "does not let this device continue Migratory Gallery"
tb_run A migui policy allow --pull --device "Device B" >/dev/null

# --- not installed on the requester ------------------------------------------
tb_pair A C || echo "# A and C could not pair"
tb_run A migui policy allow --pull --device "Device C" >/dev/null
desktop=$(tb_dir C)/data/applications/$APP.desktop
mv "$desktop" "$desktop.away"
sleep 1  # the shell notices the folder changed
status=$(continue_from A C)
check "pulling an application C lacks fails with status 5" [ "$status" = 5 ]
check "A was not even asked" bash -c "! grep -q 'Pull policy for $APP by Device C' '$(tb_dir A)/shell.log'"
mv "$desktop.away" "$desktop"
save A after-missing
check "the gallery goes on on A, unchanged" same A back A after-missing

# --- B and C pull it at once -------------------------------------------------
continue_from A B >"$(tb_dir B)/race.status" &
race_b=$!
continue_from A C >"$(tb_dir C)/race.status" &
race_c=$!
wait $race_b $race_c
status_b=$(cat "$(tb_dir B)/race.status") status_c=$(cat "$(tb_dir C)/race.status")
# (What the commands said may run over several lines: each is a comment.)
{ echo "B: $status_b"; cat "$(tb_dir B)/continue.out"; echo "C: $status_c"; cat "$(tb_dir C)/continue.out"; } | sed 's/^/# /'

check "exactly one of B and C got it" bash -c "[ \$(( ($status_b == 0) + ($status_c == 0) )) = 1 ]"
_tb_wait_for 10 bash -c "[ \$(( \$(app_count A) + \$(app_count B) + \$(app_count C) )) = 1 ]"
check "exactly one instance runs, on the winner" \
  bash -c "[ \$(app_count A) = 0 ] && [ \$(( \$(app_count B) + \$(app_count C) )) = 1 ]"

exit $(( failed > 0 ))
