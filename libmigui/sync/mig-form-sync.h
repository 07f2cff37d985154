/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include "mig-enums.h"
#include "mig-form.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_FORM_SYNC (mig_form_sync_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigFormSync, mig_form_sync, MIG, FORM_SYNC, GObject)

MIG_AVAILABLE_IN_ALL
MigFormSync     *mig_form_sync_new_home          (MigForm          *form,
                                                  MigFormSyncMode   mode);
MIG_AVAILABLE_IN_ALL
MigFormSync     *mig_form_sync_new_remote        (MigForm          *form,
                                                  GIOStream        *stream,
                                                  const char       *device_name);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_add_peer          (MigFormSync      *self,
                                                  GIOStream        *stream,
                                                  gboolean          watcher);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_remove_peer       (MigFormSync      *self,
                                                  const char       *device_id,
                                                  const char       *reason);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_share_action_group (MigFormSync     *self,
                                                  const char       *prefix,
                                                  GActionGroup     *group);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_close             (MigFormSync      *self,
                                                  const char       *reason);

MIG_AVAILABLE_IN_ALL
MigForm         *mig_form_sync_get_form          (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
gboolean         mig_form_sync_get_is_home       (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_form_sync_get_device_id     (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_set_device_id     (MigFormSync      *self,
                                                  const char       *device_id);
MIG_AVAILABLE_IN_ALL
gboolean         mig_form_sync_get_synced        (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
MigFormSyncMode  mig_form_sync_get_mode          (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_set_mode          (MigFormSync      *self,
                                                  MigFormSyncMode   mode);
MIG_AVAILABLE_IN_ALL
const char      *mig_form_sync_get_editor        (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_set_editor        (MigFormSync      *self,
                                                  const char       *device_id);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_request_edit      (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
gboolean         mig_form_sync_get_watcher       (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
gboolean         mig_form_sync_get_read_only     (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
void             mig_form_sync_invite            (MigFormSync      *self,
                                                  const char       *device_id);
MIG_AVAILABLE_IN_ALL
GStrv            mig_form_sync_dup_peers         (MigFormSync      *self) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
guint64          mig_form_sync_get_bytes_sent    (MigFormSync      *self);
MIG_AVAILABLE_IN_ALL
guint64          mig_form_sync_get_bytes_received (MigFormSync     *self);

G_END_DECLS
