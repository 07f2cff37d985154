#!/bin/sh
# Makes the Debian 13 (trixie) root of the Debian 13 test lane, with the
# packages of build-aux/debian13-packages.txt, in MIGUI_DEBIAN13_ROOT
# (default /var/cache/migui-ci/trixie, outside the checkout).  A root made
# from the same package list is reused; a changed list makes a new one.
# Prints the root's path.
set -eu
cd "$(dirname "$0")/.."
root=${MIGUI_DEBIAN13_ROOT:-/var/cache/migui-ci/trixie}
packages=$(sed 's/#.*//' build-aux/debian13-packages.txt | xargs)
stamp=$(printf '%s\n' "$packages" | sha256sum | cut -d' ' -f1)

if [ "$(cat "$root/.migui-packages" 2>/dev/null)" = "$stamp" ]; then
  echo "$root"
  exit 0
fi

command -v debootstrap >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
echo "Making a Debian 13 root in $root" >&2
new=$root.new
rm -rf "$new"
mkdir -p "$(dirname "$root")"
debootstrap --variant=minbase trixie "$new" http://deb.debian.org/debian >"$new.log" 2>&1 ||
  { tail -20 "$new.log" >&2; exit 1; }
# No package may start a service (avahi-daemon above all) while installed.
printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
chmod 755 "$new/usr/sbin/policy-rc.d"
# Recommends stay out for Avahi only: libnss-mdns would send .local host
# lookups to multicast DNS.
unshare -m sh -c '
  set -e
  mount -t proc proc "$1/proc"
  chroot "$1" apt-get update -qq
  chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    $(printf "%s\n" $2 | grep -v avahi) >/dev/null
  chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(printf "%s\n" $2 | grep avahi) >/dev/null
  chroot "$1" apt-get clean
' sh "$new" "$packages" >>"$new.log" 2>&1 || { tail -20 "$new.log" >&2; exit 1; }
echo "$stamp" >"$new/.migui-packages"
rm -rf "$root" "$new.log"
mv "$new" "$root"
echo "$root"
