/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "sketch-players.h"

/* The players' panel: the guesses, typed by everyone at once (a text the
 * copies merge), and the scores. */

struct _SketchPlayers
{
  MigForm    parent_instance;

  GtkWidget *guesses;
  gint64     guesses_changed_at;
};

G_DEFINE_FINAL_TYPE (SketchPlayers, sketch_players, MIG_TYPE_FORM)

/* When the guesses last changed here (see sketch_palette_get_colour_changed_at()). */
static void
guesses_changed_cb (SketchPlayers *self)
{
  self->guesses_changed_at = g_get_monotonic_time ();
}

gint64
sketch_players_get_guesses_changed_at (SketchPlayers *self)
{
  return self->guesses_changed_at;
}

static void
sketch_players_class_init (SketchPlayersClass *klass)
{
}

static void
sketch_players_init (SketchPlayers *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Players"));
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Guesses"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *scores = gtk_grid_new ();

  mig_form_set_form_name (MIG_FORM (self), "Players");
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  self->guesses = gtk_text_view_new ();
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->guesses)), "changed",
                            G_CALLBACK (guesses_changed_cb), self);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->guesses), GTK_WRAP_WORD_CHAR);
  mig_widget_set_state_id (self->guesses, "guesses");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->guesses);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->guesses);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_grid_set_column_spacing (GTK_GRID (scores), 12);
  gtk_grid_set_row_spacing (GTK_GRID (scores), 6);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *text = g_strdup_printf (_("Player _%d"), i + 1);
      g_autofree char *id = g_strdup_printf ("score-%d", i + 1);
      GtkWidget *l = gtk_label_new_with_mnemonic (text);
      GtkWidget *score = gtk_spin_button_new_with_range (0, 99, 1);

      mig_widget_set_state_id (score, id);
      gtk_label_set_mnemonic_widget (GTK_LABEL (l), score);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_set_hexpand (l, TRUE);
      gtk_grid_attach (GTK_GRID (scores), l, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (scores), score, 1, i, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), scores);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  mig_form_set_child (MIG_FORM (self), box);
}

char *
sketch_players_dup_guesses (SketchPlayers *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->guesses));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Types @text at @offset (-1: the end), as a player would. */
void
sketch_players_type (SketchPlayers *self,
                     int            offset,
                     const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->guesses));
  GtkTextIter iter;

  if (offset < 0)
    gtk_text_buffer_get_end_iter (buffer, &iter);
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_insert (buffer, &iter, text, -1);
}
