/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "mig-identity-private.h"
#include "mig-test-env.h"
#include "mig-trust-store-private.h"

static char *tmp_root;

/* A private home for the test program: config and data folders under a
 * temporary root, with a desktop file that makes @app_id an installed
 * application (its Exec fails: nothing is launched).  Then g_test_init(). */
void
mig_test_env_init_installed (int          *argc,
                             char       ***argv,
                             const char   *app_id,
                             const char   *app_name)
{
  g_autofree char *apps = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;

  tmp_root = g_dir_make_tmp ("mig-test-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);
  data = g_build_filename (tmp_root, "data", NULL);
  config = g_build_filename (tmp_root, "config", NULL);
  apps = g_build_filename (data, "applications", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  desktop = g_strconcat (apps, "/", app_id, ".desktop", NULL);
  contents = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=%s\nExec=false %%F\n"
                              "X-Migui-Version=1.0\n", app_name);
  g_assert_true (g_file_set_contents (desktop, contents, -1, NULL));
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  g_test_init (argc, argv, NULL);
}

const char *
mig_test_env_get_root (void)
{
  return tmp_root;
}

/* Removes @path and everything in it. */
void
mig_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mig_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Runs the tests, then removes the temporary root. */
int
mig_test_env_run (void)
{
  int ret = g_test_run ();

  if (tmp_root != NULL)
    mig_test_remove_tree (tmp_root);
  g_clear_pointer (&tmp_root, g_free);
  return ret;
}

/* Iterates the main context until @condition holds or @timeout_ms pass;
 * whether it held. */
gboolean
mig_test_wait_for (gboolean (*condition) (gpointer),
                   gpointer   data,
                   guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

/* Pairs the devices of two config folders as a confirmed pairing would:
 * each records the other's ID, name and certificate.  Tests of other
 * things use it; test-shell pairs through the protocol. */
void
mig_test_pair_dirs (const char *config_dir_a,
                    const char *config_dir_b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigIdentity) a = mig_identity_load (config_dir_a, &error);
  g_autoptr(MigIdentity) b = NULL;

  g_assert_no_error (error);
  b = mig_identity_load (config_dir_b, &error);
  g_assert_no_error (error);
  g_assert_true (mig_trust_store_add (config_dir_a, mig_identity_get_device_id (b),
                                      mig_identity_get_name (b), mig_identity_get_fingerprint (b),
                                      &error));
  g_assert_true (mig_trust_store_add (config_dir_b, mig_identity_get_device_id (a),
                                      mig_identity_get_name (a), mig_identity_get_fingerprint (a),
                                      &error));
  g_assert_no_error (error);
}

/* ---- A channel between two ends of this process ---- */

typedef struct
{
  MigChannel *accepted;
  MigChannel *connected;
  GError     *error;
  gboolean    done;
} Pair;

static void
pair_incoming_cb (MigChannelListener *listener,
                  MigChannel         *channel,
                  Pair               *pair)
{
  g_set_object (&pair->accepted, channel);
}

static void
pair_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pair *pair = user_data;

  pair->connected = mig_channel_connect_finish (result, &pair->error);
  pair->done = TRUE;
}

static gboolean
pair_ready (gpointer data)
{
  Pair *pair = data;

  return pair->done && (pair->error != NULL || pair->accepted != NULL);
}

/* A channel on loopback: @accepted is the listener's end, @connected the
 * other.  Returns the listener, which still listens. */
MigChannelListener *
mig_test_channel_pair (MigChannelFlags   flags,
                       MigChannel      **accepted,
                       MigChannel      **connected)
{
  MigChannelListener *listener = mig_channel_listener_new ();
  g_autoptr(GError) error = NULL;
  Pair pair = { 0, };

  g_assert_true (mig_channel_listener_listen (listener, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_signal_connect (listener, "incoming", G_CALLBACK (pair_incoming_cb), &pair);
  mig_channel_connect_async ("127.0.0.1", mig_channel_listener_get_port (listener), flags, NULL,
                             pair_connected_cb, &pair);
  g_assert_true (mig_test_wait_for (pair_ready, &pair, 5000));
  g_assert_no_error (pair.error);
  g_signal_handlers_disconnect_by_func (listener, pair_incoming_cb, &pair);
  *accepted = pair.accepted;
  *connected = pair.connected;
  return listener;
}

/* The gallery is "installed" for the peer shells of a test: a desktop
 * file in a data folder of its own (XDG_DATA_HOME).  Call it before
 * mig_test_init(). */
void
mig_test_install_gallery (void)
{
  g_autofree char *data = g_dir_make_tmp ("migui-data-XXXXXX", NULL);
  g_autofree char *apps = g_build_filename (data, "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "org.migui.Gallery.desktop", NULL);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_true (g_file_set_contents (desktop, "[Desktop Entry]\nType=Application\nName=Gallery\n"
                                               "Exec=false %F\n", -1, NULL));
  g_setenv ("XDG_DATA_HOME", data, TRUE);
}
