/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_MIGUI_INSIDE) && !defined(MIGUI_COMPILATION)
#error "Only <migui.h> can be included directly."
#endif

#include <gio/gio.h>
#include "mig-enums.h"
#include "mig-version.h"

G_BEGIN_DECLS

/**
 * MIG_CHANNEL_DEFAULT_BUFFER_SIZE:
 *
 * The default bound of a channel's synchronisation buffer: 16 MiB of
 * output that the peer has not yet acknowledged.
 */
#define MIG_CHANNEL_DEFAULT_BUFFER_SIZE (16 * 1024 * 1024)

/**
 * MIG_CHANNEL_MAX_DATAGRAM_SIZE:
 *
 * The largest payload of one datagram, in bytes.
 */
#define MIG_CHANNEL_MAX_DATAGRAM_SIZE 1200

#define MIG_TYPE_CHANNEL (mig_channel_get_type ())

MIG_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (MigChannel, mig_channel, MIG, CHANNEL, GIOStream)

MIG_AVAILABLE_IN_ALL
void             mig_channel_connect_async          (const char          *host,
                                                     guint16              port,
                                                     MigChannelFlags      flags,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
MIG_AVAILABLE_IN_ALL
MigChannel      *mig_channel_connect_finish         (GAsyncResult        *result,
                                                     GError             **error);
MIG_AVAILABLE_IN_ALL
MigChannelState  mig_channel_get_state              (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
const GError    *mig_channel_get_error              (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
const char      *mig_channel_get_id                 (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
char            *mig_channel_dup_peer_address       (MigChannel          *self) G_GNUC_WARN_UNUSED_RESULT;
MIG_AVAILABLE_IN_ALL
gboolean         mig_channel_get_tls                (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
gsize            mig_channel_get_buffer_size        (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
void             mig_channel_set_buffer_size        (MigChannel          *self,
                                                     gsize                size);
MIG_AVAILABLE_IN_ALL
guint            mig_channel_get_reconnect_timeout  (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
void             mig_channel_set_reconnect_timeout  (MigChannel          *self,
                                                     guint                seconds);
MIG_AVAILABLE_IN_ALL
guint64          mig_channel_get_bytes_written      (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
guint64          mig_channel_get_bytes_received     (MigChannel          *self);
MIG_AVAILABLE_IN_ALL
gboolean         mig_channel_send_datagram          (MigChannel          *self,
                                                     GBytes              *payload,
                                                     GError             **error);

G_END_DECLS
