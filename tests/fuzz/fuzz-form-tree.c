/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <migui.h>

/* libFuzzer target: any bytes give a tree or a MIG_ERROR, and a tree that
 * parsed serializes back into one that parses. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(MigFormTree) again = NULL;
  g_autofree char *serialized = NULL;

  tree = mig_form_tree_new_from_data ((const char *) data, (gssize) size, &error);
  if (tree == NULL)
    {
      g_assert (error != NULL && error->domain == MIG_ERROR);
      return 0;
    }

  for (guint i = 0; i < mig_form_tree_get_n_windows (tree); i++)
    g_assert (mig_form_tree_get_window_type_name (tree, i) != NULL);
  (void) mig_form_tree_get_suitcase (tree);
  (void) mig_form_tree_get_origin_profile (tree);

  serialized = mig_form_tree_to_data (tree, NULL);
  again = mig_form_tree_new_from_data (serialized, -1, &error);
  g_assert (again != NULL);
  g_assert (mig_form_tree_get_n_widgets (again) == mig_form_tree_get_n_widgets (tree));
  return 0;
}
