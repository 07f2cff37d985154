#!/bin/sh
# ESLint for the GNOME Shell extension, from the npm registry.
#
#   eslint.sh install       installs the versions of build-aux/eslint's
#                           package-lock.json in /var/cache/migui-ci/eslint
#                           (MIGUI_ESLINT_CACHE), once per lock file
#   eslint.sh lint SRCDIR   lints SRCDIR/shell-extension/gnome-shell (TAP)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${MIGUI_ESLINT_CACHE:-/var/cache/migui-ci/eslint}
stamp=$(cat "$here/eslint/package.json" "$here/eslint/package-lock.json" | sha256sum | cut -d' ' -f1)

case ${1:-} in
  install)
    [ "$(cat "$cache/.stamp" 2>/dev/null)" = "$stamp" ] && exit 0
    rm -rf "$cache" && mkdir -p "$cache"
    cp "$here/eslint/package.json" "$here/eslint/package-lock.json" "$cache/"
    (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$stamp" >"$cache/.stamp"
    ;;
  lint)
    echo "1..1"
    if [ "$(cat "$cache/.stamp" 2>/dev/null)" != "$stamp" ]; then
      echo "not ok 1 - ESLint is not installed in $cache: run build-aux/eslint.sh install"
      exit 1
    fi
    # The configuration finds its modules here (they are not in the checkout).
    export MIGUI_ESLINT_MODULES="$cache/node_modules"
    if out=$(cd "$2/shell-extension/gnome-shell" &&
             "$cache/node_modules/.bin/eslint" --max-warnings 0 . 2>&1); then
      echo "ok 1 - ESLint finds nothing in the GNOME Shell extension"
    else
      echo "$out" | sed 's/^/# /'
      echo "not ok 1 - ESLint found problems in the GNOME Shell extension"
      exit 1
    fi
    ;;
  *)
    echo "usage: eslint.sh install | lint SRCDIR" >&2
    exit 1
    ;;
esac
