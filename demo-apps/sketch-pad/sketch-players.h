/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SKETCH_TYPE_PLAYERS (sketch_players_get_type ())
G_DECLARE_FINAL_TYPE (SketchPlayers, sketch_players, SKETCH, PLAYERS, MigForm)

char *sketch_players_dup_guesses (SketchPlayers *self);
gint64 sketch_players_get_guesses_changed_at (SketchPlayers *self);
void  sketch_players_type        (SketchPlayers *self,
                                  int            offset,
                                  const char    *text);

G_END_DECLS
