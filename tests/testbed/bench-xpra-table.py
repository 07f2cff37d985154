#!/usr/bin/env python3
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Prints bench-xpra.sh's side-by-side table from its results file: one line
# per hand-over ("TOOL MODE MAPPED_MS PAINTED_MS BYTES RESTORED COMMITTED"),
# per traffic sample ("traffic TOOL STATE BYTES_PER_S") and per switch-off
# ("switchoff TOOL TEXT").

import statistics
import sys


def spread(values, unit=""):
    if not values:
        return "—"
    fmt = (lambda v: f"{v:,.0f}".replace(",", " ")) if max(values) >= 100 else (lambda v: f"{v:.1f}")
    med = statistics.median(values)
    return f"{fmt(med)}{unit} ({fmt(min(values))}–{fmt(max(values))})"


def ratio(xpra, migui):
    if not xpra or not migui:
        return "—"
    return f"{statistics.median(xpra) / statistics.median(migui):.1f}"


def main(path):
    runs = {}
    failed = {}
    traffic = {}
    switchoff = {}
    with open(path) as results:
        for line in results:
            fields = line.split()
            if not fields:
                continue
            if fields[0] == "traffic":
                traffic[(fields[1], fields[2])] = int(fields[3])
            elif fields[0] == "switchoff":
                switchoff[fields[1]] = " ".join(fields[2:])
            elif fields[2] == "fail":
                failed[(fields[0], fields[1])] = failed.get((fields[0], fields[1]), 0) + 1
            else:
                tool, mode, mapped, painted, sent = fields[:5]
                run = runs.setdefault((tool, mode), {"mapped": [], "painted": [], "bytes": [],
                                                     "restored": [], "committed": []})
                run["mapped"].append(float(mapped))
                run["painted"].append(float(painted))
                run["bytes"].append(int(sent) / 1000)
                for name, value in zip(("restored", "committed"), fields[5:7]):
                    if value != "-":
                        run[name].append(float(value))

    def get(tool, mode, what):
        return runs.get((tool, mode), {}).get(what, [])

    print("| | libmigui | Xpra | Xpra / libmigui |")
    print("|---|---:|---:|---:|")
    for mode, label in (("cold", "cold (target starts the app / first attach)"),
                        ("warm", "warm (app already running / re-attach)")):
        for what in ("mapped", "painted"):
            print(f"| {label}: {what} | {spread(get('libmigui', mode, what), ' ms')} | "
                  f"{spread(get('xpra', mode, what), ' ms')} | "
                  f"{ratio(get('xpra', mode, what), get('libmigui', mode, what))} |")
        if mode == "cold" and get("plain", "cold", "painted"):
            print(f"| the app's own cold start on B, no migration: painted | "
                  f"{spread(get('plain', 'cold', 'painted'), ' ms')} | | |")
            print(f"| libmigui cold painted / the app's own cold start | "
                  f"{ratio(get('libmigui', 'cold', 'painted'), get('plain', 'cold', 'painted'))} | | |")
        print(f"| {label}: libmigui restored / committed | {spread(get('libmigui', mode, 'restored'), ' ms')} / "
              f"{spread(get('libmigui', mode, 'committed'), ' ms')} | | |")
        print(f"| {label}: bytes per hand-over | {spread(get('libmigui', mode, 'bytes'), ' kB')} | "
              f"{spread(get('xpra', mode, 'bytes'), ' kB')} | "
              f"{ratio(get('xpra', mode, 'bytes'), get('libmigui', mode, 'bytes'))} |")
    for state in ("idle", "typing"):
        cells = [f"{traffic[(tool, state)]:,} B/s".replace(",", " ") if (tool, state) in traffic else "—"
                 for tool in ("libmigui", "xpra")]
        print(f"| traffic on A's link afterwards, {state} | {cells[0]} | {cells[1]} | — |")
    if switchoff:
        print(f"| A switched off afterwards | {switchoff.get('libmigui', '—')} | "
              f"{switchoff.get('xpra', '—')} | — |")
    for (tool, mode), count in sorted(failed.items()):
        print(f"# {tool} {mode}: {count} hand-overs showed no painted window on B")
    n = {key: len(value["painted"]) for key, value in runs.items()}
    print("# hand-overs timed: " + ", ".join(f"{tool} {mode} {count}" for (tool, mode), count in sorted(n.items())))


if __name__ == "__main__":
    main(sys.argv[1])
