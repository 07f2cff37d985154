/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

/*
 * What the TV and its remote say to each other.  On the "tv" channel,
 * lines: the remote sends "tv" first, then "select N" (a programme of the
 * guide), the TV
 * sends "now SEQ CHANNEL VOLUME TITLE" every interval, SEQ counting from
 * 1.  Key presses go as datagrams: "key N NAME" (N counting from 1, NAME
 * one of channel-up, channel-down, volume-up, volume-down).  On the
 * "bulk" channel (tests and benchmarks only), after the remote's line
 * "bulk", each side sends
 * tv_bulk_byte (0), tv_bulk_byte (1), … and checks what it receives.
 */

#define TV_DEFAULT_PORT 47900
#define TV_N_PROGRAMMES 24

static inline guint8
tv_bulk_byte (guint64 i)
{
  return (guint8) ((i * 2654435761u) >> 13 ^ i >> 8);
}

static inline const char *
tv_programme (guint i)
{
  static const char *titles[] = {
    "News at Nine", "Morning Weather", "Football Tonight", "The Cooking Hour", "Nature Watch",
    "Quiz Night", "Classic Cinema", "Travel Diaries", "Science Now", "Late Jazz",
    "World Report", "Kids' Corner", "Gardening Today", "History Hour", "Comedy Club",
    "Tennis Live", "Documentary", "Music Charts", "Film Review", "Night Owls",
    "Market Update", "Detective Drama", "Open University", "Close Down",
  };

  return titles[i % G_N_ELEMENTS (titles)];
}
