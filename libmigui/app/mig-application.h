/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <adwaita.h>
#include "mig-channel.h"
#include "mig-enums.h"
#include "mig-form.h"
#include "mig-form-sync.h"
#include "mig-form-tree.h"
#include "mig-peer.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_APPLICATION (mig_application_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (MigApplication, mig_application, MIG, APPLICATION, AdwApplication)

/**
 * MigApplicationClass:
 * @parent_class: the parent class
 * @save_state: class handler of [signal@Mig.Application::save-state]
 * @restore_state: class handler of [signal@Mig.Application::restore-state]
 *
 * The class structure of [class@Mig.Application].
 */
struct _MigApplicationClass
{
  AdwApplicationClass parent_class;

  void (*save_state)    (MigApplication *self,
                         GVariantDict   *dict);
  void (*restore_state) (MigApplication *self,
                         GVariant       *state);

  /*< private >*/
  gpointer padding[8];
};

MIG_AVAILABLE_IN_ALL
MigApplication *mig_application_new                  (const char        *application_id,
                                                      GApplicationFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
void            mig_application_register_window_type (MigApplication    *self,
                                                      GType              window_type);
MIG_AVAILABLE_IN_ALL
void            mig_application_keep_local           (MigApplication    *self,
                                                      const char        *key);
MIG_AVAILABLE_IN_ALL
MigFormTree    *mig_application_checkpoint           (MigApplication    *self) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
gboolean        mig_application_restore              (MigApplication    *self,
                                                      MigFormTree       *tree,
                                                      MigRestoreReason   reason,
                                                      GError           **error);
MIG_AVAILABLE_IN_ALL
gboolean        mig_application_save_to_file         (MigApplication    *self,
                                                      GFile             *file,
                                                      GError           **error);
MIG_AVAILABLE_IN_ALL
void            mig_application_migrate_async        (MigApplication    *self,
                                                      MigPeer           *peer,
                                                      MigMigrateFlags    flags,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
MIG_AVAILABLE_IN_ALL
gboolean        mig_application_migrate_finish       (MigApplication    *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
MIG_AVAILABLE_IN_ALL
GVariant       *mig_application_get_briefing         (MigApplication    *self);
MIG_AVAILABLE_IN_ALL
const char     *mig_application_lookup_briefing      (MigApplication    *self,
                                                      const char        *key);
MIG_AVAILABLE_IN_ALL
GListModel     *mig_application_get_peers            (MigApplication    *self);

MIG_AVAILABLE_IN_ALL
void            mig_application_add_channel          (MigApplication    *self,
                                                      const char        *name,
                                                      MigChannel        *channel);
MIG_AVAILABLE_IN_ALL
MigChannel     *mig_application_lookup_channel       (MigApplication    *self,
                                                      const char        *name);
MIG_AVAILABLE_IN_ALL
void            mig_application_remove_channel       (MigApplication    *self,
                                                      const char        *name);

MIG_AVAILABLE_IN_ALL
gboolean        mig_application_get_recovery_enabled (MigApplication    *self);
MIG_AVAILABLE_IN_ALL
void            mig_application_set_recovery_enabled (MigApplication    *self,
                                                      gboolean           enabled);
MIG_AVAILABLE_IN_ALL
guint           mig_application_get_recovery_interval (MigApplication   *self);
MIG_AVAILABLE_IN_ALL
void            mig_application_set_recovery_interval (MigApplication   *self,
                                                      guint              seconds);
MIG_AVAILABLE_IN_ALL
GFile          *mig_application_get_recovery_file    (MigApplication    *self) G_GNUC_WARN_UNUSED_RESULT;

MIG_AVAILABLE_IN_ALL
void            mig_application_register_form_type   (MigApplication    *self,
                                                      GType              form_type);
MIG_AVAILABLE_IN_ALL
void            mig_application_send_form_async      (MigApplication      *self,
                                                      MigForm             *form,
                                                      MigPeer             *peer,
                                                      MigFormSendMode      mode,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
MIG_AVAILABLE_IN_ALL
gboolean        mig_application_send_form_finish     (MigApplication    *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
MIG_AVAILABLE_IN_ALL
void            mig_application_bring_form_home      (MigApplication    *self,
                                                      MigForm           *form);
MIG_AVAILABLE_IN_ALL
MigFormSync    *mig_application_lookup_form_sync     (MigApplication    *self,
                                                      MigForm           *form);

G_END_DECLS
