/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#pragma once

#include <gio/gio.h>

#include "mig-device-profile.h"
#include "mig-peer.h"
#include "mig-enums.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_SHELL (mig_shell_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigShell, mig_shell, MIG, SHELL, GObject)

MIG_AVAILABLE_IN_ALL
MigShell        *mig_shell_new                (const char      *config_dir,
                                               GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
gboolean         mig_shell_listen             (MigShell        *self,
                                               const char      *address,
                                               guint16          port,
                                               GError         **error);
MIG_AVAILABLE_IN_ALL
guint16          mig_shell_get_port           (MigShell        *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_shell_get_device_id      (MigShell        *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_shell_get_name           (MigShell        *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_shell_get_fingerprint    (MigShell        *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_shell_get_config_dir     (MigShell        *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_shell_get_incoming_dir   (MigShell        *self);
MIG_AVAILABLE_IN_ALL
void             mig_shell_set_incoming_dir   (MigShell        *self,
                                               const char      *incoming_dir);
MIG_AVAILABLE_IN_ALL
void             mig_shell_set_profile        (MigShell        *self,
                                               MigDeviceProfile *profile);
MIG_AVAILABLE_IN_ALL
MigAcceptPolicy  mig_shell_get_accept_policy  (MigShell        *self);
MIG_AVAILABLE_IN_ALL
void             mig_shell_set_accept_policy  (MigShell        *self,
                                               MigAcceptPolicy  policy);
MIG_AVAILABLE_IN_ALL
void             mig_shell_answer_offer       (MigShell        *self,
                                               const char      *offer_id,
                                               gboolean         accept);
MIG_AVAILABLE_IN_ALL
void             mig_shell_answer_pull        (MigShell        *self,
                                               const char      *pull_id,
                                               gboolean         allow);
MIG_AVAILABLE_IN_ALL
gboolean         mig_shell_report_arriving    (MigShell        *self,
                                               const char      *migration_id,
                                               GError         **error);
MIG_AVAILABLE_IN_ALL
gboolean         mig_shell_report_restored    (MigShell        *self,
                                               const char      *migration_id,
                                               GError         **error);
MIG_AVAILABLE_IN_ALL
void             mig_shell_report_failed      (MigShell        *self,
                                               const char      *migration_id,
                                               const char      *message);
MIG_AVAILABLE_IN_ALL
void             mig_shell_pair_async         (MigShell        *self,
                                               MigPeer         *peer,
                                               GCancellable    *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer         user_data);
MIG_AVAILABLE_IN_ALL
gboolean         mig_shell_pair_finish        (MigShell        *self,
                                               GAsyncResult    *result,
                                               GError         **error);
MIG_AVAILABLE_IN_ALL
void             mig_shell_confirm_pairing    (MigShell        *self,
                                               const char      *pairing_id,
                                               gboolean         confirm);
MIG_AVAILABLE_IN_ALL
GVariant        *mig_shell_get_pairings       (MigShell        *self) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
gboolean         mig_shell_unpair             (MigShell        *self,
                                               const char      *device,
                                               MigPeer         *peer,
                                               GError         **error);
MIG_AVAILABLE_IN_ALL
GVariant        *mig_shell_get_briefing       (MigShell        *self);
MIG_AVAILABLE_IN_ALL
gboolean         mig_shell_export             (MigShell        *self,
                                               GDBusConnection *connection,
                                               GError         **error);
MIG_AVAILABLE_IN_ALL
void             mig_shell_unexport           (MigShell        *self);
MIG_AVAILABLE_IN_ALL
void             mig_shell_publish            (MigShell        *self);

G_END_DECLS
