/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SKETCH_TYPE_PALETTE (sketch_palette_get_type ())
G_DECLARE_FINAL_TYPE (SketchPalette, sketch_palette, SKETCH, PALETTE, MigForm)

const char *sketch_palette_get_colour    (SketchPalette *self);
void        sketch_palette_set_colour    (SketchPalette *self,
                                          const char    *colour);
double      sketch_palette_get_thickness (SketchPalette *self);
gboolean    sketch_palette_get_eraser    (SketchPalette *self);
gint64      sketch_palette_get_colour_changed_at (SketchPalette *self);

G_END_DECLS
