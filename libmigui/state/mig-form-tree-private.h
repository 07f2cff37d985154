/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include "mig-form-tree.h"

G_BEGIN_DECLS

MigFormTree *mig_form_tree_new_take_text      (GString      *text,
                                               MigRestoreReason reason,
                                               guint         n_windows,
                                               guint         n_widgets,
                                               GError      **error);
GVariant    *mig_form_tree_get_channels       (MigFormTree  *self);
GVariant    *mig_form_tree_get_remote_form    (MigFormTree  *self);
GVariant    *mig_form_tree_get_form_shares    (MigFormTree  *self);
JsonObject  *mig_form_tree_get_root           (MigFormTree  *self);
JsonObject  *mig_form_tree_get_window         (MigFormTree  *self,
                                               guint         index);
GVariant    *mig_form_tree_get_window_state   (MigFormTree  *self,
                                               guint         index);
gboolean     mig_form_tree_check_size         (gsize         size,
                                               GError      **error);
const char  *mig_restore_reason_to_string     (MigRestoreReason reason);
void         mig_form_tree_allow_window_type  (GType         window_type);

G_END_DECLS
