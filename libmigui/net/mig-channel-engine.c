/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mig-channel-private.h"
#include "mig-channel-tls-private.h"

/*
 * The engine of a channel: frames over the current connection.  One read
 * and one write are in flight at a time; control frames (acknowledgements,
 * pings, freezes, the close) go before data.  Every callback checks the
 * connection's generation, so that a connection dropped or replaced since
 * has no effect.
 */

/* Unread input beyond which the connection is not read until the
 * application reads; the peer's synchronisation buffer holds the rest. */
#define RECEIVE_WINDOW (4 * 1024 * 1024)
/* Acknowledge at least every so many bytes, or after ACK_DELAY_MS. */
#define ACK_EVERY (128 * 1024)
#define ACK_DELAY_MS 10
/* Send a ping after PING_SECONDS without sending; a connection that
 * brought nothing for DEAD_SECONDS is lost. */
#define PING_SECONDS 3
#define DEAD_SECONDS 10

typedef struct
{
  MigChannel *self;
  guint gen;
} OpData;

static OpData *
op_new (MigChannel *self)
{
  OpData *op = g_new (OpData, 1);

  op->self = g_object_ref (self);
  op->gen = self->conn_gen;
  return op;
}

static void
op_free (OpData *op)
{
  g_object_unref (op->self);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpData, op_free)

static gboolean
op_current (OpData *op)
{
  return op->self->conn != NULL && op->gen == op->self->conn_gen;
}

static void stop_reading (MigChannel *self);

void
mig_channel_stop_timers (MigChannel *self)
{
  g_clear_handle_id (&self->ack_source, g_source_remove);
  g_clear_handle_id (&self->ping_source, g_source_remove);
  g_clear_handle_id (&self->give_up_source, g_source_remove);
  g_clear_handle_id (&self->freeze_timeout, g_source_remove);
}

void
mig_channel_drop_connection (MigChannel *self)
{
  g_autoptr(GIOStream) conn = g_steal_pointer (&self->conn);

  self->conn_gen++;
  stop_reading (self);
  self->writing = FALSE;
  self->rx_paused = FALSE;
  g_clear_pointer (&self->writing_bytes, g_bytes_unref);
  g_queue_clear_full (&self->control, (GDestroyNotify) g_bytes_unref);
  g_clear_handle_id (&self->ack_source, g_source_remove);
  g_clear_handle_id (&self->ping_source, g_source_remove);
  if (self->conn_cancellable != NULL)
    {
      g_cancellable_cancel (self->conn_cancellable);
      g_clear_object (&self->conn_cancellable);
    }
  if (conn != NULL)
    mig_channel_tls_abort (conn);
  if (self->rx != NULL)
    g_byte_array_set_size (self->rx, 0);
}

static gboolean
give_up_cb (gpointer user_data)
{
  MigChannel *self = user_data;

  self->give_up_source = 0;
  mig_channel_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                       _("The other end of the channel could not be reached for %u seconds"),
                                       self->reconnect_timeout));
  return G_SOURCE_REMOVE;
}

/* The connection is gone (an error, the peer's end, a dead link, or the
 * peer moving): find the peer again, or wait for it. */
void
mig_channel_lost (MigChannel *self)
{
  mig_channel_drop_connection (self);
  if (self->state == MIG_CHANNEL_STATE_CLOSED || self->state == MIG_CHANNEL_STATE_FAILED || self->gone)
    return;
  if (self->frozen)
    {
      /* Moving: what is held is saved as it is; counters settle later. */
      if (self->freeze_task != NULL)
        {
          GTask *task = g_steal_pointer (&self->freeze_task);

          g_clear_handle_id (&self->freeze_timeout, g_source_remove);
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
        }
      return;
    }
  if (self->close_task != NULL)
    {
      mig_channel_finish_close (self);
      return;
    }
  mig_channel_set_state (self, MIG_CHANNEL_STATE_RECONNECTING);
  if (self->give_up_source == 0)
    self->give_up_source = g_timeout_add_seconds (self->reconnect_timeout, give_up_cb, self);
  if (mig_channel_should_dial (self))
    mig_channel_start_dialing (self);
}

static void
protocol_error (MigChannel *self,
                GError     *error)
{
  g_debug ("Channel %s: %s; the connection is dropped", self->id_string, error->message);
  g_error_free (error);
  mig_channel_lost (self);
}

gboolean
mig_channel_counters_acceptable (MigChannel *self,
                                 guint64     peer_received)
{
  return peer_received >= self->out_acked && peer_received <= self->out_written;
}

void
mig_channel_trim_acked (MigChannel *self,
                        guint64     acked)
{
  MigChunk *chunk;

  g_assert (acked >= self->out_acked && acked <= self->out_written);
  self->out_acked = acked;
  while ((chunk = g_queue_peek_head (&self->out_chunks)) != NULL &&
         chunk->start + g_bytes_get_size (chunk->bytes) <= acked)
    mig_chunk_free (g_queue_pop_head (&self->out_chunks));
}

GBytes *
mig_channel_collect_unacked (MigChannel *self)
{
  GByteArray *array = g_byte_array_sized_new (self->out_written - self->out_acked);

  for (GList *l = self->out_chunks.head; l != NULL; l = l->next)
    {
      MigChunk *chunk = l->data;
      gsize size;
      const guint8 *data = g_bytes_get_data (chunk->bytes, &size);
      guint64 from = MAX (chunk->start, self->out_acked);

      if (from < chunk->start + size)
        g_byte_array_append (array, data + (from - chunk->start), chunk->start + size - from);
    }
  g_assert (array->len == self->out_written - self->out_acked);
  return g_byte_array_free_to_bytes (array);
}

/* The chunk holding offset @offset, looked for from the nearer end. */
static MigChunk *
find_chunk (MigChannel *self,
            guint64     offset)
{
  if (offset - self->out_acked < self->out_written - offset)
    {
      for (GList *l = self->out_chunks.head; l != NULL; l = l->next)
        {
          MigChunk *chunk = l->data;

          if (offset < chunk->start + g_bytes_get_size (chunk->bytes))
            return chunk;
        }
    }
  else
    {
      for (GList *l = self->out_chunks.tail; l != NULL; l = l->prev)
        {
          MigChunk *chunk = l->data;

          if (chunk->start <= offset)
            return chunk;
        }
    }
  g_assert_not_reached ();
}

void
mig_channel_queue_control (MigChannel *self,
                           GBytes     *frame)
{
  if (self->conn == NULL)
    {
      g_bytes_unref (frame);
      return;
    }
  g_queue_push_tail (&self->control, frame);
  mig_channel_pump (self);
}

static void start_reading (MigChannel *self);

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OpData) op = user_data;
  MigChannel *self = op->self;
  g_autoptr(GError) error = NULL;
  MigFrameType type;

  if (!g_output_stream_writev_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (op_current (op))
        protocol_error (self, g_steal_pointer (&error));
      return;
    }
  if (!op_current (op))
    return;

  type = self->writing_type;
  self->writing = FALSE;
  self->last_tx = g_get_monotonic_time ();
  g_clear_pointer (&self->writing_bytes, g_bytes_unref);
  switch (type)
    {
    case MIG_FRAME_DATA:
      self->out_wire += self->writing_length;
      break;
    case MIG_FRAME_FREEZE_ACK:
      /* The peer moves; it will be found again, or find us. */
      if (!self->frozen)
        {
          mig_channel_lost (self);
          return;
        }
      break;
    case MIG_FRAME_CLOSE:
      mig_channel_finish_close (self);
      return;
    default:
      break;
    }
  mig_channel_pump (self);
}

void
mig_channel_pump (MigChannel *self)
{
  GOutputStream *out;
  GOutputVector *vectors = self->writing_vectors;
  guint n_vectors = 1;
  GBytes *frame;
  OpData *op;

  if (self->conn == NULL || self->writing)
    return;
  out = g_io_stream_get_output_stream (self->conn);

  if ((frame = g_queue_pop_head (&self->control)) != NULL)
    {
      self->writing_type = g_bytes_get_size (frame) > 0 ? ((const guint8 *) g_bytes_get_data (frame, NULL))[0] : 0;
      self->writing_length = 0;
      self->writing_bytes = frame;
      vectors[0].buffer = g_bytes_get_data (frame, &vectors[0].size);
    }
  else if (self->ack_pending)
    {
      self->ack_pending = FALSE;
      g_clear_handle_id (&self->ack_source, g_source_remove);
      self->in_acked_sent = self->in_received;
      frame = mig_channel_frame_new_u64 (MIG_FRAME_ACK, self->in_received);
      self->writing_type = MIG_FRAME_ACK;
      self->writing_length = 0;
      self->writing_bytes = frame;
      vectors[0].buffer = g_bytes_get_data (frame, &vectors[0].size);
    }
  else if (self->state == MIG_CHANNEL_STATE_CONNECTED && !self->frozen && !self->peer_moving &&
           self->out_wire < self->out_written)
    {
      MigChunk *chunk = find_chunk (self, self->out_wire);
      gsize size;
      const guint8 *data = g_bytes_get_data (chunk->bytes, &size);
      gsize offset = self->out_wire - chunk->start;
      gsize length = MIN (size - offset, MIG_CHANNEL_MAX_DATA);

      mig_channel_frame_header (self->writing_header, MIG_FRAME_DATA, length);
      self->writing_type = MIG_FRAME_DATA;
      self->writing_length = length;
      self->writing_bytes = g_bytes_ref (chunk->bytes);
      vectors[0].buffer = self->writing_header;
      vectors[0].size = MIG_CHANNEL_HEADER_SIZE;
      vectors[1].buffer = data + offset;
      vectors[1].size = length;
      n_vectors = 2;
    }
  else
    return;

  self->writing = TRUE;
  op = op_new (self);
  g_output_stream_writev_all_async (out, vectors, n_vectors, G_PRIORITY_DEFAULT, self->conn_cancellable,
                                    write_done_cb, op);
}

static gboolean
ack_cb (gpointer user_data)
{
  MigChannel *self = user_data;

  self->ack_source = 0;
  self->ack_pending = TRUE;
  mig_channel_pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_ack (MigChannel *self)
{
  if (self->in_received - self->in_acked_sent >= ACK_EVERY)
    {
      self->ack_pending = TRUE;
      mig_channel_pump (self);
    }
  else if (self->ack_source == 0 && self->in_received > self->in_acked_sent)
    self->ack_source = g_timeout_add (ACK_DELAY_MS, ack_cb, self);
}

/* The most the peer can have received: what went over the connection,
 * with the frame being written (the peer may acknowledge it before the
 * write's callback runs here). */
static guint64
sent_upper (MigChannel *self)
{
  return self->out_wire + (self->writing && self->writing_type == MIG_FRAME_DATA ? self->writing_length : 0);
}

static gboolean
handle_ack (MigChannel   *self,
            const MigFrame *frame,
            GError      **error)
{
  guint64 value;

  if (!mig_channel_parse_u64 (frame, &value, error))
    return FALSE;
  if (value < self->out_acked || value > sent_upper (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The peer acknowledged bytes that were not sent"));
      return FALSE;
    }
  mig_channel_trim_acked (self, value);
  mig_channel_output_ready (self);
  mig_channel_close_when_flushed (self);
  return TRUE;
}

static gboolean
handle_freeze (MigChannel     *self,
               const MigFrame *frame,
               GError        **error)
{
  MigFreeze freeze;

  if (!mig_channel_parse_freeze (frame, &freeze, error))
    return FALSE;
  if (freeze.received < self->out_acked || freeze.received > sent_upper (self))
    {
      g_free (freeze.target);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The peer acknowledged bytes that were not sent"));
      return FALSE;
    }
  mig_channel_trim_acked (self, freeze.received);
  self->peer_moving = TRUE;
  g_free (self->peer_target);
  self->peer_target = freeze.target;
  g_debug ("Channel %s: the peer is moving%s%s", self->id_string,
           self->peer_target != NULL ? " to " : "", self->peer_target != NULL ? self->peer_target : "");
  /* Everything the peer sent before its FREEZE is in: say how much. */
  g_queue_push_tail (&self->control, mig_channel_frame_new_u64 (MIG_FRAME_FREEZE_ACK, self->in_received));
  self->in_acked_sent = self->in_received;
  if (!self->frozen)
    mig_channel_set_state (self, MIG_CHANNEL_STATE_RECONNECTING);
  mig_channel_pump (self);
  return TRUE;
}

static gboolean
handle_freeze_ack (MigChannel     *self,
                   const MigFrame *frame,
                   GError        **error)
{
  guint64 value;
  GTask *task;

  if (!mig_channel_parse_u64 (frame, &value, error))
    return FALSE;
  if (!self->frozen || value < self->out_acked || value > sent_upper (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The peer acknowledged a freeze that was not asked for"));
      return FALSE;
    }
  mig_channel_trim_acked (self, value);
  task = g_steal_pointer (&self->freeze_task);
  mig_channel_drop_connection (self);
  if (task != NULL)
    {
      g_clear_handle_id (&self->freeze_timeout, g_source_remove);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
  return TRUE;
}

static gboolean
handle_close (MigChannel     *self,
              const MigFrame *frame,
              GError        **error)
{
  guint64 value;

  if (!mig_channel_parse_u64 (frame, &value, error))
    return FALSE;
  if (value != self->in_received)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The peer closed the channel before everything it sent arrived"));
      return FALSE;
    }
  g_debug ("Channel %s: closed by the peer", self->id_string);
  self->peer_closed = TRUE;
  mig_channel_finish_close (self);
  return TRUE;
}

/* A DATA frame's payload: straight into a waiting read when nothing is
 * buffered before it, else into the buffer of unread input. */
static void
take_data (MigChannel   *self,
           const guint8 *payload,
           gsize         length)
{
  self->in_received += length;
  if (self->read_task != NULL && self->in_pos == self->in_buf->len && self->read_count > 0 && !self->gone &&
      !self->frozen)
    {
      gsize direct = MIN (length, self->read_count);

      memcpy (self->read_buffer, payload, direct);
      /* The read completes with what was put in its buffer. */
      mig_channel_complete_read (self, direct);
      payload += direct;
      length -= direct;
    }
  if (length > 0)
    g_byte_array_append (self->in_buf, payload, length);
}

/* Handles the whole frames of @data; returns the bytes used, or -1 if the
 * connection was dropped or replaced meanwhile. */
static gssize
handle_frames (MigChannel   *self,
               const guint8 *data,
               gsize         length)
{
  guint gen = self->conn_gen;
  gsize pos = 0;
  gboolean got_data = FALSE;

  while (self->conn != NULL && gen == self->conn_gen)
    {
      g_autoptr(GError) error = NULL;
      MigFrame frame;
      gsize consumed;
      gboolean ok = TRUE;
      int parsed = mig_channel_frame_parse (data + pos, length - pos, &frame, &consumed, &error);

      if (parsed == 0)
        break;
      if (parsed < 0)
        {
          protocol_error (self, g_steal_pointer (&error));
          return -1;
        }
      switch (frame.type)
        {
        case MIG_FRAME_DATA:
          take_data (self, frame.payload, frame.length);
          got_data = TRUE;
          break;
        case MIG_FRAME_ACK:
          ok = handle_ack (self, &frame, &error);
          break;
        case MIG_FRAME_PING:
          break;
        case MIG_FRAME_FREEZE:
          ok = handle_freeze (self, &frame, &error);
          break;
        case MIG_FRAME_FREEZE_ACK:
          ok = handle_freeze_ack (self, &frame, &error);
          break;
        case MIG_FRAME_CLOSE:
          /* What came before it is the application's first. */
          mig_channel_input_ready (self);
          ok = handle_close (self, &frame, &error);
          break;
        default:
          ok = FALSE;
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The peer sent a handshake message in the middle of the stream"));
        }
      if (!ok)
        {
          protocol_error (self, g_steal_pointer (&error));
          return -1;
        }
      pos += consumed;
    }
  if (self->conn == NULL || gen != self->conn_gen)
    return -1;
  if (got_data)
    {
      mig_channel_input_ready (self);
      if (self->conn == NULL || gen != self->conn_gen)
        return -1;
      schedule_ack (self);
    }
  return pos;
}

/* One buffer for the whole process: a channel that waits for data holds
 * none of its own. */
#define SHARED_READ_SIZE (256 * 1024)
static guint8 *shared_read;

static gboolean
window_full (MigChannel *self)
{
  /* A moving end reads everything up to the peer's FREEZE_ACK. */
  return self->in_buf->len - self->in_pos >= RECEIVE_WINDOW && !self->frozen;
}

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
  MigChannel *self = user_data;
  g_autoptr(MigChannel) hold = g_object_ref (self);
  guint gen = self->conn_gen;

  if (shared_read == NULL)
    shared_read = g_malloc (SHARED_READ_SIZE);
  /* A few reads, then the others' turn. */
  for (int i = 0; i < 8 && self->conn != NULL && gen == self->conn_gen; i++)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), shared_read,
                                                           SHARED_READ_SIZE, NULL, &error);
      gssize used;

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (n <= 0)
        {
          g_debug ("Channel %s: the connection %s%s", self->id_string, n == 0 ? "ended" : "failed: ",
                   n == 0 ? "" : error->message);
          self->read_source = NULL;
          mig_channel_lost (self);
          return G_SOURCE_REMOVE;
        }
      self->last_rx = g_get_monotonic_time ();
      if (self->rx->len > 0)
        {
          /* The rest of a frame that began in an earlier read. */
          g_byte_array_append (self->rx, shared_read, n);
          used = handle_frames (self, self->rx->data, self->rx->len);
          if (used < 0)
            return G_SOURCE_REMOVE;
          g_byte_array_remove_range (self->rx, 0, used);
        }
      else
        {
          used = handle_frames (self, shared_read, n);
          if (used < 0)
            return G_SOURCE_REMOVE;
          if (used < n)
            g_byte_array_append (self->rx, shared_read + used, n - used);
        }
      if (window_full (self))
        {
          self->rx_paused = TRUE;
          self->read_source = NULL;
          return G_SOURCE_REMOVE;
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
start_reading (MigChannel *self)
{
  GInputStream *in;
  GSource *source;

  if (self->conn == NULL || self->read_source != NULL)
    return;
  if (window_full (self))
    {
      self->rx_paused = TRUE;
      return;
    }
  self->rx_paused = FALSE;
  in = g_io_stream_get_input_stream (self->conn);
  if (!G_IS_POLLABLE_INPUT_STREAM (in) || !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (in)))
    {
      g_debug ("Channel %s: its connection cannot be polled", self->id_string);
      mig_channel_lost (self);
      return;
    }
  source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (in), NULL);
  g_source_set_callback (source, (GSourceFunc) G_CALLBACK (readable_cb), self, NULL);
  g_source_attach (source, NULL);
  self->read_source = source;
  g_source_unref (source);
}

static void
stop_reading (MigChannel *self)
{
  if (self->read_source != NULL)
    {
      g_source_destroy (self->read_source);
      self->read_source = NULL;
    }
}

void
mig_channel_resume_reading (MigChannel *self)
{
  if (self->rx_paused && self->in_buf->len - self->in_pos < RECEIVE_WINDOW / 2)
    start_reading (self);
}

static gboolean
ping_cb (gpointer user_data)
{
  MigChannel *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - self->last_rx > DEAD_SECONDS * G_USEC_PER_SEC && !self->rx_paused)
    {
      g_debug ("Channel %s: nothing heard for %d s", self->id_string, DEAD_SECONDS);
      self->ping_source = 0;
      mig_channel_lost (self);
      return G_SOURCE_REMOVE;
    }
  if (now - self->last_tx >= PING_SECONDS * G_USEC_PER_SEC && !self->writing && g_queue_is_empty (&self->control))
    mig_channel_queue_control (self, mig_channel_frame_new (MIG_FRAME_PING, NULL, 0));
  return G_SOURCE_CONTINUE;
}

/* Makes @conn the channel's connection, after a handshake that told the
 * peer's count of bytes received. */
void
mig_channel_adopt (MigChannel *self,
                   GIOStream  *conn,
                   guint64     peer_received)
{
  g_assert (mig_channel_counters_acceptable (self, peer_received));

  mig_channel_drop_connection (self);
  mig_channel_stop_dialing (self);
  g_clear_handle_id (&self->give_up_source, g_source_remove);
  self->conn = g_object_ref (conn);
  /* GSocketClient's connect timeout stays on the socket as an I/O
   * timeout: liveness is the pings' business here. */
  {
    g_autoptr(GIOStream) base = NULL;

    if (G_IS_TLS_CONNECTION (conn))
      g_object_get (conn, "base-io-stream", &base, NULL);
    else
      base = g_object_ref (conn);
    if (G_IS_SOCKET_CONNECTION (base))
      g_socket_set_timeout (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)), 0);
  }
  self->conn_gen++;
  self->conn_cancellable = g_cancellable_new ();
  mig_channel_trim_acked (self, peer_received);
  self->out_wire = peer_received;
  self->moved = FALSE;
  self->peer_moving = FALSE;
  g_clear_pointer (&self->peer_target, g_free);
  self->last_rx = self->last_tx = g_get_monotonic_time ();
  self->ping_source = g_timeout_add_seconds (1, ping_cb, self);
  g_debug ("Channel %s: connected to %s:%u, resending from %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT,
           self->id_string, self->peer_host, self->peer_port, peer_received, self->out_written);
  mig_channel_set_state (self, MIG_CHANNEL_STATE_CONNECTED);
  self->ack_pending = self->in_received > 0;
  start_reading (self);
  mig_channel_pump (self);
  mig_channel_flush_datagrams (self);
  mig_channel_output_ready (self);
  mig_channel_input_ready (self);
}

/* Reading one handshake frame: the header, then the payload. */
typedef struct
{
  guint8 header[MIG_CHANNEL_HEADER_SIZE];
  guint8 *buffer;
  gsize length;
} FrameRead;

static void
frame_read_free (FrameRead *read)
{
  g_free (read->buffer);
  g_free (read);
}

static void
payload_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FrameRead *read = g_task_get_task_data (task);
  GError *error = NULL;
  gsize got = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error))
    g_task_return_error (task, error);
  else if (got != read->length)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                             _("The connection ended in the middle of a message"));
  else
    {
      guint8 *whole = g_malloc (MIG_CHANNEL_HEADER_SIZE + read->length);

      memcpy (whole, read->header, MIG_CHANNEL_HEADER_SIZE);
      if (read->length > 0)
        memcpy (whole + MIG_CHANNEL_HEADER_SIZE, read->buffer, read->length);
      g_task_return_pointer (task, g_bytes_new_take (whole, MIG_CHANNEL_HEADER_SIZE + read->length),
                             (GDestroyNotify) g_bytes_unref);
    }
}

static void
header_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FrameRead *read = g_task_get_task_data (task);
  GError *error = NULL;
  gsize got = 0;
  guint32 length;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (got != MIG_CHANNEL_HEADER_SIZE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               _("The connection ended before the handshake"));
      return;
    }
  length = (guint32) read->header[1] << 24 | (guint32) read->header[2] << 16 |
           (guint32) read->header[3] << 8 | read->header[4];
  if (read->header[0] < MIG_FRAME_HELLO || read->header[0] > MIG_FRAME_REFUSE ||
      length > MIG_CHANNEL_MAX_CONTROL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The other side does not speak the channel protocol"));
      return;
    }
  read->length = length;
  read->buffer = g_malloc (MAX (length, 1));
  g_input_stream_read_all_async (G_INPUT_STREAM (source), read->buffer, length, G_PRIORITY_DEFAULT,
                                 g_task_get_cancellable (task), payload_read_cb, g_object_ref (task));
}

void
mig_channel_read_frame_async (GInputStream        *input,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (input, cancellable, callback, user_data);
  FrameRead *read = g_new0 (FrameRead, 1);

  g_task_set_task_data (task, read, (GDestroyNotify) frame_read_free);
  g_input_stream_read_all_async (input, read->header, MIG_CHANNEL_HEADER_SIZE, G_PRIORITY_DEFAULT, cancellable,
                                 header_read_cb, task);
}

/* Returns the frame's bytes, which @frame points into. */
GBytes *
mig_channel_read_frame_finish (GAsyncResult *result,
                               MigFrame     *frame,
                               GError      **error)
{
  GBytes *bytes = g_task_propagate_pointer (G_TASK (result), error);
  gsize size, consumed;
  const guint8 *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  if (mig_channel_frame_parse (data, size, frame, &consumed, error) != 1)
    {
      g_bytes_unref (bytes);
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Malformed handshake message"));
      return NULL;
    }
  return bytes;
}
