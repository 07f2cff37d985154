/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

#include "sketch-board.h"
#include "sketch-palette.h"
#include "sketch-players.h"

G_BEGIN_DECLS

#define SKETCH_TYPE_WINDOW (sketch_window_get_type ())
G_DECLARE_FINAL_TYPE (SketchWindow, sketch_window, SKETCH, WINDOW, MigWindow)

SketchWindow  *sketch_window_new         (GtkApplication *app);
SketchBoard   *sketch_window_get_board   (SketchWindow   *self);
SketchPalette *sketch_window_get_palette (SketchWindow   *self);
SketchPlayers *sketch_window_get_players (SketchWindow   *self);
void           sketch_window_show_message (SketchWindow  *self,
                                           const char    *message);

G_END_DECLS
