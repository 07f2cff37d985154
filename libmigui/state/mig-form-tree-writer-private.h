/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-device-profile.h"
#include "mig-form-tree.h"
#include "mig-json-writer-private.h"

G_BEGIN_DECLS

/*
 * Writes a form tree as JSON text in one pass (the reading side is
 * mig-form-tree.c): the header, the suitcase, then each window, whose
 * widgets the caller writes through mig_form_tree_writer_get_json().
 * Stack-allocated; finish() hands the text to the tree, which checks the
 * limits.
 */
typedef struct
{
  GString          *out;          /* owned until finish() */
  MigJsonWriter     json;
  MigRestoreReason  reason;
  guint             n_windows;
  guint             n_widgets;
} MigFormTreeWriter;

typedef struct
{
  const char       *app_id;
  const char       *app_version;   /* nullable */
  MigRestoreReason  reason;
  const char       *device_id;
  const char       *device_name;
  MigDeviceProfile *profile;       /* nullable: no display */
  gboolean          timestamp;     /* FALSE: equal states give equal bytes */
} MigFormTreeHeader;

void           mig_form_tree_writer_init         (MigFormTreeWriter       *writer,
                                                  const MigFormTreeHeader *header);
void           mig_form_tree_writer_state        (MigFormTreeWriter       *writer,
                                                  const char              *key,
                                                  GVariant                *state);
void           mig_form_tree_writer_begin_windows (MigFormTreeWriter      *writer);
void           mig_form_tree_writer_begin_window (MigFormTreeWriter       *writer,
                                                  const char              *type_name,
                                                  guint                    index,
                                                  int                      transient_for);
MigJsonWriter *mig_form_tree_writer_get_json     (MigFormTreeWriter       *writer);
guint         *mig_form_tree_writer_get_widget_count (MigFormTreeWriter   *writer);
void           mig_form_tree_writer_end_window   (MigFormTreeWriter       *writer);
MigFormTree   *mig_form_tree_writer_finish       (MigFormTreeWriter       *writer,
                                                  GError                 **error);

G_END_DECLS
