#!/bin/sh
# Builds libmigui and runs its whole test suite, headless: a private session
# bus, an Xvfb display (with a window manager per test, see
# tests/with-wm.sh), then a bounded fuzzing smoke run.
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
# The API reference is built too: a missing doc comment fails the run.
meson configure _build -Ddocumentation=true
meson compile -C _build

dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C _build --print-errorlogs --num-processes 1 "$@"

build-aux/fuzz-smoke.sh

# One closing line with the tally of test programs.
python3 - _build/meson-logs/testlog.json <<'PY'
import json, sys
results = [json.loads(line)["result"] for line in open(sys.argv[1])]
print(f"{results.count('OK')} passed, {len(results) - results.count('OK') - results.count('SKIP')} failed, {results.count('SKIP')} skipped")
PY
