#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A test bed of hosts in network namespaces, sourced by the testbed tests.
# Every host has its own network namespace joined to a switch namespace by
# a veth pair, a private /run with its own system D-Bus and avahi-daemon
# (allowed on its veth only), a session bus, an Xvfb display, its own XDG
# folders and a migui-shell.  Nothing runs in the root namespace and
# nothing reaches eth0.  tb_teardown (run by an EXIT trap) kills every
# process of every host and deletes the namespaces, on failure too.
#
#   tb_setup A B C         make hosts named A, B, C (10.231.<n>.1..)
#   tb_run A cmd args...   run a command on host A, in its session
#   tb_shell_stop A        stop A's peer shell; tb_shell_start A restarts it
#   tb_dir A               A's folder (config, data, run, logs)
#   tb_build A             the build A runs
#
# Hosts named in TB_DEBIAN13_HOSTS (say "B") run the Debian 13 build
# (MIGUI_DEBIAN13_BUILD, default _build-debian13) inside the Debian 13 root
# (MIGUI_DEBIAN13_ROOT, build-aux/debian13-root.sh); hosts named in
# TB_WAYLAND_HOSTS show their applications on a headless mutter (Wayland)
# instead of Xvfb.

set -u

TB_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TB_BUILD=${MIGUI_BUILD_DIR:-$TB_SOURCE/_build}
TB_ROOT=$(mktemp -d /tmp/migui-testbed.XXXXXX)
TB_PREFIX=mg$$
TB_HOSTS=()
TB_NET=10.231.$(( $$ % 200 + 20 ))

TB_DEBIAN13_BUILD=${MIGUI_DEBIAN13_BUILD:-$TB_SOURCE/_build-debian13}
TB_DEBIAN13_ROOT=${MIGUI_DEBIAN13_ROOT:-/var/cache/migui-ci/trixie}

tb_dir () { echo "$TB_ROOT/$1"; }
_tb_listed () { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }
tb_build () { if _tb_listed "$1" "${TB_DEBIAN13_HOSTS:-}"; then echo "$TB_DEBIAN13_BUILD"; else echo "$TB_BUILD"; fi; }

tb_log () { echo "# $*" >&2; }

tb_teardown () {
  local host ns
  for host in "${TB_HOSTS[@]}"; do
    ns=$TB_PREFIX$host
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -TERM 2>/dev/null
  done
  sleep 0.5
  for host in "${TB_HOSTS[@]}"; do
    ns=$TB_PREFIX$host
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
    ip netns del "$ns" 2>/dev/null
  done
  ip netns del "${TB_PREFIX}sw" 2>/dev/null
  if [ -n "${TB_KEEP:-}" ]; then
    tb_log "test bed kept in $TB_ROOT"
  else
    rm -rf "$TB_ROOT"
  fi
}

trap tb_teardown EXIT
trap 'exit 1' INT TERM

_tb_wait_for () {  # seconds, command...
  local timeout=$1; shift
  local end=$(( $(date +%s%N) / 1000000 + timeout * 1000 ))
  while ! "$@" 2>/dev/null; do
    [ $(( $(date +%s%N) / 1000000 )) -ge $end ] && return 1
    sleep 0.05
  done
}

_tb_write_host_scripts () {
  local host=$1 index=$2 dir build
  dir=$(tb_dir "$host")
  build=$(tb_build "$host")
  mkdir -p "$dir"/{config/migui,data/applications,run,state,cache,home}
  chmod 700 "$dir/run"
  printf '[shell]\nname=%s\n[briefing]\nsite=Host %s of the test bed\n%s\n' "Device $host" "$host" \
    "${TB_SHELL_CONF_EXTRA:-}" > "$dir/config/migui/shell.conf"

  sed -e "s|^Exec=.*|Exec=$build/demo-apps/gallery/migui-gallery %F|" \
    "$build/demo-apps/gallery/org.migui.Gallery.desktop" > "$dir/data/applications/org.migui.Gallery.desktop"
  echo "X-Migui-Version=0.1.0" >> "$dir/data/applications/org.migui.Gallery.desktop"
  sed -e "s|^Exec=.*|Exec=$build/demo-apps/survey-agent/migui-survey-agent %F|" \
    "$build/demo-apps/survey-agent/org.migui.SurveyAgent.desktop" \
    > "$dir/data/applications/org.migui.SurveyAgent.desktop"
  sed -e "s|^Exec=.*|Exec=$build/demo-apps/tv-remote/migui-tv-remote %F|" \
    "$build/demo-apps/tv-remote/org.migui.TvRemote.desktop" > "$dir/data/applications/org.migui.TvRemote.desktop"
  echo "X-Migui-Version=0.1.0" >> "$dir/data/applications/org.migui.TvRemote.desktop"
  sed -e "s|^Exec=.*|Exec=$build/demo-apps/sketch-pad/migui-sketch-pad %F|" \
    "$build/demo-apps/sketch-pad/org.migui.SketchPad.desktop" > "$dir/data/applications/org.migui.SketchPad.desktop"
  echo "X-Migui-Version=0.1.0" >> "$dir/data/applications/org.migui.SketchPad.desktop"

  cat > "$dir/avahi.conf" <<CONF
[server]
host-name=tb-$(echo "$host" | tr 'A-Z' 'a-z')-$$
use-ipv4=yes
use-ipv6=no
allow-interfaces=h$index
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-workstation=no
publish-hinfo=no
publish-addresses=yes
[reflector]
enable-reflector=no
CONF

  cat > "$dir/env" <<ENV
export HOME=$dir/home
export XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data XDG_RUNTIME_DIR=$dir/run
export XDG_STATE_HOME=$dir/state XDG_CACHE_HOME=$dir/cache
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data
export NO_AT_BRIDGE=1 GTK_A11Y=none
$([ -n "${TB_GSK_RENDERER:-}" ] && echo "export GSK_RENDERER=$TB_GSK_RENDERER")
export G_MESSAGES_DEBUG="\${G_MESSAGES_DEBUG:-}"
export PATH=$build/shell-extension/daemon:$build/shell-extension/cli:$build/demo-apps/gallery:$build/demo-apps/survey-agent:$build/demo-apps/tv-remote:$build/demo-apps/sketch-pad:\$PATH
ENV

  # Runs inside the host's network namespace, in a mount namespace of its own.
  cat > "$dir/host.sh" <<HOST
set -e
mount -t tmpfs tmpfs /run/dbus
mkdir -p /run/avahi-daemon
mount -t tmpfs tmpfs /run/avahi-daemon
dbus-daemon --system --fork --print-pid=3 3>"$dir/system-bus.pid"
avahi-daemon -D -f "$dir/avahi.conf" --no-drop-root --no-chroot
# A session bus that activates nothing, as the GUI tests' (a desktop's
# portals, installed with GNOME Shell, would start without the host's
# display and take GTK's file dialogs with them).
exec dbus-run-session --config-file="$TB_SOURCE/tests/session-bus.conf" -- bash "$dir/session.sh"
HOST

  if _tb_listed "$host" "${TB_WAYLAND_HOSTS:-}"; then
    # A headless mutter, as GNOME's compositor, with one virtual monitor.
    cat > "$dir/session.sh" <<SESSION
. "$dir/env"
size=\${TB_SCREEN:-1280x1024x24}
mutter --headless --wayland --no-x11 --wayland-display=wayland-tb --virtual-monitor "\${size%x*}" \\
  >"$dir/mutter.log" 2>&1 &
while [ ! -S "$dir/run/wayland-tb" ]; do sleep 0.02; done
echo "export WAYLAND_DISPLAY=wayland-tb GDK_BACKEND=wayland; unset DISPLAY" >> "$dir/env"
echo "export DBUS_SESSION_BUS_ADDRESS='\$DBUS_SESSION_BUS_ADDRESS'" >> "$dir/env"
echo \$\$ > "$dir/session.pid"
exec sleep infinity
SESSION
    return
  fi
  cat > "$dir/session.sh" <<SESSION
. "$dir/env"
Xvfb -displayfd 3 -screen 0 \${TB_SCREEN:-1280x1024x24} -nolisten tcp 3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
while [ ! -s "$dir/display" ]; do sleep 0.02; done
echo "export DISPLAY=:\$(cat "$dir/display")" >> "$dir/env"
echo "export DBUS_SESSION_BUS_ADDRESS='\$DBUS_SESSION_BUS_ADDRESS'" >> "$dir/env"
echo \$\$ > "$dir/session.pid"
exec sleep infinity
SESSION
}

tb_run () {  # host, command...
  local host=$1; shift
  local dir pid
  dir=$(tb_dir "$host")
  pid=$(cat "$dir/session.pid")
  nsenter -t "$pid" -m -n -r -w bash -c '. "$0/env"; exec "$@"' "$dir" "$@"
}

tb_shell_start () {  # host [migui-shell options]
  local host=$1; shift
  local dir
  dir=$(tb_dir "$host")
  # Each shell's log starts empty; what earlier ones said is kept.
  [ -s "$dir/shell.log" ] && cat "$dir/shell.log" >>"$dir/shell-earlier.log"
  : > "$dir/shell.log"
  tb_run "$host" env ${MIGUI_GALLERY_CRASH_ON_ARRIVAL:+MIGUI_GALLERY_CRASH_ON_ARRIVAL=1} ${MIGUI_SURVEY_STAY:+MIGUI_SURVEY_STAY=1} ${MIGUI_SHELL_TEST_LOSE_COMMIT_ANSWERS:+MIGUI_SHELL_TEST_LOSE_COMMIT_ANSWERS=$MIGUI_SHELL_TEST_LOSE_COMMIT_ANSWERS} ${MIGUI_SHELL_TEST_LOSE_COMMITS:+MIGUI_SHELL_TEST_LOSE_COMMITS=$MIGUI_SHELL_TEST_LOSE_COMMITS} "G_MESSAGES_DEBUG=${G_MESSAGES_DEBUG:-}" bash -c 'migui-shell --accept "${TB_ACCEPT:-trusted}" "$@" >>"$0/shell.log" 2>&1 & echo $! >"$0/shell.pid"' \
    "$dir" "$@"
  _tb_wait_for 10 grep -q 'listening on port' "$dir/shell.log" || { cat "$dir/shell.log" >&2; return 1; }
}

tb_shell_stop () {
  local dir
  dir=$(tb_dir "$1")
  kill "$(cat "$dir/shell.pid")" 2>/dev/null
  _tb_wait_for 5 bash -c '! kill -0 $(cat "$0/shell.pid")' "$dir"
}

# Pairs two hosts as their users would: the first runs `migui pair`, its
# user answers "y" once the code shows, and the second's user confirms the
# code it was shown with `migui pair --accept CODE`.  Fails unless both
# showed the same code and both now list each other.
tb_pair () {  # host, other host
  local a=$1 b=$2 out code shown i pid
  out=$(tb_dir "$a")/pair-$b.out
  rm -f "$out" "$out.status"
  : >"$out"
  tb_run "$a" bash -c 'echo y | timeout 90 migui pair "$1" >"$2" 2>"$2.err"; echo $? >"$2.status"' _ "Device $b" "$out" &
  pid=$!
  for i in $(seq 200); do
    code=$(sed -n 's/^Verification code: \([0-9]\{3\}\) \([0-9]\{3\}\)$/\1\2/p' "$out")
    [ -n "$code" ] && break
    sleep 0.1
  done
  shown=$(tb_run "$b" migui pair 2>/dev/null | sed -n 's/^Device '"$a"' wants to pair, showing the code \([0-9]\{3\}\) \([0-9]\{3\}\).*/\1\2/p')
  if [ -z "$code" ] || [ "$code" != "$shown" ]; then
    echo "# pairing $a with $b: $a shows '$code', $b shows '$shown'" >&2
    cat "$out.err" >&2
    wait "$pid"
    return 1
  fi
  tb_run "$b" migui pair --accept "$code" >/dev/null || { wait "$pid"; return 1; }
  wait "$pid"
  [ "$(cat "$out.status")" = 0 ] &&
    tb_run "$a" migui devices | grep -q "^Device $b " &&
    tb_run "$b" migui devices | grep -q "^Device $a "
}

tb_pair_all () {  # pairs every two hosts of the test bed
  local i j
  for (( i = 0; i < ${#TB_HOSTS[@]}; i++ )); do
    for (( j = i + 1; j < ${#TB_HOSTS[@]}; j++ )); do
      tb_pair "${TB_HOSTS[$i]}" "${TB_HOSTS[$j]}" || return 1
    done
  done
}

tb_address () { echo "$TB_NET.$2"; }

tb_setup () {
  local index=0 host ns dir
  ip netns add "${TB_PREFIX}sw"
  ip -n "${TB_PREFIX}sw" link add br0 type bridge
  ip -n "${TB_PREFIX}sw" link set br0 up
  for host in "$@"; do
    index=$(( index + 1 ))
    ns=$TB_PREFIX$host
    TB_HOSTS+=("$host")
    eval "export TB_INDEX_$host=$index"
    ip netns add "$ns"
    ip link add "h$index" netns "$ns" type veth peer name "s$index" netns "${TB_PREFIX}sw"
    ip -n "${TB_PREFIX}sw" link set "s$index" master br0 up
    ip -n "$ns" addr add "$TB_NET.$index/24" dev "h$index"
    ip -n "$ns" link set "h$index" up
    ip -n "$ns" link set lo up
    _tb_write_host_scripts "$host" "$index"
    dir=$(tb_dir "$host")
    if _tb_listed "$host" "${TB_DEBIAN13_HOSTS:-}"; then
      ip netns exec "$ns" env MIGUI_DEBIAN13_ROOT_READY=1 MIGUI_DEBIAN13_ROOT="$TB_DEBIAN13_ROOT" \
        "$TB_SOURCE/build-aux/debian13-chroot.sh" bash "$dir/host.sh" >"$dir/host.log" 2>&1 &
    else
      ip netns exec "$ns" unshare -m bash "$dir/host.sh" >"$dir/host.log" 2>&1 &
    fi
  done
  for host in "$@"; do
    dir=$(tb_dir "$host")
    _tb_wait_for 20 test -s "$dir/session.pid" || { cat "$dir/host.log" >&2; return 1; }
    tb_shell_start "$host" --port 47810 || return 1
  done
}

# TAP for the test bed's tests: check "what" command... counts and prints.
n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check () {  # description, command...
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# Skips the whole test (TAP) where network namespaces cannot be made.
tb_require_root () {
  if [ "$(id -u)" != 0 ] || ! ip netns list >/dev/null 2>&1; then
    echo "1..0 # SKIP needs root and network namespaces"
    exit 0
  fi
}

tb_ip () { eval "echo $TB_NET.\$TB_INDEX_$1"; }
tb_veth () { eval "echo h\$TB_INDEX_$1"; }
tb_ns () { echo "$TB_PREFIX$1"; }

export TB_SOURCE TB_BUILD TB_ROOT TB_PREFIX TB_NET TB_DEBIAN13_BUILD TB_DEBIAN13_HOSTS TB_WAYLAND_HOSTS
export -f tb_dir tb_run tb_ns _tb_wait_for tb_build _tb_listed
