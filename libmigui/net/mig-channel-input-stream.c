/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-channel-input-stream-private.h"
#include "mig-channel-private.h"

/*
 * The input half of a MigChannel.  Reads are served from the channel's
 * buffer of unread input; an asynchronous read with nothing to read waits
 * for the engine.  A synchronous read returns what is there and does not
 * block (the engine runs in the main context).
 */
struct _MigChannelInputStream
{
  GInputStream parent_instance;
  MigChannel *channel;   /* weak: the channel owns this stream */
};

G_DEFINE_FINAL_TYPE (MigChannelInputStream, mig_channel_input_stream, G_TYPE_INPUT_STREAM)

static gssize
mig_channel_input_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  MigChannel *channel = MIG_CHANNEL_INPUT_STREAM (stream)->channel;
  gssize got;

  if (channel == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
      return -1;
    }
  got = mig_channel_take_input (channel, buffer, count);
  if (got > 0 || count == 0)
    return got;
  if (channel->peer_closed && !channel->gone)
    return 0;
  if (!mig_channel_check_usable (channel, FALSE, error))
    return -1;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                       _("Nothing to read yet: read a channel with g_input_stream_read_async()"));
  return -1;
}

static void
mig_channel_input_stream_read_async (GInputStream        *stream,
                                     void                *buffer,
                                     gsize                count,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  MigChannel *channel = MIG_CHANNEL_INPUT_STREAM (stream)->channel;
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, mig_channel_input_stream_read_async);
  if (channel == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The channel is closed"));
      g_object_unref (task);
      return;
    }
  mig_channel_read_async_internal (channel, task, buffer, count);
}

static gssize
mig_channel_input_stream_read_finish (GInputStream  *stream,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
mig_channel_input_stream_close (GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  return TRUE;
}

static void
mig_channel_input_stream_class_init (MigChannelInputStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = mig_channel_input_stream_read;
  stream_class->read_async = mig_channel_input_stream_read_async;
  stream_class->read_finish = mig_channel_input_stream_read_finish;
  stream_class->close_fn = mig_channel_input_stream_close;
}

static void
mig_channel_input_stream_init (MigChannelInputStream *self)
{
}

GInputStream *
mig_channel_input_stream_new (MigChannel *channel)
{
  MigChannelInputStream *self = g_object_new (MIG_TYPE_CHANNEL_INPUT_STREAM, NULL);

  self->channel = channel;
  return G_INPUT_STREAM (self);
}

/* The channel is going: the stream stays, and reports it closed. */
void
mig_channel_input_stream_detach (MigChannelInputStream *self)
{
  self->channel = NULL;
}
