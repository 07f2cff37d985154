/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define MIG_TYPE_IDENTITY (mig_identity_get_type ())

G_DECLARE_FINAL_TYPE (MigIdentity, mig_identity, MIG, IDENTITY, GObject)

MigIdentity     *mig_identity_load            (const char   *config_dir,
                                               GError      **error) G_GNUC_WARN_UNUSED_RESULT;
MigIdentity     *mig_identity_load_default    (GError      **error) G_GNUC_WARN_UNUSED_RESULT;
const char      *mig_identity_get_config_dir  (MigIdentity  *self);
const char      *mig_identity_get_device_id   (MigIdentity  *self);
const char      *mig_identity_get_name        (MigIdentity  *self);
char            *mig_identity_dup_default_name (void) G_GNUC_WARN_UNUSED_RESULT;
GTlsCertificate *mig_identity_get_certificate (MigIdentity  *self);
const char      *mig_identity_get_fingerprint (MigIdentity  *self);

SoupSession     *mig_identity_get_session     (MigIdentity  *self,
                                               gboolean      paired);

char            *mig_certificate_fingerprint  (GTlsCertificate *certificate) G_GNUC_WARN_UNUSED_RESULT;
GVariant        *mig_briefing_build           (const char   *config_dir,
                                               const char   *device_id,
                                               const char   *device_name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
