/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-channel-output-stream-private.h"
#include "mig-channel-private.h"

/*
 * The output half of a MigChannel.  A write goes into the channel's
 * synchronisation buffer and completes at once; while the buffer is full
 * an asynchronous write waits for the peer's acknowledgements (it is never
 * dropped), and a synchronous one writes what fits.
 */
struct _MigChannelOutputStream
{
  GOutputStream parent_instance;
  MigChannel *channel;   /* weak: the channel owns this stream */
};

G_DEFINE_FINAL_TYPE (MigChannelOutputStream, mig_channel_output_stream, G_TYPE_OUTPUT_STREAM)

typedef struct
{
  const void *buffer;
  gsize count;
  GCancellable *cancellable;
  gulong cancelled_id;
} WriteData;

static void
write_data_free (gpointer user_data)
{
  WriteData *data = user_data;

  if (data->cancellable != NULL)
    {
      g_cancellable_disconnect (data->cancellable, data->cancelled_id);
      g_object_unref (data->cancellable);
    }
  g_free (data);
}

static gsize
room (MigChannel *channel)
{
  guint64 used = channel->out_written - channel->out_acked;

  return used >= channel->buffer_size ? 0 : channel->buffer_size - used;
}

static gssize
mig_channel_output_stream_write (GOutputStream  *stream,
                                 const void     *buffer,
                                 gsize           count,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  MigChannel *channel = MIG_CHANNEL_OUTPUT_STREAM (stream)->channel;
  gsize n;

  if (channel == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
      return -1;
    }
  if (!mig_channel_check_usable (channel, TRUE, error))
    return -1;
  n = channel->saved ? 0 : MIN (count, room (channel));
  if (n == 0 && count > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           channel->saved ? _("The channel is moving to another device")
                                          : _("The channel’s buffer is full: write with g_output_stream_write_async()"));
      return -1;
    }
  mig_channel_append_output (channel, buffer, n);
  return n;
}

/* Completes as many waiting writes as the buffer has room for. */
void
mig_channel_output_ready (MigChannel *channel)
{
  GTask *task;

  while ((task = g_queue_peek_head (&channel->write_waiters)) != NULL)
    {
      WriteData *data = g_task_get_task_data (task);
      g_autoptr(GError) error = NULL;
      gsize n;

      if (g_task_return_error_if_cancelled (task))
        {
          g_queue_pop_head (&channel->write_waiters);
          g_object_unref (task);
          continue;
        }
      if (!mig_channel_check_usable (channel, TRUE, &error))
        {
          g_queue_pop_head (&channel->write_waiters);
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          continue;
        }
      /* A channel whose state was just checkpointed for a move takes
       * nothing more: the write waits for the move's outcome. */
      n = channel->saved ? 0 : MIN (data->count, room (channel));
      if (n == 0)
        return;
      g_queue_pop_head (&channel->write_waiters);
      mig_channel_append_output (channel, data->buffer, n);
      g_task_return_int (task, n);
      g_object_unref (task);
    }
}

/* A waiting write that is cancelled leaves the queue at once, having
 * written nothing. */
static gboolean
drop_cancelled_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MigChannelOutputStream *self = g_task_get_source_object (task);

  if (self->channel != NULL && g_queue_remove (&self->channel->write_waiters, task))
    {
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
write_cancelled_cb (GCancellable *cancellable,
                    GTask        *task)
{
  g_idle_add (drop_cancelled_cb, g_object_ref (task));
}

static void
mig_channel_output_stream_write_async (GOutputStream       *stream,
                                       const void          *buffer,
                                       gsize                count,
                                       int                  io_priority,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  MigChannel *channel = MIG_CHANNEL_OUTPUT_STREAM (stream)->channel;
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  WriteData *data = g_new0 (WriteData, 1);

  g_task_set_source_tag (task, mig_channel_output_stream_write_async);
  data->buffer = buffer;
  data->count = count;
  g_task_set_task_data (task, data, write_data_free);
  if (channel == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (&channel->write_waiters, task);
  mig_channel_output_ready (channel);
  if (cancellable != NULL && g_queue_find (&channel->write_waiters, task) != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (write_cancelled_cb), task, NULL);
    }
}

static gssize
mig_channel_output_stream_write_finish (GOutputStream  *stream,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
mig_channel_output_stream_close (GOutputStream  *stream,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  return TRUE;
}

static void
mig_channel_output_stream_class_init (MigChannelOutputStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = mig_channel_output_stream_write;
  stream_class->write_async = mig_channel_output_stream_write_async;
  stream_class->write_finish = mig_channel_output_stream_write_finish;
  stream_class->close_fn = mig_channel_output_stream_close;
}

static void
mig_channel_output_stream_init (MigChannelOutputStream *self)
{
}

GOutputStream *
mig_channel_output_stream_new (MigChannel *channel)
{
  MigChannelOutputStream *self = g_object_new (MIG_TYPE_CHANNEL_OUTPUT_STREAM, NULL);

  self->channel = channel;
  return G_OUTPUT_STREAM (self);
}

/* The channel is going: the stream stays, and reports it closed. */
void
mig_channel_output_stream_detach (MigChannelOutputStream *self)
{
  self->channel = NULL;
}
