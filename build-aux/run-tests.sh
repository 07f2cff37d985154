#!/bin/sh
# Builds libmigui and runs its whole test suite headless, in two lanes:
#
#   debian12  this machine (Debian 12): the suite under X11 (Xvfb) and
#             Wayland (headless mutter), the test bed (with a host that
#             runs the Debian 13 build), then the suite again built with
#             AddressSanitizer and UBSan, then a bounded fuzzing run
#             and a smoke run of every benchmark (build-aux/run-benchmarks.sh);
#   debian13  a Debian 13 root made with debootstrap and kept in
#             /var/cache/migui-ci/trixie (build-aux/debian13-root.sh): the
#             whole suite there, built with deprecated calls as errors
#             (build-aux/debian13-lane.sh runs this lane alone).
#
# Every part runs even when one before it failed; the script ends with one
# tally line per lane and fails if any test failed.  Arguments go to every
# `meson test`.
set -eu
cd "$(dirname "$0")/.."

started=$(date +%s)
lap () { echo "$(( $(date +%s) - started ))"; }

# The Debian 13 root is made (or found) while the Debian 12 packages are
# installed and Debian 12 builds: debootstrap first, alone, since two
# apt-get cannot run at once.
if ! command -v debootstrap >/dev/null; then
  if [ "$(id -u)" != 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq debootstrap >/dev/null
fi
mkdir -p _build-logs
build-aux/debian13-root.sh >_build-logs/debian13-root.log 2>&1 &
root_job=$!

build-aux/install-deps.sh

status=0
MIGUI_LANE_BUILD_ONLY=1 build-aux/run-suite.sh _build debian12

debian13=
if wait "$root_job"; then
  # Built before the Debian 12 suite runs: the test bed's cross-platform
  # test runs this build on one of its hosts.
  if MIGUI_LANE_BUILD_ONLY=1 build-aux/debian13-lane.sh; then
    debian13=built
  else
    echo "The Debian 13 lane did not build" >&2
  fi
else
  echo "The Debian 13 root could not be made:" >&2
  cat _build-logs/debian13-root.log >&2
fi

t_debian12=$(lap)
# The test bed's faults sends after idle gaps of 35, 45, 55 and 65 s, on
# both sides of the shell's 40 s and of 60 s: CI keeps the two beyond
# them, one each way (tests/testbed/test-faults.sh, part 7), to stay
# within its time; MIGUI_TESTBED_IDLE_GAPS set outside chooses otherwise.
MIGUI_TESTBED_IDLE_GAPS=${MIGUI_TESTBED_IDLE_GAPS:-45 65} \
  build-aux/run-suite.sh _build debian12 "$@" || status=1
t_debian12=$(( $(lap) - t_debian12 ))

# The whole suite a second time, built with AddressSanitizer and UBSan.
# Leaks are not checked here: GTK, fontconfig and pango keep memory to the
# end of every GUI process; the heap-growth tests, valgrind runs and the
# fuzzers' leak checks cover ours.  (The typelib test is left out: Python
# cannot load a sanitized library.)  The in-process tests run here, on
# X11; the test bed and the Wayland runs of the GUI tests are left to the
# two lanes without sanitizers, to keep CI within time.
t_asan=$(lap)
[ -f _build-asan/build.ninja ] ||
  meson setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=false
meson compile -C _build-asan
ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C _build-asan --print-errorlogs --num-processes 1 --no-suite testbed --no-suite wayland "$@" ||
  status=1

t_asan=$(( $(lap) - t_asan ))

t_debian13=$(lap)
if [ -n "$debian13" ]; then
  build-aux/debian13-lane.sh "$@" || status=1
else
  status=1
fi
t_debian13=$(( $(lap) - t_debian13 ))

# Each fuzzer 12 s (its seeds are replayed by the suite): the time the
# benchmarks' smoke run needs.
t_fuzz=$(lap)
FUZZ_SECONDS=${FUZZ_SECONDS:-12} build-aux/fuzz-smoke.sh || status=1
t_fuzz=$(( $(lap) - t_fuzz ))

# Every benchmark once or twice, on this machine's Debian 12 build: they
# print their figures (nothing is checked) and must run.
t_bench=$(lap)
build-aux/run-benchmarks.sh --short || status=1
t_bench=$(( $(lap) - t_bench ))

echo "Wall time: $(lap) s in all; the Debian 12 suite $t_debian12 s, its sanitizer pass $t_asan s" \
  "(with its build), the Debian 13 suite $t_debian13 s, fuzzing $t_fuzz s, benchmarks $t_bench s."

# One closing line per lane with the tally of its test programs.
python3 - _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json \
  "${debian13:+_build-debian13/meson-logs/testlog.json}" <<'PY'
import json, os, sys

def tally(path):
    if not path or not os.path.exists(path):
        return None
    results = [json.loads(line)["result"] for line in open(path)]
    passed, skipped = results.count("OK"), results.count("SKIP")
    return passed, len(results) - passed - skipped, skipped

plain, asan, trixie = (tally(p) for p in sys.argv[1:])
print(f"The debian12 lane ran its suite twice: {plain[0] if plain else 0} programs passed "
      f"without sanitizers, {asan[0] if asan else 0} with them.")
lanes = {"debian12": [plain, asan], "debian13": [trixie]}
for lane, runs in lanes.items():
    if any(run is None for run in runs):
        print(f"{lane}: 0 passed, 1 failed, 0 skipped")
        continue
    p, f, s = (sum(run[i] for run in runs) for i in range(3))
    print(f"{lane}: {p} passed, {f} failed, {s} skipped")
PY
exit $status
