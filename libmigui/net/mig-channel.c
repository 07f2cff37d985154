/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mig-channel-private.h"
#include "mig-channel-input-stream-private.h"
#include "mig-channel-output-stream-private.h"
#include "mig-enum-types.h"

/**
 * MigChannel:
 *
 * A connection that moves with its application.
 *
 * A `MigChannel` is a [class@Gio.IOStream] over an ordinary TCP
 * connection that survives a migration of either end.  At connect time the
 * two ends agree on an association (a random ID and a secret) and tell
 * each other their rendezvous addresses; each direction counts its bytes,
 * and output the peer has not yet acknowledged stays in a bounded
 * synchronisation buffer ([property@Mig.Channel:buffer-size], 16 MiB by
 * default; a full buffer makes asynchronous writes wait, it never drops).
 *
 * Give the channel to its application with
 * [method@Mig.Application.add_channel]: when the application migrates,
 * the channel freezes, its association, counters, unacknowledged output
 * and unread input travel in the form tree, and on the target it finds
 * its peer again, proves the association, and the stream goes on with no
 * byte lost, doubled or reordered.  The end that did not move learns the
 * new address.  Both ends may move, even at once.  If the connection is
 * lost without a move, the end that connected first dials again until
 * [property@Mig.Channel:reconnect-timeout] runs out.
 *
 * Use it like any `GIOStream`, with asynchronous reads and writes and
 * [method@Gio.IOStream.close_async]; a synchronous read or write never
 * blocks (it fails with %G_IO_ERROR_WOULD_BLOCK when it would).  As on any
 * stream, one asynchronous write at a time: to send small messages as
 * they come, a synchronous write is the simple way — it takes the bytes
 * into the buffer at once.  Connect
 * with [func@Mig.Channel.connect_async]; accept with
 * [class@Mig.ChannelListener].  Small unreliable messages (a remote
 * control's key presses) go with [method@Mig.Channel.send_datagram] and
 * arrive as [signal@Mig.Channel::datagram-received], over UDP, to wherever
 * the peer is now.
 *
 * A channel authenticates every re-association; over TLS
 * (%MIG_CHANNEL_FLAGS_TLS) it is encrypted too: see SECURITY.md for what
 * it guarantees.
 */

enum
{
  PROP_0,
  PROP_STATE,
  PROP_BUFFER_SIZE,
  PROP_RECONNECT_TIMEOUT,
  N_PROPS
};

enum
{
  DATAGRAM_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MigChannel, mig_channel, G_TYPE_IO_STREAM)

static GTask *end_read (MigChannel *self);

#define DEFAULT_RECONNECT_TIMEOUT 120

static void
mig_channel_dispose (GObject *object)
{
  MigChannel *self = MIG_CHANNEL (object);
  GTask *task;

  /* Nobody holds the channel any more: waiting calls fail. */
  while ((task = g_queue_pop_head (&self->write_waiters)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
      g_object_unref (task);
    }
  if (self->read_task != NULL)
    {
      g_autoptr(GTask) read = end_read (self);

      g_task_return_new_error (read, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
    }
  if (self->input != NULL)
    mig_channel_input_stream_detach (MIG_CHANNEL_INPUT_STREAM (self->input));
  if (self->output != NULL)
    mig_channel_output_stream_detach (MIG_CHANNEL_OUTPUT_STREAM (self->output));
  mig_channel_unregister (self);
  mig_channel_stop_dialing (self);
  mig_channel_stop_timers (self);
  mig_channel_drop_connection (self);
  G_OBJECT_CLASS (mig_channel_parent_class)->dispose (object);
}

static void
mig_channel_finalize (GObject *object)
{
  MigChannel *self = MIG_CHANNEL (object);

  g_assert (self->read_task == NULL);
  g_assert (g_queue_is_empty (&self->write_waiters));
  g_assert (self->freeze_task == NULL);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_error (&self->error);
  memset (self->secret, 0, sizeof self->secret);
  g_free (self->id_string);
  g_free (self->peer_host);
  g_free (self->peer_target);
  g_queue_clear_full (&self->out_chunks, (GDestroyNotify) mig_chunk_free);
  g_free (self->target);
  g_queue_clear_full (&self->control, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&self->dgram_held, (GDestroyNotify) g_bytes_unref);
  g_byte_array_unref (self->in_buf);
  g_byte_array_unref (self->rx);
  G_OBJECT_CLASS (mig_channel_parent_class)->finalize (object);
}

static void
mig_channel_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MigChannel *self = MIG_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BUFFER_SIZE:
      g_value_set_uint64 (value, self->buffer_size);
      break;
    case PROP_RECONNECT_TIMEOUT:
      g_value_set_uint (value, self->reconnect_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mig_channel_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MigChannel *self = MIG_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_BUFFER_SIZE:
      mig_channel_set_buffer_size (self, g_value_get_uint64 (value));
      break;
    case PROP_RECONNECT_TIMEOUT:
      mig_channel_set_reconnect_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GInputStream *
mig_channel_get_input_stream (GIOStream *stream)
{
  return MIG_CHANNEL (stream)->input;
}

static GOutputStream *
mig_channel_get_output_stream (GIOStream *stream)
{
  return MIG_CHANNEL (stream)->output;
}

/* Ends this end of the association here: nothing more flows, the peer
 * learns it (CLOSE) if it is connected, and every waiting call fails. */
void
mig_channel_finish_close (MigChannel *self)
{
  GTask *task;

  mig_channel_unregister (self);
  mig_channel_stop_dialing (self);
  mig_channel_stop_timers (self);
  g_clear_handle_id (&self->close_timeout, g_source_remove);
  mig_channel_drop_connection (self);
  if (self->state != MIG_CHANNEL_STATE_FAILED)
    mig_channel_set_state (self, MIG_CHANNEL_STATE_CLOSED);
  mig_channel_input_ready (self);
  mig_channel_output_ready (self);
  if ((task = g_steal_pointer (&self->close_task)) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

/* A synchronous close (also what a last unref does) does not wait for the
 * peer: it ends the association here at once. */
static gboolean
mig_channel_close_fn (GIOStream     *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  MigChannel *self = MIG_CHANNEL (stream);

  if (self->conn != NULL && self->state == MIG_CHANNEL_STATE_CONNECTED)
    {
      /* Best effort: the CLOSE frame, if the socket takes it now. */
      g_autoptr(GBytes) frame = mig_channel_frame_new_u64 (MIG_FRAME_CLOSE, self->out_written);
      GOutputStream *out = g_io_stream_get_output_stream (self->conn);

      if (!self->writing && G_IS_POLLABLE_OUTPUT_STREAM (out))
        g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (out),
                                                    g_bytes_get_data (frame, NULL),
                                                    g_bytes_get_size (frame), NULL, NULL);
    }
  mig_channel_finish_close (self);
  return TRUE;
}

static gboolean
close_timeout_cb (gpointer user_data)
{
  MigChannel *self = user_data;

  self->close_timeout = 0;
  g_debug ("Channel %s: the peer did not acknowledge everything before the close", self->id_string);
  mig_channel_finish_close (self);
  return G_SOURCE_REMOVE;
}

/* Called by the engine when everything written is acknowledged. */
void
mig_channel_close_when_flushed (MigChannel *self)
{
  if (self->close_task == NULL || self->out_acked < self->out_written)
    return;
  mig_channel_queue_control (self, mig_channel_frame_new_u64 (MIG_FRAME_CLOSE, self->out_written));
}

static void
mig_channel_close_async (GIOStream           *stream,
                         int                  io_priority,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  MigChannel *self = MIG_CHANNEL (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, mig_channel_close_async);
  if (self->close_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The channel is already closing"));
      g_object_unref (task);
      return;
    }
  self->close_task = task;
  if (self->state != MIG_CHANNEL_STATE_CONNECTED || self->gone)
    {
      mig_channel_finish_close (self);
      return;
    }
  /* What was written reaches the peer first, within five seconds. */
  self->close_timeout = g_timeout_add_seconds (5, close_timeout_cb, self);
  mig_channel_close_when_flushed (self);
  mig_channel_pump (self);
}

static gboolean
mig_channel_close_finish (GIOStream     *stream,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
mig_channel_class_init (MigChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = mig_channel_dispose;
  object_class->finalize = mig_channel_finalize;
  object_class->get_property = mig_channel_get_property;
  object_class->set_property = mig_channel_set_property;
  stream_class->get_input_stream = mig_channel_get_input_stream;
  stream_class->get_output_stream = mig_channel_get_output_stream;
  stream_class->close_fn = mig_channel_close_fn;
  stream_class->close_async = mig_channel_close_async;
  stream_class->close_finish = mig_channel_close_finish;

  /**
   * MigChannel:state:
   *
   * Where the channel is in its life: connected, finding its peer again,
   * frozen for a move, closed or failed.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MIG_TYPE_CHANNEL_STATE, MIG_CHANNEL_STATE_CONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigChannel:buffer-size:
   *
   * The most output, in bytes, that may wait for the peer's
   * acknowledgement; asynchronous writes wait while it is reached.
   */
  properties[PROP_BUFFER_SIZE] =
    g_param_spec_uint64 ("buffer-size", NULL, NULL, 64 * 1024, G_MAXUINT32, MIG_CHANNEL_DEFAULT_BUFFER_SIZE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * MigChannel:reconnect-timeout:
   *
   * Seconds the ends keep trying to find each other after the connection
   * is lost or one of them moved, before the channel fails.
   */
  properties[PROP_RECONNECT_TIMEOUT] =
    g_param_spec_uint ("reconnect-timeout", NULL, NULL, 1, 24 * 3600, DEFAULT_RECONNECT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MigChannel::datagram-received:
   * @self: the channel
   * @payload: the datagram's payload
   *
   * A datagram from the peer arrived (see
   * [method@Mig.Channel.send_datagram]).  Datagrams may be lost and are
   * never delivered twice; one older than the newest already delivered is
   * dropped.
   */
  signals[DATAGRAM_RECEIVED] =
    g_signal_new ("datagram-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
mig_channel_init (MigChannel *self)
{
  self->input = mig_channel_input_stream_new (self);
  self->output = mig_channel_output_stream_new (self);
  self->state = MIG_CHANNEL_STATE_RECONNECTING;
  self->buffer_size = MIG_CHANNEL_DEFAULT_BUFFER_SIZE;
  self->reconnect_timeout = DEFAULT_RECONNECT_TIMEOUT;
  self->in_buf = g_byte_array_new ();
  self->rx = g_byte_array_new ();
  g_queue_init (&self->out_chunks);
  g_queue_init (&self->write_waiters);
  g_queue_init (&self->control);
  g_queue_init (&self->dgram_held);
}

MigChannel *
mig_channel_new_internal (gboolean      is_client,
                          const guint8 *id,
                          const guint8 *secret)
{
  MigChannel *self = g_object_new (MIG_TYPE_CHANNEL, NULL);

  self->is_client = is_client;
  memcpy (self->id, id, MIG_CHANNEL_ID_SIZE);
  memcpy (self->secret, secret, MIG_CHANNEL_SECRET_SIZE);
  self->id_string = mig_channel_id_to_string (id);
  return self;
}

void
mig_channel_set_state (MigChannel      *self,
                       MigChannelState  state)
{
  if (self->state == state)
    return;
  g_debug ("Channel %s: %s → %s", self->id_string,
           g_enum_get_value (g_type_class_peek (MIG_TYPE_CHANNEL_STATE), self->state)->value_nick,
           g_enum_get_value (g_type_class_peek (MIG_TYPE_CHANNEL_STATE), state)->value_nick);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Takes @error.  Every waiting read and write fails with it. */
void
mig_channel_fail (MigChannel *self,
                  GError     *error)
{
  if (self->state == MIG_CHANNEL_STATE_FAILED || self->state == MIG_CHANNEL_STATE_CLOSED)
    {
      g_error_free (error);
      return;
    }
  g_debug ("Channel %s failed: %s", self->id_string, error->message);
  g_clear_error (&self->error);
  self->error = error;
  mig_channel_set_state (self, MIG_CHANNEL_STATE_FAILED);
  mig_channel_finish_close (self);
}

/* Whether reads (or writes) can still be served, with the reason if not. */
gboolean
mig_channel_check_usable (MigChannel *self,
                          gboolean    for_writing,
                          GError    **error)
{
  if (self->state == MIG_CHANNEL_STATE_FAILED)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->gone)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The channel moved to another device with its application"));
      return FALSE;
    }
  if (self->state == MIG_CHANNEL_STATE_CLOSED || (for_writing && self->close_task != NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
      return FALSE;
    }
  if (for_writing && self->peer_closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, _("The peer closed the channel"));
      return FALSE;
    }
  return TRUE;
}

gssize
mig_channel_take_input (MigChannel *self,
                        guint8     *buffer,
                        gsize       count)
{
  gsize available = self->in_buf->len - self->in_pos;
  gsize n = MIN (available, count);

  /* A channel that moved away has given its input to its successor. */
  if (n == 0 || self->gone)
    return 0;
  memcpy (buffer, self->in_buf->data + self->in_pos, n);
  self->in_pos += n;
  if (self->in_pos == self->in_buf->len)
    {
      g_byte_array_set_size (self->in_buf, 0);
      self->in_pos = 0;
    }
  else if (self->in_pos >= 256 * 1024)
    {
      g_byte_array_remove_range (self->in_buf, 0, self->in_pos);
      self->in_pos = 0;
    }
  mig_channel_resume_reading (self);
  return n;
}

/* Detaches the waiting read from the channel before it completes: its
 * callback may start the next read at once. */
static GTask *
end_read (MigChannel *self)
{
  GTask *task = g_steal_pointer (&self->read_task);

  if (self->read_cancellable != NULL)
    {
      g_cancellable_disconnect (self->read_cancellable, self->read_cancelled_id);
      g_clear_object (&self->read_cancellable);
      self->read_cancelled_id = 0;
    }
  return task;
}

/* Completes the waiting read if there is something to give it. */
void
mig_channel_input_ready (MigChannel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  gssize n;

  if (self->read_task == NULL)
    return;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->read_task)))
    {
      task = end_read (self);
      g_task_return_error_if_cancelled (task);
      return;
    }
  /* A frozen channel gives nothing: what it holds must all be in the
   * checkpoint, not in a read whose callback has not run yet. */
  if (self->frozen && !self->gone)
    return;
  n = mig_channel_take_input (self, self->read_buffer, self->read_count);
  if (n > 0 || self->read_count == 0)
    {
      task = end_read (self);
      g_task_return_int (task, n);
    }
  else if (self->peer_closed && !self->gone)
    {
      /* Everything the peer sent was read: the end of the stream. */
      task = end_read (self);
      g_task_return_int (task, 0);
    }
  else if (!mig_channel_check_usable (self, FALSE, &error))
    {
      task = end_read (self);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

/* The engine put @count bytes straight into the waiting read's buffer. */
void
mig_channel_complete_read (MigChannel *self,
                           gsize       count)
{
  g_autoptr(GTask) task = end_read (self);

  g_task_return_int (task, count);
}

static gboolean
read_cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MigChannel *self = g_object_get_data (G_OBJECT (task), "mig-channel");

  if (self != NULL && self->read_task == task)
    mig_channel_input_ready (self);
  return G_SOURCE_REMOVE;
}

static void
read_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  g_idle_add (read_cancelled_idle_cb, g_object_ref (task));
}

void
mig_channel_read_async_internal (MigChannel *self,
                                 GTask      *task,
                                 void       *buffer,
                                 gsize       count)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (self->read_task == NULL);
  self->read_task = task;
  self->read_buffer = buffer;
  self->read_count = count;
  mig_channel_input_ready (self);
  if (self->read_task == task && cancellable != NULL)
    {
      /* The channel outlives its streams' tasks. */
      g_object_set_data_full (G_OBJECT (task), "mig-channel", g_object_ref (self), g_object_unref);
      self->read_cancellable = g_object_ref (cancellable);
      self->read_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (read_cancelled_cb), task, NULL);
    }
}

void
mig_chunk_free (MigChunk *chunk)
{
  g_bytes_unref (chunk->bytes);
  g_free (chunk);
}

void
mig_channel_append_output (MigChannel *self,
                           const void *buffer,
                           gsize       count)
{
  MigChunk *last = g_queue_peek_tail (&self->out_chunks);
  MigChunk *chunk;

  if (count == 0)
    return;
  /* Small writes are gathered, so that a chunk is not a frame's worth of
   * bookkeeping per byte.  A write in flight keeps the bytes it sends. */
  if (last != NULL && g_bytes_get_size (last->bytes) + count <= 4096)
    {
      gsize size = g_bytes_get_size (last->bytes);
      guint8 *merged = g_malloc (size + count);

      memcpy (merged, g_bytes_get_data (last->bytes, NULL), size);
      memcpy (merged + size, buffer, count);
      g_bytes_unref (last->bytes);
      last->bytes = g_bytes_new_take (merged, size + count);
    }
  else
    {
      chunk = g_new (MigChunk, 1);
      chunk->bytes = g_bytes_new (buffer, count);
      chunk->start = self->out_written;
      g_queue_push_tail (&self->out_chunks, chunk);
    }
  self->out_written += count;
  mig_channel_pump (self);
}

/**
 * mig_channel_connect_async:
 * @host: the host name or address of the peer's [class@Mig.ChannelListener]
 * @port: its port
 * @flags: %MIG_CHANNEL_FLAGS_TLS for a channel over TLS
 * @cancellable: (nullable): a `GCancellable`
 * @callback: called when the channel is connected, or could not be
 * @user_data: data for @callback
 *
 * Connects to a channel listener and agrees on a new association with
 * it.  This end is the one that dials again when the connection is lost.
 *
 * With %MIG_CHANNEL_FLAGS_TLS, this connection and every later one of
 * the channel are TLS: the secret and the stream are encrypted, and each
 * re-association's proof is bound to its TLS connection, so that a relay
 * cannot pass it on.  The ends do not check each other's certificates —
 * a moved end is a new process with a new one — but prove the
 * association.  A listener takes both kinds.
 */
void
mig_channel_connect_async (const char          *host,
                           guint16              port,
                           MigChannelFlags      flags,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (host != NULL);
  g_return_if_fail (port != 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  mig_channel_connect_new_async (host, port, (flags & MIG_CHANNEL_FLAGS_TLS) != 0, cancellable, callback,
                                 user_data);
}

/**
 * mig_channel_get_state:
 * @self: a `MigChannel`
 *
 * Returns: where the channel is in its life
 */
MigChannelState
mig_channel_get_state (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), MIG_CHANNEL_STATE_FAILED);

  return self->state;
}

/**
 * mig_channel_get_error:
 * @self: a `MigChannel`
 *
 * Returns: (nullable): why the channel failed, or %NULL if it did not
 */
const GError *
mig_channel_get_error (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), NULL);

  return self->error;
}

/**
 * mig_channel_get_id:
 * @self: a `MigChannel`
 *
 * Returns: the association's ID, 32 hexadecimal digits; the same on both
 *   ends and after every move
 */
const char *
mig_channel_get_id (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), NULL);

  return self->id_string;
}

/**
 * mig_channel_dup_peer_address:
 * @self: a `MigChannel`
 *
 * Returns: (transfer full) (nullable): where the peer's rendezvous is as
 *   far as this end knows, as "host:port" ("[host]:port" for IPv6), or
 *   %NULL if it is not known yet
 */
char *
mig_channel_dup_peer_address (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), NULL);

  if (self->peer_host == NULL)
    return NULL;
  if (strchr (self->peer_host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->peer_host, self->peer_port);
  return g_strdup_printf ("%s:%u", self->peer_host, self->peer_port);
}

/**
 * mig_channel_get_tls:
 * @self: a `MigChannel`
 *
 * Returns: whether the channel's connections are TLS
 */
gboolean
mig_channel_get_tls (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), FALSE);

  return self->tls;
}

/**
 * mig_channel_get_buffer_size:
 * @self: a `MigChannel`
 *
 * Returns: the bound of the synchronisation buffer, in bytes
 */
gsize
mig_channel_get_buffer_size (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), 0);

  return self->buffer_size;
}

/**
 * mig_channel_set_buffer_size:
 * @self: a `MigChannel`
 * @size: the most unacknowledged output to keep, in bytes (at least 64 KiB)
 *
 * Sets [property@Mig.Channel:buffer-size].  A smaller bound than what is
 * already held takes effect as the peer acknowledges it.
 */
void
mig_channel_set_buffer_size (MigChannel *self,
                             gsize       size)
{
  g_return_if_fail (MIG_IS_CHANNEL (self));
  g_return_if_fail (size >= 64 * 1024 && size <= G_MAXUINT32);

  if (self->buffer_size == size)
    return;
  self->buffer_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFER_SIZE]);
  mig_channel_output_ready (self);
}

/**
 * mig_channel_get_reconnect_timeout:
 * @self: a `MigChannel`
 *
 * Returns: the seconds the ends keep trying to find each other
 */
guint
mig_channel_get_reconnect_timeout (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), 0);

  return self->reconnect_timeout;
}

/**
 * mig_channel_set_reconnect_timeout:
 * @self: a `MigChannel`
 * @seconds: how long to keep trying, at least one second
 *
 * Sets [property@Mig.Channel:reconnect-timeout]; it applies from the next
 * loss of the connection.
 */
void
mig_channel_set_reconnect_timeout (MigChannel *self,
                                   guint       seconds)
{
  g_return_if_fail (MIG_IS_CHANNEL (self));
  g_return_if_fail (seconds >= 1);

  if (self->reconnect_timeout == seconds)
    return;
  self->reconnect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_TIMEOUT]);
}

/**
 * mig_channel_get_bytes_written:
 * @self: a `MigChannel`
 *
 * Returns: the bytes written into the channel by this end, over its whole
 *   life and every move
 */
guint64
mig_channel_get_bytes_written (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), 0);

  return self->out_written;
}

/**
 * mig_channel_get_bytes_received:
 * @self: a `MigChannel`
 *
 * Returns: the bytes received from the peer (read or not yet), over the
 *   channel's whole life and every move
 */
guint64
mig_channel_get_bytes_received (MigChannel *self)
{
  g_return_val_if_fail (MIG_IS_CHANNEL (self), 0);

  return self->in_received;
}

#define MAX_HELD_DATAGRAMS 64

/**
 * mig_channel_send_datagram:
 * @self: a `MigChannel`
 * @payload: at most %MIG_CHANNEL_MAX_DATAGRAM_SIZE bytes
 * @error: return location for a `GError`
 *
 * Sends @payload to the peer as one UDP datagram, authenticated with the
 * association's secret, to wherever the peer is now.  Datagrams are not
 * acknowledged or sent again: one may be lost, none arrives twice, and one
 * overtaken by a newer one is dropped.  While the channel is not
 * connected (moving, or finding its peer again), up to 64 datagrams are
 * kept and sent once it is; they move with the application.  Once the
 * application's checkpoint for a move is taken, the channel takes no
 * more datagrams (%G_IO_ERROR_BUSY) and asynchronous writes wait: if the
 * move fails they go on here, if it succeeds they fail (the window is
 * frozen meanwhile, so a user cannot have done it).
 *
 * Returns: %TRUE if the datagram was sent or kept; %FALSE with @error if
 *   the channel is closed, moving, or @payload too long
 */
gboolean
mig_channel_send_datagram (MigChannel *self,
                           GBytes     *payload,
                           GError    **error)
{
  g_autoptr(GBytes) packet = NULL;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (MIG_IS_CHANNEL (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  data = g_bytes_get_data (payload, &size);
  if (size > MIG_CHANNEL_MAX_DATAGRAM_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("A datagram holds at most %d bytes"), MIG_CHANNEL_MAX_DATAGRAM_SIZE);
      return FALSE;
    }
  if (!mig_channel_check_usable (self, TRUE, error))
    return FALSE;
  if (self->saved)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The channel is moving to another device with its application"));
      return FALSE;
    }
  if (self->state != MIG_CHANNEL_STATE_CONNECTED || self->peer_host == NULL)
    {
      if (g_queue_get_length (&self->dgram_held) >= MAX_HELD_DATAGRAMS)
        g_bytes_unref (g_queue_pop_head (&self->dgram_held));
      g_queue_push_tail (&self->dgram_held, g_bytes_ref (payload));
      return TRUE;
    }
  packet = mig_channel_datagram_new (self->id, self->secret, self->is_client, ++self->dgram_out, data, size);
  mig_channel_send_udp (self, packet);
  return TRUE;
}

/* Sends what was kept while the channel was not connected. */
void
mig_channel_flush_datagrams (MigChannel *self)
{
  GBytes *payload;

  while (self->state == MIG_CHANNEL_STATE_CONNECTED && (payload = g_queue_pop_head (&self->dgram_held)) != NULL)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (payload, &size);
      g_autoptr(GBytes) packet = mig_channel_datagram_new (self->id, self->secret, self->is_client,
                                                           ++self->dgram_out, data, size);

      mig_channel_send_udp (self, packet);
      g_bytes_unref (payload);
    }
}

/* A datagram for this association arrived at the process's socket. */
void
mig_channel_receive_datagram (MigChannel   *self,
                              const guint8 *data,
                              gsize         length)
{
  g_autoptr(GBytes) payload = NULL;
  guint64 seq;

  if (self->frozen || self->gone || self->state == MIG_CHANNEL_STATE_CLOSED ||
      self->state == MIG_CHANNEL_STATE_FAILED)
    return;
  /* Sent by the other end: its role is the opposite of ours. */
  if (!mig_channel_datagram_open (data, length, self->secret, !self->is_client, &seq, &payload))
    {
      g_debug ("Channel %s: a datagram that does not prove the association, dropped", self->id_string);
      return;
    }
  if (seq <= self->dgram_in)
    return;
  self->dgram_in = seq;
  g_signal_emit (self, signals[DATAGRAM_RECEIVED], 0, payload);
}
