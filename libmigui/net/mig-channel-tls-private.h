/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MIG_CHANNEL_BINDING_SIZE 32

/*
 * TLS under a channel: each process has one self-signed certificate for
 * its channels; the ends do not authenticate each other by certificate
 * (a moved end is a new process with a new one) but by the association's
 * secret, and every proof is bound to the TLS connection it is made on
 * (RFC 5929 tls-server-end-point), so a relay in the middle cannot pass
 * it on.
 */
void       mig_channel_tls_wrap_async   (GIOStream           *base,
                                         gboolean             server,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GIOStream *mig_channel_tls_wrap_finish  (GAsyncResult        *result,
                                         GError             **error);
void       mig_channel_tls_binding      (GIOStream           *conn,
                                         guint8               binding[MIG_CHANNEL_BINDING_SIZE]);
void       mig_channel_tls_peek_async   (GIOStream           *conn,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean   mig_channel_tls_peek_finish  (GAsyncResult        *result,
                                         gboolean            *is_tls,
                                         GError             **error);
void       mig_channel_tls_abort        (GIOStream           *conn);

G_END_DECLS
