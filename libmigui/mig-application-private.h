/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-application.h"

G_BEGIN_DECLS

typedef struct
{
  GHashTable   *window_types;      /* type name → GType */
  GListStore   *peers;
  char         *app_version;
  char         *oldest_compatible_version;

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
int                    mig_compare_versions                 (const char        *a,
                                                             const char        *b);
gboolean               mig_application_is_migratory_file    (GFile             *file);

void                   mig_application_recovery_startup     (MigApplication    *self);
void                   mig_application_recovery_shutdown    (MigApplication    *self);
gboolean               mig_application_recovery_activate    (MigApplication    *self);
void                   mig_application_recovery_reschedule  (MigApplication    *self);

G_END_DECLS
