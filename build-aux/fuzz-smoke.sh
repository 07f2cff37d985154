#!/bin/sh
# Builds the libFuzzer targets with clang and AddressSanitizer and runs each
# for a bounded time (FUZZ_SECONDS, default 20) from its seed corpus.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
# The targets of one handler each get half as long.
handler_seconds=${FUZZ_HANDLER_SECONDS:-$(( (seconds + 1) / 2 ))}

if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Dintrospection=false -Dtests=false \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C _build-fuzz >/dev/null

for target in _build-fuzz/tests/fuzz/fuzz-*; do
  [ -f "$target" ] && [ -x "$target" ] || continue
  name=$(basename "$target")
  dict=tests/fuzz/$name.dict
  [ -f "$dict" ] || dict=tests/fuzz/fuzz-shell-http.dict
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  time=$seconds
  case $name in fuzz-channel|fuzz-form-tree|fuzz-shell-http) ;; *) time=$handler_seconds ;; esac
  echo "fuzzing $name for ${time}s"
  log=$(mktemp)
  status=0
  # Fuzzing at full speed (fast stack unwinding, so leaks in libraries
  # built without frame pointers could not be told apart)...
  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1 \
    "$target" -max_total_time="$time" -max_len=65536 -timeout=10 -artifact_prefix=_build-fuzz/ \
    -dict="$dict" "$corpus" tests/fuzz/corpus/"$name" >"$log" 2>&1 || status=$?
  grep -E "^#[0-9]+.*DONE|ERROR|SUMMARY|Done [0-9]+ runs" "$log" || true
  # ...then every input it kept, and the seeds, again with leak detection
  # and whole stacks, so that tests/fuzz/lsan.supp can name the library.
  if [ "$status" = 0 ]; then
    ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=halt_on_error=1 \
      LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp \
      "$target" -runs=0 -artifact_prefix=_build-fuzz/ "$corpus" tests/fuzz/corpus/"$name" >"$log" 2>&1 || status=$?
    echo "leak check of $(ls "$corpus" | wc -l) kept inputs: $([ "$status" = 0 ] && echo none found || echo FAILED)"
  fi
  # A crash, leak or timeout fails the run; the input that caused it is
  # kept in _build-fuzz/ (crash-*, leak-*, timeout-*).
  if [ "$status" != 0 ]; then
    tail -50 "$log"
    rm -f "$log"
    exit "$status"
  fi
  rm -f "$log"
  rm -rf "$corpus"
done
