/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SKETCH_TYPE_BOARD (sketch_board_get_type ())
G_DECLARE_FINAL_TYPE (SketchBoard, sketch_board, SKETCH, BOARD, MigForm)

GtkWidget *sketch_board_get_canvas (SketchBoard *self);

G_END_DECLS
