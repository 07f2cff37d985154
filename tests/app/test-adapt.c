/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mig-form-tree-private.h"
#include "mig-state-private.h"
#include "mig-test-utils.h"

/* Runs on a 360×720 screen (see tests/meson.build): a window made on a
 * desktop arrives on a phone-sized device. */

static MigDeviceProfile *adapted_to;

static gboolean
on_adapt (GSignalInvocationHint *hint,
          guint                  n_params,
          const GValue          *params,
          gpointer               data)
{
  g_set_object (&adapted_to, g_value_get_object (&params[1]));
  return TRUE;
}

static void
test_phone (void)
{
  g_autoptr(GalleryApplication) app = mig_test_gallery_new ();
  g_autoptr(MigDeviceProfile) local = mig_device_profile_new_for_display (gdk_display_get_default ());
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(MigFormTree) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) windows = NULL;
  JsonObject *profile, *geometry;
  GtkWindow *window;
  int width, height, min_width;

  g_assert_cmpint (mig_device_profile_get_width (local), ==, 360);
  g_assert_cmpint (mig_device_profile_get_height (local), ==, 720);
  g_assert_cmpint (mig_device_profile_get_form_factor (local), ==, MIG_FORM_FACTOR_PHONE);

  mig_test_new_gallery_window (app);
  tree = mig_application_checkpoint (MIG_APPLICATION (app));
  profile = mig_json_get_object (mig_json_get_object (mig_form_tree_get_root (tree), "origin"), "profile");
  json_object_set_string_member (profile, "form-factor", "desktop");
  json_object_set_int_member (profile, "width", 1920);
  json_object_set_int_member (profile, "height", 1080);
  geometry = mig_json_get_object (mig_form_tree_get_window (tree, 0), "geometry");
  json_object_set_int_member (geometry, "width", 900);
  json_object_set_int_member (geometry, "height", 700);
  copy = mig_test_roundtrip (tree);

  mig_test_destroy_windows (GTK_APPLICATION (app));
  g_signal_add_emission_hook (g_signal_lookup ("adapt", MIG_TYPE_WINDOW), 0, on_adapt, NULL, NULL);
  g_assert_true (mig_application_restore (MIG_APPLICATION (app), copy, MIG_RESTORE_REASON_MIGRATE, &error));
  g_assert_no_error (error);

  windows = mig_test_windows_of_type (GTK_APPLICATION (app), GALLERY_TYPE_WINDOW);
  window = windows->data;
  g_assert_true (mig_test_wait_for (mig_test_is_maximized, window, 5000));

  /* Scaled by min(360/900, 720/700) = 0.4 and kept above the minimum size. */
  gtk_window_get_default_size (window, &width, &height);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (width, ==, MAX (360, min_width));
  g_assert_cmpint (height, >=, 280);
  g_assert_cmpint (height, <, 700);

  g_assert_nonnull (adapted_to);
  g_assert_cmpint (mig_device_profile_get_form_factor (adapted_to), ==, MIG_FORM_FACTOR_PHONE);
  g_assert_cmpint (mig_device_profile_get_form_factor (mig_window_get_origin_profile (MIG_WINDOW (window))), ==,
                   MIG_FORM_FACTOR_DESKTOP);

  g_clear_object (&adapted_to);
  mig_test_quit_app (g_steal_pointer (&app));
}

static void
test_form_factor_override (void)
{
  g_autoptr(MigDeviceProfile) profile = NULL;

  g_setenv ("MIGUI_FORM_FACTOR", "tv", TRUE);
  profile = mig_device_profile_new_for_display (gdk_display_get_default ());
  g_unsetenv ("MIGUI_FORM_FACTOR");
  g_assert_cmpint (mig_device_profile_get_form_factor (profile), ==, MIG_FORM_FACTOR_TV);
  g_assert_cmpstr (mig_form_factor_to_string (MIG_FORM_FACTOR_TV), ==, "tv");
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);
  g_type_class_unref (g_type_class_ref (MIG_TYPE_WINDOW));

  g_test_add_func ("/Mig/Adapt/phone", test_phone);
  g_test_add_func ("/Mig/Adapt/form-factor-override", test_form_factor_override);

  return mig_test_run ();
}
