/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>

#include "mig-test-utils.h"

static char *tree_dir;
static guint n_trees;

void
mig_test_init (int    *argc,
               char ***argv)
{
  const char *dirs[] = { "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" };
  g_autofree char *home = g_strdup (g_getenv ("MIGUI_TEST_HOME"));

  /* Private config, state and cache folders; not G_TEST_OPTION_ISOLATE_DIRS,
   * which also hides the system's MIME database that icon loading needs.
   * Subprocesses of a test share their parent's. */
  if (home == NULL)
    home = g_dir_make_tmp ("migui-test-XXXXXX", NULL);
  g_assert_nonnull (home);
  g_setenv ("MIGUI_TEST_HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);
      g_setenv (dirs[i], dir, TRUE);
    }

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  tree_dir = g_dir_make_tmp ("migui-trees-XXXXXX", NULL);
  g_assert_nonnull (tree_dir);
}

/* Every tree a test produced must validate against the JSON Schema of the
 * format: checked once for the whole program, after its tests. */
static void
validate_recorded_trees (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { "/usr/bin/python3", g_getenv ("MIGUI_VALIDATE_TREES"), g_getenv ("MIGUI_TREE_SCHEMA"),
                         tree_dir, NULL };
  g_autoptr(GError) error = NULL;

  if (argv[1] == NULL || argv[2] == NULL)
    {
      g_test_skip ("MIGUI_VALIDATE_TREES and MIGUI_TREE_SCHEMA are not set");
      return;
    }
  if (n_trees == 0)
    {
      g_test_skip ("No tree was recorded");
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

int
mig_test_run (void)
{
  int ret;

  g_test_add_func ("/Mig/Schema/produced-trees-validate", validate_recorded_trees);
  ret = g_test_run ();
  if (tree_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (tree_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tree_dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (tree_dir);
    }
  return ret;
}

/* One registered application per test program: an application stays
 * exported on the session bus until shutdown, so a second instance of the
 * same ID could not register.  Tests that need a fresh start of the
 * application run in a subprocess. */
GalleryApplication *
mig_test_gallery_new (void)
{
  static GalleryApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = gallery_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
      mig_application_set_recovery_enabled (MIG_APPLICATION (app), FALSE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  return g_object_ref (app);
}

void
mig_test_flush (void)
{
  /* Let layout, mapping and idle handlers run: a few frames' worth. */
  for (int i = 0; i < 5; i++)
    {
      gint64 end = g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND;

      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
}

gboolean
mig_test_is_maximized (gpointer window)
{
  return gtk_window_is_maximized (window);
}

static gboolean
is_mapped_and_sized (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_height (data) > 0;
}

GalleryWindow *
mig_test_new_gallery_window (GalleryApplication *app)
{
  GalleryWindow *window = g_object_new (GALLERY_TYPE_WINDOW, "application", app, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mig_test_wait_for (is_mapped_and_sized, window, 5000));
  mig_test_flush ();
  return window;
}

GList *
mig_test_windows_of_type (GtkApplication *app,
                          GType           type)
{
  GList *result = NULL;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      result = g_list_prepend (result, l->data);
  /* get_windows() is most recently focused first; prepending reverses it. */
  return result;
}

void
mig_test_record_tree (MigFormTree *tree)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  data = mig_form_tree_to_data (tree, &length);
  path = g_strdup_printf ("%s/tree-%03u.migui", tree_dir, n_trees++);
  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

MigFormTree *
mig_test_roundtrip (MigFormTree *tree)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  MigFormTree *copy;
  gsize length;

  mig_test_record_tree (tree);
  data = mig_form_tree_to_data (tree, &length);
  copy = mig_form_tree_new_from_data (data, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

void
mig_test_destroy_windows (GtkApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);
  mig_test_flush ();
}

/* What is checked for leaks is what a test makes: every window must be
 * finalized once destroyed. */
void
mig_test_quit_app (gpointer app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (app));
  guint n = g_list_length (windows);
  gpointer *weak = g_new0 (gpointer, n);
  guint i = 0;

  for (GList *l = windows; l != NULL; l = l->next, i++)
    {
      weak[i] = l->data;
      g_object_add_weak_pointer (l->data, &weak[i]);
    }
  mig_test_destroy_windows (app);
  for (i = 0; i < n; i++)
    if (weak[i] != NULL)
      g_error ("%s leaked after being destroyed", G_OBJECT_TYPE_NAME (weak[i]));
  g_free (weak);
  g_list_free (windows);
  g_object_unref (app);
}

/* Finds a widget by the ID its template or builder file gave it. */
GtkWidget *
mig_test_find (gpointer    root,
               const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      if ((found = mig_test_find (child, id)) != NULL)
        return found;
    }
  return NULL;
}

/* The "Send to Device" dialog shown, if any. */
MigDevicePicker *
mig_test_find_picker (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MIG_IS_DEVICE_PICKER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return MIG_DEVICE_PICKER (window);
    }
  return NULL;
}

/* The row titled @title under @root, if any. */
AdwActionRow *
mig_test_find_row (GtkWidget  *root,
                   const char *title)
{
  if (ADW_IS_ACTION_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_ACTION_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = mig_test_find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}
