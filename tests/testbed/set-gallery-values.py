#!/usr/bin/python3
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reads a form tree of the gallery with its default values and writes one
where a user has filled in the widgets, for the test bed to resume and
send around.  Usage: set-gallery-values.py IN OUT [TEXT_BYTES]: with
TEXT_BYTES, the text view holds that much text (a big tree) of words
drawn at random (always the same), which gzip packs to about 65 %: a tree
sent gzipped stays big."""

import json
import random
import sys

VALUES = {
    "entry": {"text": "typed on A", "cursor": 5},
    "text": {"text": "plain text", "cursor": 3},
    "search": {"text": "needle", "cursor": 6},
    "textview": {"text": "First line\nSecond line\n", "cursor": 4},
    "check": {"active": True},
    "radio_small": {"active": False},
    "radio_large": {"active": True},
    "toggle": {"active": True},
    "switch": {"active": True},
    "scale": {"value": 42},
    "spin": {"value": 7},
    "dropdown": {"selected": 1},
    "calendar": {"date": "2027-03-14"},
    "color": {"rgba": [1, 0.5, 0, 1]},
    "paned": {"position": 210},
    "expander": {"expanded": True},
    "notebook": {"page": 1},
    "listbox": {"selected": [3]},
    "gridview": {"selected": [5]},
    "entry_row": {"text": "row text", "cursor": 2},
    "combo_row": {"selected": 1},
    "tab_view": {"selected": 2},
}

FORMS = [
    {"name": {"text": "Ada", "cursor": 3}, "email": {"text": "ada@example.org", "cursor": 0}, "preferred": {"active": True}},
    {"name": {"text": "Grace", "cursor": 0}, "email": {"text": "grace@example.org", "cursor": 1}},
]

with open(sys.argv[1], encoding="utf-8") as f:
    tree = json.load(f)
window = next(w for w in tree["windows"] if w["type"] == "GalleryWindow")
if len(sys.argv) > 3:
    size = int(sys.argv[3])
    draw = random.Random(16)
    words = []
    while sum(map(len, words)) + len(words) < size:
        words.append("".join(draw.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(draw.randint(2, 9))))
    # Lines of ten words: one long line would take GTK seconds to lay out.
    lines = (" ".join(words[i:i + 10]) for i in range(0, len(words), 10))
    VALUES["textview"]["text"] = "\n".join(lines)[:size]
for widget_id, props in VALUES.items():
    window["widgets"][widget_id]["props"].update(props)
for form, values in zip(window.get("forms", []), FORMS):
    for widget_id, props in values.items():
        form["widgets"][widget_id]["props"].update(props)
tree["windows"] = [window]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(tree, f)
