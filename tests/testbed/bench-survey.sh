#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Times the survey agent's hops on the test bed: from Done clicked on one
# host to the agent's windows first painted on the next (shown) and
# taking input (live), median over HOPS hops (default 10) between B and C.
# Cold: the agent is started on each host by its shell.  Warm: an agent
# instance already runs there (MIGUI_SURVEY_STAY keeps the instances an
# agent leaves).  The times come from the agents' own logs, on the
# monotonic clock that every network namespace shares.
# GTK draws with its GL renderer by default, which under Xvfb is Mesa's
# software llvmpipe; TB_GSK_RENDERER=cairo measures with the cairo one.
# Run as root:  tests/testbed/bench-survey.sh [HOPS]

. "$(dirname "$0")/testbed.sh"
. "$(dirname "$0")/survey-driver.sh"

HOPS=${1:-10}
AGENT=$TB_BUILD/demo-apps/survey-agent/migui-survey-agent

median () { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
lives () { grep -c 'hop: live' "$(tb_dir "$1")/shell.log"; }

export G_MESSAGES_DEBUG=${G_MESSAGES_DEBUG:-survey-agent}
tb_setup A B C >/dev/null && tb_pair_all || exit 1
_tb_wait_for 15 bash -c "[ \$(tb_run A migui peers --wait 1 | grep -o 'Device [BC]' | sort -u | wc -l) = 2 ]"

# One journey of HOPS hops B, C, B, … from A; prints "shown live" per hop
# in milliseconds.
journey () {  # label
  local label=$1 stops=() host=A next count
  for i in $(seq "$HOPS"); do
    [ $((i % 2)) = 1 ] && next=B || next=C
    stops+=("P$i" "Device $next")
  done
  tb_run A bash -c "'$AGENT' >>'$(tb_dir A)/agent.log' 2>&1 &"
  sv_window A "Comments — Device A" >/dev/null || return 1
  for i in $(seq "$HOPS"); do
    [ $((i % 2)) = 1 ] && next=B || next=C
    count=$(lives $next)
    if [ "$i" = 1 ]; then
      sv_start A "Device A" "${stops[@]}"
    else
      sv_focus "$host" "Comments — Device $host" && sv_keys "$host" alt+d
    fi
    _tb_wait_for 20 bash -c "[ \$(grep -c 'hop: live' '$(tb_dir $next)/shell.log') -gt $count ]" ||
      { echo "hop $i to $next did not arrive; logs in $TB_ROOT" >&2; TB_KEEP=1; return 1; }
    host=$next
    # A user reads the greeting before answering.
    sleep 1
  done
  cat "$(tb_dir A)/agent.log" "$(tb_dir B)/shell.log" "$(tb_dir C)/shell.log" |
    sed -n 's/.*hop: \(Done clicked\|shown\|live\) at \([0-9]*\) µs.*/\2 \1/p' | sort -n |
    awk '$2 == "Done" { done = $1; shown = 0; live = 0; next }
         $2 == "shown" && done && !shown { shown = $1 }
         $2 == "live" && done && !live { live = $1 }
         done && shown && live { printf "%.1f %.1f\n", (shown - done) / 1000, (live - done) / 1000; done = 0 }' \
    > "$TB_ROOT/$label"
  # The last host closes the agent; the next journey starts afresh.
  tb_run "$host" xdotool key ctrl+q
  sleep 1
  for h in A B C; do cat "$(tb_dir $h)/shell.log" >> "$TB_ROOT/all-$h.log"; : > "$(tb_dir $h)/shell.log"; done
  : > "$(tb_dir A)/agent.log"
}

report () {  # label
  local f=$TB_ROOT/$1
  printf '%-5s %2d hops: shown median %s ms (min %s, max %s); live median %s ms (min %s, max %s)\n' "$1" \
    "$(wc -l < "$f")" \
    "$(cut -d' ' -f1 "$f" | median)" "$(cut -d' ' -f1 "$f" | sort -n | head -1)" "$(cut -d' ' -f1 "$f" | sort -n | tail -1)" \
    "$(cut -d' ' -f2 "$f" | median)" "$(cut -d' ' -f2 "$f" | sort -n | head -1)" "$(cut -d' ' -f2 "$f" | sort -n | tail -1)"
}

journey cold || exit 1
# Warm: instances stay behind on every host (their shells pass the
# variable on), so after the first visits the agent finds one running.
for h in A B C; do tb_shell_stop $h; MIGUI_SURVEY_STAY=1 tb_shell_start $h --port 47810 >/dev/null; done
HOPS=$((HOPS + 2)) journey warm-all || exit 1
# The first two hops of that journey were cold.
tail -n +3 "$TB_ROOT/warm-all" > "$TB_ROOT/warm"
echo "# GSK renderer: ${TB_GSK_RENDERER:-the default}"
report cold
report warm
