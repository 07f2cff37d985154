/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#pragma once

#include <gio/gio.h>

#include "mig-peer.h"
#include "mig-version.h"

G_BEGIN_DECLS

#define MIG_TYPE_PEER_BROWSER (mig_peer_browser_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigPeerBrowser, mig_peer_browser, MIG, PEER_BROWSER, GObject)

MIG_AVAILABLE_IN_ALL
MigPeerBrowser *mig_peer_browser_new           (void) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
void            mig_peer_browser_start         (MigPeerBrowser *self);
MIG_AVAILABLE_IN_ALL
MigPeer        *mig_peer_browser_lookup        (MigPeerBrowser *self,
                                                const char     *peer);
MIG_AVAILABLE_IN_ALL
void            mig_peer_browser_find_async    (MigPeerBrowser      *self,
                                                const char          *peer,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
MIG_AVAILABLE_IN_ALL
MigPeer        *mig_peer_browser_find_finish   (MigPeerBrowser      *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
