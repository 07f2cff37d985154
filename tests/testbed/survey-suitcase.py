#!/usr/bin/python3
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Prints the survey agent's suitcase from a saved form tree as plain JSON
(typed GVariant values unwrapped), for the test bed's checks:

    survey-suitcase.py FILE.migui [KEY]"""

import json
import sys


def plain(value):
    if isinstance(value, dict) and set(value) == {"type", "value"}:
        return plain(value["value"])
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


with open(sys.argv[1], encoding="utf-8") as f:
    suitcase = plain(json.load(f).get("suitcase") or {})
if len(sys.argv) > 2:
    suitcase = suitcase.get(sys.argv[2])
print(suitcase if isinstance(suitcase, str) else json.dumps(suitcase, ensure_ascii=False, sort_keys=True))
