/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One device paired with this one, as the `paired-devices` file of the
 * config folder records it. */
typedef struct
{
  char *id;
  char *name;
  char *fingerprint;
  char *paired;      /* ISO 8601, UTC */
} MigPairedDevice;

void             mig_paired_device_free                 (MigPairedDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigPairedDevice, mig_paired_device_free)

GPtrArray       *mig_trust_store_list                   (const char  *config_dir) G_GNUC_WARN_UNUSED_RESULT;
MigPairedDevice *mig_trust_store_lookup_by_fingerprint  (const char  *config_dir,
                                                         const char  *fingerprint) G_GNUC_WARN_UNUSED_RESULT;
MigPairedDevice *mig_trust_store_lookup_by_id           (const char  *config_dir,
                                                         const char  *device_id) G_GNUC_WARN_UNUSED_RESULT;
MigPairedDevice *mig_trust_store_find                   (const char  *config_dir,
                                                         const char  *id_name_or_fingerprint) G_GNUC_WARN_UNUSED_RESULT;
gboolean         mig_trust_store_add                    (const char  *config_dir,
                                                         const char  *device_id,
                                                         const char  *name,
                                                         const char  *fingerprint,
                                                         GError     **error);
gboolean         mig_trust_store_remove                 (const char  *config_dir,
                                                         const char  *device_id,
                                                         GError     **error);

G_END_DECLS
