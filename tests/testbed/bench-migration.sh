#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Measures migrations of the gallery between two hosts of the test bed:
# the time from the migrate call to the target's windows restored and to
# the commit, and the bytes sent, median of RUNS (default 20), cold (the
# target launches the app) and warm (the app already runs there).
# Run as root:  tests/testbed/bench-migration.sh [RUNS]

. "$(dirname "$0")/testbed.sh"

RUNS=${1:-20}
APP=org.migui.Gallery

median () { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
field () { grep -o "\"$1\":[0-9.]*" | cut -d: -f2; }

export G_MESSAGES_DEBUG=${G_MESSAGES_DEBUG:-}
tb_setup A B >/dev/null && tb_pair_all || exit 1
tb_run A bash -c "migui-gallery >'$(tb_dir A)/app.log' 2>&1 &"
_tb_wait_for 20 tb_run A migui save "$APP" "$(tb_dir A)/x.migui"

bench () {  # label
  local label=$1 from=A to=B out
  : > "$TB_ROOT/$label"
  for i in $(seq "$RUNS"); do
    out=$(tb_run "$from" migui send --json --to "Device $to" "$APP")
    echo "$out" >> "$TB_ROOT/$label"
    [ "$label" = cold ] && _tb_wait_for 10 bash -c "! tb_run $from migui save $APP /dev/null 2>/dev/null"
    tmp=$from; from=$to; to=$tmp
    # A user does not send the app back within the same second: the
    # instances settle (and build their spare windows) first.
    sleep 1
  done
  printf '%-5s restored: median %s ms (min %s, max %s); committed: median %s ms; %s bytes sent\n' "$label" \
    "$(field restored-ms < "$TB_ROOT/$label" | median)" \
    "$(field restored-ms < "$TB_ROOT/$label" | sort -n | head -1)" \
    "$(field restored-ms < "$TB_ROOT/$label" | sort -n | tail -1)" \
    "$(field total-ms < "$TB_ROOT/$label" | median)" \
    "$(field bytes-sent < "$TB_ROOT/$label" | median)"
}

# Cold: the source quits after each move and the target starts the app.
bench cold

# Warm: an instance that outlives its windows waits on both hosts.
for host in A B; do
  ip netns pids "$(tb_ns $host)" | while read -r pid; do
    grep -q migui-gallery "/proc/$pid/cmdline" 2>/dev/null && kill "$pid"
  done
done
sleep 0.5
tb_run A env MIGUI_GALLERY_STAY=1 bash -c "migui-gallery >>'$(tb_dir A)/app.log' 2>&1 &"
tb_run B env MIGUI_GALLERY_STAY=1 bash -c "migui-gallery --gapplication-service >>'$(tb_dir B)/app.log' 2>&1 &"
_tb_wait_for 20 tb_run A migui save "$APP" "$(tb_dir A)/x.migui"
_tb_wait_for 20 tb_run B migui save "$APP" "$(tb_dir B)/x.migui"
bench warm
[ -n "${VERBOSE:-}" ] && cat "$TB_ROOT/cold" "$TB_ROOT/warm"
true
