#!/bin/sh
# Runs every benchmark of libmigui and prints its figures; nothing is
# asserted, but a benchmark that cannot run (exits with an error) fails
# the run.  The nightly-style run, with the runs each benchmark's own
# default makes (about an hour):
#
#   build-aux/run-benchmarks.sh
#
# and CI's smoke run of each, a few runs apiece (build-aux/run-tests.sh):
#
#   build-aux/run-benchmarks.sh --short
#
# In-process benchmarks run under xvfb-run with their own session bus;
# the test bed's (tests/testbed/bench-*.sh and soak-shell.sh, which need
# root and network namespaces) are left out where those are missing.
# TB_GSK_RENDERER chooses GTK's renderer on the test bed's hosts.
set -u
cd "$(dirname "$0")/.."
build=${MIGUI_BUILD_DIR:-$PWD/_build}
short=
[ "${1:-}" = --short ] && short=1
status=0
ran=0
failed=0

run () {  # title, command...
  local title=$1 started
  shift
  started=$(date +%s)
  ran=$((ran + 1))
  echo "== $title: $*"
  if "$@"; then
    echo "== $title: $(( $(date +%s) - started )) s"
    return
  fi
  echo "== $title: FAILED (exit $?) after $(( $(date +%s) - started )) s"
  # A smoke run tries a test-bed benchmark once more: its figures are not
  # checked, only that it runs (the suite's tests check what it drives).
  if [ -n "$short" ] && [ -n "${retry:-}" ] && "$@"; then
    echo "== $title: ran the second time"
    return
  fi
  failed=$((failed + 1))
  status=1
}
# The closing line: how many benchmarks ran and how many could not.
summary () { echo "benchmarks: $((ran - failed)) ran, $failed failed"; }
# A display and a session bus of its own, for a GTK program.
headless () {
  GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
    dbus-run-session --config-file=tests/session-bus.conf -- xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
}

if [ -n "$short" ]; then runs="--runs 1 --quick"; else runs="--runs 21"; fi
run migui-bench headless "$build/tests/bench/migui-bench" $runs --big
run migui-bench-channel "$build/tests/bench/migui-bench-channel" ${short:+-m 16 --idle 100 --moves 3}
run migui-bench-sync headless "$build/tests/bench/migui-bench-sync"

if [ "$(id -u)" != 0 ] || ! ip netns list >/dev/null 2>&1; then
  echo "== The test bed's benchmarks need root and network namespaces: left out"
  summary
  exit $status
fi
export MIGUI_BUILD_DIR="$build"
retry=1
run bench-migration tests/testbed/bench-migration.sh ${short:+2}
run bench-survey tests/testbed/bench-survey.sh ${short:+2}
if [ -n "$short" ]; then
  # The smoke run sends a form of 1 000 widgets, not 10 000 (seconds a
  # hop), and leaves out the minute of waiting for Xpra after A is gone.
  export BENCH_BIG_KINDS="${BENCH_BIG_KINDS:-text list 1000}" BENCH_SWITCH_OFF=0 BENCH_TRAFFIC_S=2
fi
run bench-big tests/testbed/bench-big.sh ${short:+1}
run bench-xpra tests/testbed/bench-xpra.sh ${short:+1}
run soak-shell tests/testbed/soak-shell.sh ${short:+40}
summary
exit $status
