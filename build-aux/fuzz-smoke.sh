#!/bin/sh
# Builds the libFuzzer targets with clang and AddressSanitizer and runs each
# for a bounded time (FUZZ_SECONDS, default 30) from its seed corpus.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}

if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Dintrospection=false -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C _build-fuzz >/dev/null

for target in _build-fuzz/tests/fuzz/fuzz-*; do
  [ -f "$target" ] && [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  echo "fuzzing $name for ${seconds}s"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
    "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -dict=tests/fuzz/"$name".dict "$corpus" tests/fuzz/corpus/"$name" 2>&1 |
    grep -E "^#[0-9]+.*DONE|ERROR|SUMMARY|Done [0-9]+ runs" || true
  # libFuzzer exits non-zero on a crash; the pipeline above hides it, so ask again.
  ASAN_OPTIONS=detect_leaks=1 "$target" -runs=0 tests/fuzz/corpus/"$name" >/dev/null 2>&1
  rm -rf "$corpus"
done
