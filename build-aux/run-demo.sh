#!/bin/sh
# Builds libmigui and runs the gallery demo.  Without a display it runs the
# demo on Xvfb for a few seconds and saves a screenshot instead.
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
gallery="$PWD/_build/demo-apps/gallery/migui-gallery"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$gallery" "$@"
fi

echo "No display: running the gallery on Xvfb and saving _build/gallery.png"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" sh -c '
  openbox >/dev/null 2>&1 &
  "$1" >/dev/null 2>&1 &
  xdotool search --sync --name "Migratory Gallery" >/dev/null
  sleep 2
  import -window root _build/gallery.png
  kill $! 2>/dev/null || true' sh "$gallery"
echo "Saved _build/gallery.png"
