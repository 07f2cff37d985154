/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <glib-object.h>
#include "mig-enums.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_PEER (mig_peer_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigPeer, mig_peer, MIG, PEER, GObject)

MIG_AVAILABLE_IN_ALL
MigPeer      *mig_peer_new             (const char *id,
                                        const char *name,
                                        const char *address,
                                        guint16     port) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
const char   *mig_peer_get_id          (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
const char   *mig_peer_get_name        (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
const char   *mig_peer_get_address     (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
guint16       mig_peer_get_port        (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
MigFormFactor mig_peer_get_form_factor (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
int           mig_peer_get_width       (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
int           mig_peer_get_height      (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
const char   *mig_peer_get_fingerprint (MigPeer    *self);
MIG_AVAILABLE_IN_ALL
gboolean      mig_peer_get_trusted     (MigPeer    *self);

G_END_DECLS
