/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "sketch-canvas.h"

/*
 * The drawing: strokes of a colour and a width through points (in the
 * canvas's own units, 0..1000 across, so that a stroke lands in the same
 * place on a phone and on a desktop).  Each stroke streams live: its start
 * and each point drawn are events (MigSyncable) that the other copies of
 * the canvas's form draw as they come; the whole drawing is its state
 * (MigStateful), for a copy that joins late.
 *
 * An event is (kind, stroke, colour, width, points): "b" begins stroke
 * number `stroke` of this canvas's drawer, "e" extends it.  Strokes are
 * numbered by the copy that draws them: (drawer, stroke) names one.
 */

#define UNITS 1000.0
#define MAX_POINTS 100000

typedef struct
{
  char   *drawer;
  guint   id;
  GdkRGBA colour;
  char   *colour_name;
  double  width;
  GArray *points;          /* graphene_point_t, in units */
} Stroke;

struct _SketchCanvas
{
  GtkWidget  parent_instance;

  GPtrArray *strokes;
  char      *drawer;       /* this copy: a random name */
  guint      next_id;
  Stroke    *current;      /* being drawn here */
  char      *colour;
  double     width;
  guint      n_points;
};

static void sketch_canvas_stateful_init (MigStatefulInterface *iface);
static void sketch_canvas_syncable_init (MigSyncableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SketchCanvas, sketch_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (MIG_TYPE_STATEFUL, sketch_canvas_stateful_init)
                               G_IMPLEMENT_INTERFACE (MIG_TYPE_SYNCABLE, sketch_canvas_syncable_init))

static void
stroke_free (gpointer data)
{
  Stroke *s = data;

  g_free (s->drawer);
  g_free (s->colour_name);
  g_array_unref (s->points);
  g_free (s);
}

static Stroke *
stroke_new (const char *drawer,
            guint       id,
            const char *colour,
            double      width)
{
  Stroke *s = g_new0 (Stroke, 1);

  s->drawer = g_strdup (drawer);
  s->id = id;
  s->colour_name = g_strdup (colour);
  if (!gdk_rgba_parse (&s->colour, colour))
    gdk_rgba_parse (&s->colour, "black");
  s->width = CLAMP (width, 1, 100);
  s->points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  return s;
}

static Stroke *
find_stroke (SketchCanvas *self,
             const char   *drawer,
             guint         id)
{
  for (guint i = self->strokes->len; i > 0; i--)
    {
      Stroke *s = self->strokes->pdata[i - 1];

      if (s->id == id && g_strcmp0 (s->drawer, drawer) == 0)
        return s;
    }
  return NULL;
}

static void
add_point (SketchCanvas *self,
           Stroke       *s,
           double        x,
           double        y)
{
  graphene_point_t p = GRAPHENE_POINT_INIT (CLAMP (x, 0, UNITS), CLAMP (y, 0, UNITS));

  g_array_append_val (s->points, p);
  self->n_points++;
}

static double
scale (SketchCanvas *self)
{
  return MIN (gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self))) / UNITS;
}

static void
sketch_canvas_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SketchCanvas *self = SKETCH_CANVAS (widget);
  double k = scale (self);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      Stroke *s = self->strokes->pdata[i];

      if (s->points->len == 0)
        continue;
      gdk_cairo_set_source_rgba (cr, &s->colour);
      cairo_set_line_width (cr, s->width * k);
      for (guint j = 0; j < s->points->len; j++)
        {
          graphene_point_t *p = &g_array_index (s->points, graphene_point_t, j);

          if (j == 0)
            cairo_move_to (cr, p->x * k, p->y * k);
          cairo_line_to (cr, p->x * k, p->y * k);
        }
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
emit (SketchCanvas *self,
      const char   *kind,
      Stroke       *s,
      double        x,
      double        y)
{
  GVariantBuilder points;

  g_variant_builder_init (&points, G_VARIANT_TYPE ("a(dd)"));
  g_variant_builder_add (&points, "(dd)", x, y);
  mig_syncable_emit_event (MIG_SYNCABLE (self),
                           g_variant_new ("(ssusda(dd))", kind, s->drawer, s->id, s->colour_name, s->width, &points));
}

void
sketch_canvas_begin_stroke (SketchCanvas *self,
                            double        x,
                            double        y)
{
  self->current = stroke_new (self->drawer, self->next_id++, self->colour, self->width);
  g_ptr_array_add (self->strokes, self->current);
  add_point (self, self->current, x, y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit (self, "b", self->current, x, y);
}

void
sketch_canvas_extend_stroke (SketchCanvas *self,
                             double        x,
                             double        y)
{
  if (self->current == NULL || self->current->points->len >= MAX_POINTS)
    return;
  add_point (self, self->current, x, y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit (self, "e", self->current, x, y);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SketchCanvas   *self)
{
  double k = scale (self);

  if (k > 0)
    sketch_canvas_begin_stroke (self, x / k, y / k);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SketchCanvas   *self)
{
  double x, y, k = scale (self);

  if (k > 0 && gtk_gesture_drag_get_start_point (gesture, &x, &y))
    sketch_canvas_extend_stroke (self, (x + dx) / k, (y + dy) / k);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SketchCanvas   *self)
{
  self->current = NULL;
}

/* ---- MigStateful: the whole drawing ---- */

static GVariant *
sketch_canvas_save_state (MigStateful *stateful)
{
  SketchCanvas *self = SKETCH_CANVAS (stateful);
  GVariantBuilder strokes;

  g_variant_builder_init (&strokes, G_VARIANT_TYPE ("a(susda(dd))"));
  for (guint i = 0; i < self->strokes->len; i++)
    {
      Stroke *s = self->strokes->pdata[i];
      GVariantBuilder points;

      g_variant_builder_init (&points, G_VARIANT_TYPE ("a(dd)"));
      for (guint j = 0; j < s->points->len; j++)
        {
          graphene_point_t *p = &g_array_index (s->points, graphene_point_t, j);

          g_variant_builder_add (&points, "(dd)", (double) p->x, (double) p->y);
        }
      g_variant_builder_add (&strokes, "(susda(dd))", s->drawer, s->id, s->colour_name, s->width, &points);
    }
  return g_variant_builder_end (&strokes);
}

static gboolean
sketch_canvas_restore_state (MigStateful  *stateful,
                             GVariant     *state,
                             GError      **error)
{
  SketchCanvas *self = SKETCH_CANVAS (stateful);
  g_autoptr(GVariantIter) points = NULL;
  GVariantIter iter;
  const char *drawer, *colour;
  guint id;
  double width;

  if (!g_variant_is_of_type (state, G_VARIANT_TYPE ("a(susda(dd))")))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_TREE, _("A drawing of the wrong type"));
      return FALSE;
    }
  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  self->n_points = 0;
  g_variant_iter_init (&iter, state);
  while (g_variant_iter_next (&iter, "(&su&sda(dd))", &drawer, &id, &colour, &width, &points))
    {
      Stroke *s = stroke_new (drawer, id, colour, width);
      double x, y;

      while (g_variant_iter_next (points, "(dd)", &x, &y) && s->points->len < MAX_POINTS)
        add_point (self, s, x, y);
      g_clear_pointer (&points, g_variant_iter_free);
      g_ptr_array_add (self->strokes, s);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
sketch_canvas_stateful_init (MigStatefulInterface *iface)
{
  iface->save_state = sketch_canvas_save_state;
  iface->restore_state = sketch_canvas_restore_state;
}

/* ---- MigSyncable: a stroke begun or extended on another copy ---- */

static gboolean
sketch_canvas_apply_event (MigSyncable  *syncable,
                           GVariant     *event,
                           GError      **error)
{
  SketchCanvas *self = SKETCH_CANVAS (syncable);
  g_autoptr(GVariantIter) points = NULL;
  const char *kind, *drawer, *colour;
  guint id;
  double width, x, y;
  Stroke *s;

  if (!g_variant_is_of_type (event, G_VARIANT_TYPE ("(ssusda(dd))")))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE, "not a stroke");
      return FALSE;
    }
  g_variant_get (event, "(&s&su&sda(dd))", &kind, &drawer, &id, &colour, &width, &points);
  s = find_stroke (self, drawer, id);
  if (g_str_equal (kind, "b") && s == NULL)
    {
      s = stroke_new (drawer, id, colour, width);
      g_ptr_array_add (self->strokes, s);
    }
  else if (!g_str_equal (kind, "e") || s == NULL)
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_INVALID_MESSAGE, "a stroke that was not begun, or begun twice");
      return FALSE;
    }
  while (g_variant_iter_next (points, "(dd)", &x, &y) && s->points->len < MAX_POINTS)
    add_point (self, s, x, y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
sketch_canvas_syncable_init (MigSyncableInterface *iface)
{
  iface->apply_event = sketch_canvas_apply_event;
}

/* ---- The widget ---- */

void
sketch_canvas_set_pen (SketchCanvas *self,
                       const char   *colour,
                       double        width)
{
  g_free (self->colour);
  self->colour = g_strdup (colour);
  self->width = width;
}

void
sketch_canvas_clear (SketchCanvas *self)
{
  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  self->n_points = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  mig_stateful_state_changed (MIG_STATEFUL (self));
}

guint
sketch_canvas_get_n_strokes (SketchCanvas *self)
{
  return self->strokes->len;
}

guint
sketch_canvas_get_n_points (SketchCanvas *self)
{
  return self->n_points;
}

/* "colour width points" of the last stroke, for the test bed. */
char *
sketch_canvas_describe_last (SketchCanvas *self)
{
  Stroke *s = self->strokes->len > 0 ? self->strokes->pdata[self->strokes->len - 1] : NULL;

  return s != NULL ? g_strdup_printf ("%s %g %u", s->colour_name, s->width, s->points->len) : g_strdup ("none");
}

static void
sketch_canvas_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 160;
  *natural = 480;
}

static void
sketch_canvas_finalize (GObject *object)
{
  SketchCanvas *self = SKETCH_CANVAS (object);

  g_ptr_array_unref (self->strokes);
  g_free (self->drawer);
  g_free (self->colour);
  G_OBJECT_CLASS (sketch_canvas_parent_class)->finalize (object);
}

static void
sketch_canvas_class_init (SketchCanvasClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sketch_canvas_finalize;
  widget_class->snapshot = sketch_canvas_snapshot;
  widget_class->measure = sketch_canvas_measure;
  gtk_widget_class_set_css_name (widget_class, "sketch-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sketch_canvas_init (SketchCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func (stroke_free);
  self->drawer = g_strdup_printf ("%08x", g_random_int ());
  self->colour = g_strdup ("black");
  self->width = 4;
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Drawing"), -1);
}

GtkWidget *
sketch_canvas_new (void)
{
  return g_object_new (SKETCH_TYPE_CANVAS, NULL);
}
