#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs three "devices" on this one machine, each with its own peer shell,
# name, config folder, session bus and state, all on the current display,
# and starts the survey agent on the first.  They find each other through
# MIGUI_PEERS (loopback addresses), since no avahi-daemon may run here.
#
#   three-devices.sh [BUILD_DIR]   runs until interrupted
#
# Sourced with THREE_DEVICES_LIB=1 it only defines functions, for
# screenshots.sh: td_start, td_run DEVICE CMD..., td_stop.

set -u

TD_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TD_BUILD=${1:-${MIGUI_BUILD_DIR:-$TD_SOURCE/_build}}
TD_ROOT=${TD_ROOT:-$(mktemp -d /tmp/migui-devices.XXXXXX)}
TD_NAMES=("Laptop" "Desktop" "Workstation")
TD_USERS=("Ada" "Bob" "Cleo")
TD_PORTS=(47821 47822 47823)
TD_PEERS=127.0.0.1:47821,127.0.0.1:47822,127.0.0.1:47823

td_dir () { echo "$TD_ROOT/$1"; }

td_write () {  # index
  local i=$1 dir
  dir=$(td_dir "${TD_NAMES[$i]}")
  mkdir -p "$dir"/{config/migui,data/applications,run,state,cache}
  chmod 700 "$dir/run"
  printf '[shell]\nname=%s\n[briefing]\nreal-name=%s\n' "${TD_NAMES[$i]}" "${TD_USERS[$i]}" \
    > "$dir/config/migui/shell.conf"
  sed -e "s|^Exec=.*|Exec=$TD_BUILD/demo-apps/survey-agent/migui-survey-agent %F|" \
    "$TD_BUILD/demo-apps/survey-agent/org.migui.SurveyAgent.desktop" \
    > "$dir/data/applications/org.migui.SurveyAgent.desktop"
  cat > "$dir/env" <<ENV
export XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data XDG_RUNTIME_DIR=$dir/run
export XDG_STATE_HOME=$dir/state XDG_CACHE_HOME=$dir/cache
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$TD_BUILD/data
export MIGUI_PEERS=$TD_PEERS NO_AT_BRIDGE=1
export PATH=$TD_BUILD/shell-extension/daemon:$TD_BUILD/shell-extension/cli:$TD_BUILD/demo-apps/survey-agent:\$PATH
ENV
  # One session bus per device: the shell owns org.migui.Shell on it and
  # the agent is a unique application on it.
  cat > "$dir/session.sh" <<SESSION
. "$dir/env"
echo "export DBUS_SESSION_BUS_ADDRESS='\$DBUS_SESSION_BUS_ADDRESS'" >> "$dir/env"
exec migui-shell --port ${TD_PORTS[$i]} --address 127.0.0.1 --accept trusted --no-publish
SESSION
}

td_run () {  # device, command...
  local dir
  dir=$(td_dir "$1"); shift
  bash -c '. "$0/env"; exec "$@"' "$dir" "$@"
}

# Pairs two devices as their users would, the script playing both: the
# first runs `migui pair`, the second confirms the code it shows.
td_pair () {  # device, other device
  local a=$1 b=$2 out code pid
  out=$(td_dir "$a")/pair-$b.out
  : >"$out"
  td_run "$a" bash -c 'echo y | migui pair "$1" >"$2" 2>/dev/null' _ "$b" "$out" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    code=$(sed -n 's/^Verification code: \([0-9]\{3\}\) \([0-9]\{3\}\)$/\1\2/p' "$out")
    [ -n "$code" ] && break
    sleep 0.1
  done
  [ -n "$code" ] && td_run "$b" migui pair --accept "$code" >/dev/null
  wait "$pid" || { echo "Could not pair $a with $b" >&2; return 1; }
  echo "Paired $a with $b (both showed the code ${code:0:3} ${code:3})."
}

td_stop () {
  local pid
  for pid in "${TD_PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
  done
  pkill -TERM -f "^$TD_BUILD/demo-apps/survey-agent/migui-survey-agent" 2>/dev/null
  wait 2>/dev/null
  [ -n "${TD_KEEP:-}" ] || rm -rf "$TD_ROOT"
}

td_start () {
  local i dir port
  TD_PIDS=()
  for port in "${TD_PORTS[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is in use: is another demo running?" >&2
      return 1
    fi
  done
  for i in 0 1 2; do
    td_write "$i"
    dir=$(td_dir "${TD_NAMES[$i]}")
    dbus-run-session -- bash "$dir/session.sh" >"$dir/shell.log" 2>&1 &
    TD_PIDS+=($!)
  done
  for i in 0 1 2; do
    dir=$(td_dir "${TD_NAMES[$i]}")
    for _ in $(seq 200); do
      grep -q 'listening on port' "$dir/shell.log" && break
      sleep 0.05
    done
    grep -q 'listening on port' "$dir/shell.log" || { cat "$dir/shell.log" >&2; return 1; }
  done
  td_pair "${TD_NAMES[0]}" "${TD_NAMES[1]}" && td_pair "${TD_NAMES[1]}" "${TD_NAMES[2]}" &&
    td_pair "${TD_NAMES[0]}" "${TD_NAMES[2]}"
}

[ -n "${THREE_DEVICES_LIB:-}" ] && return 0

trap td_stop EXIT
trap 'exit 0' INT TERM
td_start || exit 1
echo "Three devices are running: ${TD_NAMES[*]} (peer shells on ports ${TD_PORTS[*]})."
echo "The survey agent starts on ${TD_NAMES[0]}.  Suggest Someone: add Bob on Desktop and"
echo "Cleo on Workstation, then click Done and watch it travel; answer on each device."
echo "Press Ctrl+C to stop every device."
td_run "${TD_NAMES[0]}" migui-survey-agent >"$(td_dir "${TD_NAMES[0]}")/agent.log" 2>&1 &
wait
