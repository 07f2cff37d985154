#!/bin/sh
# Installs the Debian 12 packages that building, testing and running the
# demos of libmigui need; does nothing when they are all there already.
set -eu

packages="meson ninja-build pkg-config gcc clang libclang-rt-14-dev
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  gobject-introspection libgirepository1.0-dev gir1.2-gtk-4.0 gir1.2-adw-1
  gettext appstream desktop-file-utils shared-mime-info librsvg2-common
  xvfb xauth x11-utils libxdamage-dev xdotool imagemagick openbox dbus dbus-x11
  libglib2.0-bin libglib2.0-dev-bin python3 python3-jsonschema python3-gi valgrind gi-docgen
  libsoup-3.0-dev libgnutls28-dev gnutls-bin libavahi-client-dev libavahi-glib-dev
  avahi-daemon avahi-utils iproute2 util-linux procps mutter debootstrap
  xpra python3-pil python3-lz4 python3-gi-cairo python3-numpy"

# Installed without their recommends: libnss-mdns would send .local host
# lookups to multicast DNS; xpra's would bring zeroconf and a mail of
# codecs the benchmark beside it (tests/testbed/bench-xpra.sh) turns off.
bare="avahi-daemon avahi-utils xpra"

missing=""
for package in $packages; do
  dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed ||
    missing="$missing $package"
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  if [ "$(id -u)" != 0 ]; then sudo=sudo; else sudo=; fi
  # avahi-daemon must never run outside a test host's network namespace,
  # so no package may start its service while it is being installed.
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    made_policy=1
  fi
  $sudo apt-get update -qq
  with=$(printf '%s\n' $missing | grep -vxF "$(printf '%s\n' $bare)" || true)
  without=$(printf '%s\n' $missing | grep -xF "$(printf '%s\n' $bare)" || true)
  [ -z "$with" ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $with >/dev/null
  [ -z "$without" ] ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $without >/dev/null
  if [ -n "$made_policy" ]; then $sudo rm -f "$policy"; fi
fi

# ESLint, for the GNOME Shell extension, from the npm registry with the
# machine's Node.js (build-aux/eslint.sh).
if command -v npm >/dev/null; then
  "$(dirname "$0")/eslint.sh" install
else
  echo "npm is missing: the ESLint test of the GNOME Shell extension will not run" >&2
fi
