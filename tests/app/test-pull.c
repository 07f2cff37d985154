/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Continue here", in-process: device B's shell asks device A's shell for
 * the gallery, which runs on A (a real, unique GApplication on the session
 * bus), and the gallery migrates to B as any migration does.  A's shell and
 * the gallery share A's identity, as on a real device.
 */

#include "mig-policy-private.h"
#include "mig-shell-private.h"
#include "mig-shell-pull-private.h"
#include "mig-test-utils.h"
#include "mig-paths-private.h"
#include "mig-trust-store-private.h"

#define GALLERY_ID "org.migui.Gallery"

static GalleryApplication *app;   /* on A */
static MigShell *shell_a;
static MigShell *shell_b;         /* paired with A */
static MigShell *shell_c;         /* paired with A too */
static char *config_a;

typedef struct
{
  char *delivered;
  char *tree;
  guint n_delivered;
} Received;

static gboolean
deliver_cb (MigShell   *shell,
            const char *id,
            const char *app_id,
            GFile      *file,
            Received   *received)
{
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_file (file, NULL);

  g_assert_nonnull (tree);
  g_assert_cmpstr (app_id, ==, GALLERY_ID);
  g_free (received->delivered);
  g_free (received->tree);
  received->delivered = g_strdup (id);
  received->tree = mig_form_tree_to_data (tree, NULL);
  received->n_delivered++;
  g_assert_true (mig_shell_report_restored (shell, id, NULL));
  return TRUE;
}

static void
set_pull_rule (MigShell        *requester,
               const char      *app_id,
               MigPolicyAction  action)
{
  g_autofree char *key = g_strconcat ("pull:", app_id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (mig_policy_set (config_a, mig_shell_get_device_id (requester), key, action, &error));
  g_assert_no_error (error);
}

static MigPeer *
peer_a (void)
{
  return mig_peer_new (mig_shell_get_device_id (shell_a), "Laptop", "127.0.0.1", mig_shell_get_port (shell_a));
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static GVariant *
list_running (MigShell  *requester,
              GError   **error)
{
  g_autoptr(MigPeer) peer = peer_a ();
  g_autoptr(GAsyncResult) result = NULL;

  mig_shell_list_remote_running_async (requester, peer, NULL, result_cb, &result);
  return mig_shell_list_remote_running_finish (requester, wait_result (&result), error);
}

static gboolean
continue_here (MigShell    *requester,
               const char  *app_id,
               gboolean     clone,
               GError     **error)
{
  g_autoptr(MigPeer) peer = peer_a ();
  g_autoptr(GAsyncResult) result = NULL;

  mig_shell_continue_async (requester, peer, app_id, clone, NULL, result_cb, &result);
  return mig_shell_continue_finish (requester, wait_result (&result), error);
}

static GalleryWindow *
new_window (const char *text)
{
  GalleryWindow *window = mig_test_new_gallery_window (app);

  gtk_window_set_title (GTK_WINDOW (window), "Gallery — pulled");
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), text);
  mig_test_flush ();
  return window;
}

static guint
n_windows (void)
{
  return g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
}

/* The gallery is listed, with its windows' titles only for a device that
 * may take it without asking, and not at all for one that may not. */
static void
test_running (void)
{
  GalleryWindow *window = new_window ("listed");
  g_autoptr(GVariant) apps = NULL;
  g_autoptr(GVariant) titles = NULL;
  g_autoptr(GError) error = NULL;
  const char *id, *name, *icon;
  guint32 windows;

  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_ASK);
  apps = list_running (shell_b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (apps), ==, 1);
  g_variant_get_child (apps, 0, "(&s&s&su@as)", &id, &name, &icon, &windows, &titles);
  g_assert_cmpstr (id, ==, GALLERY_ID);
  g_assert_cmpstr (name, ==, "Gallery");
  g_assert_cmpuint (windows, ==, 1);
  g_assert_cmpuint (g_variant_n_children (titles), ==, 0);
  g_clear_pointer (&apps, g_variant_unref);
  g_clear_pointer (&titles, g_variant_unref);

  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_ALLOW);
  apps = list_running (shell_b, &error);
  g_assert_no_error (error);
  g_variant_get_child (apps, 0, "(&s&s&su@as)", &id, &name, &icon, &windows, &titles);
  g_assert_cmpuint (g_variant_n_children (titles), ==, 1);
  g_variant_get_child (titles, 0, "&s", &name);
  g_assert_cmpstr (name, ==, "Gallery — pulled");
  g_clear_pointer (&apps, g_variant_unref);

  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_DENY);
  apps = list_running (shell_b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (apps), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  mig_test_flush ();
}

/* Allowed: the gallery moves to B with what was typed, and is gone from
 * A; B's user is not asked (B's shell asks for every offer otherwise). */
static void
test_move (void)
{
  Received received = { 0 };
  g_autoptr(GError) error = NULL;

  new_window ("pulled text");
  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_ALLOW);
  g_signal_connect (shell_b, "deliver", G_CALLBACK (deliver_cb), &received);

  g_assert_true (continue_here (shell_b, GALLERY_ID, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (received.n_delivered, ==, 1);
  g_assert_nonnull (strstr (received.tree, "pulled text"));
  g_assert_cmpint (mig_shell_lookup (shell_b, received.delivered)->state, ==, MIG_SHELL_STATE_COMMITTED);
  mig_test_flush ();
  g_assert_cmpuint (n_windows (), ==, 0);

  g_signal_handlers_disconnect_by_func (shell_b, deliver_cb, &received);
  g_free (received.delivered);
  g_free (received.tree);
}

static void
answer_cb (MigShell   *shell,
           const char *pull_id,
           const char *device_name,
           const char *app_id,
           const char *app_name,
           gpointer    allow)
{
  g_assert_cmpstr (app_id, ==, GALLERY_ID);
  g_assert_cmpstr (app_name, ==, "Gallery");
  g_assert_nonnull (device_name);
  mig_shell_answer_pull (shell, pull_id, GPOINTER_TO_INT (allow));
}

/* Ask (the default): A's user declines, then allows a copy. */
static void
test_ask (void)
{
  Received received = { 0 };
  g_autoptr(GError) error = NULL;
  gulong handler;

  new_window ("asked");
  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_ASK);
  g_signal_connect (shell_b, "deliver", G_CALLBACK (deliver_cb), &received);

  /* Nobody to ask on A: declined, with how to allow it. */
  g_assert_false (continue_here (shell_b, GALLERY_ID, FALSE, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "migui policy allow --pull"));
  g_clear_error (&error);

  handler = g_signal_connect (shell_a, "ask-pull", G_CALLBACK (answer_cb), GINT_TO_POINTER (FALSE));
  g_assert_false (continue_here (shell_b, GALLERY_ID, FALSE, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Declined on"));
  g_clear_error (&error);
  g_signal_handler_disconnect (shell_a, handler);
  g_assert_cmpuint (received.n_delivered, ==, 0);
  g_assert_cmpuint (n_windows (), ==, 1);

  handler = g_signal_connect (shell_a, "ask-pull", G_CALLBACK (answer_cb), GINT_TO_POINTER (TRUE));
  g_assert_true (continue_here (shell_b, GALLERY_ID, TRUE, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (shell_a, handler);
  g_assert_cmpuint (received.n_delivered, ==, 1);
  g_assert_nonnull (strstr (received.tree, "asked"));
  /* A copy: the gallery goes on here too. */
  mig_test_flush ();
  g_assert_cmpuint (n_windows (), ==, 1);

  g_signal_handlers_disconnect_by_func (shell_b, deliver_cb, &received);
  g_free (received.delivered);
  g_free (received.tree);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

static void
keep_question_cb (MigShell   *shell,
                  const char *pull_id,
                  const char *device_name,
                  const char *app_id,
                  const char *app_name,
                  char      **asked)
{
  g_assert_null (*asked);
  *asked = g_strdup (pull_id);
}

/* A device asks one thing at a time: while A's user has not answered, a
 * second pull of B's is refused, and no second question is asked. */
static void
test_one_at_a_time (void)
{
  g_autoptr(MigPeer) peer = peer_a ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *asked = NULL;
  gulong handler;

  new_window ("one at a time");
  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_ASK);
  handler = g_signal_connect (shell_a, "ask-pull", G_CALLBACK (keep_question_cb), &asked);
  mig_shell_continue_async (shell_b, peer, GALLERY_ID, FALSE, NULL, result_cb, &first);
  while (asked == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (continue_here (shell_b, GALLERY_ID, FALSE, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "already asked"));
  g_clear_error (&error);

  mig_shell_answer_pull (shell_a, asked, FALSE);
  g_assert_false (mig_shell_continue_finish (shell_b, wait_result (&first), &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_signal_handler_disconnect (shell_a, handler);
  g_assert_cmpuint (n_windows (), ==, 1);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

/* Refusals, each before anything moves. */
static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;

  new_window ("stays");

  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_DENY);
  g_assert_false (continue_here (shell_b, GALLERY_ID, FALSE, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "does not let this device continue"));
  g_clear_error (&error);

  /* Not installed on the requester: A is not even asked. */
  set_pull_rule (shell_b, "*", MIG_POLICY_ALLOW);
  g_assert_false (continue_here (shell_b, "org.example.NotInstalled", FALSE, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_APP_NOT_INSTALLED);
  g_clear_error (&error);

  /* Installed here, but not running there. */
  g_assert_false (continue_here (shell_b, "org.migui.Installed", FALSE, &error));
  g_assert_error (error, MIG_ERROR, MIG_ERROR_NOT_RUNNING);
  g_clear_error (&error);

  g_assert_cmpuint (n_windows (), ==, 1);
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

/* B and C pull the gallery at once: it ends on exactly one of them, and
 * the other is told why. */
static void
test_race (void)
{
  Received received_b = { 0 }, received_c = { 0 };
  g_autoptr(MigPeer) peer = peer_a ();
  g_autoptr(GAsyncResult) result_b = NULL;
  g_autoptr(GAsyncResult) result_c = NULL;
  g_autoptr(GError) error_b = NULL;
  g_autoptr(GError) error_c = NULL;
  gboolean done_b, done_c;

  new_window ("raced");
  set_pull_rule (shell_b, GALLERY_ID, MIG_POLICY_ALLOW);
  set_pull_rule (shell_c, GALLERY_ID, MIG_POLICY_ALLOW);
  g_signal_connect (shell_b, "deliver", G_CALLBACK (deliver_cb), &received_b);
  g_signal_connect (shell_c, "deliver", G_CALLBACK (deliver_cb), &received_c);

  mig_shell_continue_async (shell_b, peer, GALLERY_ID, FALSE, NULL, result_cb, &result_b);
  mig_shell_continue_async (shell_c, peer, GALLERY_ID, FALSE, NULL, result_cb, &result_c);
  done_b = mig_shell_continue_finish (shell_b, wait_result (&result_b), &error_b);
  done_c = mig_shell_continue_finish (shell_c, wait_result (&result_c), &error_c);

  g_test_message ("B: %s; C: %s", done_b ? "pulled" : error_b->message, done_c ? "pulled" : error_c->message);
  g_assert_true (done_b != done_c);
  g_assert_cmpuint (received_b.n_delivered + received_c.n_delivered, >=, 1);
  if (received_b.delivered != NULL)
    g_assert_cmpint (mig_shell_lookup (shell_b, received_b.delivered)->state, ==,
                     done_b ? MIG_SHELL_STATE_COMMITTED : MIG_SHELL_STATE_ABORTED);
  if (received_c.delivered != NULL)
    g_assert_cmpint (mig_shell_lookup (shell_c, received_c.delivered)->state, ==,
                     done_c ? MIG_SHELL_STATE_COMMITTED : MIG_SHELL_STATE_ABORTED);
  mig_test_flush ();
  g_assert_cmpuint (n_windows (), ==, 0);

  g_signal_handlers_disconnect_by_func (shell_b, deliver_cb, &received_b);
  g_signal_handlers_disconnect_by_func (shell_c, deliver_cb, &received_c);
  g_free (received_b.delivered);
  g_free (received_b.tree);
  g_free (received_c.delivered);
  g_free (received_c.tree);
}

static MigShell *
new_paired_shell (const char *name)
{
  g_autofree char *dir = g_strdup_printf ("%s/%s", g_getenv ("MIGUI_TEST_HOME"), name);
  g_autofree char *conf = g_build_filename (dir, "shell.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[shell]\nname=%s\n", name);
  g_autoptr(GError) error = NULL;
  MigShell *shell;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  shell = mig_shell_new (dir, &error);
  g_assert_no_error (error);
  mig_test_pair_dirs (config_a, dir);
  g_assert_true (mig_shell_listen (shell, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  return shell;
}

static void
install (const char *apps,
         const char *id,
         const char *name)
{
  g_autofree char *desktop = g_strdup_printf ("%s/%s.desktop", apps, id);
  g_autofree char *text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=%s\nIcon=%s\nExec=false %%F\n",
                                           name, id);

  g_assert_true (g_file_set_contents (desktop, text, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = g_dir_make_tmp ("migui-data-XXXXXX", NULL);
  g_autofree char *apps = g_build_filename (data, "applications", NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Installed on every device of this test (they share the folders). */
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  install (apps, GALLERY_ID, "Gallery");
  install (apps, "org.migui.Installed", "Installed");
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  mig_test_init (&argc, &argv);

  /* A: the gallery, unique on the bus as a desktop's application is, and
   * a shell of the same identity on the same bus. */
  config_a = mig_default_config_dir ();
  app = gallery_application_new ();
  mig_application_set_recovery_enabled (MIG_APPLICATION (app), FALSE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  shell_a = mig_shell_new (config_a, &error);
  g_assert_no_error (error);
  g_assert_true (mig_shell_listen (shell_a, "127.0.0.1", 0, &error));
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mig_shell_export (shell_a, bus, &error));
  g_assert_no_error (error);
  /* B and C: other devices, paired with A, whose users ask for every
   * offer (and nobody answers). */
  shell_b = new_paired_shell ("Desktop");
  shell_c = new_paired_shell ("Tablet");

  g_test_add_func ("/Mig/Pull/running", test_running);
  g_test_add_func ("/Mig/Pull/move", test_move);
  g_test_add_func ("/Mig/Pull/ask", test_ask);
  g_test_add_func ("/Mig/Pull/one-at-a-time", test_one_at_a_time);
  g_test_add_func ("/Mig/Pull/refused", test_refused);
  g_test_add_func ("/Mig/Pull/race", test_race);
  status = mig_test_run ();

  mig_shell_unexport (shell_a);
  g_clear_object (&shell_a);
  g_clear_object (&shell_b);
  g_clear_object (&shell_c);
  g_clear_object (&app);
  g_free (config_a);
  return status;
}
