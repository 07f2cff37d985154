/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mig-identity-private.h"

#include "mig-peer.h"

G_BEGIN_DECLS

#define MIG_TYPE_MIGRATION (mig_migration_get_type ())

G_DECLARE_FINAL_TYPE (MigMigration, mig_migration, MIG, MIGRATION, GObject)

MigMigration *mig_migration_new           (MigPeer              *peer,
                                           MigIdentity          *identity,
                                           const char           *app_id,
                                           const char           *app_version,
                                           gboolean              clone);
MigMigration *mig_migration_new_for_commit (MigPeer            *peer,
                                           MigIdentity          *identity,
                                           const char           *id);
const char   *mig_migration_get_id        (MigMigration         *self);
const char   *mig_migration_get_state     (MigMigration         *self);
gsize         mig_migration_get_bytes_sent (MigMigration        *self);
void          mig_migration_send_async    (MigMigration         *self,
                                           GBytes               *tree,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      mig_migration_send_finish   (MigMigration         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void          mig_migration_commit_async  (MigMigration         *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      mig_migration_commit_finish (MigMigration         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void          mig_migration_abort         (MigMigration         *self);

G_END_DECLS
