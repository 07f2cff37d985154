/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "gallery-notes-window.h"

/* A secondary window built in code: its widget gets its state ID with
 * mig_widget_set_state_id(), and its "tag" travels as window state. */
struct _GalleryNotesWindow
{
  MigWindow parent_instance;

  char *tag;
};

G_DEFINE_FINAL_TYPE (GalleryNotesWindow, gallery_notes_window, MIG_TYPE_WINDOW)

static void
gallery_notes_window_save_state (MigWindow    *window,
                                 GVariantDict *dict)
{
  GalleryNotesWindow *self = GALLERY_NOTES_WINDOW (window);

  if (self->tag != NULL)
    g_variant_dict_insert (dict, "tag", "s", self->tag);
}

static void
gallery_notes_window_restore_state (MigWindow *window,
                                    GVariant  *state)
{
  GalleryNotesWindow *self = GALLERY_NOTES_WINDOW (window);
  const char *tag;

  if (g_variant_lookup (state, "tag", "&s", &tag))
    gallery_notes_window_set_tag (self, tag);
}

static void
gallery_notes_window_finalize (GObject *object)
{
  g_free (GALLERY_NOTES_WINDOW (object)->tag);

  G_OBJECT_CLASS (gallery_notes_window_parent_class)->finalize (object);
}

static void
gallery_notes_window_class_init (GalleryNotesWindowClass *klass)
{
  MigWindowClass *window_class = MIG_WINDOW_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gallery_notes_window_finalize;
  window_class->save_state = gallery_notes_window_save_state;
  window_class->restore_state = gallery_notes_window_restore_state;
}

static void
gallery_notes_window_init (GalleryNotesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Notes"));
  gtk_window_set_default_size (GTK_WINDOW (self), 360, 300);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  mig_widget_set_state_id (view, "notes");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), box);
}

const char *
gallery_notes_window_get_tag (GalleryNotesWindow *self)
{
  g_return_val_if_fail (GALLERY_IS_NOTES_WINDOW (self), NULL);
  return self->tag;
}

void
gallery_notes_window_set_tag (GalleryNotesWindow *self,
                              const char         *tag)
{
  g_return_if_fail (GALLERY_IS_NOTES_WINDOW (self));

  g_free (self->tag);
  self->tag = g_strdup (tag);
}
