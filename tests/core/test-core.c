/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mig-device-id-private.h"
#include "mig-identity-private.h"
#include "mig-paths-private.h"
#include "mig-test-env.h"
#include "mig-versions-private.h"

/* One device ID, whoever asks: the identity that the shell loads and the
 * checkpoints that applications write agree, and the file is private. */
static void
test_device_id (void)
{
  g_autofree char *dir = mig_default_config_dir ();
  g_autofree char *path = g_build_filename (dir, "device-id", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigIdentity) identity = NULL;
  const char *id = mig_device_id_get ();
  GStatBuf st;

  g_assert_nonnull (id);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  identity = mig_identity_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mig_identity_get_device_id (identity), ==, id);
  g_assert_cmpstr (mig_device_id_get (), ==, id);
}

/* A damaged ID file is replaced by a new, valid ID. */
static void
test_device_id_damaged (void)
{
  g_autofree char *dir = g_build_filename (mig_test_env_get_root (), "damaged", NULL);
  g_autofree char *path = g_build_filename (dir, "device-id", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "not an ID\n", -1, NULL));
  /* The bad file stays where it is until it is replaced atomically. */
  g_unlink (path);
  id = mig_device_id_load (dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  again = mig_device_id_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, id);
}

static void
test_versions (void)
{
  g_assert_cmpint (mig_compare_versions ("0.10", "0.9"), >, 0);
  g_assert_cmpint (mig_compare_versions ("1.0", "1"), ==, 0);
  g_assert_cmpint (mig_compare_versions ("1.0.1", "1.0"), >, 0);
  g_assert_cmpint (mig_compare_versions ("2", "10"), <, 0);
  g_assert_cmpint (mig_compare_versions ("", "0"), ==, 0);
}

static void
test_paths (void)
{
  g_autofree char *incoming = mig_incoming_dir ();
  g_autofree char *state = mig_app_state_dir ("org.example.App");

  g_assert_true (g_str_has_prefix (incoming, g_get_user_runtime_dir ()));
  g_assert_true (g_str_has_suffix (incoming, "/migui/incoming"));
  g_assert_true (g_str_has_prefix (state, g_get_user_state_dir ()));
  g_assert_true (g_str_has_suffix (state, "/migui/org.example.App"));
}

int
main (int   argc,
      char *argv[])
{
  mig_test_env_init_installed (&argc, &argv, "org.migui.CoreTest", "Core Test");

  g_test_add_func ("/Mig/Core/device-id", test_device_id);
  g_test_add_func ("/Mig/Core/device-id-damaged", test_device_id_damaged);
  g_test_add_func ("/Mig/Core/versions", test_versions);
  g_test_add_func ("/Mig/Core/paths", test_paths);

  return mig_test_env_run ();
}
