#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Big state between two hosts of the test bed: a window with a 5 MB text
# view, one with a list of 100 000 items and one with a form of 10 000
# widgets (`migui-bench --app`, warm on both hosts) go back and forth RUNS
# times (default 6); prints, for each, the median (min–max) of the time to
# restored and committed (`migui send`), to the window painted on B (seen
# from B's X server, hops to B), and the bytes sent (the tree gzipped when
# that pays).  Nothing is asserted.
# Run as root:  tests/testbed/bench-big.sh [RUNS]
#   BENCH_BIG_KINDS="text list 10000"   what to send (a number: a form)

. "$(dirname "$0")/testbed.sh"

RUNS=${1:-6}
KINDS=${BENCH_BIG_KINDS:-text list 10000}
APP=org.migui.Bench
TITLE="Bench Window"

bench () { echo "$(tb_build "$1")/tests/bench/migui-bench"; }
paint () { echo "$(tb_build "$1")/tests/bench/migui-bench-paint"; }
stamp () { sed -n "s/^$1 //p" "$2" | head -1; }
bench_pids () { ip netns pids "$(tb_ns "$1")" | while read -r pid; do
  tr '\0' '\n' </proc/"$pid"/cmdline 2>/dev/null | head -1 | grep -q 'migui-bench$' && echo "$pid"
done; }
spread () { sort -n | awk '{a[NR]=$1} END {if (!NR) {print "—"; exit}
  m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.0f (%.0f–%.0f)", m, a[1], a[NR]}'; }

export G_MESSAGES_DEBUG=
tb_setup A B >/dev/null && tb_pair_all || exit 1
for host in A B; do
  printf '[Desktop Entry]\nType=Application\nName=Bench\nExec=%s --app text %%F\nX-Migui-Version=0.1.0\n' \
    "$(bench "$host")" > "$(tb_dir "$host")/data/applications/$APP.desktop"
done

printf '| window | restored | committed | painted on B | sent |\n|---|---:|---:|---:|---:|\n'
for kind in $KINDS; do
  for pid in $(bench_pids A) $(bench_pids B); do kill "$pid"; done
  sleep 0.5
  tb_run A bash -c "'$(bench A)' --app $kind --stay >>'$(tb_dir A)/bench.log' 2>&1 &"
  tb_run B bash -c "'$(bench B)' --app $kind --stay --idle >>'$(tb_dir B)/bench.log' 2>&1 &"
  _tb_wait_for 60 tb_run A migui save "$APP" "$(tb_dir A)/started.migui"
  # B's instance has no window to save: it is up once its name is on the bus.
  _tb_wait_for 60 tb_run B gdbus introspect --session --dest "$APP" --object-path /org/migui/Bench >/dev/null
  out=$TB_ROOT/$kind
  : >"$out"
  from=A to=B
  for i in $(seq $((RUNS * 2))); do
    if [ "$to" = B ]; then
      tb_run B "$(paint B)" watch "$TITLE" 60 >"$TB_ROOT/watch" 2>&1 &
      watcher=$!
      _tb_wait_for 10 grep -q '^ready' "$TB_ROOT/watch"
    fi
    tb_run "$from" "$(paint "$from")" run migui send --json --to "Device $to" "$APP" >"$TB_ROOT/send" 2>&1
    line=$(tail -1 "$TB_ROOT/send")
    painted=-
    if [ "$to" = B ]; then
      wait "$watcher"
      start=$(stamp start "$TB_ROOT/send"); end=$(stamp painted "$TB_ROOT/watch")
      [ -n "$start" ] && [ -n "$end" ] && painted=$(( (end - start) / 1000 ))
    fi
    echo "$line $painted" >>"$out"
    tmp=$from; from=$to; to=$tmp
    sleep 1
  done
  field () { grep -o "\"$1\":[0-9.]*" "$out" | cut -d: -f2; }
  case $kind in text) label="text view, 5 MB" ;; list) label="list, 100 000 items" ;; *) label="form, $kind widgets" ;; esac
  printf '| %s | %s ms | %s ms | %s ms | %s kB |\n' "$label" \
    "$(field restored-ms | spread)" "$(field total-ms | spread)" \
    "$(awk '$NF != "-" {print $NF}' "$out" | spread)" \
    "$(field bytes-sent | awk '{print $1 / 1000}' | spread)"
  grep -v '"ok":true' "$out" | head -3 >&2
done
