/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Forms sent on their own, in-process: the gallery sends a palette form
 * through a real peer shell on loopback, whose delivery is restored into
 * the same application (the target), where it joins its home over a real
 * channel.  Moving, sharing, bringing back, the copy closing, and the home
 * ending the sharing.
 */

#include "config.h"

#include <migui.h>

#include "mig-alert-private.h"
#include "mig-device-picker-private.h"
#include "mig-form-private.h"
#include "mig-paths-private.h"
#include "mig-shell-private.h"
#include "mig-test-env.h"
#include "mig-test-utils.h"

#define WAIT_MS 10000

/* ---- A form type that travels ---- */

#define TEST_TYPE_PALETTE (test_palette_get_type ())
G_DECLARE_FINAL_TYPE (TestPalette, test_palette, TEST, PALETTE, MigForm)

struct _TestPalette
{
  MigForm    parent_instance;
  GtkWidget *colour;
  GtkWidget *size;
};

G_DEFINE_FINAL_TYPE (TestPalette, test_palette, MIG_TYPE_FORM)

static void
test_palette_class_init (TestPaletteClass *klass)
{
}

static void
test_palette_init (TestPalette *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char * const colours[] = { "black", "red", "blue", NULL };

  mig_form_set_form_name (MIG_FORM (self), "Palette");
  self->colour = gtk_drop_down_new_from_strings (colours);
  self->size = gtk_spin_button_new_with_range (1, 50, 1);
  mig_widget_set_state_id (self->colour, "colour");
  mig_widget_set_state_id (self->size, "size");
  gtk_box_append (GTK_BOX (box), self->colour);
  gtk_box_append (GTK_BOX (box), self->size);
  mig_form_set_child (MIG_FORM (self), box);
}

/* ---- The target: the same application ---- */

typedef struct
{
  MigApplication *app;
  guint           delivered;
} Target;

static gboolean
deliver_cb (MigShell   *shell,
            const char *id,
            const char *app_id,
            GFile      *file,
            Target     *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_file (file, &error);

  g_assert_no_error (error);
  mig_test_record_tree (tree);
  g_assert_true (mig_application_restore (target->app, tree, MIG_RESTORE_REASON_CLONE, &error));
  g_assert_no_error (error);
  target->delivered++;
  g_assert_true (mig_shell_report_restored (shell, id, NULL));
  return TRUE;
}

static MigShell *
new_shell (MigPeer **peer)
{
  static guint n;
  g_autofree char *dir = g_strdup_printf ("%s/forms-shell-%u", g_getenv ("MIGUI_TEST_HOME"), n++);
  g_autofree char *default_dir = mig_default_config_dir ();
  g_autoptr(GError) error = NULL;
  MigShell *shell = mig_shell_new (dir, &error);

  g_assert_no_error (error);
  mig_test_pair_dirs (default_dir, dir);
  mig_shell_set_accept_policy (shell, MIG_ACCEPT_POLICY_ALL);
  g_assert_true (mig_shell_listen (shell, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  *peer = mig_peer_new (mig_shell_get_device_id (shell), "Phone", "127.0.0.1", mig_shell_get_port (shell));
  return shell;
}

typedef struct
{
  GalleryApplication *app;
  MigWindow          *window;
  TestPalette        *palette;
  MigShell           *shell;
  MigPeer            *peer;
  Target              target;
} Fixture;

/* The other device: one for the whole test, since the application (one
 * for the whole test too) lists it, for the dialog, from MIGUI_PEERS. */
static MigShell *device_shell;
static MigPeer *device_peer;

static void
fixture_init (Fixture *f)
{
  f->shell = g_object_ref (device_shell);
  f->peer = g_object_ref (device_peer);
  mig_shell_set_accept_policy (f->shell, MIG_ACCEPT_POLICY_ALL);
  f->app = mig_test_gallery_new ();
  mig_application_register_form_type (MIG_APPLICATION (f->app), TEST_TYPE_PALETTE);
  /* Room for an alert over it (libadwaita 1.5's dialogs are inside it). */
  f->window = g_object_new (MIG_TYPE_WINDOW, "application", f->app, "default-width", 480, "default-height", 400,
                            NULL);
  f->palette = g_object_new (TEST_TYPE_PALETTE, NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), GTK_WIDGET (f->palette));
  gtk_window_present (GTK_WINDOW (f->window));
  f->target.app = MIG_APPLICATION (f->app);
  g_signal_connect (f->shell, "deliver", G_CALLBACK (deliver_cb), &f->target);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (f->palette->colour), 1);
  mig_test_flush ();
}

static void
fixture_clear (Fixture *f)
{
  g_signal_handlers_disconnect_by_func (f->shell, deliver_cb, &f->target);
  g_clear_object (&f->peer);
  g_clear_object (&f->shell);
  mig_test_quit_app (g_steal_pointer (&f->app));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean copy_synced (gpointer data);

static gboolean
send_form (Fixture         *f,
           MigFormSendMode  mode,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mig_application_send_form_async (MIG_APPLICATION (f->app), MIG_FORM (f->palette), f->peer, mode, NULL, sent_cb,
                                   &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!mig_application_send_form_finish (MIG_APPLICATION (f->app), result, error))
    return FALSE;
  /* The home welcomed the copy: the copy takes the welcome. */
  g_assert_true (mig_test_wait_for (copy_synced, f, WAIT_MS));
  return TRUE;
}

static MigFormWindow *
copy_window (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    if (MIG_IS_FORM_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
copy_synced (gpointer data)
{
  MigFormWindow *window = copy_window (data);
  MigFormSync *sync = window != NULL ? mig_form_window_get_sync (window) : NULL;

  return sync != NULL && mig_form_sync_get_synced (sync);
}

static TestPalette *
copy_palette (Fixture *f)
{
  MigFormWindow *window = copy_window (f);

  return window != NULL ? TEST_PALETTE (mig_form_window_get_form (window)) : NULL;
}

typedef struct
{
  GtkWidget *drop_down;
  guint      selected;
} Selected;

static gboolean
selected_is (gpointer data)
{
  Selected *s = data;

  return gtk_drop_down_get_selected (GTK_DROP_DOWN (s->drop_down)) == s->selected;
}

static void
assert_selected (GtkWidget *drop_down,
                 guint      selected)
{
  Selected s = { drop_down, selected };

  mig_test_wait_for (selected_is, &s, WAIT_MS);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down)), ==, selected);
}

static gboolean
copy_writable (gpointer data)
{
  return !mig_form_sync_get_read_only (mig_form_window_get_sync (copy_window (data)));
}

static gboolean
has_placeholder (gpointer form)
{
  return mig_form_get_placeholder (form) != NULL;
}

static gboolean
has_no_placeholder (gpointer form)
{
  return mig_form_get_placeholder (form) == NULL;
}

static gboolean
copy_ended (gpointer data)
{
  MigFormWindow *window = copy_window (data);

  return window != NULL && mig_form_window_get_form (window) == NULL;
}

/* Moved: the copy edits, the home shows where it is; brought back: the
 * copy says so, the home edits again with the copy's last values. */
static void
test_move_and_bring_back (void)
{
  Fixture f = { 0, };
  g_autoptr(GError) error = NULL;
  MigFormSync *home;
  TestPalette *copy;

  fixture_init (&f);
  g_assert_true (send_form (&f, MIG_FORM_SEND_MOVE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f.target.delivered, ==, 1);

  copy = copy_palette (&f);
  g_assert_nonnull (copy);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (copy->colour)), ==, 1);
  g_assert_true (has_placeholder (f.palette));
  home = mig_application_lookup_form_sync (MIG_APPLICATION (f.app), MIG_FORM (f.palette));
  g_assert_nonnull (home);
  g_assert_true (mig_form_sync_get_read_only (home));
  g_assert_true (mig_test_wait_for (copy_writable, &f, WAIT_MS));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (copy->colour), 2);
  assert_selected (f.palette->colour, 2);

  mig_application_bring_form_home (MIG_APPLICATION (f.app), MIG_FORM (f.palette));
  g_assert_true (mig_test_wait_for (copy_ended, &f, WAIT_MS));
  g_assert_true (has_no_placeholder (f.palette));
  g_assert_false (mig_form_sync_get_read_only (home));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (f.palette->colour)), ==, 2);

  fixture_clear (&f);
}

/* The copy's window closes: a moved form comes home with its last state. */
static void
test_copy_closes (void)
{
  Fixture f = { 0, };
  g_autoptr(GError) error = NULL;

  fixture_init (&f);
  g_assert_true (send_form (&f, MIG_FORM_SEND_MOVE, &error));
  g_assert_no_error (error);
  g_assert_true (mig_test_wait_for (copy_writable, &f, WAIT_MS));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (copy_palette (&f)->size), 17);
  mig_test_flush ();
  gtk_window_destroy (GTK_WINDOW (copy_window (&f)));
  g_assert_true (mig_test_wait_for (has_no_placeholder, f.palette, WAIT_MS));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (f.palette->size)), ==, 17);
  g_assert_false (mig_form_sync_get_read_only (mig_application_lookup_form_sync (MIG_APPLICATION (f.app),
                                                                               MIG_FORM (f.palette))));
  fixture_clear (&f);
}

/* Shared: both edit; the home ends the sharing, and the copy says why. */
static void
test_share (void)
{
  Fixture f = { 0, };
  g_autoptr(GError) error = NULL;
  TestPalette *copy;

  fixture_init (&f);
  g_assert_true (send_form (&f, MIG_FORM_SEND_SHARE, &error));
  g_assert_no_error (error);
  g_assert_false (has_placeholder (f.palette));
  copy = copy_palette (&f);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (copy->colour), 0);
  assert_selected (f.palette->colour, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (f.palette->colour), 2);
  assert_selected (copy->colour, 2);

  mig_form_sync_close (mig_application_lookup_form_sync (MIG_APPLICATION (f.app), MIG_FORM (f.palette)),
                       "The round is over");
  g_assert_true (mig_test_wait_for (copy_ended, &f, WAIT_MS));
  fixture_clear (&f);
}

static gboolean
device_installed (gpointer data)
{
  MigDevicePicker *picker = mig_test_find_picker ();
  AdwActionRow *row = picker != NULL ? mig_test_find_row (GTK_WIDGET (picker), mig_shell_get_name (data)) : NULL;

  return row != NULL && g_strcmp0 (adw_action_row_get_subtitle (row), "Installed") == 0;
}

static gboolean
picker_gone (gpointer data)
{
  mig_test_flush ();
  return mig_test_find_picker () == NULL;
}

/* Opens "Send Part to Device" for the palette, chooses @button ("Share",
 * "Show Only" or "Move") and the device. */
static void
send_with_picker (Fixture    *f,
                  const char *button)
{
  MigDevicePicker *picker;
  GtkWidget *toggle;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.send-part-to-device", "s", "Palette"));
  g_assert_true (mig_test_wait_for (device_installed, f->shell, WAIT_MS));
  picker = mig_test_find_picker ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (picker)), ==, "Send “Palette” to Device");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (picker)) == GTK_WINDOW (f->window));
  /* A form is moved, shared or shown; it is not copied. */
  g_assert_false (gtk_widget_get_visible (mig_test_find (picker, "copy_button")));
  toggle = mig_test_find (picker, button);
  g_assert_true (gtk_widget_get_visible (toggle));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_signal_emit_by_name (mig_test_find_row (GTK_WIDGET (picker), mig_shell_get_name (f->shell)), "activated");
  g_assert_true (mig_test_wait_for (picker_gone, NULL, WAIT_MS));
}

static gboolean
failure_shown (gpointer data)
{
  GtkWidget *alert = mig_alert_find (data, NULL);

  return alert != NULL && strstr (mig_alert_get_body (alert), "“Palette” could not be sent") != NULL;
}

/* "Send Part to Device…" in the window: shared from the dialog, the copy
 * is live there; shown only, it follows read-only; when the device
 * declines, the window says so and the form stays. */
static void
test_picker (void)
{
  Fixture f = { 0, };
  GtkWidget *alert;

  fixture_init (&f);
  send_with_picker (&f, "share_button");
  g_assert_true (mig_test_wait_for (copy_synced, &f, WAIT_MS));
  g_assert_false (has_placeholder (f.palette));
  g_assert_false (mig_form_sync_get_read_only (mig_form_window_get_sync (copy_window (&f))));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (copy_palette (&f)->colour), 2);
  assert_selected (f.palette->colour, 2);
  gtk_window_destroy (GTK_WINDOW (copy_window (&f)));
  mig_test_flush ();

  send_with_picker (&f, "watch_button");
  g_assert_true (mig_test_wait_for (copy_synced, &f, WAIT_MS));
  g_assert_true (mig_form_sync_get_read_only (mig_form_window_get_sync (copy_window (&f))));
  gtk_window_destroy (GTK_WINDOW (copy_window (&f)));
  mig_test_flush ();

  /* The device's user is asked, and nobody answers. */
  mig_shell_set_accept_policy (f.shell, MIG_ACCEPT_POLICY_ASK);
  send_with_picker (&f, "move_button");
  g_assert_true (mig_test_wait_for (failure_shown, f.window, WAIT_MS));
  alert = mig_alert_find (GTK_WIDGET (f.window), NULL);
  g_test_message ("%s", mig_alert_get_body (alert));
  g_assert_false (has_placeholder (f.palette));
  g_assert_null (copy_window (&f));
  mig_alert_close (alert);
  fixture_clear (&f);
}

/* A form type the application did not register does not travel. */
static void
test_unregistered (void)
{
  Fixture f = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *other = mig_form_new ("Other");

  fixture_init (&f);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f.window), other);
  mig_application_send_form_async (MIG_APPLICATION (f.app), MIG_FORM (other), f.peer, MIG_FORM_SEND_SHARE, NULL,
                                   sent_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (mig_application_send_form_finish (MIG_APPLICATION (f.app), result, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_UNKNOWN_TYPE);
  g_assert_cmpuint (f.target.delivered, ==, 0);
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The gallery is "installed" for the peer shells of this test. */
  mig_test_install_gallery ();
  mig_test_init (&argc, &argv);
  {
    g_autofree char *peers = NULL;

    device_shell = new_shell (&device_peer);
    peers = g_strdup_printf ("127.0.0.1:%u", mig_shell_get_port (device_shell));
    g_setenv ("MIGUI_PEERS", peers, TRUE);
  }

  g_test_add_func ("/Mig/Forms/move-and-bring-back", test_move_and_bring_back);
  g_test_add_func ("/Mig/Forms/copy-closes", test_copy_closes);
  g_test_add_func ("/Mig/Forms/share", test_share);
  g_test_add_func ("/Mig/Forms/unregistered", test_unregistered);
  g_test_add_func ("/Mig/Forms/picker", test_picker);
  status = mig_test_run ();
  g_clear_object (&device_peer);
  g_clear_object (&device_shell);
  return status;
}
