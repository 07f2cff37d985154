/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>

#include "gallery-application.h"
#include "gallery-notes-window.h"
#include "gallery-window.h"

/* The gallery's suitcase holds how many windows were ever opened, to show
 * application-wide state travelling with the windows. */
struct _GalleryApplication
{
  MigApplication parent_instance;

  guint windows_opened;
};

G_DEFINE_FINAL_TYPE (GalleryApplication, gallery_application, MIG_TYPE_APPLICATION)

static void
new_window (GalleryApplication *self)
{
  GtkWindow *window = g_object_new (GALLERY_TYPE_WINDOW, "application", self, NULL);

  self->windows_opened++;
  gtk_window_present (window);
}

static void
new_window_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  new_window (user_data);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (user_data);
}

static void
gallery_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    gtk_window_present (window);
  else
    new_window (GALLERY_APPLICATION (app));
}

static void
gallery_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "new-window", new_window_activated },
    { "quit", quit_activated },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };

  G_APPLICATION_CLASS (gallery_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", new_accels);

  /* Benchmarks keep a warm instance that outlives its windows. */
  if (g_getenv ("MIGUI_GALLERY_STAY") != NULL)
    g_application_hold (app);
}

static void
gallery_application_save_state (MigApplication *app,
                                GVariantDict   *dict)
{
  g_variant_dict_insert (dict, "windows-opened", "u", GALLERY_APPLICATION (app)->windows_opened);
}

static void
gallery_application_restore_state (MigApplication *app,
                                   GVariant       *state)
{
  guint opened;

  if (g_variant_lookup (state, "windows-opened", "u", &opened))
    GALLERY_APPLICATION (app)->windows_opened = opened;
}

static void
gallery_application_class_init (GalleryApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  MigApplicationClass *mig_class = MIG_APPLICATION_CLASS (klass);

  app_class->activate = gallery_application_activate;
  app_class->startup = gallery_application_startup;
  mig_class->save_state = gallery_application_save_state;
  mig_class->restore_state = gallery_application_restore_state;
}

static void
gallery_application_init (GalleryApplication *self)
{
  mig_application_register_window_type (MIG_APPLICATION (self), GALLERY_TYPE_WINDOW);
  mig_application_register_window_type (MIG_APPLICATION (self), GALLERY_TYPE_NOTES_WINDOW);
}

GalleryApplication *
gallery_application_new (void)
{
  return g_object_new (GALLERY_TYPE_APPLICATION,
                       "application-id", "org.migui.Gallery",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "app-version", PACKAGE_VERSION,
                       "resource-base-path", "/org/migui/Gallery",
                       NULL);
}
