/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sending side of migrations, in-process: the real gallery sends itself
 * to a real peer shell on loopback, which declines, accepts, or is left
 * waiting while the user cancels.
 */

#include "mig-alert-private.h"
#include "mig-shell-private.h"
#include "mig-test-env.h"
#include "mig-test-utils.h"
#include "mig-identity-private.h"
#include "mig-paths-private.h"
#include "mig-trust-store-private.h"
#include "mig-window-private.h"

typedef struct
{
  GAsyncResult *result;
  char *delivered;
} Sent;

static void
migrated_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ((Sent *) user_data)->result = g_object_ref (result);
}

static gboolean
deliver_cb (MigShell   *shell,
            const char *id,
            const char *app_id,
            GFile      *file,
            Sent       *sent)
{
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_file (file, NULL);
  g_autofree char *data = NULL;

  /* What arrives is the window with the user's text, before it is live. */
  g_assert_nonnull (tree);
  data = mig_form_tree_to_data (tree, NULL);
  g_assert_nonnull (strstr (data, "typed here"));
  sent->delivered = g_strdup (id);
  g_assert_true (mig_shell_report_restored (shell, id, NULL));
  return TRUE;
}

static MigShell *
new_shell (MigAcceptPolicy  policy,
           MigPeer        **peer)
{
  static guint n;
  g_autofree char *dir = g_strdup_printf ("%s/shell-%u", g_getenv ("MIGUI_TEST_HOME"), n++);
  g_autofree char *default_dir = mig_default_config_dir ();
  g_autoptr(GError) error = NULL;
  MigShell *shell = mig_shell_new (dir, &error);

  g_assert_no_error (error);
  mig_test_pair_dirs (default_dir, dir);
  mig_shell_set_accept_policy (shell, policy);
  g_assert_true (mig_shell_listen (shell, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  *peer = mig_peer_new (mig_shell_get_device_id (shell), "Target", "127.0.0.1", mig_shell_get_port (shell));
  return shell;
}

static GalleryWindow *
new_window_with_text (GalleryApplication *app)
{
  GalleryWindow *window = mig_test_new_gallery_window (app);

  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), "typed here");
  mig_test_flush ();
  return window;
}

static gboolean
migrate (GalleryApplication *app,
         MigPeer            *peer,
         MigMigrateFlags     flags,
         GCancellable       *cancellable,
         Sent               *sent,
         GError            **error)
{
  mig_application_migrate_async (MIG_APPLICATION (app), peer, flags, cancellable, migrated_cb, sent);
  while (sent->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return mig_application_migrate_finish (MIG_APPLICATION (app), sent->result, error);
}

static void
assert_thawed (GalleryWindow *window)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  g_assert_true (gtk_widget_get_can_target (content));
  g_assert_true (gtk_widget_get_can_focus (content));
  g_assert_null (mig_window_get_private (MIG_WINDOW (window))->sending_dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (window, "entry"))), ==, "typed here");
}

static void
test_declined (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigPeer) peer = NULL;
  /* Paired, but the target's user is to be asked, and nobody answers. */
  g_autoptr(MigShell) shell = new_shell (MIG_ACCEPT_POLICY_ASK, &peer);
  GalleryWindow *window = new_window_with_text (app);
  g_autoptr(GError) error = NULL;
  Sent sent = { 0 };

  g_assert_false (migrate (app, peer, MIG_MIGRATE_MOVE, NULL, &sent, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Declined on"));
  /* The application goes on here, as it was. */
  g_assert_true (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window) != NULL);
  assert_thawed (window);

  g_clear_object (&sent.result);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

static void
test_move (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(MigShell) shell = new_shell (MIG_ACCEPT_POLICY_ALL, &peer);
  GalleryWindow *window = new_window_with_text (app);
  g_autofree char *outgoing = g_build_filename (g_get_user_state_dir (), "migui", "org.migui.Gallery", "outgoing", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  Sent sent = { 0 };

  g_signal_connect (shell, "deliver", G_CALLBACK (deliver_cb), &sent);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (migrate (app, peer, MIG_MIGRATE_MOVE, NULL, &sent, &error));
  g_assert_no_error (error);
  g_clear_object (&sent.result);
  mig_test_flush ();
  /* The window left this device once the target had it, and the decision
   * was forgotten once the commit went through. */
  g_assert_null (window);
  g_assert_cmpint (mig_shell_lookup (shell, sent.delivered)->state, ==, MIG_SHELL_STATE_COMMITTED);
  dir = g_dir_open (outgoing, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));

  g_clear_object (&sent.result);
  g_free (sent.delivered);
}

static void
test_clone (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(MigShell) shell = new_shell (MIG_ACCEPT_POLICY_ALL, &peer);
  GalleryWindow *window = new_window_with_text (app);
  g_autoptr(GError) error = NULL;
  Sent sent = { 0 };

  g_signal_connect (shell, "deliver", G_CALLBACK (deliver_cb), &sent);
  g_assert_true (migrate (app, peer, MIG_MIGRATE_CLONE, NULL, &sent, &error));
  g_assert_no_error (error);
  assert_thawed (window);
  g_assert_cmpint (mig_shell_lookup (shell, sent.delivered)->state, ==, MIG_SHELL_STATE_COMMITTED);

  g_clear_object (&sent.result);
  g_free (sent.delivered);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

static void
ask_cb (MigShell   *shell,
        const char *offer_id,
        const char *device_name,
        const char *app_id,
        const char *app_name,
        char      **asked)
{
  *asked = g_strdup (offer_id);
}

/* The user cancels while the target's user has not answered yet. */
static void
test_cancel (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(MigShell) shell = new_shell (MIG_ACCEPT_POLICY_ASK, &peer);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GalleryWindow *window = new_window_with_text (app);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  g_autoptr(GError) error = NULL;
  g_autofree char *asked = NULL;
  Sent sent = { 0 };

  g_signal_connect (shell, "ask", G_CALLBACK (ask_cb), &asked);
  mig_application_migrate_async (MIG_APPLICATION (app), peer, MIG_MIGRATE_MOVE, cancellable, migrated_cb, &sent);
  while (asked == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Frozen meanwhile; the "Sending to" dialog shows once it takes long. */
  g_assert_false (gtk_widget_get_can_target (content));
  while (mig_window_get_private (MIG_WINDOW (window))->sending_dialog == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_can_target (content));

  g_cancellable_cancel (cancellable);
  while (sent.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (mig_application_migrate_finish (MIG_APPLICATION (app), sent.result, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_CANCELLED);
  assert_thawed (window);

  g_clear_object (&sent.result);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

static MigShell *listed_shell;   /* named in MIGUI_PEERS */
static MigShell *stranger_shell; /* named in MIGUI_PEERS too, not paired */

static gboolean
row_checked (gpointer data)
{
  MigDevicePicker *picker = mig_test_find_picker ();
  AdwActionRow *row = picker != NULL ? mig_test_find_row (GTK_WIDGET (picker), mig_shell_get_name (listed_shell)) : NULL;
  AdwActionRow *stranger = picker != NULL ? mig_test_find_row (GTK_WIDGET (picker), "Stranger") : NULL;

  return row != NULL && g_strcmp0 (adw_action_row_get_subtitle (row), "Installed") == 0 &&
         stranger != NULL && g_strcmp0 (adw_action_row_get_subtitle (stranger), "Not paired with this device") == 0;
}

/* "Send to Device…" in the window: the dialog lists the paired device with
 * the application installed there, and a click copies the application;
 * a device not paired is listed as such. */
static void
test_picker (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = new_window_with_text (app);
  MigDevicePicker *picker;
  AdwActionRow *row;
  Sent sent = { 0 };

  g_signal_connect (listed_shell, "deliver", G_CALLBACK (deliver_cb), &sent);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.send-to-device", NULL));
  if (!mig_test_wait_for (row_checked, NULL, 10000))
    {
      GListModel *peers = mig_application_get_peers (MIG_APPLICATION (app));

      for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
        {
          g_autoptr(MigPeer) peer = g_list_model_get_item (peers, i);
          AdwActionRow *row = mig_test_find_picker () ? mig_test_find_row (GTK_WIDGET (mig_test_find_picker ()), mig_peer_get_name (peer)) : NULL;

          g_test_message ("peer %s: row %s", mig_peer_get_name (peer), row ? adw_action_row_get_subtitle (row) : "none");
        }
      g_test_message ("picker %p, shell %s", mig_test_find_picker (), mig_shell_get_name (listed_shell));
      g_assert_not_reached ();
    }
  picker = mig_test_find_picker ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (picker)) == GTK_WINDOW (window));
  row = mig_test_find_row (GTK_WIDGET (picker), mig_shell_get_name (listed_shell));
  /* A device that is not paired is listed but cannot be chosen. */
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (mig_test_find_row (GTK_WIDGET (picker), "Stranger"))));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  /* Copy, then pick the device. */
  g_assert_nonnull (mig_test_find (picker, "copy_button"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mig_test_find (picker, "copy_button")), TRUE);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mig_test_find (picker, "copy_button"))));
  g_signal_emit_by_name (row, "activated");
  while (sent.delivered == NULL)
    g_main_context_iteration (NULL, TRUE);
  while (mig_shell_lookup (listed_shell, sent.delivered)->state != MIG_SHELL_STATE_COMMITTED)
    g_main_context_iteration (NULL, TRUE);
  mig_test_flush ();
  g_assert_null (mig_test_find_picker ());
  /* A copy: the window is still here, thawed. */
  assert_thawed (window);

  g_signal_handlers_disconnect_by_func (listed_shell, deliver_cb, &sent);
  g_free (sent.delivered);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child, label);

      if (button != NULL)
        return button;
    }
  return NULL;
}

static GtkWidget *
find_question (const char *heading)
{
  return mig_alert_find (NULL, heading);
}

static gboolean
question_shown (gpointer data)
{
  return find_question ("Pair with Stranger?") != NULL;
}

static gboolean
stranger_unpaired (gpointer data)
{
  MigDevicePicker *picker = mig_test_find_picker ();
  AdwActionRow *row = picker != NULL ? mig_test_find_row (GTK_WIDGET (picker), "Stranger") : NULL;

  return row != NULL && g_strcmp0 (adw_action_row_get_subtitle (row), "Not paired with this device") == 0;
}

static gboolean
stranger_installed (gpointer data)
{
  MigDevicePicker *picker = mig_test_find_picker ();
  AdwActionRow *row = picker != NULL ? mig_test_find_row (GTK_WIDGET (picker), "Stranger") : NULL;

  return row != NULL && g_strcmp0 (adw_action_row_get_subtitle (row), "Installed") == 0;
}

static void
stranger_pairing_cb (MigShell   *shell,
                     const char *id,
                     const char *name,
                     const char *code,
                     gboolean    outgoing,
                     gboolean    identity_changed,
                     char      **shown)
{
  /* The other device's user sees the code, and confirms. */
  *shown = g_strdup (code);
  mig_shell_confirm_pairing (shell, id, TRUE);
}

/* Pairing from the picker: this device's shell (on the session bus) pairs
 * with the stranger; the dialog shows the code, the user confirms, and the
 * application can then go there. */
static void
test_picker_pairing (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  GalleryWindow *window = new_window_with_text (app);
  g_autofree char *default_dir = mig_default_config_dir ();
  g_autoptr(MigShell) self_shell = mig_shell_new (default_dir, NULL);
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autofree char *shown = NULL;
  const char *body;
  g_autofree char *spaced = NULL;
  GtkWidget *question;
  AdwActionRow *row;
  GtkWidget *button;
  Sent sent = { 0 };
  guint owner;

  g_assert_true (mig_shell_export (self_shell, bus, NULL));
  owner = g_bus_own_name_on_connection (bus, "org.migui.Shell", G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  g_signal_connect (stranger_shell, "pairing-requested", G_CALLBACK (stranger_pairing_cb), &shown);
  g_signal_connect (stranger_shell, "deliver", G_CALLBACK (deliver_cb), &sent);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.send-to-device", NULL));
  g_assert_true (mig_test_wait_for (stranger_unpaired, NULL, 10000));
  row = mig_test_find_row (GTK_WIDGET (mig_test_find_picker ()), "Stranger");
  button = find_button (GTK_WIDGET (row), "_Pair…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  /* The question shows the code the other device shows. */
  g_assert_true (mig_test_wait_for (question_shown, NULL, 10000));
  question = find_question ("Pair with Stranger?");
  g_assert_nonnull (shown);
  spaced = g_strdup_printf ("%.3s %.3s", shown, shown + 3);
  body = mig_alert_get_body (question);
  g_assert_nonnull (strstr (body, spaced));
  mig_alert_respond (question, "pair");

  /* Paired on both sides; the row can now be chosen. */
  g_assert_true (mig_test_wait_for (stranger_installed, NULL, 10000));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_null (find_button (GTK_WIDGET (row), "_Pair…"));
  {
    g_autoptr(MigPairedDevice) here = mig_trust_store_lookup_by_id (default_dir, mig_shell_get_device_id (stranger_shell));
    g_autoptr(MigPairedDevice) there = mig_trust_store_lookup_by_id (mig_shell_get_config_dir (stranger_shell),
                                                                     mig_shell_get_device_id (self_shell));

    g_assert_nonnull (here);
    g_assert_cmpstr (here->fingerprint, ==, mig_shell_get_fingerprint (stranger_shell));
    g_assert_nonnull (there);
  }

  g_signal_emit_by_name (row, "activated");
  while (sent.delivered == NULL)
    g_main_context_iteration (NULL, TRUE);
  while (mig_shell_lookup (stranger_shell, sent.delivered)->state != MIG_SHELL_STATE_COMMITTED)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handlers_disconnect_by_func (stranger_shell, deliver_cb, &sent);
  g_signal_handlers_disconnect_by_func (stranger_shell, stranger_pairing_cb, &shown);
  g_free (sent.delivered);
  g_bus_unown_name (owner);
  mig_shell_unexport (self_shell);
  mig_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  /* The gallery is "installed" for the peer shells of this test. */
  mig_test_install_gallery ();
  mig_test_init (&argc, &argv);

  {
    g_autoptr(MigPeer) peer = NULL;
    g_autofree char *peers = NULL;

    g_autofree char *stranger_dir = g_strdup_printf ("%s/stranger", g_getenv ("MIGUI_TEST_HOME"));
    g_autofree char *stranger_conf = g_build_filename (stranger_dir, "shell.conf", NULL);

    listed_shell = new_shell (MIG_ACCEPT_POLICY_ALL, &peer);
    /* A device this one is not paired with, listed too. */
    g_assert_cmpint (g_mkdir_with_parents (stranger_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (stranger_conf, "[shell]\nname=Stranger\n", -1, NULL));
    stranger_shell = mig_shell_new (stranger_dir, NULL);
    g_assert_true (mig_shell_listen (stranger_shell, "127.0.0.1", 0, NULL));
    mig_shell_set_accept_policy (stranger_shell, MIG_ACCEPT_POLICY_ALL);
    peers = g_strdup_printf ("127.0.0.1:%u,127.0.0.1:%u", mig_shell_get_port (listed_shell),
                             mig_shell_get_port (stranger_shell));
    g_setenv ("MIGUI_PEERS", peers, TRUE);
  }

  g_test_add_func ("/Mig/Migrate/declined", test_declined);
  g_test_add_func ("/Mig/Migrate/move", test_move);
  g_test_add_func ("/Mig/Migrate/clone", test_clone);
  g_test_add_func ("/Mig/Migrate/cancel", test_cancel);
  g_test_add_func ("/Mig/Migrate/picker", test_picker);
  g_test_add_func ("/Mig/Migrate/picker-pairing", test_picker_pairing);

  return mig_test_run ();
}
