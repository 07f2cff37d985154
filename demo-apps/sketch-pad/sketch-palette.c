/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "sketch-palette.h"

/* The palette: a colour, a thickness, a tool, and Clear (app.clear, which
 * runs at home wherever the palette is).  A form that may travel on its
 * own: the phone is a fine palette. */

static const char * const colours[] = { "black", "red", "green", "blue", "orange", NULL };

struct _SketchPalette
{
  MigForm    parent_instance;

  GtkWidget *colour;
  GtkWidget *thickness;
  GtkWidget *tool;
  gint64     colour_changed_at;
};

G_DEFINE_FINAL_TYPE (SketchPalette, sketch_palette, MIG_TYPE_FORM)

/* When the colour last changed here, by the user or from another device:
 * the test bed's propagation delays (the hosts share one monotonic clock). */
static void
colour_changed_cb (SketchPalette *self)
{
  self->colour_changed_at = g_get_monotonic_time ();
}

gint64
sketch_palette_get_colour_changed_at (SketchPalette *self)
{
  return self->colour_changed_at;
}

static GtkWidget *
labelled (GtkWidget  *box,
          const char *label,
          GtkWidget  *widget)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_hexpand (l, TRUE);
  gtk_box_append (GTK_BOX (row), l);
  gtk_box_append (GTK_BOX (row), widget);
  gtk_box_append (GTK_BOX (box), row);
  return widget;
}

static void
sketch_palette_class_init (SketchPaletteClass *klass)
{
}

static void
sketch_palette_init (SketchPalette *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char * const tools[] = { N_("Pen"), N_("Eraser"), NULL };
  const char *translated[G_N_ELEMENTS (tools)];
  const char *colour_names[] = { N_("Black"), N_("Red"), N_("Green"), N_("Blue"), N_("Orange"), NULL };
  const char *translated_colours[G_N_ELEMENTS (colour_names)];
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("C_lear the Drawing"));
  GtkWidget *title = gtk_label_new (_("Palette"));

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    translated[i] = tools[i] != NULL ? _(tools[i]) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (colour_names); i++)
    translated_colours[i] = colour_names[i] != NULL ? _(colour_names[i]) : NULL;

  mig_form_set_form_name (MIG_FORM (self), "Palette");
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  self->colour = labelled (box, _("_Colour"), gtk_drop_down_new_from_strings (translated_colours));
  self->thickness = labelled (box, _("_Thickness"), gtk_spin_button_new_with_range (1, 40, 1));
  self->tool = labelled (box, _("T_ool"), gtk_drop_down_new_from_strings (translated));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->thickness), 4);
  mig_widget_set_state_id (self->colour, "colour");
  g_signal_connect_swapped (self->colour, "notify::selected", G_CALLBACK (colour_changed_cb), self);
  mig_widget_set_state_id (self->thickness, "thickness");
  mig_widget_set_state_id (self->tool, "tool");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "app.clear");
  gtk_box_append (GTK_BOX (box), clear);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  mig_form_set_child (MIG_FORM (self), box);
}

const char *
sketch_palette_get_colour (SketchPalette *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->colour));

  return i < G_N_ELEMENTS (colours) - 1 ? colours[i] : colours[0];
}

void
sketch_palette_set_colour (SketchPalette *self,
                           const char    *colour)
{
  for (guint i = 0; colours[i] != NULL; i++)
    if (g_strcmp0 (colours[i], colour) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->colour), i);
}

double
sketch_palette_get_thickness (SketchPalette *self)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->thickness));
}

gboolean
sketch_palette_get_eraser (SketchPalette *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->tool)) == 1;
}
