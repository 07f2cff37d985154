/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mig-sync-message-private.h"

G_BEGIN_DECLS

/* One stream of synchronisation messages: frames them out in order,
 * reads and parses them in.  ::message (MigSyncMessage *, owned by the
 * link for the emission), ::refused (GError *) for a malformed message,
 * which is skipped, and ::closed (GError *, NULL after a BYE or a clean
 * end) once, after which nothing more is emitted. */

#define MIG_TYPE_SYNC_LINK (mig_sync_link_get_type ())
G_DECLARE_FINAL_TYPE (MigSyncLink, mig_sync_link, MIG, SYNC_LINK, GObject)

MigSyncLink *mig_sync_link_new            (GIOStream   *stream);
GIOStream   *mig_sync_link_get_stream     (MigSyncLink *self);
void         mig_sync_link_send           (MigSyncLink *self,
                                           JsonNode    *message);
void         mig_sync_link_close          (MigSyncLink *self,
                                           const char  *reason);
gboolean     mig_sync_link_is_closed      (MigSyncLink *self);
guint64      mig_sync_link_get_bytes_sent (MigSyncLink *self);
guint64      mig_sync_link_get_bytes_received (MigSyncLink *self);

G_END_DECLS
