/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sketch-board.h"
#include "sketch-canvas.h"

/* The drawing as a form: shown on a watcher's screen, it follows each
 * stroke as it is drawn. */

struct _SketchBoard
{
  MigForm    parent_instance;

  GtkWidget *canvas;
};

G_DEFINE_FINAL_TYPE (SketchBoard, sketch_board, MIG_TYPE_FORM)

static void
sketch_board_class_init (SketchBoardClass *klass)
{
}

static void
sketch_board_init (SketchBoard *self)
{
  mig_form_set_form_name (MIG_FORM (self), "Canvas");
  self->canvas = sketch_canvas_new ();
  mig_widget_set_state_id (self->canvas, "canvas");
  mig_form_set_child (MIG_FORM (self), self->canvas);
}

GtkWidget *
sketch_board_get_canvas (SketchBoard *self)
{
  return self->canvas;
}
