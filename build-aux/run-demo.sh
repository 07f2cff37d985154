#!/bin/sh
# Builds libmigui and runs the survey agent across three devices on this
# machine: three peer shells with their own names, config folders and
# session buses, and the agent starting on the first.  Without a display
# it sends the agent round the three on Xvfb, answering like a user, and
# saves screenshots of each form to _build/screenshots/.
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec demo-apps/survey-agent/three-devices.sh "$PWD/_build"
fi

echo "No display: sending the survey agent round three devices on Xvfb"
SHOTS_DIR="$PWD/_build/screenshots" exec demo-apps/survey-agent/screenshots.sh "$PWD/_build"
