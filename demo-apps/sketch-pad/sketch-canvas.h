/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SKETCH_TYPE_CANVAS (sketch_canvas_get_type ())
G_DECLARE_FINAL_TYPE (SketchCanvas, sketch_canvas, SKETCH, CANVAS, GtkWidget)

GtkWidget *sketch_canvas_new          (void);
void       sketch_canvas_set_pen      (SketchCanvas *self,
                                       const char   *colour,
                                       double        width);
void       sketch_canvas_begin_stroke (SketchCanvas *self,
                                       double        x,
                                       double        y);
void       sketch_canvas_extend_stroke (SketchCanvas *self,
                                        double        x,
                                        double        y);
void       sketch_canvas_clear        (SketchCanvas *self);
guint      sketch_canvas_get_n_strokes (SketchCanvas *self);
guint      sketch_canvas_get_n_points (SketchCanvas *self);
char      *sketch_canvas_describe_last (SketchCanvas *self);

G_END_DECLS
