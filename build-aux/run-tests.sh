#!/bin/sh
# Builds libmigui and runs its whole test suite, headless: a private session
# bus, an Xvfb display (with a window manager per test, see
# tests/with-wm.sh); then the suite again with AddressSanitizer and UBSan,
# then a bounded fuzzing smoke run.
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
# The API reference is built too: a missing doc comment fails the run.
meson configure _build -Ddocumentation=true
meson compile -C _build

dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C _build --print-errorlogs --num-processes 1 "$@"

# The whole suite a second time, built with AddressSanitizer and UBSan.
# Leaks are not checked here: GTK, fontconfig and pango keep memory to the
# end of every GUI process; the heap-growth tests, valgrind runs and the
# fuzzers' leak checks cover ours.  (The typelib test is left out: Python
# cannot load a sanitized library.)
[ -f _build-asan/build.ninja ] ||
  meson setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=false
meson compile -C _build-asan
ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C _build-asan --print-errorlogs --num-processes 1 "$@"

build-aux/fuzz-smoke.sh

# One closing line with the tally of test programs, of both runs.
python3 - _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json <<'PY'
import json, sys
for path, what in zip(sys.argv[1:], ("", " with sanitizers")):
    results = [json.loads(line)["result"] for line in open(path)]
    print(f"{results.count('OK')} passed, {len(results) - results.count('OK') - results.count('SKIP')} failed, "
          f"{results.count('SKIP')} skipped{what}")
PY
