/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-enums.h"
#include "mig-sync-link-private.h"

#define READ_CHUNK 65536

struct _MigSyncLink
{
  GObject       parent_instance;

  GIOStream    *stream;
  GCancellable *cancellable;
  GByteArray   *in;
  guint8       *chunk;
  GQueue        out;          /* GBytes, the first being written */
  gboolean      writing;
  gboolean      reading;
  gboolean      closing;      /* a BYE is queued: close once it is out */
  gboolean      closed;
  guint64       bytes_sent;
  guint64       bytes_received;
};

enum { SIGNAL_MESSAGE, SIGNAL_REFUSED, SIGNAL_CLOSED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MigSyncLink, mig_sync_link, G_TYPE_OBJECT)

static void start_read (MigSyncLink *self);
static void write_next (MigSyncLink *self);

static void
close_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
}

/* Once ended and nothing is pending on the stream (a pending read or
 * write would make the close fail): closed, gracefully. */
static void
close_stream (MigSyncLink *self)
{
  if (self->closed && !self->reading && !self->writing && !g_io_stream_is_closed (self->stream))
    g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, close_done_cb, NULL);
}

/* Ends the link once: the stream is closed (gracefully: what was written
 * still reaches the peer), ::closed is emitted. */
static void
finish (MigSyncLink  *self,
        const GError *error)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  g_object_ref (self);
  g_cancellable_cancel (self->cancellable);
  close_stream (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
  g_object_unref (self);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  MigSyncLink *self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      finish (self, error);
      close_stream (self);
      g_object_unref (self);
      return;
    }
  g_bytes_unref (g_queue_pop_head (&self->out));
  write_next (self);
  g_object_unref (self);
}

static void
write_next (MigSyncLink *self)
{
  GBytes *bytes;

  if (self->writing || self->closed)
    return;
  bytes = g_queue_peek_head (&self->out);
  if (bytes == NULL)
    {
      if (self->closing)
        finish (self, NULL);
      return;
    }
  self->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, self->cancellable, write_done_cb, g_object_ref (self));
}

void
mig_sync_link_send (MigSyncLink *self,
                    JsonNode    *message)
{
  GBytes *frame;

  g_return_if_fail (MIG_IS_SYNC_LINK (self));

  if (self->closed || self->closing)
    {
      json_node_unref (message);
      return;
    }
  frame = mig_sync_message_frame (message);
  json_node_unref (message);
  self->bytes_sent += g_bytes_get_size (frame);
  g_queue_push_tail (&self->out, frame);
  write_next (self);
}

/* Says goodbye (with @reason, if any) after what is queued, then closes. */
void
mig_sync_link_close (MigSyncLink *self,
                     const char  *reason)
{
  g_return_if_fail (MIG_IS_SYNC_LINK (self));

  if (self->closed || self->closing)
    return;
  mig_sync_link_send (self, mig_sync_build_simple (MIG_SYNC_BYE, reason));
  self->closing = TRUE;
  write_next (self);
}

/* Takes every whole frame out of the input; FALSE once the link ended. */
static gboolean
parse_frames (MigSyncLink *self)
{
  gsize used = 0;

  while (!self->closed && self->in->len - used >= 4)
    {
      const guint8 *p = self->in->data + used;
      guint32 length = ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
      g_autoptr(MigSyncMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      if (length > MIG_SYNC_MAX_MESSAGE)
        {
          g_set_error (&error, MIG_ERROR, MIG_ERROR_TOO_LARGE,
                       "The peer sent a synchronisation message of %u bytes, over the limit of %d",
                       length, MIG_SYNC_MAX_MESSAGE);
          finish (self, error);
          return FALSE;
        }
      if (self->in->len - used - 4 < length)
        break;
      message = mig_sync_message_parse ((const char *) p + 4, length, &error);
      used += 4 + length;
      if (message == NULL)
        g_signal_emit (self, signals[SIGNAL_REFUSED], 0, error);
      else if (message->kind == MIG_SYNC_BYE)
        {
          g_autoptr(GError) bye = NULL;

          if (message->reason != NULL)
            bye = g_error_new_literal (MIG_ERROR, MIG_ERROR_FAILED, message->reason);
          finish (self, bye);
        }
      else
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
    }
  g_byte_array_remove_range (self->in, 0, MIN (used, self->in->len));
  return !self->closed;
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MigSyncLink *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  self->reading = FALSE;
  if (self->closed)
    {
      close_stream (self);
      g_object_unref (self);
      return;
    }
  if (n <= 0)
    {
      if (n == 0)
        error = g_error_new_literal (MIG_ERROR, MIG_ERROR_UNREACHABLE,
                                     "The peer closed the connection without a goodbye");
      finish (self, error);
      g_object_unref (self);
      return;
    }
  self->bytes_received += n;
  g_byte_array_append (self->in, self->chunk, n);
  if (parse_frames (self))
    start_read (self);
  g_object_unref (self);
}

static void
start_read (MigSyncLink *self)
{
  self->reading = TRUE;
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream), self->chunk, READ_CHUNK,
                             G_PRIORITY_DEFAULT, self->cancellable, read_done_cb, g_object_ref (self));
}

static void
mig_sync_link_dispose (GObject *object)
{
  MigSyncLink *self = MIG_SYNC_LINK (object);

  g_cancellable_cancel (self->cancellable);
  self->closed = TRUE;
  close_stream (self);
  g_queue_clear_full (&self->out, (GDestroyNotify) g_bytes_unref);
  G_OBJECT_CLASS (mig_sync_link_parent_class)->dispose (object);
}

static void
mig_sync_link_finalize (GObject *object)
{
  MigSyncLink *self = MIG_SYNC_LINK (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_byte_array_unref (self->in);
  g_free (self->chunk);
  G_OBJECT_CLASS (mig_sync_link_parent_class)->finalize (object);
}

static void
mig_sync_link_class_init (MigSyncLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mig_sync_link_dispose;
  object_class->finalize = mig_sync_link_finalize;

  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mig_sync_link_init (MigSyncLink *self)
{
  self->cancellable = g_cancellable_new ();
  self->in = g_byte_array_new ();
  self->chunk = g_malloc (READ_CHUNK);
  g_queue_init (&self->out);
}

MigSyncLink *
mig_sync_link_new (GIOStream *stream)
{
  MigSyncLink *self = g_object_new (MIG_TYPE_SYNC_LINK, NULL);

  self->stream = g_object_ref (stream);
  start_read (self);
  return self;
}

GIOStream *
mig_sync_link_get_stream (MigSyncLink *self)
{
  return self->stream;
}

gboolean
mig_sync_link_is_closed (MigSyncLink *self)
{
  return self->closed;
}

guint64
mig_sync_link_get_bytes_sent (MigSyncLink *self)
{
  return self->bytes_sent;
}

guint64
mig_sync_link_get_bytes_received (MigSyncLink *self)
{
  return self->bytes_received;
}
