#!/usr/bin/python3
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# pack-extension.py ZIP PODIR DOMAIN FILE...: the GNOME Shell extension's
# zip, in the layout of `gnome-extensions pack`: FILEs at the top, and each
# language of PODIR/LINGUAS compiled to locale/LANG/LC_MESSAGES/DOMAIN.mo.

import os
import subprocess
import sys
import tempfile
import zipfile

out, podir, domain, *files = sys.argv[1:]
with open(os.path.join(podir, 'LINGUAS')) as linguas:
    languages = [word for line in linguas for word in line.split('#')[0].split()]

with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(out + '.part', 'w', zipfile.ZIP_DEFLATED) as pack:
    for path in files:
        pack.write(path, os.path.basename(path))
    for language in languages:
        mo = os.path.join(tmp, language + '.mo')
        subprocess.run(['msgfmt', '-o', mo, os.path.join(podir, language + '.po')], check=True)
        pack.write(mo, f'locale/{language}/LC_MESSAGES/{domain}.mo')
os.replace(out + '.part', out)
