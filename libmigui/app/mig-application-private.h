/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-application.h"
#include "mig-channel-listener.h"
#include "mig-form-tree-writer-private.h"
#include "mig-peer-browser.h"
#include "mig-window.h"

G_BEGIN_DECLS

typedef struct
{
  GHashTable   *window_types;      /* type name → GType */
  GHashTable   *local_keys;        /* state keys that never leave the device */
  MigPeerBrowser *peers;
  char         *app_version;
  char         *oldest_compatible_version;

  /* Migration, see mig-application-migrate.c and -incoming.c */
  gboolean      migrating;
  GCancellable *dbus_migrate_cancellable; /* of the Migrate call going on, for Cancel */
  GHashTable   *incoming;          /* migration id → MigIncoming */
  GVariant     *briefing;
  guint         shell_signal_id;
  gpointer      dbus_skeleton;     /* MigDBusApplication1, see mig-application-dbus.c */
  GHashTable   *spares;            /* GType → MigWindow, built ahead */
  GHashTable   *channels;          /* name → MigChannel, see mig-application-channels.c */
  GPtrArray    *arrived_channels;  /* held by the last restore */
  gboolean      restoring_incoming; /* the restore is an arrival: its channels wait to go live */
  guint         spares_source;

  /* Forms sent on their own, see mig-application-forms.c */
  GHashTable   *form_types;        /* type name → GType */
  MigChannelListener *form_listener;
  GHashTable   *form_shares;       /* token → FormShare (home) */

  /* Crash recovery, see mig-application-recovery.c */
  gboolean      recovery_enabled;
  guint         recovery_interval;
  guint         recovery_source;
  char         *recovery_checksum;
  GCancellable *recovery_cancellable;
  MigFormTree  *pending_recovery;
} MigApplicationPrivate;

MigApplicationPrivate *mig_application_get_private          (MigApplication    *self);
MigFormTree           *mig_application_checkpoint_full      (MigApplication    *self,
                                                             MigRestoreReason   reason,
                                                             gboolean           timestamp,
                                                             GError           **error);
GPtrArray             *mig_application_list_windows         (MigApplication    *self);
gboolean               mig_application_dbus_register        (GApplication      *application,
                                                             GDBusConnection   *connection,
                                                             const char        *object_path,
                                                             GError           **error);
void                   mig_application_dbus_unregister      (GApplication      *application,
                                                             GDBusConnection   *connection,
                                                             const char        *object_path);
MigWindow             *mig_application_take_window          (MigApplication    *self,
                                                             GType              type);
void                   mig_application_prepare_spares       (MigApplication    *self);
void                   mig_application_migrate_shutdown     (MigApplication    *self);
void                   mig_application_migrate_startup      (MigApplication    *self);
gboolean               mig_application_is_incoming_file     (GFile             *file);
void                   mig_application_receive              (MigApplication    *self,
                                                             GFile             *file);
void                   mig_application_incoming_init        (MigApplication    *self);
void                   mig_application_incoming_shutdown    (MigApplication    *self);
gboolean               mig_application_is_migratory_file    (GFile             *file);
void                   mig_application_migrate_get_figures  (GAsyncResult      *result,
                                                             double            *restored_ms,
                                                             guint64           *bytes_sent);

GVariant              *mig_application_save_channels        (MigApplication    *self);
gboolean               mig_application_restore_channels     (MigApplication    *self,
                                                             MigFormTree       *tree,
                                                             GError           **error);
GPtrArray             *mig_application_take_arrived_channels (MigApplication   *self);
void                   mig_application_channels_go_live     (GPtrArray         *arrived);
void                   mig_application_channels_drop        (MigApplication    *self,
                                                             GPtrArray         *arrived);
void                   mig_application_freeze_channels_async (MigApplication   *self,
                                                             const char        *target_host,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
GPtrArray             *mig_application_freeze_channels_finish (MigApplication  *self,
                                                             GAsyncResult      *result);
void                   mig_application_channels_thaw        (GPtrArray         *frozen);
void                   mig_application_channels_release     (MigApplication    *self,
                                                             GPtrArray         *frozen);

GType                  mig_application_lookup_form_type     (MigApplication    *self,
                                                             const char        *type_name);
MigDeviceProfile      *mig_application_begin_tree           (MigApplication    *self,
                                                             MigFormTreeWriter *writer,
                                                             MigFormTreeHeader *header,
                                                             MigRestoreReason   reason,
                                                             gboolean           timestamp);
GPtrArray             *mig_application_list_forms           (MigApplication    *self);
MigForm               *mig_application_find_form            (MigApplication    *self,
                                                             const char        *name);
GStrv                  mig_application_dup_form_devices     (MigApplication    *self,
                                                             MigForm           *form);
GVariant              *mig_application_save_form_shares     (MigApplication    *self);
void                   mig_application_restore_form_shares  (MigApplication    *self,
                                                             MigFormTree       *tree);
void                   mig_application_forms_init           (MigApplication    *self);
void                   mig_application_form_action_startup  (MigApplication    *self);
const char            *mig_form_send_mode_to_name           (MigFormSendMode    mode);
gboolean               mig_form_send_mode_from_name         (const char        *name,
                                                             MigFormSendMode   *mode);
void                   mig_application_forms_shutdown       (MigApplication    *self);
void                   mig_application_forms_finalize       (MigApplication    *self);
void                   mig_application_restore_remote_form  (MigApplication    *self,
                                                             MigFormTree       *tree,
                                                             GPtrArray         *windows);
void                   mig_application_recovery_startup     (MigApplication    *self);
void                   mig_application_recovery_shutdown    (MigApplication    *self);
gboolean               mig_application_recovery_activate    (MigApplication    *self);
void                   mig_application_recovery_reschedule  (MigApplication    *self);

G_END_DECLS
