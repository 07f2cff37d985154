/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <gio/gio.h>
#include "mig-enums.h"
#include "mig-device-profile.h"
#include "mig-version.h"

G_BEGIN_DECLS

/**
 * MIG_FORM_TREE_MAX_SIZE:
 *
 * The largest serialized form tree, in bytes, that is written or read.
 */
#define MIG_FORM_TREE_MAX_SIZE (8 * 1024 * 1024)

/**
 * MIG_FORM_TREE_MAX_DEPTH:
 *
 * The deepest nesting of JSON values accepted in a form tree.
 */
#define MIG_FORM_TREE_MAX_DEPTH 64

/**
 * MIG_FORM_TREE_MAX_WIDGETS:
 *
 * The largest number of widget entries accepted in a form tree.
 */
#define MIG_FORM_TREE_MAX_WIDGETS 100000

/**
 * MIG_FORM_TREE_MAX_WINDOWS:
 *
 * The largest number of windows accepted in a form tree.
 */
#define MIG_FORM_TREE_MAX_WINDOWS 64

#define MIG_TYPE_FORM_TREE (mig_form_tree_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigFormTree, mig_form_tree, MIG, FORM_TREE, GObject)

MIG_AVAILABLE_IN_ALL
MigFormTree      *mig_form_tree_new_from_data        (const char   *data,
                                                      gssize        length,
                                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
MigFormTree      *mig_form_tree_new_from_file        (GFile        *file,
                                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
char             *mig_form_tree_to_data              (MigFormTree  *self,
                                                      gsize        *length) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
const char       *mig_form_tree_get_app_id           (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
const char       *mig_form_tree_get_app_version      (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
int               mig_form_tree_get_version          (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
MigRestoreReason  mig_form_tree_get_reason           (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
void              mig_form_tree_set_reason           (MigFormTree  *self,
                                                      MigRestoreReason reason);
MIG_AVAILABLE_IN_ALL
GDateTime        *mig_form_tree_get_created          (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
const char       *mig_form_tree_get_origin_name      (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
MigDeviceProfile *mig_form_tree_get_origin_profile   (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
guint             mig_form_tree_get_n_windows        (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
const char       *mig_form_tree_get_window_type_name (MigFormTree  *self,
                                                      guint         index);
MIG_AVAILABLE_IN_ALL
guint             mig_form_tree_get_n_widgets        (MigFormTree  *self);
MIG_AVAILABLE_IN_ALL
GVariant         *mig_form_tree_get_suitcase         (MigFormTree  *self);

G_END_DECLS
