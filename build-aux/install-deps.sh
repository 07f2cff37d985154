#!/bin/sh
# Installs the Debian 12 packages that building, testing and running the
# demos of libmigui need; does nothing when they are all there already.
set -eu

packages="meson ninja-build pkg-config gcc clang libclang-rt-14-dev
  libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  gobject-introspection libgirepository1.0-dev gir1.2-gtk-4.0 gir1.2-adw-1
  gettext appstream desktop-file-utils shared-mime-info librsvg2-common
  xvfb xauth x11-utils xdotool imagemagick openbox dbus dbus-x11
  libglib2.0-bin libglib2.0-dev-bin python3 python3-jsonschema python3-gi valgrind gi-docgen"

missing=""
for package in $packages; do
  dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed ||
    missing="$missing $package"
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  if [ "$(id -u)" != 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
