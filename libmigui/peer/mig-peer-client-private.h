/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mig-identity-private.h"
#include "mig-peer.h"

G_BEGIN_DECLS

/* How long a connection to a peer shell is kept for the next request.
 * Shorter than a shell keeps a silent connection (MIG_SHELL_IDLE_SECONDS),
 * so that a request is never written into one the shell is closing. */
#define MIG_PEER_CLIENT_IDLE_SECONDS 20
/* How long a peer shell has to answer a request. */
#define MIG_PEER_CLIENT_TIMEOUT_SECONDS 10
#define MIG_PEER_CLIENT_MAX_ANSWER_BYTES (64 * 1024)

const char *mig_peer_describe                (MigPeer              *peer);

/* One HTTPS request to a peer shell with this device's certificate; the
 * answer's JSON, or a MIG_ERROR naming the peer.  A request that gets no
 * answer on a kept-alive connection is sent once more on a new one. */
void        mig_peer_request_async           (MigPeer              *peer,
                                              MigIdentity          *identity,
                                              const char           *method,
                                              const char           *path,
                                              GBytes               *body,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void        mig_peer_request_coded_async     (MigPeer              *peer,
                                              MigIdentity          *identity,
                                              const char           *method,
                                              const char           *path,
                                              GBytes               *body,
                                              const char           *content_encoding,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonNode   *mig_peer_request_finish          (MigPeer              *peer,
                                              GAsyncResult         *result,
                                              guint                *status,
                                              GError              **error);
const char *mig_peer_request_get_fingerprint (GAsyncResult         *result);

G_END_DECLS
