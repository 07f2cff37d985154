#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libmigui beside Xpra, the tool a Linux user picks today to take a running
# application to another machine.  Two hosts of the test bed; the gallery
# comes to B's screen RUNS times each way (default 12), alternately:
#
#   libmigui  cold: `migui send` from the host that runs it; the target
#             starts the app.  warm: an instance already runs on the target.
#   Xpra      cold: the gallery runs in a new xpra session on A and B
#             attaches for the first time.  warm: B re-attaches.
#   the app   its own cold start on B (no migration), for comparison.
#
# Each hand-over is timed from its command (`migui send`, `xpra attach`) to
# the window mapped and to its first painted frame on the target's display,
# seen from the X server (tests/bench/migui-bench-paint), and its bytes are
# read from A's link counters.  Then the traffic on A's link while the app
# idles on B and while B's user types, and what happens to the app on B
# when A is switched off (its link cut).  Prints medians (min–max) and the
# ratios; nothing is asserted.
#
# Run as root:  tests/testbed/bench-xpra.sh [RUNS]
#   TB_GSK_RENDERER=cairo   GTK's renderer for the app on both sides
#   BENCH_SWITCH_OFF=0      skip the switch-off (it waits up to 90 s)
#   BENCH_TRAFFIC_S=5       seconds of idle and of typing measured

. "$(dirname "$0")/testbed.sh"
. "$(dirname "$0")/gallery.sh"

RUNS=${1:-12}
TRAFFIC_S=${BENCH_TRAFFIC_S:-5}
TITLE="Migratory Gallery"
# A display number that no X server (nor a stale lock) holds.
for n in $(seq 200 299); do [ -e "/tmp/.X$n-lock" ] || break; done
XPRA_DISPLAY=:$n
client=
server=
XPRA_PORT=14500
# The same for both: no mmap (the hosts are two machines), no OpenGL in the
# client; nothing that would multicast or reach for devices the hosts lack.
XPRA_COMMON="--mmap=no --opengl=no --mdns=no --notifications=no --speaker=off --microphone=off
  --webcam=no --clipboard=no --tray=no --system-tray=no --printing=no --file-transfer=no"

# Debian's xpra, with what its server and client need (install-deps.sh).
command -v xpra >/dev/null || "$TB_SOURCE/build-aux/install-deps.sh" >&2 || exit 1

results=$(mktemp)
# xpra's X server leaves its session; stop it with the test bed.
trap 'rm -f "$results"; pkill -f "Xvfb-for-Xpra-$XPRA_DISPLAY\$" ; tb_teardown' EXIT
paint () { echo "$(tb_build "$1")/tests/bench/migui-bench-paint"; }
link_bytes () {  # bytes both ways on A's link so far
  ip -n "$(tb_ns A)" -s -j link show "$(tb_veth A)" |
    python3 -c 'import json, sys; s = json.load(sys.stdin)[0]["stats64"]; print(s["rx"]["bytes"] + s["tx"]["bytes"])'
}
stamp () { sed -n "s/^$1 //p" "$2" | head -1; }

# Starts the watcher on B's display; it prints "ready" once it watches.
watch_b () {
  tb_run B "$(paint B)" watch "$TITLE" 30 >"$TB_ROOT/watch" 2>&1 &
  watcher=$!
  _tb_wait_for 10 grep -q '^ready' "$TB_ROOT/watch"
}
# Prints one hand-over's times from the watcher's output and the command's
# start: "MAPPED_MS PAINTED_MS", or fails when nothing was painted on B.
times () {  # start-file
  local start mapped painted
  start=$(stamp start "$1"); mapped=$(stamp mapped "$TB_ROOT/watch"); painted=$(stamp painted "$TB_ROOT/watch")
  if [ -z "$start" ] || [ -z "$mapped" ] || [ -z "$painted" ]; then
    cat "$TB_ROOT/watch" "$1" >&2
    return 1
  fi
  echo "$(( (mapped - start) / 1000 )).$(( (mapped - start) / 100 % 10 )) $(( (painted - start) / 1000 )).$(( (painted - start) / 100 % 10 ))"
}
record () {  # tool mode start-file bytes-before [restored committed]
  local t
  wait "$watcher"
  if ! t=$(times "$3"); then
    echo "# $1 $2: no window painted on B" >&2
    echo "$1 $2 fail" >>"$results"
    return 1
  fi
  sleep 0.3   # the last packets
  echo "$1 $2 $t $(( $(link_bytes) - $4 )) ${5:--} ${6:--}" >>"$results"
}

# ---- libmigui ----
migui_hop () {  # mode from to
  local mode=$1 from=$2 to=$3 before out
  before=$(link_bytes)
  [ "$to" = B ] && watch_b
  tb_run "$from" "$(paint "$from")" run migui send --json --to "Device $to" "$APP" >"$TB_ROOT/send" 2>&1
  [ "$mode" = cold ] && _tb_wait_for 10 bash -c "[ \$(app_count $from) = 0 ]"
  out=$(tail -1 "$TB_ROOT/send")
  if [ "$to" = B ]; then
    record libmigui "$mode" "$TB_ROOT/send" "$before" \
      "$(echo "$out" | grep -o '"restored-ms":[0-9.]*' | cut -d: -f2)" \
      "$(echo "$out" | grep -o '"total-ms":[0-9.]*' | cut -d: -f2)"
  fi
}

# The app's own cold start on B, timed the same way: from the command to
# its window painted; then it quits as its user would.
own_start () {
  watch_b
  tb_run B "$(paint B)" run "$(tb_build B)/demo-apps/gallery/migui-gallery" >"$TB_ROOT/own" 2>&1 &
  record plain cold "$TB_ROOT/own" "$(link_bytes)"
  quit_gallery B
}

# ---- Xpra ----
xpra_server_start () {
  tb_run A bash -c "exec xpra start $XPRA_DISPLAY --bind-tcp=0.0.0.0:$XPRA_PORT --daemon=no \
    --start-child='env XDG_STATE_HOME=$(tb_dir A)/xpra-state XDG_CACHE_HOME=$(tb_dir A)/xpra-cache migui-gallery' \
    --exit-with-children=no --pulseaudio=no --dbus-proxy=no --dbus-control=no --html=off --systemd-run=no \
    $(echo $XPRA_COMMON) >>'$(tb_dir A)/xpra.log' 2>&1" &
  server=$!
  # Ready once the gallery's window is one of the session's.
  _tb_wait_for 60 bash -c "tb_run A xpra info $XPRA_DISPLAY 2>/dev/null | grep -q '^windows\.[0-9]*\.title=$TITLE\$'"
}
xpra_server_stop () {
  tb_run A xpra stop "$XPRA_DISPLAY" >>"$(tb_dir A)/xpra.log" 2>&1
  _tb_wait_for 20 bash -c "! kill -0 $server" || kill -KILL "$server"
  sleep 0.5
}
xpra_attach () {  # mode; leaves the client attached, its PID in $client
  local before
  before=$(link_bytes)
  watch_b
  tb_run B "$(paint B)" run xpra attach "tcp://$(tb_ip A):$XPRA_PORT/" $XPRA_COMMON >"$TB_ROOT/attach" 2>&1 &
  client=$!
  record xpra "$1" "$TB_ROOT/attach" "$before"
}
xpra_detach () {
  # (SIGINT would be ignored: a background job's is.)
  kill -TERM "$client" 2>/dev/null
  _tb_wait_for 20 bash -c "! kill -0 $client" || kill -KILL "$client"
}

traffic () {  # tool state pid: bytes a second on A's link over TRAFFIC_S
  local before window
  if [ "$2" = typing ]; then
    # The window of that process: both tools' windows have the app's title.
    window=$(tb_run B xdotool search --onlyvisible --pid "$3" --name "$TITLE" | tail -1)
    tb_run B xdotool windowfocus --sync "$window" 2>/dev/null
  fi
  before=$(link_bytes)
  if [ "$2" = typing ]; then
    tb_run B timeout "$TRAFFIC_S" xdotool type --delay 200 \
      "the quick brown fox jumps over the lazy dog and keeps on typing until the time is up" 2>/dev/null
  else
    sleep "$TRAFFIC_S"
  fi
  echo "traffic $1 $2 $(( ($(link_bytes) - before) / TRAFFIC_S ))" >>"$results"
}

export G_MESSAGES_DEBUG=
tb_setup A B >/dev/null && tb_pair_all || exit 1
echo "# $RUNS hand-overs each way, renderer ${TB_GSK_RENDERER:-GTK default}" >&2

# Cold: each libmigui hop starts the app on its target (the source quits);
# each Xpra attach is the first one to a new session.
start_gallery A
_tb_wait_for 20 save A started
from=A
for i in $(seq "$RUNS"); do
  # Two hops, so that the one timed always lands on B.
  [ "$from" = B ] && migui_hop cold B A
  own_start
  migui_hop cold A B
  from=B
  xpra_server_start && xpra_attach cold
  xpra_detach
  xpra_server_stop
done

# Warm: an instance that outlives its windows waits on both hosts.
for pid in $(app_pids A) $(app_pids B); do kill "$pid"; done
sleep 0.5
tb_run A env MIGUI_GALLERY_STAY=1 bash -c "'$(tb_build A)/demo-apps/gallery/migui-gallery' >>'$(tb_dir A)/app.log' 2>&1 &"
tb_run B env MIGUI_GALLERY_STAY=1 bash -c "'$(tb_build B)/demo-apps/gallery/migui-gallery' --gapplication-service >>'$(tb_dir B)/app.log' 2>&1 &"
_tb_wait_for 20 save A warm-a
_tb_wait_for 20 save B warm-b
xpra_server_start
xpra_attach warm; xpra_detach   # the first attach of this session is not timed
sed -i '$ d' "$results"
for i in $(seq "$RUNS"); do
  migui_hop warm A B
  sleep 1   # a user does not send it back within the same second
  [ "$i" -lt "$RUNS" ] && migui_hop warm B A && sleep 1
  # Afterwards, while the app is on B: the traffic on A's link.
  [ "$i" = "$RUNS" ] && traffic libmigui idle "$(app_pids B)" && traffic libmigui typing "$(app_pids B)"
  xpra_attach warm
  # The detached session settles before the next libmigui hop.
  [ "$i" -lt "$RUNS" ] && xpra_detach && sleep 2
done
traffic xpra idle "$client"; traffic xpra typing "$client"

if [ "${BENCH_SWITCH_OFF:-1}" = 1 ]; then
  ip -n "$(tb_ns A)" link set "$(tb_veth A)" down
  cut=$(date +%s)
  gone=
  while [ $(( $(date +%s) - cut )) -lt 90 ]; do
    if ! kill -0 "$client" 2>/dev/null; then gone=$(( $(date +%s) - cut )); break; fi
    sleep 1
  done
  sleep 1
  if [ "$(app_count B)" -gt 0 ] && tb_run B migui save "$APP" "$(tb_dir B)/after.migui"; then
    echo "switchoff libmigui the app lives on B" >>"$results"
  else
    echo "switchoff libmigui the app is gone from B" >>"$results"
  fi
  if [ -n "$gone" ]; then
    echo "switchoff xpra the window on B is gone $gone s after A" >>"$results"
  else
    echo "switchoff xpra the client on B still waits 90 s after A" >>"$results"
  fi
fi
xpra_detach

python3 "$TB_SOURCE/tests/testbed/bench-xpra-table.py" "$results"
