/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-channel.h"
#include "mig-channel-wire-private.h"

G_BEGIN_DECLS

/*
 * One end of a channel.  The object (mig-channel.c) is the GIOStream the
 * application sees; the engine (mig-channel-engine.c) moves frames over
 * the current connection; dialing and the handshakes are in
 * mig-channel-dial.c (the end that dials) and mig-channel-rendezvous.c
 * (the end that accepts, the process's table of associations and its
 * rendezvous socket); mig-channel-state.c writes and reads the state that
 * travels in a form tree.
 *
 * Counters are absolute byte offsets of each direction since the
 * association began.  Output [out_acked, out_written) is the
 * synchronisation buffer (out_chunks); [out_acked, out_wire) went over the
 * current connection.  Input [in_read, in_received) is unread (in_buf).
 */
/* A piece of the synchronisation buffer: bytes from absolute offset @start. */
typedef struct
{
  GBytes  *bytes;
  guint64  start;
} MigChunk;

struct _MigChannel
{
  GIOStream        parent_instance;

  GInputStream    *input;
  GOutputStream   *output;
  MigChannelState  state;
  GError          *error;

  /* The association */
  guint8           id[MIG_CHANNEL_ID_SIZE];
  guint8           secret[MIG_CHANNEL_SECRET_SIZE];
  char            *id_string;
  gboolean         is_client;     /* it dialed first; it re-dials after a loss */
  gboolean         tls;           /* every connection of the association is TLS */
  gboolean         registered;    /* in the process's table */

  /* The address table entry of the peer */
  char            *peer_host;     /* numeric, as last connected */
  guint16          peer_port;     /* its rendezvous port */
  char            *peer_target;   /* the host it said it moves to */
  gboolean         peer_moving;
  gboolean         moved;         /* this end moved (or thawed): it dials */
  guint16          local_port;    /* our rendezvous port, as announced */

  /* Output */
  GQueue           out_chunks;    /* MigChunk, oldest first */
  guint64          out_acked;
  guint64          out_wire;
  guint64          out_written;
  gsize            buffer_size;
  GQueue           write_waiters; /* GTask, waiting for room */

  /* Input */
  GByteArray      *in_buf;
  gsize            in_pos;
  guint64          in_received;
  guint64          in_acked_sent;
  GTask           *read_task;
  GCancellable    *read_cancellable;
  gulong           read_cancelled_id;
  guint8          *read_buffer;
  gsize            read_count;
  gboolean         peer_closed;

  /* The current connection */
  GIOStream       *conn;
  guint            conn_gen;
  GCancellable    *conn_cancellable;
  GByteArray      *rx;
  GSource         *read_source;   /* while the connection is read */
  gboolean         writing;
  MigFrameType     writing_type;
  gsize            writing_length;
  GBytes          *writing_bytes; /* held while it is on the wire */
  guint8           writing_header[MIG_CHANNEL_HEADER_SIZE];
  GOutputVector    writing_vectors[2]; /* GIO changes them while it writes */
  gboolean         rx_paused;
  GQueue           control;       /* GBytes frames to send before data */
  gboolean         ack_pending;
  guint            ack_source;
  guint            ping_source;
  gint64           last_rx;
  gint64           last_tx;

  /* Finding the peer again */
  GCancellable    *dial_cancellable;
  guint            dial_retry_source;
  guint            dial_attempt;
  guint            give_up_source;
  guint            reconnect_timeout;

  /* Moving */
  gboolean         frozen;
  gboolean         saved;         /* its state is in a checkpoint: nothing more may be written */
  char            *target;        /* the host this end is moving to */
  gboolean         held;          /* restored, waiting for its application to go live */
  gboolean         gone;          /* moved away for good */
  GTask           *freeze_task;
  guint            freeze_timeout;

  /* Closing */
  GTask           *close_task;
  guint            close_timeout;

  /* Datagrams */
  guint64          dgram_out;
  guint64          dgram_in;
  GQueue           dgram_held;    /* GBytes payloads sent while not connected */
};

void        mig_chunk_free                    (MigChunk      *chunk);

/* mig-channel.c */
void        mig_channel_finish_close          (MigChannel    *self);
void        mig_channel_close_when_flushed    (MigChannel    *self);
MigChannel *mig_channel_new_internal          (gboolean       is_client,
                                               const guint8  *id,
                                               const guint8  *secret);
void        mig_channel_set_state             (MigChannel    *self,
                                               MigChannelState state);
void        mig_channel_fail                  (MigChannel    *self,
                                               GError        *error);
void        mig_channel_input_ready           (MigChannel    *self);
void        mig_channel_output_ready          (MigChannel    *self);
gssize      mig_channel_take_input            (MigChannel    *self,
                                               guint8        *buffer,
                                               gsize          count);
void        mig_channel_append_output         (MigChannel    *self,
                                               const void    *buffer,
                                               gsize          count);
gboolean    mig_channel_check_usable          (MigChannel    *self,
                                               gboolean       for_writing,
                                               GError       **error);
void        mig_channel_complete_read         (MigChannel    *self,
                                               gsize          count);
void        mig_channel_flush_datagrams       (MigChannel    *self);
void        mig_channel_receive_datagram      (MigChannel    *self,
                                               const guint8  *data,
                                               gsize          length);
void        mig_channel_read_async_internal   (MigChannel    *self,
                                               GTask         *task,
                                               void          *buffer,
                                               gsize          count);

/* mig-channel-engine.c */
void        mig_channel_adopt                 (MigChannel    *self,
                                               GIOStream     *conn,
                                               guint64        peer_received);
void        mig_channel_drop_connection       (MigChannel    *self);
void        mig_channel_lost                  (MigChannel    *self);
void        mig_channel_pump                  (MigChannel    *self);
void        mig_channel_resume_reading        (MigChannel    *self);
void        mig_channel_trim_acked            (MigChannel    *self,
                                               guint64        acked);
gboolean    mig_channel_counters_acceptable   (MigChannel    *self,
                                               guint64        peer_received);
void        mig_channel_stop_timers           (MigChannel    *self);
void        mig_channel_queue_control         (MigChannel    *self,
                                               GBytes        *frame);
void        mig_channel_read_frame_async      (GInputStream  *input,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
GBytes     *mig_channel_read_frame_finish     (GAsyncResult  *result,
                                               MigFrame      *frame,
                                               GError       **error);
GBytes     *mig_channel_collect_unacked       (MigChannel    *self);

/* mig-channel-dial.c */
void        mig_channel_start_dialing         (MigChannel    *self);
void        mig_channel_stop_dialing          (MigChannel    *self);
gboolean    mig_channel_should_dial           (MigChannel    *self);
void        mig_channel_connect_new_async     (const char    *host,
                                               guint16        port,
                                               gboolean       tls,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);

/* mig-channel-rendezvous.c */
gboolean    mig_channel_rendezvous_ensure     (guint16        preferred_port,
                                               GError       **error);
guint16     mig_channel_rendezvous_get_port   (void);
guint       mig_channel_rendezvous_get_handshakes (void);
void        mig_channel_register              (MigChannel    *self);
void        mig_channel_unregister            (MigChannel    *self);
MigChannel *mig_channel_lookup                (const guint8  *id,
                                               gboolean       is_client);
typedef void (*MigChannelAccepted)            (GObject       *listener,
                                               MigChannel    *channel);
void        mig_channel_serve_connection      (GIOStream     *conn,
                                               GSocketAddress *remote,
                                               MigChannelAccepted accepted,
                                               GObject       *listener);
void        mig_channel_send_udp              (MigChannel    *self,
                                               GBytes        *packet);
void        mig_channel_deliver_datagram      (const guint8  *data,
                                               gsize          length);
char       *mig_channel_address_to_host       (GSocketAddress *address);

/* mig-channel-state.c: what travels in a form tree. */
GVariant   *mig_channel_save                  (MigChannel    *self);
MigChannel *mig_channel_new_from_saved        (GVariant      *saved,
                                               GError       **error);
void        mig_channel_freeze_async          (MigChannel    *self,
                                               const char    *target_host,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
gboolean    mig_channel_freeze_finish         (MigChannel    *self,
                                               GAsyncResult  *result,
                                               GError       **error);
void        mig_channel_thaw                  (MigChannel    *self);
void        mig_channel_go_live               (MigChannel    *self);
void        mig_channel_release               (MigChannel    *self);

G_END_DECLS
