#!/usr/bin/python3
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compares what two form trees carry of an application: its suitcase and,
window by window, its type, state, focus and every widget value in every
form.  Where and when each was taken (origin, created, reason) may differ.
Exits 0 when they carry the same, else prints the first difference.
Usage: compare-trees.py [--ignore-window TYPE]... FIRST SECOND"""

import json
import sys


def carried(path, ignored=()):
    with open(path, encoding="utf-8") as f:
        tree = json.load(f)
    windows = sorted((w for w in tree["windows"] if w["type"] not in ignored), key=lambda w: (w["type"], w.get("index", 0)))
    return {
        "app": tree["app"]["id"],
        "suitcase": tree.get("suitcase"),
        "windows": [{k: w.get(k) for k in ("type", "state", "focus", "widgets", "forms")} for w in windows],
    }


def diff(a, b, where="tree"):
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'second' if key in b else 'first'}"
            found = diff(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            found = diff(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    # Scroll positions travel as a top item; the fraction is derived from it
    # and may differ by a pixel's worth.
    if where.endswith("fraction") and isinstance(a, (int, float)):
        return None if abs(a - b) < 0.01 else f"{where}: {a!r} != {b!r}"
    return None if a == b else f"{where}: {a!r} != {b!r}"


if __name__ == "__main__":
    args, ignored = sys.argv[1:], []
    while args and args[0] == "--ignore-window":
        ignored.append(args[1])
        args = args[2:]
    found = diff(carried(args[0], ignored), carried(args[1], ignored))
    if found:
        print(found)
        sys.exit(1)
    count = sum(len(w["widgets"] or {}) for w in carried(args[0], ignored)["windows"])
    print(f"same: {count} widgets in top-level scopes")
