#!/bin/sh
# Every translatable string of the sources has a translation, not fuzzy, in
# every language of po/LINGUAS.
set -eu
srcdir=$1
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT

cd "$srcdir"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments -f po/POTFILES.in -o "$pot" 2>/dev/null

echo "1..$(wc -w < po/LINGUAS)"
n=0
for lang in $(cat po/LINGUAS); do
  n=$((n + 1))
  stats=$(msgfmt -c --statistics -o /dev/null "po/$lang.po" 2>&1)
  if msgcmp "po/$lang.po" "$pot" 2>/dev/null && ! echo "$stats" | grep -qE "fuzzy|untranslated"; then
    echo "ok $n - $lang: $stats"
  else
    echo "not ok $n - $lang: $stats"
    msgcmp "po/$lang.po" "$pot" 2>&1 | sed 's/^/# /' | head -20
  fi
done
