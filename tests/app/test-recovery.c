/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "mig-test-utils.h"

/*
 * Crash recovery.  In-process: a subprocess types into a window and ends
 * without a clean shutdown; the next start restores it with reason
 * RECOVER.  As a real program: the gallery is killed with SIGKILL a moment
 * after a user typed into it, and its next start shows what was typed.
 */

static char *
state_path (const char *name)
{
  return g_build_filename (g_get_user_state_dir (), "migui", "org.migui.Gallery", name, NULL);
}

typedef struct
{
  const char *path;
  const char *needle;
} FileCheck;

static gboolean
file_contains (gpointer data)
{
  FileCheck *check = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (check->path, &contents, NULL, NULL) && strstr (contents, check->needle) != NULL;
}

static gboolean
file_missing (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static GalleryApplication *
start_app (void)
{
  GalleryApplication *app = gallery_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  mig_application_set_recovery_interval (MIG_APPLICATION (app), 1);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static int last_reason = -1;

static gboolean
record_reason (GSignalInvocationHint *hint,
               guint                  n_params,
               const GValue          *params,
               gpointer               data)
{
  last_reason = g_value_get_enum (&params[1]);
  return TRUE;
}

static void
test_recover_in_process (void)
{
  g_autofree char *path = state_path ("recovery.migui");
  g_autofree char *restoring = state_path ("recovery.migui.restoring");
  g_autoptr(GalleryApplication) app = NULL;
  g_autoptr(GList) windows = NULL;

  if (g_test_subprocess ())
    {
      /* The first run: type, wait for the checkpoint, end without quitting. */
      GalleryApplication *first = start_app ();
      GalleryWindow *window = mig_test_new_gallery_window (first);
      FileCheck check = { path, "typed before the crash" };

      gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), "typed before the crash");
      g_assert_true (mig_test_wait_for (file_contains, &check, 5000));
      return;
    }

  g_unlink (path);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The next start: the checkpoint is set aside while it is restored and
   * replaces the application's usual first window. */
  g_type_class_unref (g_type_class_ref (MIG_TYPE_WINDOW));
  g_signal_add_emission_hook (g_signal_lookup ("post-migrate", MIG_TYPE_WINDOW), 0, record_reason, NULL, NULL);
  app = start_app ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (restoring, G_FILE_TEST_EXISTS));

  g_application_activate (G_APPLICATION (app));
  windows = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_WINDOW);
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (windows->data, "entry"))), ==,
                   "typed before the crash");
  g_assert_cmpint (last_reason, ==, MIG_RESTORE_REASON_RECOVER);
  g_assert_false (g_file_test (restoring, G_FILE_TEST_EXISTS));
  /* Restored, it is the recovery checkpoint again at once: a crash right
   * after recovering, before the timer writes the next one, loses
   * nothing. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    FileCheck check = { path, "typed before the crash" };

    g_assert_true (file_contains (&check));
  }
  mig_test_destroy_windows (GTK_APPLICATION (app));
}

static gboolean
has_entry_text (GList      *windows,
                const char *text)
{
  for (GList *l = windows; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (l->data, "entry"))), text) == 0)
      return TRUE;
  return FALSE;
}

static char *
opened_file_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "mig-open-after-crash.migui", NULL);
}

/* The first run of open-after-crash: type, wait for the checkpoint, end
 * without quitting. */
static void
open_after_crash_crash (void)
{
  g_autofree char *path = state_path ("recovery.migui");
  GalleryApplication *first;
  GalleryWindow *window;
  FileCheck check = { path, "typed before the crash" };

  if (!g_test_subprocess ())
    return;
  first = start_app ();
  window = mig_test_new_gallery_window (first);
  gtk_editable_set_text (GTK_EDITABLE (mig_test_find (window, "entry")), "typed before the crash");
  g_assert_true (mig_test_wait_for (file_contains, &check, 5000));
}

/* The next run of open-after-crash, started to open a file. */
static void
open_after_crash_open (void)
{
  g_autofree char *opened_path = opened_file_path ();
  g_autoptr(GFile) opened = g_file_new_for_path (opened_path);
  g_autoptr(GalleryApplication) app = NULL;
  g_autoptr(GList) windows = NULL;

  if (!g_test_subprocess ())
    return;
  app = start_app ();
  g_application_open (G_APPLICATION (app), &opened, 1, "");
  windows = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_WINDOW);
  g_assert_cmpuint (g_list_length (windows), ==, 2);
  g_assert_true (has_entry_text (windows, "typed before the crash"));
  g_assert_true (has_entry_text (windows, "typed in the file"));
}

/* Started after a crash to open a file (or to receive an application):
 * the crashed session comes back beside what was opened, instead of being
 * set aside and lost. */
static void
test_open_after_crash (void)
{
  g_autofree char *path = state_path ("recovery.migui");
  g_autofree char *opened_path = opened_file_path ();
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_auto(GStrv) parts = NULL;

  g_unlink (path);
  g_test_trap_subprocess ("/Mig/Recovery/open-after-crash/subprocess/crash", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  /* A file with other values, for the next start to open. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  parts = g_strsplit (text, "typed before the crash", -1);
  changed = g_strjoinv ("typed in the file", parts);
  g_assert_true (g_file_set_contents (opened_path, changed, -1, NULL));

  g_test_trap_subprocess ("/Mig/Recovery/open-after-crash/subprocess/open", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unlink (opened_path);
}

/* A checkpoint whose restore crashed is dropped, not restored in a loop. */
static void
test_crashed_restore_dropped (void)
{
  g_autofree char *restoring = state_path ("recovery.migui.restoring");
  g_autofree char *path = state_path ("recovery.migui");

  if (g_test_subprocess ())
    {
      g_autoptr(GalleryApplication) app = NULL;

      g_test_expect_message ("migui", G_LOG_LEVEL_WARNING, "*last recovery of this application crashed*");
      app = start_app ();
      g_test_assert_expected_messages ();
      g_assert_false (g_file_test (restoring, G_FILE_TEST_EXISTS));
      g_application_activate (G_APPLICATION (app));
      /* Nothing to recover: the usual first window, empty. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mig_test_find (gtk_application_get_windows (GTK_APPLICATION (app))->data, "entry"))), ==, "");
      return;
    }

  g_mkdir_with_parents (g_path_get_dirname (restoring), 0700);
  g_assert_true (g_file_set_contents (restoring, "{\"format\":\"migui-form-tree\"}", -1, NULL));
  g_unlink (path);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_false (g_file_test (restoring, G_FILE_TEST_EXISTS));
}

/* The real gallery program. */

static GPid
spawn_gallery (void)
{
  const char *argv[] = { g_getenv ("MIGUI_GALLERY"), NULL };
  /* Its first window exports its actions on the bus once it is made. */
  const char *window[] = { "gdbus", "introspect", "--session", "--dest", "org.migui.Gallery",
                           "--object-path", "/org/migui/Gallery/window/1", NULL };
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  GPid pid;
  int status = 1;

  g_assert_nonnull (argv[0]);
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  while (g_get_monotonic_time () < end)
    {
      g_spawn_sync (NULL, (char **) window, NULL,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      if (g_spawn_check_wait_status (status, NULL))
        break;
      g_usleep (50 * 1000);
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* On X11 keys are typed into it: it must be shown (the window manager
   * focuses it then).  On Wayland no key is typed. */
  if (g_strcmp0 (g_getenv ("GDK_BACKEND"), "wayland") != 0)
    {
      const char *search[] = { "xdotool", "search", "--sync", "--onlyvisible", "--name", "Migratory Gallery", NULL };

      g_spawn_sync (NULL, (char **) search, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  /* Its first checkpoint's timer started. */
  g_usleep (500 * 1000);
  return pid;
}

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void
activate_action (const char *action,
                 const char *parameter)
{
  g_autofree char *params = parameter != NULL ? g_strdup_printf ("[<'%s'>]", parameter) : g_strdup ("[]");
  const char *argv[] = { "gdbus", "call", "--session", "--dest", "org.migui.Gallery",
                         "--object-path", "/org/migui/Gallery", "--method", "org.gtk.Actions.Activate",
                         action, params, "{}", NULL };
  run (argv);
}

static gboolean
process_gone (gpointer data)
{
  GPid pid = GPOINTER_TO_INT (data);

  return waitpid (pid, NULL, WNOHANG) == pid;
}

static void
open_with_entry_text (const char *text)
{
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "typed.migui", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *uris = g_strdup_printf ("['%s']", uri);
  g_autofree char *data = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  FileCheck saved = { path, "GalleryWindow" };
  const char *open[] = { "gdbus", "call", "--session", "--dest", "org.migui.Gallery",
                         "--object-path", "/org/migui/Gallery", "--method", "org.freedesktop.Application.Open",
                         uris, "{}", NULL };
  g_autofree char *with_text = g_strdup_printf ("\"entry\":{\"class\":\"GtkEntry\",\"props\":{\"text\":\"%s\"", text);

  activate_action ("save-to", path);
  g_assert_true (mig_test_wait_for (file_contains, &saved, 5000));
  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  edited = g_string_new (data);
  g_assert_cmpuint (g_string_replace (edited, "\"entry\":{\"class\":\"GtkEntry\",\"props\":{\"text\":\"\"",
                                      with_text, 1),
                    ==, 1);
  g_file_set_contents (path, edited->str, -1, &error);
  g_assert_no_error (error);
  run (open);
  g_unlink (path);
}

static void
test_sigkill (void)
{
  g_autofree char *path = state_path ("recovery.migui");
  g_autofree char *saved = g_build_filename (g_get_user_state_dir (), "after-crash.migui", NULL);
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved);
  g_autoptr(GError) error = NULL;
  FileCheck typed = { path, "keys before SIGKILL" };
  FileCheck resumed = { saved, "keys before SIGKILL" };
  const char *type[] = { "xdotool", "key", "alt+e", "type", "--delay", "15", "keys before SIGKILL", NULL };
  gint64 typed_at, saved_at;
  GPid pid;

  g_unlink (path);
  pid = spawn_gallery ();

  /* A user types into the entry (Alt+E is its mnemonic).  Wayland lets
   * no client type into another: there, the text comes in a checkpoint
   * the gallery is asked to open. */
  if (g_strcmp0 (g_getenv ("GDK_BACKEND"), "wayland") == 0)
    open_with_entry_text ("keys before SIGKILL");
  else
    run (type);
  typed_at = g_get_monotonic_time ();
  g_assert_true (mig_test_wait_for (file_contains, &typed, 10000));
  saved_at = g_get_monotonic_time ();
  g_test_message ("The recovery checkpoint had the typed text %.2f s after the last key",
                  (saved_at - typed_at) / 1e6);
  /* What a crash can lose is bounded by the recovery interval (2 s here). */
  g_assert_cmpint (saved_at - typed_at, <, 4 * G_USEC_PER_SEC);

  kill (pid, SIGKILL);
  g_assert_true (mig_test_wait_for (process_gone, GINT_TO_POINTER (pid), 5000));
  g_spawn_close_pid (pid);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The next start shows what was typed: ask it to save what it shows. */
  pid = spawn_gallery ();
  activate_action ("save-to", saved);
  g_assert_true (mig_test_wait_for (file_contains, &resumed, 5000));
  tree = mig_form_tree_new_from_file (saved_file, &error);
  g_assert_no_error (error);
  mig_test_record_tree (tree);

  /* A clean quit removes the checkpoint. */
  activate_action ("quit", NULL);
  g_assert_true (mig_test_wait_for (process_gone, GINT_TO_POINTER (pid), 5000));
  g_spawn_close_pid (pid);
  g_assert_true (mig_test_wait_for (file_missing, path, 1000));
  g_unlink (saved);
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);

  g_test_add_func ("/Mig/Recovery/in-process", test_recover_in_process);
  g_test_add_func ("/Mig/Recovery/crashed-restore-dropped", test_crashed_restore_dropped);
  g_test_add_func ("/Mig/Recovery/open-after-crash", test_open_after_crash);
  g_test_add_func ("/Mig/Recovery/open-after-crash/subprocess/crash", open_after_crash_crash);
  g_test_add_func ("/Mig/Recovery/open-after-crash/subprocess/open", open_after_crash_open);
  g_test_add_func ("/Mig/Recovery/sigkill", test_sigkill);

  return mig_test_run ();
}
