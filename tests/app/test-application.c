/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>

#include "mig-application-private.h"
#include "mig-channel-private.h"
#include "mig-form-tree-private.h"
#include "mig-state-private.h"
#include "mig-test-utils.h"
#include "mig-window-private.h"

static GString *signal_log;

static gboolean
log_emission (GSignalInvocationHint *hint,
              guint                  n_params,
              const GValue          *params,
              gpointer               data)
{
  GObject *instance = g_value_get_object (&params[0]);
  GSignalQuery q;
  GSignalQuery *query = &q;

  g_signal_query (hint->signal_id, query);
  if (signal_log->len > 0)
    g_string_append_c (signal_log, ' ');
  g_string_append_printf (signal_log, "%s:%s",
                          MIG_IS_APPLICATION (instance) ? "app" : G_OBJECT_TYPE_NAME (instance),
                          query->signal_name);
  if (g_str_equal (query->signal_name, "post-migrate"))
    {
      GEnumValue *v = g_enum_get_value (g_type_class_ref (MIG_TYPE_RESTORE_REASON), g_value_get_enum (&params[1]));
      g_string_append_printf (signal_log, "(%s)", v->value_nick);
    }
  return TRUE;
}

static void
hook_signals (void)
{
  const char *window_signals[] = { "save-state", "restore-state", "pre-migrate", "post-migrate", "adapt" };
  const char *app_signals[] = { "save-state", "restore-state" };

  signal_log = g_string_new (NULL);
  g_type_class_unref (g_type_class_ref (MIG_TYPE_WINDOW));
  g_type_class_unref (g_type_class_ref (MIG_TYPE_APPLICATION));
  for (guint i = 0; i < G_N_ELEMENTS (window_signals); i++)
    g_signal_add_emission_hook (g_signal_lookup (window_signals[i], MIG_TYPE_WINDOW), 0, log_emission, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (app_signals); i++)
    g_signal_add_emission_hook (g_signal_lookup (app_signals[i], MIG_TYPE_APPLICATION), 0, log_emission, NULL, NULL);
}

static MigFormTree *
checkpoint (GalleryApplication *app)
{
  MigFormTree *tree = mig_application_checkpoint (MIG_APPLICATION (app));

  g_assert_nonnull (tree);
  return tree;
}

/* Checkpoint, serialize, parse, close every window, restore. */
static void
migrate_in_place (GalleryApplication *app,
                  MigRestoreReason    reason)
{
  g_autoptr(MigFormTree) tree = checkpoint (app);
  g_autoptr(MigFormTree) copy = mig_test_roundtrip (tree);
  g_autoptr(GError) error = NULL;

  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, reason, &error));
  g_assert_no_error (error);
  mig_test_flush ();
}

static GalleryWindow *
only_gallery_window (GalleryApplication *app)
{
  g_autoptr(GList) windows = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_WINDOW);

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  return windows->data;
}

static gboolean
is_fullscreen (gpointer window)
{
  return gtk_window_is_fullscreen (window);
}

static void
test_geometry_size (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = g_object_new (GALLERY_TYPE_WINDOW, "application", app,
                                        "default-width", 655, "default-height", 433, NULL);
  int width, height;

  gtk_window_present (GTK_WINDOW (window));
  mig_test_flush ();
  migrate_in_place (app, MIG_RESTORE_REASON_MIGRATE);

  window = only_gallery_window (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 655);
  g_assert_cmpint (height, ==, 433);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_geometry_maximized (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  /* Maximized from the first map: a request racing the window manager's
   * handling of the map is not what is tested here. */
  GalleryWindow *window = g_object_new (GALLERY_TYPE_WINDOW, "application", app, "maximized", TRUE,
                                        "default-width", 610, "default-height", 420, NULL);
  int width, height;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mig_test_wait_for (mig_test_is_maximized, window, 5000));
  migrate_in_place (app, MIG_RESTORE_REASON_MIGRATE);

  window = only_gallery_window (app);
  g_assert_true (mig_test_wait_for (mig_test_is_maximized, window, 5000));
  /* The size it goes back to when unmaximized travels too. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 610);
  g_assert_cmpint (height, ==, 420);

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_geometry_fullscreen (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = g_object_new (GALLERY_TYPE_WINDOW, "application", app, "fullscreened", TRUE, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mig_test_wait_for (is_fullscreen, window, 5000));
  migrate_in_place (app, MIG_RESTORE_REASON_MIGRATE);

  window = only_gallery_window (app);
  g_assert_true (mig_test_wait_for (is_fullscreen, window, 5000));

  mig_test_quit_app (g_steal_pointer (&app));
}

static gboolean
focus_is_in (gpointer data)
{
  GtkWidget *target = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (target));

  return focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target));
}

/* The focus is on the GtkText inside the second contact form's entry: it
 * travels as a form path and comes back on the same entry. */
static void
test_focus (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autoptr(MigFormTree) tree = NULL;
  GtkWidget *email = mig_test_find (mig_test_find (window, "work_contact"), "email");
  JsonObject *saved;

  gtk_widget_grab_focus (email);
  g_assert_true (mig_test_wait_for (focus_is_in, email, 2000));

  tree = checkpoint (app);
  saved = mig_form_tree_get_window (tree, 0);
  g_assert_cmpstr (json_object_get_string_member (saved, "focus"), ==, "GalleryContactForm#1/email");

  migrate_in_place (app, MIG_RESTORE_REASON_MIGRATE);
  window = only_gallery_window (app);
  email = mig_test_find (mig_test_find (window, "work_contact"), "email");
  g_assert_true (mig_test_wait_for (focus_is_in, email, 2000));

  mig_test_quit_app (g_steal_pointer (&app));
}

/* A window frozen while it is sent, or while it arrives, gets its focus
 * back when it thaws: the user's place is kept when a send fails, and an
 * application that arrived is live where its focus was. */
static void
test_focus_kept_while_frozen (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  GtkWidget *email = mig_test_find (mig_test_find (window, "work_contact"), "email");

  gtk_widget_grab_focus (email);
  g_assert_true (mig_test_wait_for (focus_is_in, email, 2000));

  mig_window_set_frozen (MIG_WINDOW (window), TRUE);
  g_assert_null (gtk_window_get_focus (GTK_WINDOW (window)));
  g_assert_false (gtk_widget_grab_focus (mig_test_find (window, "entry")));
  mig_window_set_frozen (MIG_WINDOW (window), FALSE);
  g_assert_true (mig_test_wait_for (focus_is_in, email, 2000));

  /* Arriving: the restored focus is taken away until the commit. */
  migrate_in_place (app, MIG_RESTORE_REASON_MIGRATE);
  window = only_gallery_window (app);
  email = mig_test_find (mig_test_find (window, "work_contact"), "email");
  g_assert_true (mig_test_wait_for (focus_is_in, email, 2000));
  mig_window_set_arriving (MIG_WINDOW (window), TRUE);
  g_assert_null (gtk_window_get_focus (GTK_WINDOW (window)));
  mig_window_set_arriving (MIG_WINDOW (window), FALSE);
  g_assert_true (mig_test_wait_for (focus_is_in, email, 2000));

  mig_test_quit_app (g_steal_pointer (&app));
}

/* Two instances of one window type and a secondary window transient for the
 * second: all come back, in order, with their own values and state. */
static void
test_multiple_windows (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *first = mig_test_new_gallery_window (app);
  GalleryWindow *second = mig_test_new_gallery_window (app);
  GalleryNotesWindow *notes = g_object_new (GALLERY_TYPE_NOTES_WINDOW, "application", app,
                                            "transient-for", second, NULL);
  g_autoptr(GList) galleries = NULL;
  g_autoptr(GList) notes_windows = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (notes));
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (first, "entry")), "first window");
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (second, "entry")), "second window");
  gallery_notes_window_set_tag (notes, "blue");

  tree = checkpoint (app);
  g_assert_cmpuint (mig_form_tree_get_n_windows (tree), ==, 3);
  g_assert_cmpstr (mig_form_tree_get_window_type_name (tree, 2), ==, "GalleryNotesWindow");
  g_clear_object (&tree);

  migrate_in_place (app, MIG_RESTORE_REASON_CLONE);

  galleries = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_WINDOW);
  notes_windows = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_NOTES_WINDOW);
  g_assert_cmpuint (g_list_length (galleries), ==, 2);
  g_assert_cmpuint (g_list_length (notes_windows), ==, 1);
  notes = notes_windows->data;
  g_assert_cmpstr (gallery_notes_window_get_tag (notes), ==, "blue");

  /* The transient parent is the restored second window, whichever order
   * the application lists its windows in. */
  second = GALLERY_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (notes)));
  g_assert_nonnull (second);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (second, "entry"))), ==, "second window");
  first = galleries->data == second ? galleries->next->data : galleries->data;
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (first, "entry"))), ==, "first window");

  /* The code-built window's text view has an ID given with mig_widget_set_state_id(). */
  tree = checkpoint (app);
  text = mig_form_tree_to_data (tree, NULL);
  g_assert_nonnull (strstr (text, "\"notes\":{\"class\":\"GtkTextView\""));

  mig_test_quit_app (g_steal_pointer (&app));
}

static guint
suitcase_windows_opened (MigFormTree *tree)
{
  guint opened = 0;

  g_assert_true (g_variant_lookup (mig_form_tree_get_suitcase (tree), "windows-opened", "u", &opened));
  return opened;
}

static void
test_suitcase (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigFormTree) before = NULL;
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(MigFormTree) after = NULL;
  g_autoptr(GError) error = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  before = checkpoint (app);
  g_assert_cmpuint (suitcase_windows_opened (before), >=, 2);

  copy = mig_test_roundtrip (before);
  mig_test_destroy_windows (GTK_APPLICATION (app));
  /* Change the live value so that only a restore can bring it back. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);

  after = checkpoint (app);
  g_assert_cmpuint (suitcase_windows_opened (after), ==, suitcase_windows_opened (before));

  mig_test_quit_app (g_steal_pointer (&app));
}

/* State an app keeps local stays out of every checkpoint but crash
 * recovery's, in the suitcase and in windows' own state. */
static void
test_keep_local (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryNotesWindow *notes = g_object_new (GALLERY_TYPE_NOTES_WINDOW, "application", app, NULL);
  g_autoptr(MigFormTree) sent = NULL;
  g_autoptr(MigFormTree) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_data = NULL;
  g_autofree char *recovery_data = NULL;

  gallery_notes_window_set_tag (notes, "secret-tag-of-this-device");
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  mig_application_keep_local (MIG_APPLICATION (app), "windows-opened");
  mig_application_keep_local (MIG_APPLICATION (app), "tag");

  sent = mig_application_checkpoint_full (MIG_APPLICATION (app), MIG_RESTORE_REASON_MIGRATE, TRUE, &error);
  g_assert_no_error (error);
  sent_data = mig_form_tree_to_data (sent, NULL);
  g_assert_null (strstr (sent_data, "secret-tag-of-this-device"));
  g_assert_false (g_variant_lookup (mig_form_tree_get_suitcase (sent), "windows-opened", "u", NULL));

  recovery = mig_application_checkpoint_full (MIG_APPLICATION (app), MIG_RESTORE_REASON_RECOVER, TRUE, &error);
  g_assert_no_error (error);
  recovery_data = mig_form_tree_to_data (recovery, NULL);
  g_assert_nonnull (strstr (recovery_data, "secret-tag-of-this-device"));
  g_assert_cmpuint (suitcase_windows_opened (recovery), >=, 1);

  mig_test_quit_app (g_steal_pointer (&app));
}

/* ---- Channels: they move with the application, and only in a move ---- */

static void
channel_incoming_cb (MigChannelListener *listener,
                     MigChannel         *channel,
                     MigChannel        **out)
{
  *out = g_object_ref (channel);
}

static void
channel_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(MigChannel **) user_data = mig_channel_connect_finish (result, &error);
  g_assert_no_error (error);
}

static void
channels_frozen_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  *(GPtrArray **) user_data = mig_application_freeze_channels_finish (MIG_APPLICATION (source), result);
}

static gboolean
channel_has (MigChannel *channel,
             guint64     received)
{
  return mig_channel_get_bytes_received (channel) >= received;
}

static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
both_set (gpointer data)
{
  MigChannel **pair = data;

  return pair[0] != NULL && pair[1] != NULL;
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
server_has_ten (gpointer data)
{
  return channel_has (data, 10);
}

static gboolean
server_has_ten_as_client (gpointer data)
{
  return channel_has (data, 10);
}

static gboolean
client_has_twelve (gpointer data)
{
  return channel_has (data, 12);
}

static gboolean
connected (gpointer data)
{
  return mig_channel_get_state (data) == MIG_CHANNEL_STATE_CONNECTED;
}

static void
write_now (MigChannel *channel,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_output_stream_write (g_io_stream_get_output_stream (G_IO_STREAM (channel)), text,
                                          strlen (text), NULL, &error), ==, (gssize) strlen (text));
  g_assert_no_error (error);
}

static void
test_channels (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigChannelListener) listener = mig_channel_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) file_tree = NULL;
  g_autoptr(MigFormTree) clone_tree = NULL;
  g_autoptr(MigFormTree) moved = NULL;
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(GPtrArray) frozen = NULL;
  g_autofree char *data = NULL;
  MigChannel *pair[2] = { NULL, NULL };   /* client (the application's), server */
  MigChannel *arrived;
  char text[16] = { 0 };

  mig_test_new_gallery_window (app);
  g_assert_true (mig_channel_listener_listen (listener, "127.0.0.1", 0, &error));
  g_signal_connect (listener, "incoming", G_CALLBACK (channel_incoming_cb), &pair[1]);
  mig_channel_connect_async ("127.0.0.1", mig_channel_listener_get_port (listener), MIG_CHANNEL_FLAGS_TLS, NULL,
                             channel_connected_cb,
                             &pair[0]);
  wait_until (both_set, pair);
  mig_application_add_channel (MIG_APPLICATION (app), "tv", pair[0]);
  g_assert_true (mig_application_lookup_channel (MIG_APPLICATION (app), "tv") == pair[0]);

  /* A file, a clone and crash recovery carry no channel. */
  file_tree = checkpoint (app);
  data = mig_form_tree_to_data (file_tree, NULL);
  g_assert_null (strstr (data, "\"channels\""));
  g_clear_pointer (&data, g_free);
  clone_tree = mig_application_checkpoint_full (MIG_APPLICATION (app), MIG_RESTORE_REASON_CLONE, TRUE, &error);
  data = mig_form_tree_to_data (clone_tree, NULL);
  g_assert_null (strstr (data, "\"channels\""));
  g_clear_pointer (&data, g_free);

  /* The peer sends; the application has not read it when it moves. */
  write_now (pair[1], "0123456789");
  wait_until (server_has_ten_as_client, pair[0]);
  mig_application_freeze_channels_async (MIG_APPLICATION (app), "127.0.0.1", channels_frozen_cb, &frozen);
  wait_until (pointer_set, &frozen);
  g_assert_cmpuint (frozen->len, ==, 1);
  /* Sent while it moves: it waits at the peer. */
  write_now (pair[1], "AB");
  moved = mig_application_checkpoint_full (MIG_APPLICATION (app), MIG_RESTORE_REASON_MIGRATE, TRUE, &error);
  g_assert_no_error (error);
  data = mig_form_tree_to_data (moved, NULL);
  g_assert_nonnull (strstr (data, "\"channels\""));
  g_assert_nonnull (strstr (data, mig_channel_get_id (pair[0])));
  copy = mig_test_roundtrip (moved);

  /* The source lets go; the application is rebuilt from the tree. */
  mig_application_channels_release (MIG_APPLICATION (app), frozen);
  g_assert_null (mig_application_lookup_channel (MIG_APPLICATION (app), "tv"));
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);
  arrived = mig_application_lookup_channel (MIG_APPLICATION (app), "tv");
  g_assert_nonnull (arrived);
  g_assert_true (arrived != pair[0]);
  g_assert_cmpstr (mig_channel_get_id (arrived), ==, mig_channel_get_id (pair[0]));
  wait_until (connected, arrived);
  wait_until (client_has_twelve, arrived);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (arrived)), text, 12, NULL,
                                        &error), ==, 12);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "0123456789AB");

  /* And the other way. */
  write_now (arrived, "back!");
  write_now (arrived, "12345");
  wait_until (server_has_ten, pair[1]);

  g_object_unref (pair[0]);
  g_object_unref (pair[1]);
  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_signal_order (gconstpointer data)
{
  MigRestoreReason reason = GPOINTER_TO_UINT (data);
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GEnumValue *nick = g_enum_get_value (g_type_class_ref (MIG_TYPE_RESTORE_REASON), reason);

  mig_test_new_gallery_window (app);
  g_object_new (GALLERY_TYPE_NOTES_WINDOW, "application", app, NULL);

  g_string_truncate (signal_log, 0);
  tree = checkpoint (app);
  g_assert_cmpstr (signal_log->str, ==, "app:save-state GalleryWindow:save-state GalleryNotesWindow:save-state");

  copy = mig_test_roundtrip (tree);
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_string_truncate (signal_log, 0);
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, reason, &error));
  g_assert_no_error (error);

  expected = g_strdup_printf ("app:restore-state GalleryWindow:restore-state GalleryNotesWindow:restore-state "
                              "GalleryWindow:post-migrate(%s) GalleryNotesWindow:post-migrate(%s)",
                              nick->value_nick, nick->value_nick);
  g_assert_cmpstr (signal_log->str, ==, expected);

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_save_and_open_file (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "saved.migui", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;

  g_mkdir_with_parents (g_get_user_state_dir (), 0700);
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), "from a file");

  g_string_truncate (signal_log, 0);
  g_assert_true (mig_application_save_to_file (MIG_APPLICATION (app), file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (signal_log->str, ==,
                   "GalleryWindow:pre-migrate app:save-state GalleryWindow:save-state GalleryWindow:post-migrate(file)");
  tree = mig_form_tree_new_from_file (file, &error);
  g_assert_no_error (error);
  mig_test_record_tree (tree);
  g_assert_cmpint (mig_form_tree_get_reason (tree), ==, MIG_RESTORE_REASON_FILE);
  g_assert_cmpstr (mig_form_tree_get_app_id (tree), ==, "org.migui.Gallery");
  g_assert_cmpstr (mig_form_tree_get_app_version (tree), ==, PACKAGE_VERSION);

  /* Resume through GApplication::open, as a file manager would. */
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_string_truncate (signal_log, 0);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = only_gallery_window (app);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (window, "entry"))), ==, "from a file");
  g_assert_nonnull (strstr (signal_log->str, "GalleryWindow:post-migrate(file)"));

  g_unlink (path);
  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_save_to_action (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "action.migui", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;

  g_mkdir_with_parents (g_get_user_state_dir (), 0700);
  gtk_switch_set_active (GTK_SWITCH (mig_test_find (window, "switch")), TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "save-to", g_variant_new_string (path));

  tree = mig_form_tree_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mig_form_tree_get_n_windows (tree), ==, 1);

  g_unlink (path);
  mig_test_quit_app (g_steal_pointer (&app));
}

static void
set_geometry (MigFormTree *tree,
              int          width,
              int          height,
              int          origin_width,
              int          origin_height)
{
  JsonObject *root = mig_form_tree_get_root (tree);
  JsonObject *profile = mig_json_get_object (mig_json_get_object (root, "origin"), "profile");
  JsonObject *geometry = mig_json_get_object (mig_form_tree_get_window (tree, 0), "geometry");

  json_object_set_int_member (profile, "width", origin_width);
  json_object_set_int_member (profile, "height", origin_height);
  json_object_set_int_member (geometry, "width", width);
  json_object_set_int_member (geometry, "height", height);
}

static void
restore_with_geometry (GalleryApplication *app,
                       int                 width,
                       int                 height,
                       int                 origin_width,
                       int                 origin_height,
                       int                *out_width,
                       int                *out_height)
{
  g_autoptr(MigFormTree) tree = checkpoint (app);
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(GError) error = NULL;
  GalleryWindow *window;

  set_geometry (tree, width, height, origin_width, origin_height);
  copy = mig_test_roundtrip (tree);
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_string_truncate (signal_log, 0);
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);
  window = only_gallery_window (app);
  gtk_window_get_default_size (GTK_WINDOW (window), out_width, out_height);
}

/* This display is 1280×1024 (see the test command): a window that fits is
 * kept, one that does not is scaled down keeping its proportions, and
 * ::adapt is emitted when the origin differs. */
static void
test_adapt_to_screen (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigDeviceProfile) local = mig_device_profile_new_for_display (gdk_display_get_default ());
  int width, height;

  g_assert_cmpint (mig_device_profile_get_width (local), ==, 1280);
  g_assert_cmpint (mig_device_profile_get_form_factor (local), ==, MIG_FORM_FACTOR_DESKTOP);
  mig_test_new_gallery_window (app);

  restore_with_geometry (app, 700, 600, 1920, 1080, &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 600);
  g_assert_nonnull (strstr (signal_log->str, "GalleryWindow:adapt"));
  g_assert_true (mig_window_get_origin_profile (MIG_WINDOW (only_gallery_window (app))) != NULL);
  g_assert_cmpint (mig_device_profile_get_width (mig_window_get_origin_profile (MIG_WINDOW (only_gallery_window (app)))), ==, 1920);

  restore_with_geometry (app, 2000, 1500, 2560, 1600, &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 960);
  g_assert_nonnull (strstr (signal_log->str, "GalleryWindow:adapt"));

  /* Same device: nothing to adapt. */
  restore_with_geometry (app, 700, 600, mig_device_profile_get_width (local),
                         mig_device_profile_get_height (local), &width, &height);
  g_assert_null (strstr (signal_log->str, "adapt"));

  mig_test_quit_app (g_steal_pointer (&app));
}

static void
assert_restore_fails (GalleryApplication *app,
                      MigFormTree        *tree,
                      int                 code)
{
  g_autoptr(GError) error = NULL;
  guint before = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_assert_false (mig_application_restore (MIG_APPLICATION (app), tree, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_error (error, MIG_ERROR, code);
  g_test_message ("%s", error->message);
  mig_test_flush ();
  /* Atomic: the application is left exactly as it was. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, before);
}

static MigFormTree *
edited_tree (GalleryApplication *app,
             const char         *from,
             const char         *to)
{
  g_autoptr(MigFormTree) tree = checkpoint (app);
  g_autofree char *data = mig_form_tree_to_data (tree, NULL);
  g_autoptr(GString) edited = g_string_new (data);
  g_autoptr(GError) error = NULL;
  MigFormTree *result;

  g_assert_cmpuint (g_string_replace (edited, from, to, 1), ==, 1);
  result = mig_form_tree_new_from_data (edited->str, -1, &error);
  g_assert_no_error (error);
  return result;
}

/* Window types no application registered, and widget classes that are
 * not widgets, are refused as soon as the tree is read. */
static void
assert_read_fails (GalleryApplication *app,
                   const char         *from,
                   const char         *to)
{
  g_autoptr(MigFormTree) tree = checkpoint (app);
  g_autofree char *data = mig_form_tree_to_data (tree, NULL);
  g_autoptr(GString) edited = g_string_new (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) refused = NULL;

  g_assert_cmpuint (g_string_replace (edited, from, to, 1), ==, 1);
  refused = mig_form_tree_new_from_data (edited->str, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE);
  g_test_message ("%s", error->message);
}

static void
test_refusals (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  MigFormTree *tree;

  mig_test_new_gallery_window (app);

  assert_read_fails (app, "\"type\":\"GalleryWindow\"", "\"type\":\"NoSuchWindow\"");
  /* A real type, but not one the application registered. */
  assert_read_fails (app, "\"type\":\"GalleryWindow\"", "\"type\":\"GtkWindow\"");
  assert_read_fails (app, "\"class\":\"GtkEntry\"", "\"class\":\"GtkAdjustment\"");

  tree = edited_tree (app, "\"id\":\"org.migui.Gallery\"", "\"id\":\"org.example.Other\"");
  assert_restore_fails (app, tree, MIG_ERROR_APP_NOT_INSTALLED);
  g_object_unref (tree);

  g_object_set (app, "oldest-compatible-version", "0.10", NULL);
  tree = checkpoint (app);
  assert_restore_fails (app, tree, MIG_ERROR_VERSION_MISMATCH);
  g_object_unref (tree);
  g_object_set (app, "oldest-compatible-version", NULL, NULL);

  mig_test_quit_app (g_steal_pointer (&app));
}

/* A known class in the wrong place, or a value of the wrong type: skipped
 * with a warning, and the rest is restored. */
static void
test_mismatches_skipped (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = mig_test_new_gallery_window (app);
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GError) error = NULL;

  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "search")), "kept");
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), "replaced");
  tree = edited_tree (app, "\"entry\":{\"class\":\"GtkEntry\"", "\"entry\":{\"class\":\"GtkSwitch\"");
  mig_test_destroy_windows (GTK_APPLICATION (app));

  g_test_expect_message ("migui", G_LOG_LEVEL_WARNING, "*“entry”*GtkEntry here, not a GtkSwitch*");
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), tree, MIG_RESTORE_REASON_MIGRATE, &error));
  g_test_assert_expected_messages ();
  window = only_gallery_window (app);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (window, "entry"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (window, "search"))), ==, "kept");
  g_clear_object (&tree);

  /* A class of another toolkit version, which this one does not have. */
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), "from a newer toolkit");
  tree = edited_tree (app, "\"entry\":{\"class\":\"GtkEntry\"", "\"entry\":{\"class\":\"GtkFutureEntry\"");
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_test_expect_message ("migui", G_LOG_LEVEL_WARNING, "*“entry”*GtkFutureEntry, is not in this toolkit*");
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), tree, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  window = only_gallery_window (app);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (window, "entry"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (window, "search"))), ==, "kept");
  g_clear_object (&tree);

  gtk_range_set_value (GTK_RANGE (mig_test_find (window, "scale")), 12);
  tree = edited_tree (app, "\"active\":false", "\"active\":\"yes\"");
  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_test_expect_message ("migui", G_LOG_LEVEL_WARNING, "*does not fit*");
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), tree, MIG_RESTORE_REASON_MIGRATE, &error));
  g_test_assert_expected_messages ();
  window = only_gallery_window (app);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (mig_test_find (window, "scale"))), ==, 12);

  mig_test_quit_app (g_steal_pointer (&app));
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);
  hook_signals ();

  g_test_add_func ("/Mig/Application/geometry/size", test_geometry_size);
  g_test_add_func ("/Mig/Application/geometry/maximized", test_geometry_maximized);
  g_test_add_func ("/Mig/Application/geometry/fullscreen", test_geometry_fullscreen);
  g_test_add_func ("/Mig/Application/focus", test_focus);
  g_test_add_func ("/Mig/Application/focus-kept-while-frozen", test_focus_kept_while_frozen);
  g_test_add_func ("/Mig/Application/multiple-windows", test_multiple_windows);
  g_test_add_func ("/Mig/Application/suitcase", test_suitcase);
  g_test_add_func ("/Mig/Application/keep-local", test_keep_local);
  g_test_add_data_func ("/Mig/Application/signals/migrate", GUINT_TO_POINTER (MIG_RESTORE_REASON_MIGRATE), test_signal_order);
  g_test_add_data_func ("/Mig/Application/signals/clone", GUINT_TO_POINTER (MIG_RESTORE_REASON_CLONE), test_signal_order);
  g_test_add_data_func ("/Mig/Application/signals/file", GUINT_TO_POINTER (MIG_RESTORE_REASON_FILE), test_signal_order);
  g_test_add_data_func ("/Mig/Application/signals/recover", GUINT_TO_POINTER (MIG_RESTORE_REASON_RECOVER), test_signal_order);
  g_test_add_func ("/Mig/Application/file/save-and-open", test_save_and_open_file);
  g_test_add_func ("/Mig/Application/file/save-to-action", test_save_to_action);
  g_test_add_func ("/Mig/Application/adapt-to-screen", test_adapt_to_screen);
  g_test_add_func ("/Mig/Application/refusals", test_refusals);
  g_test_add_func ("/Mig/Application/mismatches-skipped", test_mismatches_skipped);
  g_test_add_func ("/Mig/Application/channels", test_channels);

  return mig_test_run ();
}
