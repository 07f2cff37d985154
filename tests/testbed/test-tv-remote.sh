#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The TV remote on the test bed: a TV on C, the remote on phone A, moved
# A → B → A → B while 10 MB flow each way on a second channel and key
# presses go as datagrams; C's link is cut during a move and comes back;
# the TV's listener restarts during another.  Every "now playing" update
# arrives once, every key press once, every bulk byte is checked against
# what was sent.  TAP output; needs root (network namespaces).

. "$(dirname "$0")/testbed.sh"

tb_require_root

echo "1..27"

APP=org.migui.TvRemote
BULK=10000000
export G_MESSAGES_DEBUG="migui migui-shell"
tb_setup A B C || { echo "Bail out! the test bed could not be made"; exit 1; }
tb_pair_all || { echo "Bail out! the test bed's hosts could not pair"; exit 1; }

status_file () { echo "$(tb_dir "$1")/run/migui-tv-remote.status"; }
remote () { sed -n "s/^$2=//p" "$(status_file "$1")" 2>/dev/null; }   # host, key
tv () { sed -n "s/^$1=//p" "$(tb_dir C)/tv.status" 2>/dev/null; }
remote_pids () { ip netns pids "$(tb_ns "$1")" | while read -r pid; do
  grep -qx ".*/migui-tv-remote" <(tr '\0' '\n' </proc/"$pid"/cmdline 2>/dev/null | head -1) && echo "$pid"
done; }
remote_count () { remote_pids "$1" | wc -l; }
press () { tb_run "$1" gdbus call --session --dest $APP --object-path /org/migui/TvRemote \
  --method org.gtk.Actions.Activate key "[<'$2'>]" "{}" >/dev/null 2>&1; }
now () { date +%s%N; }
# Moves the remote; prints the milliseconds migui send took.
move () {  # from, to
  local start end
  start=$(now)
  tb_run "$1" migui send --to "Device $2" $APP >"$(tb_dir "$1")/send.out" 2>&1 || { cat "$(tb_dir "$1")/send.out" >&2; echo -1; return; }
  end=$(now)
  echo $(( (end - start) / 1000000 ))
}
# The remote on @host hears the TV again, updates flowing.
flowing () {  # host, at least this many updates
  [ "$(remote "$1" connected)" = yes ] && [ "$(remote "$1" now-playing)" -ge "$2" ] 2>/dev/null
}
keys_once () {  # each of 1..N exactly once in the TV's list
  local list
  list=$(tv keys | tr ',' '\n' | sort -n | uniq -c | awk '$1 != 1 { bad = 1 } END { exit bad }') || return 1
  [ "$(tv keys | tr ',' '\n' | sort -nu | wc -l)" = "$1" ]
}

# --- the TV on C, the remote on A -------------------------------------------
tb_run C bash -c "migui-tv --interval 10 --bulk $BULK --status '$(tb_dir C)/tv.status' >>'$(tb_dir C)/tv.log' 2>&1 &"
_tb_wait_for 10 grep -q "listens for remotes" "$(tb_dir C)/tv.log"
check "the TV listens on C" grep -q "listens for remotes on port 47900" "$(tb_dir C)/tv.log"
tb_run A env MIGUI_TV="$(tb_ip C)" MIGUI_TV_BULK=$BULK bash -c "migui-tv-remote >>'$(tb_dir A)/remote.log' 2>&1 &"
_tb_wait_for 20 flowing A 20
check "the remote on A hears the TV" flowing A 20
for key in volume-up volume-up channel-up; do press A "$key"; done
tb_run A gdbus call --session --dest $APP --object-path /org/migui/TvRemote \
  --method org.gtk.Actions.Activate select "[<uint32 6>]" "{}" >/dev/null
_tb_wait_for 5 bash -c "[ \"\$(tv keys-received)\" = 3 ]"
check "three key presses reached the TV as datagrams" keys_once 3
_tb_wait_for 5 bash -c "[ \"\$(tv channel)\" = 6 ]"
check "the programme chosen on the remote is on the TV" [ "$(tv channel)" = 6 ]

# --- A → B, keys pressed as it starts moving and while it moves -------------
# (Those pressed once the checkpoint is taken are refused, as a frozen
# window would: every key the remote counts must reach the TV once.)
pid_a=$(remote_pids A)
for key in volume-down channel-down; do press A "$key"; done
( for key in volume-up volume-up volume-up; do press A "$key"; sleep 0.1; done ) &
presser=$!
ms=$(move A B)
wait $presser
check "the remote moves A → B" [ "$ms" -ge 0 ]
_tb_wait_for 20 flowing B "$(( $(remote B now-playing 2>/dev/null || echo 0) + 10 ))"
check "on B it hears the TV again, with no update lost or doubled" \
  bash -c "[ \"\$(sed -n 's/^gaps=//p' '$(status_file B)')\" = 0 ] && [ \"\$(sed -n 's/^doubles=//p' '$(status_file B)')\" = 0 ] && [ \"\$(sed -n 's/^connected=//p' '$(status_file B)')\" = yes ]"
echo "# A → B: send took $ms ms; the stream was silent for $(remote B silence-ms) ms"
check "A's remote is gone, B runs one" bash -c "! kill -0 $pid_a 2>/dev/null && [ $(remote_count B) = 1 ]"
_tb_wait_for 5 bash -c "[ \"\$(tv keys-received)\" -ge 3 ]"
sent=$(remote B keys-sent)
_tb_wait_for 5 bash -c "[ \"\$(tv keys-received)\" = $sent ]"
check "every key press arrived once, those pressed during the move too ($sent)" keys_once "$sent"
check "the TV sees one remote and its bulk channel" [ "$(tv remotes)" = 2 ]

# --- B → A with the TV's link cut, and back -------------------------------------
ip -n "$(tb_ns C)" link set "$(tb_veth C)" down
before=$(remote B now-playing)
ms=$(move B A)
check "the remote moves B → A while the TV cannot be reached" [ "$ms" -ge 0 ]
sleep 1
check "on A it waits for the TV" [ "$(remote A connected)" = no ]
ip -n "$(tb_ns C)" link set "$(tb_veth C)" up
_tb_wait_for 30 flowing A "$(( before + 50 ))"
check "when the link is back, A hears the TV again" flowing A "$(( before + 50 ))"
check "no update was lost or doubled through the cut" \
  bash -c "[ \"\$(sed -n 's/^gaps=//p' '$(status_file A)')\" = 0 ] && [ \"\$(sed -n 's/^doubles=//p' '$(status_file A)')\" = 0 ]"
echo "# B → A with the link cut: send took $ms ms; the stream was silent for $(remote A silence-ms) ms"

# --- A → B while the TV's listener restarts --------------------------------------
tb_run C gdbus call --session --dest org.migui.Tv --object-path /org/migui/Tv \
  --method org.gtk.Actions.Activate restart-listener "[]" "{}" >/dev/null &
restarter=$!
before=$(remote A now-playing)
ms=$(move A B)
wait $restarter
check "the remote moves A → B while the TV's listener restarts" [ "$ms" -ge 0 ]
check "the TV's listener restarted" grep -q "listener restarted" "$(tb_dir C)/tv.log"
_tb_wait_for 20 flowing B "$(( before + 20 ))"
check "on B it hears the TV again" flowing B "$(( before + 20 ))"
echo "# A → B (listener restarting): send took $ms ms; the stream was silent for $(remote B silence-ms) ms"
sent=$(( $(remote B keys-sent) + 1 ))
press B channel-up
_tb_wait_for 5 bash -c "[ \"\$(sed -n 's/^keys-sent=//p' '$(status_file B)')\" = $sent ]"
_tb_wait_for 5 bash -c "[ \"\$(tv keys-received)\" = $sent ]"
check "all $sent key presses arrived once" keys_once "$sent"

# --- 10 MB each way, checked byte by byte ------------------------------------------
_tb_wait_for 60 bash -c "[ \"\$(sed -n 's/^bulk-received=//p' '$(status_file B)')\" = $BULK ] && [ \"\$(sed -n 's/^bulk-received=//p' '$(tb_dir C)/tv.status')\" = $BULK ]"
check "the remote received 10 MB from the TV through three moves" [ "$(remote B bulk-received)" = $BULK ]
check "every byte is the one the TV sent" [ "$(remote B bulk-errors)" = 0 ]
check "the TV received 10 MB from the remote through three moves" [ "$(tv bulk-received)" = $BULK ]
check "every byte is the one the remote sent" [ "$(tv bulk-errors)" = 0 ]
check "no update was lost or doubled in all" \
  bash -c "[ \"\$(sed -n 's/^gaps=//p' '$(status_file B)')\" = 0 ] && [ \"\$(sed -n 's/^doubles=//p' '$(status_file B)')\" = 0 ]"

# --- a new remote still connects to the restarted listener --------------------------
tb_run A env MIGUI_TV="$(tb_ip C)" bash -c "migui-tv-remote >>'$(tb_dir A)/remote2.log' 2>&1 &"
_tb_wait_for 20 flowing A 5
check "a new remote on A connects to the restarted listener" flowing A 5

# --- nothing left over ---------------------------------------------------------------
check "no channel was refused or failed on the way" bash -c "! grep -q 'did not prove\|disagree\|no longer has' '$(tb_dir C)/tv.log' '$(tb_dir A)/remote.log' '$(tb_dir B)/shell.log'"
left=$(find "$(tb_dir A)/run/migui/incoming" "$(tb_dir B)/run/migui/incoming" -mindepth 1 2>/dev/null)
[ -n "$left" ] && echo "$left" | sed 's/^/# left: /'
check "nothing is left in A's and B's incoming folders" [ -z "$left" ]
check "exactly one remote of the first runs, on B" [ "$(remote_count B)" = 1 ]
check "neither the TV nor the remote warned of anything" \
  bash -c "! grep -q 'WARNING\|CRITICAL' '$(tb_dir C)/tv.log' && ! grep -h 'migui-tv-remote' '$(tb_dir A)/shell.log' '$(tb_dir B)/shell.log' '$(tb_dir A)/remote.log' | grep -q 'WARNING\|CRITICAL'"

[ "$failed" = 0 ]
