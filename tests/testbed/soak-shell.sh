#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Sends the gallery back and forth between two hosts of the test bed until
# host B's peer shell has received N migrations (default 1000), and prints
# how the resident memory of B's shell and of B's warm gallery grew after
# the first WARMUP (default 100, or N/3 when N is smaller than 300), in
# all and per visit.  With N of 500 or more it fails if B's shell grew by
# 2 MiB or more; a shorter run (CI's) only prints.
# Run as root:  tests/testbed/soak-shell.sh [N]

. "$(dirname "$0")/testbed.sh"

N=${1:-1000}
WARMUP=${WARMUP:-$(( N < 300 ? N / 3 : 100 ))}
APP=org.migui.Gallery

rss_kb () { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
gallery_pid () {
  ip netns pids "$(tb_ns "$1")" | while read -r pid; do
    grep -q migui-gallery "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  done | head -1
}

# Faster than any user: lift the shells' limit of offers per device a minute.
export TB_SHELL_CONF_EXTRA=$'[limits]\noffers-per-minute=100000'
tb_setup A B >/dev/null && tb_pair_all || exit 1
tb_run A env MIGUI_GALLERY_STAY=1 bash -c "migui-gallery >>'$(tb_dir A)/app.log' 2>&1 &"
tb_run B env MIGUI_GALLERY_STAY=1 bash -c "migui-gallery --gapplication-service >>'$(tb_dir B)/app.log' 2>&1 &"
_tb_wait_for 20 tb_run A migui save "$APP" "$(tb_dir A)/x.migui"
_tb_wait_for 20 tb_run B migui save "$APP" "$(tb_dir B)/x.migui"

shell_b=$(cat "$(tb_dir B)/shell.pid")
app_b=$(gallery_pid B)
failures=0
for i in $(seq "$N"); do
  for pair in "A B" "B A"; do
    set -- $pair
    if ! out=$(tb_run "$1" migui send --to "Device $2" "$APP" 2>&1); then
      failures=$((failures + 1))
      echo "# send $1 → $2 failed: $out" >&2
    fi
  done
  if [ "$i" = "$WARMUP" ]; then
    shell_start=$(rss_kb "$shell_b"); app_start=$(rss_kb "$app_b")
  fi
  [ $((i % ${EVERY:-100})) = 0 ] && echo "# $i received by B: shell $(rss_kb "$shell_b") kB, gallery $(rss_kb "$app_b") kB" >&2
done
shell_end=$(rss_kb "$shell_b"); app_end=$(rss_kb "$app_b")
per_visit () { awk -v d="$1" -v n="$((N - WARMUP))" 'BEGIN {printf "%+.2f", d / n}'; }
echo "B's shell received $N migrations ($failures failed sends in all):"
echo "  shell RSS after $WARMUP: $shell_start kB, after $N: $shell_end kB, growth $((shell_end - shell_start)) kB," \
  "$(per_visit $((shell_end - shell_start))) kB per visit"
echo "  gallery RSS after $WARMUP: $app_start kB, after $N: $app_end kB, growth $((app_end - app_start)) kB," \
  "$(per_visit $((app_end - app_start))) kB per visit"
[ "$failures" = 0 ] && { [ "$N" -lt 500 ] || [ $((shell_end - shell_start)) -lt 2048 ]; }
